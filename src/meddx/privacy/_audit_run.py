"""``meddx privacy-audit RUN``: membership inference against a finished run.

Members are the run's own training notes, non-members its held-out test notes: the corpus is
reloaded, de-identified and split exactly as training did (the data file's hash must match the
run's data card). Both sets are scored by the run's model (raw probabilities, before
calibration). Results go to ``RUN/privacy_audit.json`` and into the report's privacy section;
the CLI refreshes the model card. No note text is written anywhere.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import numpy as np

from meddx._io import atomic_write_json, atomic_write_text
from meddx.errors import RunError

__all__ = ["PRIVACY_AUDIT_FILE", "privacy_audit_run", "update_report_privacy"]

log = logging.getLogger("meddx")

PRIVACY_AUDIT_FILE = "privacy_audit.json"
BEGIN, END = "<!-- meddx:privacy:begin -->", "<!-- meddx:privacy:end -->"


def _split_corpus(run, quiet: bool):
    """The run's training and test splits, de-identified and split as training did."""
    from meddx.data import make_splits

    corpus = run.corpus(quiet=quiet)  # meddx.runs: the corpus as training saw it
    card = run.card()
    if card.get("file_sha256") not in (None, corpus.file_sha256):
        raise RunError(f"the data file '{run.config.data.path}' is not the one run '{run.path}' "
                       "was trained on (its hash differs); the audit needs the original file in "
                       "place to know which notes were training members")
    splits = make_splits(corpus, run.config.data.split)
    return (corpus.subset(splits["train"]), corpus.subset(splits["test"]),
            corpus.subset(splits["validation"]))


def privacy_audit_run(run_dir: str | Path, *, n_boot: int = 1000, ci: float = 0.95,
                      seed: int = 0, max_members: int | None = None,
                      reference_models: int = 0, quiet: bool = True) -> tuple[dict, Path]:
    """Attack the run's model; write ``privacy_audit.json``; return (result, path).

    ``reference_models`` > 0 (frozen-encoder runs): also the calibrated attack, on a random
    half of the members, with that many reference heads fitted on the other half plus the
    validation split (notes neither attacked set holds)."""
    from meddx.privacy._canary_run import measure_canaries, read_run_canaries
    from meddx.privacy._mia import membership_attack
    from meddx.runs import load_run

    run = load_run(run_dir, with_baseline=False)
    members, nonmembers, validation = _split_corpus(run, quiet)
    if max_members is not None and len(members) > max_members:  # scoring cost on slow models
        keep = np.sort(np.random.default_rng(seed).choice(len(members), max_members,
                                                          replace=False))
        members = members.subset(keep)
    model = run.model
    if hasattr(model, "cache_dir") and (Path(run.path) / "cache").is_dir():
        model.cache_dir = Path(run.path) / "cache"  # frozen encoder: embeddings from training
    proba_m = np.asarray(model.predict_proba(members.texts, quiet=quiet), dtype=np.float64)
    proba_n = np.asarray(model.predict_proba(nonmembers.texts, quiet=quiet), dtype=np.float64)
    result = membership_attack(proba_m, members.y, proba_n, nonmembers.y, task=model.task,
                               n_boot=n_boot, ci=ci, seed=seed)
    if reference_models and hasattr(model, "embed") and getattr(model, "head", None) is not None:
        _calibrated(result, model, members, nonmembers, validation, proba_m, proba_n,
                    k=reference_models, n_boot=n_boot, ci=ci, seed=seed)
    elif reference_models:
        log.info("privacy audit: the calibrated attack needs a frozen-encoder run; skipped")
    metrics_path = Path(run.path) / "metrics.json"
    metrics = json.loads(metrics_path.read_text(encoding="utf-8")) if metrics_path.is_file() else {}
    result["dp"] = metrics.get("privacy")  # the spent budget, when the run was trained with DP
    planted = read_run_canaries(run.path)
    if planted is not None:  # privacy.canaries: exposure and extraction of the planted secrets
        canaries, repeats = planted
        result["canaries"] = {**measure_canaries(
            model, canaries, n_candidates=run.config.privacy.canary_candidates, seed=seed),
            "repeats": repeats}
    result["members"] = "training split"
    result["nonmembers"] = "test split"
    result["probabilities"] = "uncalibrated model outputs"
    path = Path(run.path) / PRIVACY_AUDIT_FILE
    atomic_write_json(path, result)
    report = Path(run.path) / "report.html"
    if report.is_file():
        update_report_privacy(report, result)
    log.info("privacy audit: best membership-inference AUC %.3f (%d members, %d non-members)",
             result["best_auc"], result["n_members"], result["n_nonmembers"])
    return result, path


