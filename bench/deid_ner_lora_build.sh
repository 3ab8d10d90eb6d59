#!/usr/bin/env bash
# Rebuild the LoRA adapter bundled for the `ner` detector:
#   bench/deid_ner_lora_build.sh            # rewrites src/meddx/deid/resources/deid_ner_lora
#   OUT=/tmp/lora bench/deid_ner_lora_build.sh [more deid-train options]
#   ALL_NOTES=1 OUT=/tmp/lora bench/deid_ner_lora_build.sh   # every note bench/deid_ner_build.sh takes now
# By default it trains on exactly the files the bundled adapter's manifest names, so later note
# sets do not change it; plus 200 synthetic notes. The bundled adapter (session 26's fit, bundled
# in session 27, docs/benchmarks.md "Session 27: the ner adapter refitted") names the 58 round-3
# training files of 5,919 hand-written notes (groups up to 25A-C, never a fresh, validation,
# check-group, lead-only or held-out file) and the real-style dev notes; its decision rule was
# chosen on the 146 round-3 fresh notes. It replaced session 12's adapter (878 notes, 3 epochs,
# 453 steps), which was judged on session 26's and 27's unread check groups: more PHI found and
# fewer false spans.
# A rank-8 LoRA adapter on the frozen packaged MiniLM (query, key, value and dense layers) plus
# the BIO head: 2 epochs (1,504 steps), peak learning rate 5e-4, seed 0, ONE thread (the thread
# count changes float sums: keep it 1 for the same weights). About 108 CPU-minutes (6,458 s of
# training on one thread beside other work).
# Every note here is invented, so this adapter holds no real PHI; one trained on real notes does.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-src/meddx/deid/resources/deid_ner_lora}
MANIFEST=${MANIFEST:-src/meddx/deid/resources/deid_ner_lora/meddx_ner.json}
PY=${PY:-.venv/bin/python}
train=(--n 200 --adapter lora --lora-r 8 --epochs 2 --lr 5e-4 --seed 0)
if [ "${ALL_NOTES:-0}" = 1 ]; then
    OUT="$OUT" THREADS=1 exec nice -n 5 bench/deid_ner_build.sh "${train[@]}" "$@"
fi
export PYTHONPATH="$PWD/src" HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 HF_DATASETS_OFFLINE=1 \
    MLFLOW_DISABLE_TELEMETRY=true TOKENIZERS_PARALLELISM=false OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
mapfile -t files < <("$PY" -c 'import json, sys
t = json.load(open(sys.argv[1], encoding="utf-8"))["train"]
for f in t["extra_train"]: print("--extra-train"); print(f)
for f in t["validation_notes"]: print("--validation-notes"); print(f)' "$MANIFEST")
exec nice -n 5 "$PY" -m meddx deid-train --out "$OUT" "${train[@]}" "${files[@]}" -q "$@"
