#!/usr/bin/env bash
# Flower's deployment runtime on one machine, over TLS: a CA and a server certificate from
# openssl (SAN 127.0.0.1 and localhost), flower-superlink with TLS, two flower-supernodes
# (each reading only its own site's file, named in --node-config), and `flwr run` of the meddx
# app (frozen-encoder head); the server writes the final head as a meddx model folder, which
# is then loaded and scored. This is what docs/privacy.md documents for real machines, with
# loopback addresses. All processes it starts are stopped when it exits.
#
#   bench/federated_tls_loopback.sh [--work DIR] [--model minilm|PATH] [--notes N]
#                                   [--rounds R] [--port P] [--auth]
#
# --notes: notes per site, taken from the bundled demo corpus (default 150);
# --auth:  SuperNode authentication too (ECDSA P-384 keys, OpenSSH format; flower-superlink
#          --enable-supernode-auth, `flwr supernode register`, --auth-supernode-private-key).
# Needs: openssl; the flwr commands of the Python that runs meddx (PYTHON, default
# .venv/bin/python). Writes under --work (default a new temporary folder); prints
# "federated TLS loopback: OK ..." and exits 0 on success.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
PYTHON=${PYTHON:-$here/.venv/bin/python}
work="" model=minilm notes=150 rounds=3 port=0 auth=0
while [ $# -gt 0 ]; do
  case "$1" in
    --work) work=$2; shift 2 ;;
    --model) model=$2; shift 2 ;;
    --notes) notes=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    --auth) auth=1; shift ;;
    *) echo "error: unknown option $1" >&2; exit 2 ;;
  esac
