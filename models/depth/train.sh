#!/usr/bin/env bash
# npm run train:depth — renders the training data in the simulated room (models/renderTrainingData.sh)
# and trains the monocular depth network (models/depth/train.py), writing models/katazuke_depth.onnx,
# its depth config and its model card.
# Prerequisites (Debian): apt-get install python3-torch python3-onnx; runs with /usr/bin/python3.
# Seeded and reproducible: the same data seeds, torch seed and epoch count give the same model.
set -euo pipefail
cd "$(dirname "$0")/../.."
EPOCHS=${EPOCHS:-24}
DATA=${DATA:-models/data}
if ! /usr/bin/python3 -c 'import torch, onnx' 2>/dev/null; then
  echo "train:depth needs Debian's PyTorch and ONNX: apt-get install python3-torch python3-onnx" >&2
  exit 1
fi
DATA="$DATA" bash models/renderTrainingData.sh
/usr/bin/python3 models/depth/train.py "$DATA/train" "$DATA/validation" models --epochs "$EPOCHS" --seed 1
