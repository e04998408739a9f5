#!/usr/bin/env bash
# npm run train:grasp — grasp trials in the simulated room (scripts/models/graspData.ts: 1,400
# scenes × 6 tried candidates, with the `train` domain randomization and again with nominal
# physics and sensor), then the grasp policy (models/grasp/train.py) trained on each: writes
# models/katazuke_grasp_policy.{onnx,json,card.json} (DR) and katazuke_grasp_policy_nodr.* (no DR).
# The shipped models were made by exactly this on this machine's 2 CPU cores: about 50 minutes
# of trials (both ranges at once, one core each), then a few minutes of training each.
# Prerequisites (Debian): apt-get install python3-torch python3-onnx; runs with /usr/bin/python3.
# Seeded: the same scenes, seeds and epochs give the same models. DEVICE=cuda trains on a GPU.
set -euo pipefail
cd "$(dirname "$0")/../.."
DATA=${DATA:-models/data}
SCENES=${SCENES:-1400}
if ! /usr/bin/python3 -c 'import torch, onnx' 2>/dev/null; then
  echo "train:grasp needs Debian's PyTorch and ONNX: apt-get install python3-torch python3-onnx" >&2
  exit 1
fi
mkdir -p "$DATA"
pids=()
for range in train nominal; do
  if [ ! -f "$DATA/grasp-$range-1-$SCENES.json" ]; then
    npx tsx scripts/models/graspData.ts --range "$range" --first-seed 1 --scenes "$SCENES" --out "$DATA" &
    pids+=($!)
  fi
done
for pid in "${pids[@]}"; do wait "$pid"; done
/usr/bin/python3 models/grasp/train.py "$DATA/grasp-train-1-$SCENES" models --name katazuke_grasp_policy \
  --device "${DEVICE:-cpu}" --seed 1
/usr/bin/python3 models/grasp/train.py "$DATA/grasp-nominal-1-$SCENES" models --name katazuke_grasp_policy_nodr \
  --device "${DEVICE:-cpu}" --seed 1
