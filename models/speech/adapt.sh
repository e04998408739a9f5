#!/usr/bin/env bash
# npm run train:speech — adapts pocketsphinx's en-us acoustic model to the voices it will hear
# (speaker enrollment) by MAP adaptation, writing models/speech/en-us-enrolled/ (means, variances,
# mixture weights as a sendump, transition matrices) and its card. The enrollment set is the
# synthetic speakers of the voice evaluation saying instructions of the `enroll` split, whose
# sentences, scenes and noise draws are disjoint from `dev` and `eval`
# (scripts/speech/renderEnrollment.ts). To enroll real people, put their WAV recordings with
# the same control/transcription/dictionary files in $ENROLL and set RENDER=no.
# Prerequisites (Debian): apt-get install pocketsphinx pocketsphinx-en-us espeak-ng sox
#   sphinxtrain sphinxbase-utils python3-numpy; runs with /usr/bin/python3.
# Reproducible: the same N gives the same audio and the same model (sox dithers in repeatable mode).
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${N:-480}
ENROLL=${ENROLL:-models/data/speech-enrollment}
RENDER=${RENDER:-yes}
BASE=/usr/share/pocketsphinx/model/en-us/en-us
SPHINXTRAIN=/usr/lib/sphinxtrain
OUT=models/speech/en-us-enrolled
for tool in sphinx_fe pocketsphinx_mdef_convert "$SPHINXTRAIN/bw" "$SPHINXTRAIN/map_adapt" "$SPHINXTRAIN/mk_s2sendump"; do
  if ! command -v "$tool" >/dev/null; then
    echo "train:speech needs $tool: apt-get install pocketsphinx pocketsphinx-en-us sphinxtrain sphinxbase-utils" >&2
    exit 1
  fi
done
[ -d "$BASE" ] || { echo "train:speech needs the en-us model: apt-get install pocketsphinx-en-us" >&2; exit 1; }

if [ "$RENDER" = yes ]; then
  rm -rf "$ENROLL"
  npx tsx scripts/speech/renderEnrollment.ts --out "$ENROLL" --n "$N"
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
echo "features (sphinx_fe)"
sphinx_fe -argfile "$BASE/feat.params" -samprate 16000 -c "$ENROLL/enroll.fileids" \
  -di "$ENROLL" -do "$WORK" -ei wav -eo mfc -mswav yes >"$WORK/fe.log" 2>&1
pocketsphinx_mdef_convert -text "$BASE/mdef" "$WORK/mdef.txt" >/dev/null 2>&1
/usr/bin/python3 models/speech/sendumpToMixtureWeights.py "$BASE/sendump" "$WORK/mixture_weights"
echo "statistics (bw)"
"$SPHINXTRAIN/bw" -hmmdir "$BASE" -mixwfn "$WORK/mixture_weights" -moddeffn "$WORK/mdef.txt" -ts2cbfn .ptm. \
  -feat 1s_c_d_dd -svspec 0-12/13-25/26-38 -cmn batch -agc none -dictfn "$ENROLL/enroll.dict" \
  -ctlfn "$ENROLL/enroll.fileids" -lsnfn "$ENROLL/enroll.transcription" -cepdir "$WORK" -accumdir "$WORK" \
  >"$WORK/bw.log" 2>&1 || { tail -5 "$WORK/bw.log" >&2; exit 1; }
echo "MAP adaptation (map_adapt)"
rm -rf "$OUT" && mkdir -p "$OUT"
"$SPHINXTRAIN/map_adapt" -moddeffn "$WORK/mdef.txt" -ts2cbfn .ptm. -meanfn "$BASE/means" -varfn "$BASE/variances" \
  -mixwfn "$WORK/mixture_weights" -tmatfn "$BASE/transition_matrices" -accumdir "$WORK" \
  -mapmeanfn "$OUT/means" -mapvarfn "$OUT/variances" -mapmixwfn "$WORK/adapted_mixture_weights" \
  -maptmatfn "$OUT/transition_matrices" >"$WORK/map.log" 2>&1 || { tail -5 "$WORK/map.log" >&2; exit 1; }
"$SPHINXTRAIN/mk_s2sendump" -pocketsphinx yes -moddeffn "$WORK/mdef.txt" -mixwfn "$WORK/adapted_mixture_weights" \
  -sendumpfn "$OUT/sendump" >"$WORK/sendump.log" 2>&1
cat >models/speech/en-us-enrolled.card.json <<CARD
{
  "model": "pocketsphinx en-us (Debian pocketsphinx-en-us), MAP-adapted",
  "files": ["means", "variances", "sendump", "transition_matrices"],
  "use": "katazuke speech recognizer option acousticAdaptation (node parameter acoustic_adaptation); the mdef, feat.params and noisedict are the base model's",
  "enrollment": {
    "utterances": $(wc -l <"$ENROLL/enroll.fileids"),
    "source": "$( [ "$RENDER" = yes ] && echo "synthetic: espeak-ng voices en-us, en-gb, en-us+f3, en-us+m3 at 130/160/190 wpm, white noise 20 dB SNR; sentences from the enroll split (seeds 2,000,001…)" || echo "recordings in $ENROLL")"
  },
  "caution": "adapted to the enrolled voices; for other speakers use the base model or enroll them",
  "date": "$(date -u +%Y-%m-%d)"
}
CARD
echo "wrote $OUT and models/speech/en-us-enrolled.card.json"
