"""Counters of the prediction service, written as Prometheus text (exposition format 0.0.4).

Written by hand, thread-safe, without the prometheus-client dependency. Series:

* ``meddx_http_requests_total{method, path, status}``: requests by route and status code;
* ``meddx_http_request_duration_seconds{path}``: latency histogram;
* ``meddx_predictions_total{label}``: predicted labels (each label of a multilabel prediction);
* ``meddx_abstentions_total{reason}``: abstentions by reason (a note can have several);
* ``meddx_model_info{model_version}``: 1, for joining the others with the model served;
* ``meddx_prediction_log_pending`` (rows queued, not yet written), ``..._written_total`` and
  ``..._write_failures_total``: the prediction log's writer thread (batched commits only).
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable

__all__ = ["CONTENT_TYPE", "ServeMetrics"]

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


def _escape(value: str) -> str:
    return str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _labels(**labels: str) -> str:
    return "{" + ",".join(f'{k}="{_escape(v)}"' for k, v in labels.items()) + "}"


def _number(value: float) -> str:
    return repr(float(value)) if isinstance(value, float) else str(value)


class ServeMetrics:
    """Request, latency, label and abstention counts of one service process."""

    def __init__(self, model_version: str, *, log_stats: Callable[[], dict[str, int]] | None = None) -> None:
        self.model_version = model_version
        self.log_stats = log_stats
        self._lock = threading.Lock()
        self._requests: Counter[tuple[str, str, str]] = Counter()
        self._latency: dict[str, list[float]] = {}  # path -> bucket counts..., sum, count
        self._labels: Counter[str] = Counter()
        self._abstentions: Counter[str] = Counter()

    def observe_request(self, method: str, path: str, status: int, seconds: float) -> None:
        with self._lock:
            self._requests[(method, path, str(status))] += 1
            hist = self._latency.setdefault(path, [0.0] * (len(BUCKETS) + 2))
            for i, bound in enumerate(BUCKETS):
                if seconds <= bound:
                    hist[i] += 1
            hist[-2] += seconds
            hist[-1] += 1

    def observe_predictions(self, predictions: list[dict]) -> None:
        with self._lock:
            for p in predictions:
                labels = p["label"] if isinstance(p["label"], list) else [p["label"]]
                self._labels.update(str(lab) for lab in labels)
                self._abstentions.update(p.get("reasons") or [])

    def render(self) -> str:
        lines: list[str] = []

        def family(name: str, kind: str, help_text: str) -> None:
            lines.extend([f"# HELP {name} {help_text}", f"# TYPE {name} {kind}"])

        with self._lock:
            family("meddx_model_info", "gauge", "The model version served.")
            lines.append(f"meddx_model_info{_labels(model_version=self.model_version)} 1")
            family("meddx_http_requests_total", "counter", "HTTP requests by method, route and status.")
            for (method, path, status), n in sorted(self._requests.items()):
                series = _labels(method=method, path=path, status=status)
                lines.append(f"meddx_http_requests_total{series} {n}")
            name = "meddx_http_request_duration_seconds"
            family(name, "histogram", "HTTP request latency in seconds, by route.")
            for path, hist in sorted(self._latency.items()):
                for bound, n in zip(BUCKETS, hist, strict=False):
                    lines.append(f"{name}_bucket{_labels(path=path, le=_number(bound))} {int(n)}")
                lines.append(f"{name}_bucket{_labels(path=path, le='+Inf')} {int(hist[-1])}")
                lines.append(f"{name}_sum{_labels(path=path)} {_number(hist[-2])}")
                lines.append(f"{name}_count{_labels(path=path)} {int(hist[-1])}")
            family("meddx_predictions_total", "counter", "Predicted labels.")
            for label, n in sorted(self._labels.items()):
                lines.append(f"meddx_predictions_total{_labels(label=label)} {n}")
            family("meddx_abstentions_total", "counter", "Abstentions by reason.")
            for reason, n in sorted(self._abstentions.items()):
                lines.append(f"meddx_abstentions_total{_labels(reason=reason)} {n}")
        stats = self.log_stats() if self.log_stats is not None else {}
        for key, kind, help_text in (
                ("pending", "gauge", "Prediction-log rows queued, not yet written."),
                ("written", "counter", "Prediction-log rows written by the writer thread."),
                ("write_failures", "counter", "Failed prediction-log writes (their rows are retried).")):
            if key in stats:
                name = f"meddx_prediction_log_{key}" + ("_total" if kind == "counter" else "")
                lines.extend([f"# HELP {name} {help_text}", f"# TYPE {name} {kind}", f"{name} {stats[key]}"])
        return "\n".join(lines) + "\n"
