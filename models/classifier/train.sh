#!/usr/bin/env bash
# npm run train:classifier — renders the training data in the simulated room
# (models/renderTrainingData.sh: the detector's two stages' images, train seeds 1–12,000 and
# 12,001–18,000, and the validation frames) and trains the item classifier
# (models/classifier/train.py), writing models/katazuke_item_classifier.onnx, its config and model
# card. The shipped model was made by exactly this: 14 epochs on the crops of all 18,000 images,
# on this machine's 2 CPU cores (34 minutes of training, plus about 25 of rendering when the
# images are not there yet).
# Prerequisites (Debian): apt-get install python3-torch python3-onnx; runs with /usr/bin/python3.
# Seeded: the same data seeds, torch seed and epochs give the same model.
set -euo pipefail
cd "$(dirname "$0")/../.."
DATA=${DATA:-models/data}
if ! /usr/bin/python3 -c 'import torch, onnx' 2>/dev/null; then
  echo "train:classifier needs Debian's PyTorch and ONNX: apt-get install python3-torch python3-onnx" >&2
  exit 1
fi
mkdir -p "$DATA"
DATA="$DATA" bash models/renderTrainingData.sh 1 12000
DATA="$DATA" bash models/renderTrainingData.sh 12001 6000
/usr/bin/python3 models/classifier/train.py "$DATA/train-1-12000,$DATA/train-12001-6000" "$DATA/validation" models \
  --epochs 14 --seed 1 --checkpoint "$DATA/classifier.npz"