done
command -v openssl >/dev/null || { echo "error: openssl not found" >&2; exit 3; }
bin=$(dirname "$PYTHON")
[ -x "$bin/flower-superlink" ] || { echo "error: flower-superlink not in $bin (pip install 'meddx[federated]')" >&2; exit 3; }
[ -n "$work" ] || work=$(mktemp -d -t meddx-fedtls.XXXXXX)
mkdir -p "$work"
work=$(cd "$work" && pwd)
if [ "$port" = 0 ]; then
  port=$("$PYTHON" -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
fi
# Flower's processes find flower-superexec, flwr-serverapp and flwr-clientapp on PATH; they
# run meddx from this checkout; nothing calls home.
export PATH="$bin:$PATH" PYTHONPATH="$here/src${PYTHONPATH:+:$PYTHONPATH}"
export FLWR_HOME="$work/flwr-home" FLWR_TELEMETRY_ENABLED=0 FLWR_DISABLE_UPDATE_CHECK=1
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 HF_DATASETS_OFFLINE=1 TOKENIZERS_PARALLELISM=false
export MLFLOW_DISABLE_TELEMETRY=true OMP_NUM_THREADS=${OMP_NUM_THREADS:-1}

MANIFEST=meddx_model.json  # meddx.models: written last when a model folder is saved
pids=()
cleanup() {
  for pid in "${pids[@]}"; do  # each started in its own process group (setsid)
    kill -TERM -- "-$pid" 2>/dev/null || true
  done
  sleep 1
  for pid in "${pids[@]}"; do kill -KILL -- "-$pid" 2>/dev/null || true; done
  # flower-superexec runs in a session of its own and exits when it sees its parent gone;
  # wait for it (every process this script started names a file under $work/).
  for _ in $(seq 30); do
    pgrep -f "$work/" >/dev/null || return 0
    sleep 1
  done
  for pid in $(pgrep -f "$work/"); do kill -KILL "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT INT TERM
wait_for() {  # wait_for FILE PATTERN SECONDS
  for _ in $(seq "$3"); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 1; done
  echo "error: timed out waiting for '$2' in $1" >&2; tail -20 "$1" >&2; return 1
}

# 1. Certificates: a CA, and the SuperLink's certificate for 127.0.0.1 and localhost.
certs="$work/certs"
mkdir -p "$certs"
cat > "$certs/server.cnf" <<'EOF'
[req]
distinguished_name = dn
prompt = no
[dn]
CN = localhost
[ext]
subjectAltName = IP:127.0.0.1,DNS:localhost
basicConstraints = CA:FALSE
keyUsage = digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
EOF
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=meddx test CA" \
  -keyout "$certs/ca.key" -out "$certs/ca.crt" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -config "$certs/server.cnf" \
  -keyout "$certs/superlink.key" -out "$certs/superlink.csr" 2>/dev/null
openssl x509 -req -in "$certs/superlink.csr" -CA "$certs/ca.crt" -CAkey "$certs/ca.key" \
  -CAcreateserial -days 2 -extfile "$certs/server.cnf" -extensions ext \
  -out "$certs/superlink.pem" 2>/dev/null

# 2. Two sites' files, the shared meddx config and the Flower app project (docs/privacy.md).
"$PYTHON" - "$here" "$work" "$model" "$notes" "$rounds" <<'EOF'
import sys
from pathlib import Path

import yaml

here, work, model, notes, rounds = sys.argv[1:]
notes, work = int(notes), Path(work)
from meddx.data import load_table

cfg = yaml.safe_load((Path(here) / "src/meddx/data/demo/demo.yaml").read_text())
frame = load_table(str(Path(here) / "src/meddx/data/demo/medical_abstracts.csv"))
frame = frame.drop_duplicates("medical_abstract", keep=False).sample(2 * notes, random_state=0)
for i, part in enumerate((frame.iloc[:notes], frame.iloc[notes:])):
    (work / f"site{i}").mkdir(exist_ok=True)
    part.to_csv(work / f"site{i}" / "notes.csv", index=False)
data = {k: cfg["data"][k] for k in ("text_column", "label_column", "label_names", "split")}
data["labels"] = list(cfg["data"]["label_names"].values())
(work / "federated.yaml").write_text(yaml.safe_dump({
    "data": data, "prep": {"max_length": 64}, "model": {"name": model, "mode": "frozen"}},
    sort_keys=False))
app = work / "app"
app.mkdir(exist_ok=True)
(app / "pyproject.toml").write_text(f"""[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"

[project]
name = "meddx-federation"
version = "1.0.0"
dependencies = ["meddx[federated]"]

[tool.flwr.app]
publisher = "meddx"

[tool.flwr.app.components]
serverapp = "meddx.federated.app:server_app"
clientapp = "meddx.federated.app:client_app"

[tool.flwr.app.config]
meddx-config = "{work / 'federated.yaml'}"
num-server-rounds = {int(rounds)}
strategy = "fedavg"
lr = 0.05
batch-size = 32
min-nodes = 2
out = "{work / 'federated-head'}"
""")
EOF

# 3. The SuperLink, TLS on (no --insecure); it installs nothing at run time.
link_auth=()
[ "$auth" = 1 ] && link_auth=(--enable-supernode-auth)
setsid flower-superlink --ssl-ca-certfile "$certs/ca.crt" --ssl-certfile "$certs/superlink.pem" \
  --ssl-keyfile "$certs/superlink.key" --port "$port" --disable-runtime-dependency-installation \
  "${link_auth[@]}" > "$work/superlink.log" 2>&1 &
pids+=($!)
wait_for "$work/superlink.log" "Uvicorn running on https://127.0.0.1:$port" 60

# The flwr CLI's connection to this SuperLink (Flower configuration, $FLWR_HOME/config.toml).
mkdir -p "$FLWR_HOME"
cat > "$FLWR_HOME/config.toml" <<EOF
[superlink]
default = "meddx-tls"

[superlink.meddx-tls]
address = "127.0.0.1:$port"
root-certificates = "$certs/ca.crt"
EOF

# 4. Two SuperNodes, each trusting the CA and naming only its own file.
for i in 0 1; do
  node_auth=()
  if [ "$auth" = 1 ]; then
    # An ECDSA key pair (NIST P-384); Flower wants the public key in OpenSSH format.
    "$PYTHON" - "$certs/node$i" <<'PY'
import sys
from pathlib import Path

from cryptography.hazmat.primitives import serialization as s
from cryptography.hazmat.primitives.asymmetric import ec

key = ec.generate_private_key(ec.SECP384R1())
Path(sys.argv[1] + ".key").write_bytes(key.private_bytes(
    s.Encoding.PEM, s.PrivateFormat.OpenSSH, s.NoEncryption()))
Path(sys.argv[1] + ".pub").write_bytes(key.public_key().public_bytes(
    s.Encoding.OpenSSH, s.PublicFormat.OpenSSH))
PY
    (cd "$work/app" && flwr supernode register "$certs/node$i.pub" meddx-tls) \
      > "$work/register$i.log" 2>&1 || { cat "$work/register$i.log" >&2; exit 1; }
    node_auth=(--auth-supernode-private-key "$certs/node$i.key")
  fi
  setsid flower-supernode --superlink "127.0.0.1:$port" --root-certificates "$certs/ca.crt" \
    --port "$("$PYTHON" -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")" \
    "${node_auth[@]}" --node-config "data-path=\"$work/site$i/notes.csv\" cache-dir=\"$work/site$i/cache\"" \
    > "$work/supernode$i.log" 2>&1 &
  pids+=($!)
done

# 5. The run, from the app project folder, against the TLS SuperLink; wait for the model.
started=$(date +%s)
(cd "$work/app" && flwr run . meddx-tls --stream) > "$work/flwr-run.log" 2>&1 &
run_pid=$!
for _ in $(seq 900); do
  [ -f "$work/federated-head/$MANIFEST" ] && break
  kill -0 "$run_pid" 2>/dev/null || break
  sleep 1
done
kill "$run_pid" 2>/dev/null || true
if [ ! -f "$work/federated-head/$MANIFEST" ]; then
  echo "error: no model folder at $work/federated-head; logs in $work" >&2
  tail -30 "$work/flwr-run.log" >&2
  exit 1
fi
seconds=$(( $(date +%s) - started ))

# With --auth, a SuperNode whose key was never registered is turned away.
if [ "$auth" = 1 ]; then
  "$PYTHON" - "$certs/intruder" <<'PY'
import sys
from pathlib import Path

from cryptography.hazmat.primitives import serialization as s
from cryptography.hazmat.primitives.asymmetric import ec

Path(sys.argv[1] + ".key").write_bytes(ec.generate_private_key(ec.SECP384R1()).private_bytes(
    s.Encoding.PEM, s.PrivateFormat.OpenSSH, s.NoEncryption()))
PY
  set +e
  timeout 60 flower-supernode --superlink "127.0.0.1:$port" --root-certificates "$certs/ca.crt" \
    --auth-supernode-private-key "$certs/intruder.key" --max-retries 1 --max-wait-time 20 \
    --port "$("$PYTHON" -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")" \
    --node-config "data-path=\"$work/site0/notes.csv\"" > "$work/intruder.log" 2>&1
  intruder_rc=$?
  set -e
  if [ "$intruder_rc" = 0 ] || ! grep -q "Failed to activate SuperNode" "$work/intruder.log"; then
    echo "error: an unregistered SuperNode was not refused (exit $intruder_rc); see $work/intruder.log" >&2
    exit 1
  fi
fi

# 6. The model folder loads and scores the two sites' notes.
"$PYTHON" - "$work" "$seconds" "$rounds" "$auth" <<'EOF'
import sys
from pathlib import Path

import numpy as np

from meddx.models import load_classifier

work, seconds, rounds, auth = Path(sys.argv[1]), *sys.argv[2:]
model = load_classifier(work / "federated-head")
import pandas as pd

frame = pd.concat([pd.read_csv(work / f"site{i}" / "notes.csv") for i in (0, 1)])
proba = model.predict_proba(frame["medical_abstract"].astype(str).tolist(), quiet=True)
assert proba.shape == (len(frame), len(model.labels)) and np.allclose(proba.sum(1), 1)
print(f"federated TLS loopback: OK ({rounds} rounds, 2 SuperNodes, TLS"
      f"{', SuperNode authentication' if auth == '1' else ''}, {seconds} s for `flwr run`); "
      f"model folder {work / 'federated-head'} with labels {model.labels}")
EOF