def _calibrated(result: dict, model, members, nonmembers, validation, proba_m, proba_n, *,
                k: int, n_boot: int, ci: float, seed: int) -> None:
    from meddx.privacy._mia import membership_attack
    from meddx.privacy._reference import reference_probabilities

    order = np.random.default_rng(seed + 1).permutation(len(members))
    attacked, pool = np.sort(order[: len(order) // 2]), np.sort(order[len(order) // 2:])
    X_pool = np.concatenate([model.embed(members.subset(pool).texts),
                             model.embed(validation.texts)]) if len(validation) else \
        model.embed(members.subset(pool).texts)
    y_pool = np.concatenate([members.y[pool], validation.y]) if len(validation) else \
        members.y[pool]
    ref_m, ref_n = reference_probabilities(
        X_pool, y_pool, [model.embed(members.subset(attacked).texts), model.embed(
            nonmembers.texts)], n_classes=len(model.labels), k=k, seed=seed)
    cal = membership_attack(proba_m[attacked], members.y[attacked], proba_n, nonmembers.y,
                            task=model.task, n_boot=n_boot, ci=ci, seed=seed,
                            reference=(ref_m, ref_n))["attacks"]["calibrated"]
    result["attacks"]["calibrated"] = cal
    result["calibrated"] = {"n_members": int(len(attacked)), "reference_models": k,
                            "reference_pool": "the other half of the training split and the "
                            "validation split", "reference_head": "logistic regression, C=1"}
    result["best_auc"] = max(a["auc"] for a in result["attacks"].values())


def _cell(point, interval) -> str:
    if point is None:
        return "n/a"
    if interval and interval[0] is not None:
        return f"{point:.3f} [{interval[0]:.3f}, {interval[1]:.3f}]"
    return f"{point:.3f}"


def privacy_section_html(result: dict) -> str:
    from html import escape

    rows = []
    for name, r in result["attacks"].items():
        cells = [_cell(r[k], r["ci"][k]) for k in ("auc", "tpr_at_1pct_fpr", "tpr_at_0p1pct_fpr")]
        rows.append("<tr><td>" + escape(name) + "</td>" + "".join(f"<td>{c}</td>" for c in cells)
                    + "</tr>")
    dp = result.get("dp")
    dp_line = (f"Trained with DP-SGD: epsilon {dp['epsilon']:.3f}, delta {dp['delta']:.2e} "
               f"({escape(dp['accountant'])})." if dp else "Trained without differential privacy.")
    resolvable = result.get("fpr_resolvable", {})
    caveat = "" if all(resolvable.values()) else (
        " With fewer than 1000 non-members, TPR at 0.1% FPR is read at FPR 0.")
    return (
        f"{BEGIN}<section id=\"privacy\"><h2>Privacy: membership inference</h2>"
        f"<p>{dp_line} Members: {result['n_members']} training notes; non-members: "
        f"{result['n_nonmembers']} test notes; {result['ci_level']:.0%} bootstrap intervals "
        f"({result['n_boot']} resamples). AUC 0.5: the attack cannot tell members from "
        f"non-members.{caveat}</p>"
        "<table><tr><th>attack</th><th>AUC</th><th>TPR at 1% FPR</th><th>TPR at 0.1% FPR</th>"
        "</tr>" + "".join(rows) + f"</table>{_calibrated_html(result.get('calibrated'))}"
        f"{_canary_html(result.get('canaries'))}"
        f"</section>{END}")


def _calibrated_html(cal: dict | None) -> str:
    if not cal:
        return ""
    return (f"<p>calibrated: the loss attack minus each note's loss under the mean "
            f"probabilities of {cal['reference_models']} reference heads fitted on "
            f"{cal['reference_pool']}; it attacks {cal['n_members']} members (a random half of "
            "the training split).</p>")


def _canary_html(canaries: dict | None) -> str:
    if not canaries:
        return ""
    from meddx.privacy._canary_run import canary_note

    return f"<p>{canary_note(canaries, canaries.get('repeats', 1))}</p>"


def update_report_privacy(report: str | Path, result: dict) -> Path:
    """Put (or replace) the privacy section of ``report.html``, before ``</body>``."""
    path = Path(report)
    html = path.read_text(encoding="utf-8")
    section = privacy_section_html(result)
    if BEGIN in html and END in html:
        start, stop = html.index(BEGIN), html.index(END) + len(END)
        html = html[:start] + section + html[stop:]
    elif "</body>" in html:
        html = html.replace("</body>", section + "</body>", 1)
    else:
        html += section
    atomic_write_text(path, html)
    return path
