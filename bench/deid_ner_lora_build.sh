#!/usr/bin/env bash
# Rebuild the LoRA adapter bundled for the `ner` detector (session 12, branch deidlora):
#   bench/deid_ner_lora_build.sh            # rewrites src/meddx/deid/resources/deid_ner_lora
#   OUT=/tmp/lora bench/deid_ner_lora_build.sh [more deid-train options]
# Same data and decision rule as model B (bench/deid_ner_build.sh: the non-fresh round-3 notes,
# the real-style dev notes and 200 synthetic notes; the rule chosen on the round-3 fresh notes;
# notes11, notes12v and the held-out sets never read), but a rank-8 LoRA adapter on the frozen
# packaged MiniLM (query, key, value and dense layers) plus the BIO head: 3 epochs, peak
# learning rate 5e-4 (chosen over 1e-3 on the fresh notes), seed 0, ONE thread (the thread
# count changes float sums: keep it 1 for the same weights). About 11 CPU-minutes (33 minutes
# of wall time on the shared 2-core machine at load 7-8).
# Every note here is invented, so this adapter holds no real PHI; one trained on real notes does.
set -euo pipefail
cd "$(dirname "$0")/.."
export OUT=${OUT:-src/meddx/deid/resources/deid_ner_lora} THREADS=1
exec nice -n 5 bench/deid_ner_build.sh --adapter lora --lora-r 8 --epochs 3 --lr 5e-4 --seed 0 "$@"
