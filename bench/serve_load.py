"""Load and fault figures of ``meddx serve``: fp32 and int8 side by side in the same run.

    nice -n 10 .venv/bin/python bench/serve_load.py runs/NAME [--variants fp32,int8] \\
        [--n 10000] [--concurrency 4] [--batch 32] [--batch-requests 100] [--block 500] \\
        [--server-threads 1] [--budget-s SECONDS] [--out bench/results/serve-load.json]

Starts one ``meddx serve`` process per variant (--variants: fp32, int8 = ``--quantize int8``,
tfidf = a copy of the run whose model is its TF-IDF baseline) with uvicorn on 127.0.0.1 (free
ports; each serves a copy of the run in a temporary folder, without ``checkpoints/``, so the
run itself is only read; the prediction log there too; one API key made up for the run), and drives
them from this process with asyncio + httpx: --n single-note ``/v1/predict`` requests per
variant, sent in blocks of --block that alternate between the variants so that a change in the
load of a shared machine hits all alike, --concurrency requests in flight. Then
--batch-requests requests of --batch notes each, alternating the same way. Notes are the run's
data file's texts, cycled. Latency is measured by the client (send to full response). Then the
fault run against the first variant's server: malformed JSON, missing field, oversize body,
oversize batch, wrong and missing API key must get their 4xx, and /healthz and a valid
prediction must still answer; then wrong keys until the rate limit answers 429 with Retry-After
(``auth_max_failures``), and /healthz must still answer. Prints one JSON object; exit 1 when any check fails.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import shlex
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

VARIANTS = ("fp32", "int8", "tfidf")


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _tfidf_run(run: str, folder: Path) -> str:
    """A copy of ``run`` whose model is its TF-IDF baseline (config, data card, baseline only)."""
    import shutil

    src, dst = Path(run), folder / f"{Path(run).name}-tfidf"
    dst.mkdir()
    for name in ("config.yaml", "data_card.json", "run.json"):
        shutil.copy2(src / name, dst / name)
    shutil.copytree(src / "baseline", dst / "model")
    shutil.copytree(src / "baseline", dst / "baseline")
    return str(dst)


def _copy_run(run: str, folder: Path) -> str:
    """A copy of ``run`` without its checkpoints, prediction log and monitor reports, served in
    place of the original so that nothing is ever written into it (same name, same model
    version)."""
    import shutil

    dst = folder / "fp32" / Path(run).name
    if not dst.is_dir():
        shutil.copytree(run, dst, ignore=shutil.ignore_patterns("checkpoints", "monitor", "predictions.db*"))
    return str(dst)


def _start(run: str, variant: str, key: str, folder: Path, threads: int) -> tuple[subprocess.Popen, str]:
    port = _port()
    quantize = "int8" if variant == "int8" else "none"
    run = _tfidf_run(run, folder) if variant == "tfidf" else _copy_run(run, folder)
    env = {**os.environ, "MEDDX_API_KEYS": key, "OMP_NUM_THREADS": str(threads),
           "MKL_NUM_THREADS": str(threads), "TOKENIZERS_PARALLELISM": "false",
           "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    log = (folder / f"server-{variant}.log").open("wb")
    cmd = [sys.executable, "-m", "meddx", "serve", run, "--host", "127.0.0.1", "--port", str(port),
           "--quantize", quantize, "--log-level", "warning",
           "--store", f"sqlite:///{folder / f'predictions-{variant}.db'}"]
    proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT)
    return proc, f"http://127.0.0.1:{port}"


async def _wait(client, url: str, proc: subprocess.Popen, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"error: the server for {url} exited with {proc.returncode}")
        try:
            if (await client.get(f"{url}/healthz")).status_code == 200:
                return
        except Exception:  # not listening yet
            pass
        await asyncio.sleep(0.5)
    raise SystemExit(f"error: the server for {url} did not answer /healthz within {timeout:.0f} s")


async def _drive(client, url: str, bodies: list[dict], headers: dict, concurrency: int):
    """Send ``bodies`` with ``concurrency`` in flight; (latencies of 200s, errors, seconds)."""
    queue: asyncio.Queue = asyncio.Queue()
    for body in bodies:
        queue.put_nowait(body)
    latencies: list[float] = []
    errors: dict[str, int] = {}

    async def worker() -> None:
        while not queue.empty():
            body = queue.get_nowait()
            start = time.perf_counter()
            try:
                r = await client.post(f"{url}/v1/predict", json=body, headers=headers)
                code = str(r.status_code)
            except Exception as exc:  # counted, never raised: the figure is the error count
                code = type(exc).__name__
            if code == "200":
                latencies.append(time.perf_counter() - start)
            else:
                errors[code] = errors.get(code, 0) + 1

    start = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return latencies, errors, time.perf_counter() - start


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


async def _faults(client, url: str, key: str, max_body: int, max_batch: int) -> list[dict]:
    good = {"Authorization": f"Bearer {key}"}
    json_type = {**good, "Content-Type": "application/json"}
    cases = [
        ("malformed JSON", dict(content=b'{"text": "chest pain", ', headers=json_type), 422),
        ("missing field", dict(json={"groups": {"sex": "F"}}, headers=good), 422),
        ("wrong type", dict(json={"texts": [5]}, headers=good), 422),
        ("unknown field", dict(json={"text": "chest pain", "txt": "x"}, headers=good), 422),
        ("oversize body", dict(json={"text": "chest pain " * (max_body // 10)}, headers=good), 413),
        ("oversize batch", dict(json={"texts": ["chest pain"] * (max_batch + 1)}, headers=good), 413),
        ("wrong API key", dict(json={"text": "chest pain"}, headers={"Authorization": "Bearer nope"}), 401),
        ("missing API key", dict(json={"text": "chest pain"}, headers={}), 401),
        ("Basic instead of Bearer", dict(json={"text": "chest pain"},
                                         headers={"Authorization": f"Basic {key}"}), 401),
    ]
    out = []
    for name, kwargs, expected in cases:
        r = await client.post(f"{url}/v1/predict", **kwargs)
        out.append({"case": name, "expected": expected, "status": r.status_code,
                    "ok": r.status_code == expected and "chest pain" not in r.text})
    health = await client.get(f"{url}/healthz")
    out.append({"case": "/healthz after the faults", "expected": 200, "status": health.status_code,
                "ok": health.status_code == 200})
    after = await client.post(f"{url}/v1/predict", json={"text": "chest pain, troponin elevated"},
                              headers=good)
    out.append({"case": "valid prediction after the faults", "expected": 200,
                "status": after.status_code, "ok": after.status_code == 200})
    # last, since it blocks this client for the window: guessing keys until the limit answers
    wrong = {"Authorization": "Bearer guess"}
    for tries in range(1, 101):  # noqa: B007 (reported below)
        r = await client.post(f"{url}/v1/predict", json={"text": "chest pain"}, headers=wrong)
        if r.status_code != 401:
            break
    out.append({"case": f"guessing API keys ({tries} wrong keys in a row)", "expected": 429,
                "status": r.status_code, "retry_after": r.headers.get("retry-after"),
                "ok": r.status_code == 429 and r.headers.get("retry-after", "").isdigit()})
    health = await client.get(f"{url}/healthz")
    out.append({"case": "/healthz while the client is blocked", "expected": 200,
                "status": health.status_code, "ok": health.status_code == 200})
    return out


def _texts(run: str) -> list[str]:
    from meddx.config import load_config
    from meddx.data import load_table

    cfg = load_config(Path(run) / "config.yaml")
    frame = load_table(cfg.data.path)
    return [str(t) for t in frame[cfg.data.text_column].tolist() if isinstance(t, str) and t.strip()]


async def _main(args) -> dict:
    import httpx

    key = secrets.token_hex(16)
    headers = {"Authorization": f"Bearer {key}"}
    texts = _texts(args.run)
    folder = Path(tempfile.mkdtemp(prefix="meddx-load-"))
    variants = [v.strip() for v in args.variants.split(",")]
    if not variants or any(v not in VARIANTS for v in variants):
        raise SystemExit(f"error: --variants must be a comma-separated subset of {', '.join(VARIANTS)}; "
                         f"got {args.variants!r}")
    servers = {v: _start(args.run, v, key, folder, args.server_threads) for v in variants}
    limits = httpx.Limits(max_connections=2 * args.concurrency,
                          max_keepalive_connections=2 * args.concurrency)
    result: dict = {}
    try:
        async with httpx.AsyncClient(timeout=120, limits=limits) as client:
            for proc, url in servers.values():
                await _wait(client, url, proc)
            versions = {v: (await client.get(f"{url}/healthz")).json()["model_version"]
                        for v, (_, url) in servers.items()}
            for _, url in servers.values():  # warm-up, not counted
                await _drive(client, url, [{"text": t} for t in texts[:20]], headers, args.concurrency)
            single = {v: {"latencies": [], "errors": {}, "seconds": 0.0} for v in variants}
            began = time.monotonic()
            for start in range(0, args.n, args.block):
                if args.budget_s and time.monotonic() - began > args.budget_s:
                    print(f"single: --budget-s {args.budget_s} reached after {start} requests per "
                          "variant", file=sys.stderr, flush=True)
                    break
                stop = min(args.n, start + args.block)
                bodies = [{"text": texts[i % len(texts)]} for i in range(start, stop)]
                for v, (_, url) in servers.items():
                    lat, err, secs = await _drive(client, url, bodies, headers, args.concurrency)
                    single[v]["latencies"] += lat
                    single[v]["seconds"] += secs
                    for code, count in err.items():
                        single[v]["errors"][code] = single[v]["errors"].get(code, 0) + count
                print(f"single: {min(args.n, start + args.block)}/{args.n}", file=sys.stderr, flush=True)
            batched = {v: {"latencies": [], "errors": {}, "seconds": 0.0} for v in variants}
            step = max(1, args.batch_requests // 5)
            for start in range(0, args.batch_requests, step):
                bodies = [{"texts": [texts[(j * args.batch + k) % len(texts)] for k in range(args.batch)]}
                          for j in range(start, min(args.batch_requests, start + step))]
                for v, (_, url) in servers.items():
                    lat, err, secs = await _drive(client, url, bodies, headers, args.concurrency)
                    batched[v]["latencies"] += lat
                    batched[v]["seconds"] += secs
                    for code, count in err.items():
                        batched[v]["errors"][code] = batched[v]["errors"].get(code, 0) + count
            faults = await _faults(client, servers[variants[0]][1], key, max_body=1_048_576, max_batch=64)
            alive = {v: proc.poll() is None for v, (proc, _) in servers.items()}
    finally:
        for proc, _ in servers.values():
            proc.terminate()
        for proc, _ in servers.values():
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()

    def summary(d: dict, per_request: int) -> dict:
        n_ok = len(d["latencies"])
        return {"requests": n_ok + sum(d["errors"].values()), "ok": n_ok, "errors": d["errors"],
                "requests_per_second": round(n_ok / d["seconds"], 2) if d["seconds"] else None,
                "notes_per_second": round(n_ok * per_request / d["seconds"], 2) if d["seconds"] else None,
                "latency_ms": {"p50": round(1000 * _pct(d["latencies"], 50), 1),
                               "p90": round(1000 * _pct(d["latencies"], 90), 1),
                               "p99": round(1000 * _pct(d["latencies"], 99), 1),
                               "mean": round(1000 * statistics.fmean(d["latencies"]), 1)
                               if d["latencies"] else None}}

    result = {
        "command": " ".join(shlex.quote(a) for a in [sys.executable, *sys.argv]),
        "run": str(args.run), "model_versions": versions, "niceness": os.nice(0),
        "cpu_count": os.cpu_count(), "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
        "server_threads": args.server_threads, "concurrency": args.concurrency,
        "n_planned": args.n, "budget_s": args.budget_s,
        "single": {v: summary(single[v], 1) for v in variants},
        "batched": {v: dict(summary(batched[v], args.batch), batch=args.batch) for v in variants},
        "int8_over_fp32": {
            "single_rps": _ratio(single, "int8", "fp32"), "batched_rps": _ratio(batched, "int8", "fp32")}
        if {"fp32", "int8"} <= set(variants) else None,
        "faults_against": variants[0],
        "faults": faults, "servers_alive_at_end": alive,
    }
    result["passed"] = (all(f["ok"] for f in faults) and all(alive.values())
                        and not any(single[v]["errors"] or batched[v]["errors"] for v in variants))
    return result


def _ratio(d: dict, a: str, b: str) -> float | None:
    ra = len(d[a]["latencies"]) / d[a]["seconds"] if d[a]["seconds"] else None
    rb = len(d[b]["latencies"]) / d[b]["seconds"] if d[b]["seconds"] else None
    return round(ra / rb, 3) if ra and rb else None


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run", help="run directory to serve")
    parser.add_argument("--variants", default="fp32,int8",
                        help="comma-separated: fp32 (the run as is), int8 (--quantize int8), tfidf "
                             "(a copy of the run whose model is its TF-IDF baseline)")
    parser.add_argument("--n", type=int, default=10_000, help="single-note requests per variant")
    parser.add_argument("--concurrency", type=int, default=4, help="requests in flight")
    parser.add_argument("--batch", type=int, default=32, help="notes per batched request")
    parser.add_argument("--batch-requests", type=int, default=100, help="batched requests per variant")
    parser.add_argument("--block", type=int, default=500, help="single requests per alternating block")
    parser.add_argument("--budget-s", type=float, default=None,
                        help="stop starting new single-note blocks after this many seconds (the "
                             "figures then say how many were sent)")
    parser.add_argument("--server-threads", type=int, default=1, help="OMP threads of each server")
    parser.add_argument("--out", help="also write the JSON here")
    args = parser.parse_args(argv)
    result = asyncio.run(_main(args))
    from _timing import emit

    emit(result, args.out)
    if not result["passed"]:
        raise SystemExit(1)
    return result


if __name__ == "__main__":
    main()
