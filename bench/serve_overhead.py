"""Per-request overhead of ``POST /v1/predict``, in-process: the service as it was before the
batched prediction log against the service now, side by side in the same process.

    PYTHONPATH=src nice -n 10 .venv/bin/python bench/serve_overhead.py runs/NAME \\
        [--model tfidf|run] [--n 600] [--block 100] [--concurrency 4] [--profile 200] \\
        [--out bench/results/serve-overhead.json]

Two FastAPI apps of the same run (``--model tfidf``: a copy whose model is the run's TF-IDF
baseline, as ``bench/serve_load.py --variants tfidf``; ``run``: the run's own model), each with
its own SQLite prediction log in a temporary folder, are called as ASGI apps (no sockets, no
client library; the endpoint runs in the thread pool as under uvicorn) with single-note
requests, ``--concurrency`` in flight, in blocks of ``--block`` that alternate between them:

* ``before``: ``log_commit="per_request"`` (a commit per request, in the request) and
  ``PredictionService.predict`` as of commit c150cab (copied below: no scikit-learn fast path);
* ``after``: the defaults (the batched writer thread; scikit-learn's per-call checks off).

Both de-identify, predict, calibrate, check abstaining, log and answer the same. The rows each
log holds at the end are counted (after ``close``) and must equal the requests sent. With
``--profile N`` it also runs cProfile over N calls of ``PredictionService.predict`` (the
``after`` service) and prints the 25 most expensive functions by cumulative time.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import json
import os
import pstats
import shlex
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from serve_load import _copy_run, _texts, _tfidf_run  # noqa: E402

KEY = "bench-key-0123456789abcdef"


def _legacy_service_class():
    from meddx.serve import PredictionService

    class LegacyService(PredictionService):
        """``PredictionService.predict`` as of commit c150cab, verbatim but for the imports."""

        def predict(self, texts, *, groups=None, request_id=None, top_tokens=None):
            from meddx.deid import deidentify_texts
            from meddx.errors import LimitError
            from meddx.serve import predict_deidentified

            if len(texts) > self.settings.max_batch:
                raise LimitError(f"a request may hold at most {self.settings.max_batch} texts "
                                 f"(max_batch); got {len(texts)}")
            clean, _ = deidentify_texts(texts, self.run.config.deid)
            scored = predict_deidentified(self.run, clean)
            explained = [None] * len(clean)
            if top_tokens:
                explained = self.explain(clean, k=top_tokens)
            results, records = [], []
            for text, item, tokens in zip(clean, scored, explained, strict=True):
                features = self.guard.features(text)
                proba = [item["probabilities"][lab] for lab in self.labels]
                reasons = self.guard.reasons(features, proba)
                result = {"label": item["label"], "probabilities": item["probabilities"],
                          "abstain": bool(reasons), "reasons": reasons,
                          "model_version": self.model_version}
                if tokens is not None:
                    result["top_tokens"] = tokens
                results.append(result)
                records.append({**result, "text": text, "features": features, "groups": groups})
            self.store.log(records, request_id=request_id or uuid.uuid4().hex,
                           model_version=self.model_version)
            return results

    return LegacyService


def _apps(run: str, folder: Path) -> dict:
    from meddx.serve import PredictionService, ServeSettings, create_app

    out = {}
    for name, cls, commit in (("before", _legacy_service_class(), "per_request"),
                              ("after", PredictionService, "batched")):
        settings = ServeSettings.build(api_keys=[KEY], log_commit=commit,
                                       store_url=f"sqlite:///{folder / f'{name}.db'}")
        out[name] = create_app(run, settings=settings, service=cls(run, settings))
    return out


async def _call(app, body: bytes) -> int:
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
             "scheme": "http", "path": "/v1/predict", "raw_path": b"/v1/predict", "query_string": b"",
             "root_path": "", "client": ("127.0.0.1", 50000), "server": ("127.0.0.1", 8000),
             "headers": [(b"host", b"127.0.0.1"), (b"authorization", f"Bearer {KEY}".encode()),
                         (b"content-type", b"application/json"),
                         (b"content-length", str(len(body)).encode())]}
    sent = False
    status = {}

    async def receive():
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        await asyncio.Event().wait()  # never: the app does not read past the body

    async def send(message):
        if message["type"] == "http.response.start":
            status["code"] = message["status"]

    await app(scope, receive, send)
    return status.get("code", 0)


async def _block(app, bodies: list[bytes], concurrency: int) -> tuple[list[float], int, float]:
    queue = list(reversed(bodies))
    latencies: list[float] = []
    errors = 0

    async def worker() -> None:
        nonlocal errors
        while queue:
            body = queue.pop()
            start = time.perf_counter()
            code = await _call(app, body)
            if code == 200:
                latencies.append(time.perf_counter() - start)
            else:
                errors += 1

    start = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return latencies, errors, time.perf_counter() - start


async def _measure(apps: dict, texts: list[str], args) -> dict:
    warm = [json.dumps({"text": t}).encode() for t in texts[:20]]
    for app in apps.values():
        await _block(app, warm, args.concurrency)
    acc = {name: {"latencies": [], "errors": 0, "seconds": 0.0} for name in apps}
    for start in range(0, args.n, args.block):
        bodies = [json.dumps({"text": texts[i % len(texts)]}).encode()
                  for i in range(start, min(args.n, start + args.block))]
        order = list(apps) if (start // args.block) % 2 == 0 else list(reversed(apps))
        for name in order:
            lat, err, secs = await _block(apps[name], bodies, args.concurrency)
            acc[name]["latencies"] += lat
            acc[name]["errors"] += err
            acc[name]["seconds"] += secs
    return acc


def _profile(service, texts: list[str], n: int) -> str:
    prof = cProfile.Profile()
    prof.enable()
    for i in range(n):
        service.predict([texts[i % len(texts)]])
    service.store.flush()
    prof.disable()
    buf = io.StringIO()
    pstats.Stats(prof, stream=buf).sort_stats("cumulative").print_stats(25)
    return buf.getvalue()


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run", help="run directory (read only; copies go to a temporary folder)")
    parser.add_argument("--model", choices=("tfidf", "run"), default="tfidf",
                        help="tfidf: serve the run's TF-IDF baseline; run: the run's own model")
    parser.add_argument("--n", type=int, default=600, help="single-note requests per service")
    parser.add_argument("--block", type=int, default=100, help="requests per alternating block")
    parser.add_argument("--concurrency", type=int, default=4, help="requests in flight")
    parser.add_argument("--profile", type=int, default=0, help="also profile this many predict calls")
    parser.add_argument("--out", help="also write the JSON here")
    args = parser.parse_args(argv)

    folder = Path(tempfile.mkdtemp(prefix="meddx-overhead-"))
    run = _tfidf_run(args.run, folder) if args.model == "tfidf" else _copy_run(args.run, folder)
    texts = _texts(args.run)
    apps = _apps(run, folder)
    acc = asyncio.run(_measure(apps, texts, args))
    profile = _profile(apps["after"].state.service, texts, args.profile) if args.profile else None
    rows = {}
    for name, app in apps.items():
        service = app.state.service
        service.close()
        rows[name] = len(service.store.rows())

    def summary(d: dict) -> dict:
        n = len(d["latencies"])
        return {"ok": n, "errors": d["errors"],
                "requests_per_second": round(n / d["seconds"], 2) if d["seconds"] else None,
                "latency_ms": {"p50": round(1000 * statistics.median(d["latencies"]), 2),
                               "mean": round(1000 * statistics.fmean(d["latencies"]), 2)}}

    out = {name: summary(d) for name, d in acc.items()}
    result = {
        "command": " ".join(shlex.quote(a) for a in [sys.executable, *sys.argv]),
        "run": str(args.run), "model": args.model, "n": args.n, "block": args.block,
        "concurrency": args.concurrency, "cpu_count": os.cpu_count(),
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
        **out,
        "after_over_before_rps": round(out["after"]["requests_per_second"]
                                       / out["before"]["requests_per_second"], 3),
        "rows_logged": rows,
        # every answered request is in its log: the measured ones, 20 warm-up, the profiled ones
        "passed": all(rows[name] == out[name]["ok"] + 20 + (args.profile if name == "after" else 0)
                      for name in rows)
        and not any(out[name]["errors"] for name in out),
    }
    from _timing import emit

    emit(result, args.out)
    if profile:
        print(profile, file=sys.stderr)
    if not result["passed"]:
        raise SystemExit(1)
    return result


if __name__ == "__main__":
    main()
