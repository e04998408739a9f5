#!/usr/bin/env bash
# npm run train:detector — renders the training data in the simulated room (models/renderTrainingData.sh)
# and trains the item detector (models/detector/train.py), writing models/katazuke_detector.onnx
# (int8, the one the robot runs), models/katazuke_detector_float.onnx, their detector configs and
# the model card. The shipped model was made by exactly these steps:
#   1. 18 epochs on 12,000 images (train seeds 1–12,000);
#   2. fine-tuning, 13 epochs at half the peak learning rate, on 6,000 new ones (seeds 12,001–18,000);
#   3. export with Debian's PyTorch (the model kept is the best validation epoch of step 2);
#   4. int8 quantization (models/quantize.py), calibrated on 64 training frames.
# Prerequisites (Debian): apt-get install python3-torch python3-onnx; runs with /usr/bin/python3.
# On CPU that takes about 5.5 hours (1.1 min per 1,000 images per epoch on 2 cores); the shipped
# model was trained on a GPU: TRAIN_PYTHON=<python with CUDA PyTorch> DEVICE=cuda npm run train:detector.
# Seeded: the same data seeds, torch seed, epochs and device give the same model (on a GPU up to
# cuDNN's non-deterministic kernels).
set -euo pipefail
cd "$(dirname "$0")/../.."
DATA=${DATA:-models/data}
TRAIN_PYTHON=${TRAIN_PYTHON:-/usr/bin/python3}
DEVICE=${DEVICE:-cpu}
if ! /usr/bin/python3 -c 'import torch, onnx' 2>/dev/null; then
  echo "train:detector needs Debian's PyTorch and ONNX: apt-get install python3-torch python3-onnx" >&2
  exit 1
fi
mkdir -p "$DATA"
train() { # first-seed count extra-args…
  DATA="$DATA" bash models/renderTrainingData.sh "$1" "$2"
  "$TRAIN_PYTHON" models/detector/train.py "$DATA/train-$1-$2" "$DATA/validation" "$DATA/detector" --device "$DEVICE" \
    --workers 8 --seed 1 "${@:3}"
}
train 1 12000 --epochs 18 --validate-every 8 --checkpoint "$DATA/detector-stage1.npz"
train 12001 6000 --epochs 13 --validate-every 4 --lr 1e-3 --init-from "$DATA/detector-stage1.npz" --checkpoint "$DATA/detector-stage2.npz"
/usr/bin/python3 models/detector/train.py "$DATA/train-12001-6000" "$DATA/validation" models --from-checkpoint "$DATA/detector-stage2.npz"
/usr/bin/python3 models/quantize.py probe models/katazuke_detector_float.json "$DATA/detector-probe.onnx"
npx tsx scripts/models/calibrateActivations.ts models/katazuke_detector_float.json "$DATA/detector-probe.onnx" "$DATA/detector-ranges.json"
/usr/bin/python3 models/quantize.py quantize models/katazuke_detector_float.json "$DATA/detector-ranges.json" models/katazuke_detector.json \
  --card models/katazuke_detector.card.json
