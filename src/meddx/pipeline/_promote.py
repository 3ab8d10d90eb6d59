"""``promote``: move the ``champion`` alias to a version, unless the comparison with the current
champion says the version is worse beyond the tolerance (then ``--force`` overrides it, and the
override is logged and recorded on the version)."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from meddx.errors import RunError
from meddx.pipeline._compare import check_tolerance, compare_runs, gate, load_comparison
from meddx.registry import CHAMPION, get_version, mlflow_client, resolve_tracking_uri

__all__ = ["PromotionRefused", "promote"]

log = logging.getLogger("meddx")


class PromotionRefused(RunError):
    """The candidate is worse than the champion beyond the tolerance (``--force`` overrides)."""


def _comparison(cand_dir: Path, champ_dir: Path, versions: dict) -> dict[str, Any]:
    """The candidate's saved comparison when it was made against this champion, else a new one
    on the champion's validation split."""
    saved = load_comparison(cand_dir)
    if saved is not None and Path(saved["champion"]["run_dir"]) == champ_dir.resolve():
        return saved
    log.info("registry: comparing %s with the champion %s on its validation split",
             cand_dir.name, champ_dir.name)
    return compare_runs(cand_dir, champ_dir, versions=versions)


def promote(name: str, version: int, *, force: bool = False, tracking_uri: str | None = None,
            tolerance: float | None = None) -> dict[str, Any]:
    """Make ``version`` of ``name`` the champion. Refuses (:class:`PromotionRefused`) when it is
    worse than the current champion beyond the tolerance on any compared metric, overall or in
    a subgroup, unless ``force``. Returns what was done and the gate's failures."""
    from meddx.registry import resolve_model_uri

    check_tolerance(tolerance)
    client = mlflow_client(resolve_tracking_uri(tracking_uri))
    mv = get_version(client, name, version=version)
    model = client.get_registered_model(name)
    current = model.aliases.get(CHAMPION)
    out: dict[str, Any] = {"name": name, "version": int(version), "previous": None,
                           "failures": [], "forced": False}
    if current is not None and int(current) == int(version):
        out.update(previous=int(current), unchanged=True)
        return out
    if current is not None:
        out["previous"] = int(current)
        cand_dir = resolve_model_uri(f"models:/{name}/{version}", tracking_uri=tracking_uri)
        champ_dir = resolve_model_uri(f"models:/{name}/{current}", tracking_uri=tracking_uri)
        comparison = _comparison(cand_dir, champ_dir,
                                 {"candidate": int(version), "champion": int(current)})
        out["failures"] = gate(comparison, tolerance=tolerance)
        out["comparison"] = str(cand_dir / "comparison.json")
        if out["failures"] and not force:
            first = out["failures"][0]
            raise PromotionRefused(
                f"version {version} of '{name}' is worse than the champion (version {current}) "
                f"beyond the tolerance {tolerance if tolerance is not None else comparison['tolerance']} "
                f"in {len(out['failures'])} place(s), first: {first['set']} {first['scope']} "
                f"{first['metric']} {first['champion']:.4f} -> {first['candidate']:.4f}; see "
                f"{cand_dir / 'comparison.md'}; pass --force to promote anyway")
        if out["failures"]:
            out["forced"] = True
            log.warning("registry: promotion of %s version %s FORCED over %d failed check(s): %s",
                        name, version, len(out["failures"]),
                        "; ".join(f"{f['set']} {f['scope']} {f['metric']} {f['delta']:+.4f}"
                                  for f in out["failures"]))
    now = datetime.now(UTC).isoformat(timespec="seconds")
    client.set_model_version_tag(name, str(version), "meddx.promoted_at", now)
    client.set_model_version_tag(name, str(version), "meddx.promoted_over",
                                 str(current) if current is not None else "none")
    if out["forced"]:
        client.set_model_version_tag(name, str(version), "meddx.promoted_with_force",
                                     json.dumps(out["failures"])[:5000])
    client.set_registered_model_alias(name, CHAMPION, str(mv.version))
    log.info("registry: %s version %s is now the champion (was %s)", name, version, current)
    return out
