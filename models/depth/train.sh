#!/usr/bin/env bash
# npm run train:depth — renders the training data in the simulated room (models/renderTrainingData.sh)
# and trains the monocular depth network (models/depth/train.py), writing models/katazuke_depth.onnx,
# its depth config and its model card. The shipped model was made by exactly these steps:
#   1. 15 epochs on 12,000 images (train seeds 1–12,000);
#   2. fine-tuning, 13 epochs at half the peak learning rate, on 6,000 new ones (seeds 12,001–18,000);
#   3. export with Debian's PyTorch.
# Prerequisites (Debian): apt-get install python3-torch python3-onnx; runs with /usr/bin/python3.
# On CPU that takes about 2 hours (30 s per 1,000 images per epoch on 2 cores); the shipped model was
# trained on a GPU: TRAIN_PYTHON=<python with CUDA PyTorch> DEVICE=cuda npm run train:depth.
# Seeded: the same data seeds, torch seed, epochs and device give the same model (on a GPU up to
# cuDNN's non-deterministic kernels).
set -euo pipefail
cd "$(dirname "$0")/../.."
DATA=${DATA:-models/data}
TRAIN_PYTHON=${TRAIN_PYTHON:-/usr/bin/python3}
DEVICE=${DEVICE:-cpu}
if ! /usr/bin/python3 -c 'import torch, onnx' 2>/dev/null; then
  echo "train:depth needs Debian's PyTorch and ONNX: apt-get install python3-torch python3-onnx" >&2
  exit 1
fi
mkdir -p "$DATA"
train() { # first-seed count extra-args…
  DATA="$DATA" bash models/renderTrainingData.sh "$1" "$2"
  "$TRAIN_PYTHON" models/depth/train.py "$DATA/train-$1-$2" "$DATA/validation" "$DATA/depth" --device "$DEVICE" --seed 1 "${@:3}"
}
train 1 12000 --epochs 15 --checkpoint "$DATA/depth-stage1.npz"
train 12001 6000 --epochs 13 --lr 1e-3 --init-from "$DATA/depth-stage1.npz" --checkpoint "$DATA/depth-stage2.npz"
/usr/bin/python3 models/depth/train.py "$DATA/train-12001-6000" "$DATA/validation" models --from-checkpoint "$DATA/depth-stage2.npz"
