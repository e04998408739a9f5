#!/usr/bin/env bash
# Renders the perception training data both recipes share, unless it is already there:
# usage: renderTrainingData.sh FIRST_SEED COUNT — $DATA/train-FIRST_SEED-COUNT (split train, seeds
# FIRST_SEED…) and $DATA/validation (split heldout, seeds 5,000,001…) at 320x240, the models'
# input size (the head camera's 640x480 halved), in JOBS processes (default: one per core).
# Same seeds, same images.
set -euo pipefail
cd "$(dirname "$0")/.."
FIRST_SEED=$1
TRAIN_N=$2
VALIDATION_N=${VALIDATION_N:-300}
DATA=${DATA:-models/data}
export_split() { # split first-seed count dir
  if [ -f "$4/annotations.json" ] && [ "$(ls "$4/rgb" | wc -l)" = "$3" ]; then
    echo "using $4 ($3 images, already rendered)"
    return
  fi
  rm -rf "$4"
  node bin/katazuke.mjs sim dataset --split "$1" --first-seed "$2" --n "$3" --out "$4" --width 320 --height 240 \
    --jobs "${JOBS:-$(nproc)}"
}
export_split train "$FIRST_SEED" "$TRAIN_N" "$DATA/train-$FIRST_SEED-$TRAIN_N"
export_split heldout 5000001 "$VALIDATION_N" "$DATA/validation"
