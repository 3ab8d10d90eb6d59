#!/usr/bin/env bash
# The demo beside CPU hogs (issue 15's measure), in one command:
#   bench/demo_busy.sh            # two hogs (`python3 -c "while True: pass"`), the default
#   HOGS=0 bench/demo_busy.sh     # the same on an otherwise idle machine
# Starts the hogs, runs `meddx demo` under /usr/bin/time -v, stops the hogs (also on Ctrl-C),
# and prints the wall time, the load average and the demo's figures against TF-IDF.
# Output folder: $OUT (default /tmp/meddx-demo-busy; its runs/ is replaced).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-/tmp/meddx-demo-busy}
HOGS=${HOGS:-2}
PY=${PY:-.venv/bin/python}
export PYTHONPATH="$PWD/src" HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 HF_DATASETS_OFFLINE=1 \
    MLFLOW_DISABLE_TELEMETRY=true TOKENIZERS_PARALLELISM=false
rm -rf "$OUT/runs"
mkdir -p "$OUT"
pids=()
stop() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; pids=(); }
trap stop EXIT INT TERM
for _ in $(seq 1 "$HOGS"); do python3 -c "while True: pass" & pids+=("$!"); done
(while true; do echo "$(date -u +%T) $(cat /proc/loadavg)"; sleep 30; done) > "$OUT/load.txt" &
pids+=("$!")
echo "$(date -u +%FT%TZ) git $(git rev-parse --short HEAD) hogs=$HOGS load $(cut -d' ' -f1-3 /proc/loadavg)"
status=0
/usr/bin/time -v "$PY" -m meddx demo --out "$OUT/runs" --name busy \
    > "$OUT/console.txt" 2> "$OUT/time.txt" || status=$?
stop
grep -E "Elapsed \(wall|Percent of CPU|Maximum resident" "$OUT/time.txt" | sed 's/^\s*/  /'
echo "  load average (1 min) while it ran: $(awk '{print $2}' "$OUT/load.txt" | sort -n \
    | awk '{a[NR]=$1} END {if (NR) printf "min %s, median %s, max %s", a[1], a[int((NR+1)/2)], a[NR]}')"
if [ "$status" -ne 0 ]; then tail -n 5 "$OUT/console.txt" "$OUT/time.txt"; exit "$status"; fi
"$PY" - "$OUT/runs/busy/metrics.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
rows = [("model (served)", m["model"]), ("model alone, calib.", m.get("model_unblended")),
        ("model uncalibrated", m.get("model_uncalibrated")), ("TF-IDF baseline", m["baseline"])]
print(f"  {'':20} {'macro-F1':>9} {'accuracy':>9} {'AUROC':>7} {'ECE':>6}")
for name, r in rows:
    if r:
        print(f"  {name:20} {r['macro_f1']:9.3f} {r['accuracy']:9.3f} {r['macro_auroc']:7.3f}"
              f" {r['ece']:6.3f}")
print("  training:", m["training"]["sentence"])
print("  precision:", m["training"].get("precision", "fp32 (not recorded)"))
if m["training"].get("cpu_threads"):
    print("  CPU threads:", m["training"]["cpu_threads"])
print("  calibration:", m.get("calibration", {}).get("method"))
if m.get("calibration", {}).get("blend"):
    print("  blend with the TF-IDF baseline: weight", m["calibration"]["blend"]["weight"])
check = m["model"].get("ece_if_calibrated")
if check:
    print(f"  ECE if calibrated: mean {check['mean']:.3f}, interval [{check['interval'][0]:.3f}, "
          f"{check['interval'][1]:.3f}], p = {check['p_value']:.2f}")
print("  verdict:", m["verdict"]["sentence"])
for key in ("verdict", "verdict_unblended"):
    if key in m:
        if key != "verdict":
            print("  without the blend:", m[key]["sentence"])
        for k, v in m[key]["metrics"].items():
            print(f"    {k}: {v['difference']:+.3f} [{v['ci'][0]:+.3f}, {v['ci'][1]:+.3f}] "
                  f"{v['verdict']}")
PY
