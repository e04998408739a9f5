#!/usr/bin/env bash
# npm run train:detector — renders the training data in the simulated room and trains the item
# detector (models/detector/train.py), writing models/katazuke_detector.onnx and its model card.
# Prerequisites (Debian): apt-get install python3-torch python3-onnx; runs with /usr/bin/python3.
# Seeded and reproducible: the same data seeds, torch seed and epoch count give the same model.
set -euo pipefail
cd "$(dirname "$0")/../.."
TRAIN_N=${TRAIN_N:-1500}
VALIDATION_N=${VALIDATION_N:-300}
EPOCHS=${EPOCHS:-30}
DATA=${DATA:-models/detector/data}
if ! /usr/bin/python3 -c 'import torch, onnx' 2>/dev/null; then
  echo "train:detector needs Debian's PyTorch and ONNX: apt-get install python3-torch python3-onnx" >&2
  exit 1
fi
# 320x240: the detector's input size (the head camera's 640x480 halved).
node bin/katazuke.mjs sim dataset --split train --n "$TRAIN_N" --out "$DATA/train" --width 320 --height 240
node bin/katazuke.mjs sim dataset --split heldout --n "$VALIDATION_N" --out "$DATA/validation" --width 320 --height 240
/usr/bin/python3 models/detector/train.py "$DATA/train" "$DATA/validation" models --epochs "$EPOCHS" --seed 1
