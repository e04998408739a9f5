#!/usr/bin/env bash
# Renders the perception training data both recipes share, unless it is already there:
# $DATA/train (split train, seeds 1…) and $DATA/validation (split heldout, seeds 5,000,001…) at
# 320x240, the models' input size (the head camera's 640x480 halved). Same seeds, same images.
set -euo pipefail
cd "$(dirname "$0")/.."
TRAIN_N=${TRAIN_N:-3000}
VALIDATION_N=${VALIDATION_N:-300}
DATA=${DATA:-models/data}
export_split() { # split count dir
  if [ -f "$3/annotations.json" ] && [ "$(ls "$3/rgb" | wc -l)" = "$2" ]; then
    echo "using $3 ($2 images, already rendered)"
    return
  fi
  rm -rf "$3"
  node bin/katazuke.mjs sim dataset --split "$1" --n "$2" --out "$3" --width 320 --height 240
}
export_split train "$TRAIN_N" "$DATA/train"
export_split heldout "$VALIDATION_N" "$DATA/validation"
