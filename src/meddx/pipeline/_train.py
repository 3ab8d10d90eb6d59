"""One training run, start to finish: the story ``meddx train`` tells.

data → split → data card → model (fine-tuned, LoRA or frozen + head) → TF-IDF baseline →
evaluation on the held-out test split with bootstrap CIs → run directory with the model,
metrics, predictions, data card, environment, log and a self-contained report.
"""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass
from pathlib import Path

from meddx._env import environment
from meddx._io import atomic_write_json
from meddx.config import RunConfig, absolute_paths, save_config
from meddx.data import data_card, load_corpus, make_splits
from meddx.deid import PhiRecorder, deidentify_corpus, read_allow_list, scan_run_for_phi
from meddx.models import TfidfBaseline, resolve_model
from meddx.pipeline._calibrate import calibrate, served_block, served_test
from meddx.pipeline._scoring import compare_with_baseline, score, score_classifier, write_predictions
from meddx.pipeline._stages import Stages
from meddx.runs import RunDir, check_resume, open_run_dir, sigterm_interrupts
from meddx.settings import IMBALANCE_STRATEGIES
from meddx.text import prep_steps
from meddx.train import check_class_weights, check_mitigation, check_precision, post_mitigation

__all__ = ["RunResult", "train_run"]

log = logging.getLogger("meddx")


@dataclass
class RunResult:
    run_dir: Path
    metrics: dict


def _rank() -> int:
    return int(os.environ.get("RANK", "0"))


def _translator(cfg: RunConfig):
    if "backtranslate" not in cfg.augment.ops:
        return None
    from meddx.models import marian_translator

    return marian_translator(cfg.augment.marian_to, cfg.augment.marian_back)


def _paraphraser(cfg: RunConfig):
    if "paraphrase" not in cfg.augment.ops or not cfg.augment.max_paraphrases:
        return None
    from meddx.models import causal_paraphraser

    return causal_paraphraser(cfg.augment.paraphrase_model, seed=cfg.augment.seed)


def train_run(cfg: RunConfig, *, resume: bool = False, quiet: bool = False) -> RunResult | None:
    """Train, evaluate and save. Returns None on non-main processes of a distributed run."""
    main = _rank() == 0
    started = time.monotonic()
    # Validate data and model before creating anything on disk.
    if resume and main:
        check_resume(cfg)  # --resume --name NAME: the run exists
    check_precision(cfg)  # train.precision bf16 needs native bf16 here
    read_allow_list(cfg.deid.leak_allow_list)  # the leak scan's allow-list exists and reads
    site = cfg.federated.site_column  # meddx federate: a missing one is named the site column
    corpus = load_corpus(cfg.data, roles={site: "site"} if site else None)
    phi = PhiRecorder()  # PHI found in the input, in memory only, for the leakage scan
    deid_summary = deidentify_corpus(corpus, cfg.deid, quiet=quiet or not main, recorder=phi)
    check_mitigation(cfg, corpus.task)  # fairness.mitigation fits this task, before any work
    check_class_weights(cfg.train.imbalance, corpus.labels)  # the weights name known labels
    splits = make_splits(corpus, cfg.data.split)
    resolve_model(cfg.model.name)
    if cfg.model.backend == "causal_lm":  # template slot, verbaliser, knowledge base
        from meddx.train import check_causal

        check_causal(cfg, corpus.labels)
    card = data_card(corpus, splits, cfg.data, prep_steps=prep_steps(cfg.prep))
    card["deid"] = deid_summary
    truncation = _truncation(cfg, corpus.texts)
    if truncation:
        card["truncation"] = truncation
    augmented = None
    if cfg.augment.ops:  # training split only; recorded in the data card
        from meddx.text import augment_corpus

        augmented, card["augment"] = augment_corpus(corpus.subset(splits["train"]), cfg.augment,
                                                    translate=_translator(cfg),
                                                    paraphrase=_paraphraser(cfg))
    audit_groups = _audit_groups(cfg)
    if audit_groups:  # data audit: representation, prevalence, missing values, text proxies
        from meddx.audit import data_audit

        card["data_audit"] = data_audit(corpus.texts, corpus.y, corpus.labels, corpus.groups,
                                        audit_groups, proxy_auroc=cfg.fairness.proxy_auroc,
                                        seed=cfg.train.seed)
        if len(splits.get("test", [])):  # the audit after training scores the test split
            from meddx.audit import check_single_row_groups

            check_single_row_groups(corpus.subset(splits["test"]).groups, audit_groups,
                                    where="test split")
    cfg = absolute_paths(cfg)  # errors above name files as given; config.yaml works anywhere
    run = open_run_dir(cfg, resume=resume, create=main)
    handler = run.attach_log() if main else None
    stages = Stages()
    try:
        with sigterm_interrupts():  # a kill is recorded as Ctrl-C is
            return _train_in(run, cfg, corpus, splits, card, phi, audit_groups, stages,
                             resume=resume, quiet=quiet, main=main, started=started,
                             augmented=augmented)
    except (Exception, KeyboardInterrupt) as exc:
        # a run already marked complete stays complete: an interrupt or an error while its
        # checkpoints are pruned or it is logged to the registry does not undo the finished run
        if main and run.status().get("status") != "complete":
            _record_failure(run, cfg, exc, stages.current)
        raise
    finally:
        if handler is not None:
            run.detach_log(handler)


def _train_in(run: RunDir, cfg: RunConfig, corpus, splits, card, phi, audit_groups,
              stages: Stages, *, resume: bool, quiet: bool, main: bool,
              started: float, augmented=None) -> RunResult | None:
    log.info("run %s: model=%s mode=%s task=%s", run.path.name, cfg.model.name,
             cfg.model.mode, corpus.task)
    log.info("data: %d rows used, %d dropped %s", len(corpus), sum(corpus.dropped.values()),
             dict(corpus.dropped))
    if main:
        save_config(cfg, run.path / "config.yaml")
        atomic_write_json(run.path / "data_card.json", card)
    part = {name: corpus.subset(idx) for name, idx in splits.items()}
    if augmented is not None:
        part["train"] = augmented
    if cfg.privacy.canaries:  # fake-PHI canaries, after de-identification (meddx.privacy)
        from meddx.privacy import plant_run_canaries

        part["train"] = plant_run_canaries(cfg.privacy, part["train"], run.path,
                                           seed=cfg.train.seed)
    notes = _notes(cfg, card)
    if "truncation" in card:
        t = card["truncation"]
        log.info("truncation: %d of %d notes are longer than the %d-token window (median %.0f%% "
                 "of their tokens dropped)", t["n_truncated"], t["n_notes"], t["window_tokens"],
                 100 * t["median_share_dropped_of_truncated"])

    if cfg.federated.site_column is not None:  # meddx federate (meddx.federated)
        from meddx.federated import fit_federated as fit_model
    elif cfg.privacy.epsilon is not None:  # DP-SGD (meddx.privacy), same Fitted result
        from meddx.privacy import fit_private as fit_model
    else:
        from meddx.train import fit_model

    with stages("training", **{f"{k} notes": len(v) for k, v in part.items()}):
        fitted = fit_model(cfg, part, corpus.labels, corpus.task, run, resume=resume,
                           quiet=quiet, notes=notes, phi=phi)
    if not main:
        return None
    train_seconds = time.monotonic() - started
    fitted.classifier.save(run.path / "model")

    with stages("evaluating the model", **{"test notes": len(part["test"])}):
        results = {"model": score_classifier(fitted.classifier, part["test"], cfg, quiet)}
    baseline = None
    if cfg.baseline:
        with stages("TF-IDF baseline", **{"train notes": len(part["train"])}):
            baseline = TfidfBaseline.fit(
                (part["train"].texts, part["train"].y),
                (part["validation"].texts, part["validation"].y),
                labels=corpus.labels, task=corpus.task, prep=cfg.prep, seed=cfg.train.seed,
            )
            baseline.save(run.path / "baseline")
            notes.append(f"Baseline: TF-IDF word 1-2 grams + logistic regression, "
                         f"C={baseline.C} chosen on the validation split.")
            results["baseline"] = score_classifier(baseline, part["test"], cfg, quiet)

    with stages("calibration", **{"validation notes": len(part["validation"])}):
        calibration, calibrator = calibrate(fitted.classifier, part, results, cfg, run, quiet,
                                             baseline)
    if calibrator is not None:  # report what `meddx predict` serves, the raw output beside it
        raw = results["model"]
        served = {"model": score(served_test(calibrator, raw, results), part["test"], cfg, quiet)}
        if getattr(calibrator, "needs_baseline", False):  # the model alone, calibrated
            served["model_unblended"] = score(calibrator.transform_unblended(raw["proba"]),
                                              part["test"], cfg, quiet)
        results = {**served, "model_uncalibrated": raw,
                   **{k: v for k, v in results.items() if k != "model"}}
    metrics = {name: r["metrics"] for name, r in results.items()}
    metrics.update(fitted.metrics)  # 'privacy', 'federated' blocks, when present
    if cfg.privacy.canaries:
        from meddx.privacy import canary_note, measure_canaries, read_run_canaries

        canaries, repeats = read_run_canaries(run.path)
        with stages("canary exposure", canaries=len(canaries)):
            metrics["canaries"] = measure_canaries(
                fitted.classifier, canaries, n_candidates=cfg.privacy.canary_candidates,
                seed=cfg.train.seed)
        notes.append(canary_note(metrics["canaries"], repeats))
    metrics["served"] = served_block(calibration)
    if calibration is not None:
        metrics["calibration"] = calibration
        notes.append(
            f"Calibration: {calibration['method']} fitted on the validation split "
            f"(n={calibration['n_validation']}); test ECE {calibration['test']['ece_before']:.3f}"
            f" -> {calibration['test']['ece_after']:.3f}. The 'model' figures and predictions.csv "
            "are of the calibrated probabilities that `meddx predict` and `meddx serve` return; "
            "'model (uncalibrated)' is the network's own output.")
        if "blend" in calibration:
            notes.append(
                f"Blend: the served probabilities are the model's blended with the TF-IDF "
                f"baseline's (weight {calibration['blend']['weight']:g} on the baseline's "
                "log-probabilities), then calibrated; the weight and the calibrator were chosen "
                "together by cross-fitted NLL on the validation split. 'model alone, "
                "calibrated' is the model without the baseline.")
        if calibration["test"]["ece_after"] > calibration["test"]["ece_before"]:
            notes.append("Warning: calibration made the test ECE worse "
                         f"({calibration['test']['ece_before']:.3f} -> "
                         f"{calibration['test']['ece_after']:.3f}).")
    if "baseline" in results:
        with stages("comparison with the baseline", **{"test notes": len(part["test"])}):
            metrics["verdict"] = compare_with_baseline(results, part["test"], cfg, quiet)
            if "model_unblended" in results:  # the served blend holds the baseline itself
                metrics["verdict_unblended"] = compare_with_baseline(
                    results, part["test"], cfg, quiet, "model_unblended")
        log.info("verdict: %s", metrics["verdict"]["sentence"])
    # Post-processing mitigation (threshold: group thresholds from validation, compared on
    # test). predictions.csv and the metrics above stay those of the unmitigated model.
    post = post_mitigation(
        cfg, fitted.classifier, part, results.get("model_uncalibrated", results["model"])["proba"],
        run.path, corpus.labels)
    if post is not None:
        metrics["fairness"], sentence = post
        notes.append(sentence)
    metrics["split"] = "test"
    metrics["train_seconds"] = round(train_seconds, 1)
    if fitted.stop is not None:  # fine-tuning: why it stopped, the share of the plan that ran
        metrics["training"] = {k: v for k, v in fitted.stop.items()}
    with stages("writing the report"):
        atomic_write_json(run.path / "metrics.json", metrics)
        write_predictions(run.path / "predictions.csv", part["test"], results)
        env = environment()
        env.update(dataset_sha256=card["content_sha256"], file_sha256=card["file_sha256"],
                   model_path=str(resolve_model(cfg.model.name)))
        atomic_write_json(run.path / "environment.json", env)
        _report(run, cfg, corpus, results, card, fitted.history, env, notes, metrics)
    with stages("monitoring reference"):
        _write_reference(run, cfg, fitted.classifier, baseline, corpus, splits)
    allow = read_allow_list(cfg.deid.leak_allow_list)
    with stages("leakage scan", **{"PHI strings": len(phi)}):
        scan = scan_run_for_phi(run.path, phi, allow=allow)  # PHILeakError: the run fails
    log.info("leakage scan: %d artifacts, none holds any of the %d PHI strings found",
             scan["files_scanned"], scan["phi_strings"])
    if audit_groups:  # audit.json, model_card.md and the report's audit section
        with stages("audit", groups=len(audit_groups)):
            _audit(run, cfg, audit_groups, len(part["validation"]), quiet)
            scan = scan_run_for_phi(run.path, phi, allow=allow)  # the audit's files too
    from meddx.evaluate import update_report_leak_scan

    update_report_leak_scan(run.path / "report.html", scan)  # fixed text and counts only
    run.mark_complete()
    _prune_checkpoints(run, cfg)
    if cfg.registry.enabled:  # after the audit, so its files are logged too
        _log_to_registry(run, cfg, metrics, card, env, quiet)
    log.info("done in %.0f s: model macro_f1=%.4f", time.monotonic() - started,
             metrics["model"]["macro_f1"])
    return RunResult(run.path, metrics)


def _record_failure(run: RunDir, cfg: RunConfig, exc: BaseException, stage: str) -> None:
    """run.json "failed" with a one-line reason, the reason in train.log, and a page that
    says why: report.html, or failure.html when a report exists (a leak scan keeps it, so
    that the owner can review the matches). Messages of meddx errors hold no note text; of
    other errors only the type is kept, since their text may quote the data. Ctrl-C and
    SIGTERM give "interrupted (SIGINT)" / "terminated (SIGTERM)": the run continues with
    --resume from its last checkpoint."""
    from meddx.errors import MeddxError, Terminated
    from meddx.evaluate import write_failure_report

    if isinstance(exc, KeyboardInterrupt):
        how = "terminated (SIGTERM)" if isinstance(exc, Terminated) else "interrupted (SIGINT)"
        reason = f"{how} during {stage}; continue it with --resume"
    elif isinstance(exc, MeddxError):
        reason = f"{stage}: {exc}"
    else:
        reason = (f"{stage}: internal error {type(exc).__name__} (its message is not recorded, "
                  "as it may quote the data)")
    reason = " ".join(reason.split())
    log.error("run failed: %s", reason)
    try:
        run.mark_failed(reason)
        page = run.path / ("failure.html" if (run.path / "report.html").exists() else "report.html")
        write_failure_report(page, title=f"meddx run {run.path.name}: failed", reason=reason,
                             stage=stage)
    except OSError as write_error:  # a full disk must not hide the original error
        log.error("could not record the failure: %s", type(write_error).__name__)


def _truncation(cfg: RunConfig, texts: list[str]) -> dict | None:
    """Notes over the encoder's window and the median share of their tokens dropped."""
    if cfg.model.backend == "causal_lm":
        return None
    from meddx.models import load_tokenizer
    from meddx.text import normalize_all, truncation_stats

    tokenizer = load_tokenizer(resolve_model(cfg.model.name))
    stats = truncation_stats(tokenizer, normalize_all(texts, cfg.prep), cfg.prep)
    return stats


def _prune_checkpoints(run: RunDir, cfg: RunConfig) -> None:
    """Keep the checkpoints ``train.keep_checkpoints`` says, now that the run is complete."""
    removed = run.prune_checkpoints(cfg.train.keep_checkpoints)
    if removed:
        log.info("checkpoints: removed %d, kept the %s (train.keep_checkpoints)", len(removed),
                 cfg.train.keep_checkpoints)


def _audit_groups(cfg: RunConfig) -> list[str]:
    """Group columns audited inside training: ``fairness.groups``, else data.group_columns."""
    return list(cfg.data.group_columns if cfg.fairness.groups is None else cfg.fairness.groups)


def _audit(run: RunDir, cfg: RunConfig, groups: list[str], n_validation: int, quiet: bool) -> None:
    from meddx.audit import audit_run

    calibration = cfg.eval.calibration if cfg.eval.calibration != "none" and n_validation else None
    result, path = audit_run(run.path, groups=groups, calibration=calibration,
                             n_boot=max(cfg.eval.bootstrap, 0) or 200, ci=cfg.eval.ci,
                             quiet=True)
    log.info("audit: %d of %d gaps flagged (%s)", result["n_flagged"], len(result["gaps"]),
             path.name)


def _write_reference(run: RunDir, cfg: RunConfig, model, baseline, corpus, splits) -> None:
    """The monitoring reference (``RUN/monitor/reference.*``), from the de-identified corpus in
    memory, so that ``meddx monitor report`` does not reload and re-split the data."""
    from meddx.monitor import build_reference
    from meddx.runs import LoadedRun

    started = time.monotonic()
    try:
        build_reference(run.path, run=LoadedRun(run.path, cfg, model, baseline), corpus=corpus,
                        splits=splits, refresh=True)
    except Exception as exc:  # noqa: BLE001 - monitor report computes it on first use instead
        log.warning("monitoring reference not written (meddx monitor report will compute it): "
                    "%s", type(exc).__name__)
        return
    log.info("monitoring reference written in %.1f s", time.monotonic() - started)


def _log_to_registry(run: RunDir, cfg: RunConfig, metrics: dict, card: dict, env: dict,
                     quiet: bool) -> None:
    """MLflow lineage and registration; a failure is logged and never fails the finished run.
    With ``quiet``, MLflow's own INFO lines are not printed (its warnings are)."""
    started = time.monotonic()
    try:
        from meddx.registry import log_training_run, mlflow_quiet

        with mlflow_quiet(quiet):
            info = log_training_run(run.path, config=cfg, metrics=metrics, card=card, env=env)
    except Exception as exc:  # noqa: BLE001 - the run is complete; the registry is optional
        from meddx.registry import safe_uri

        first = str(exc).splitlines()[0] if str(exc) else ""
        log.warning("registry: MLflow logging failed, the run is complete without it: %s: %s",
                    type(exc).__name__, safe_uri(first)[:300])
        return
    where = f"; registered {info['model_name']} version {info['version']} (alias candidate)" \
        if info.get("version") else ""
    log.info("registry: logged to MLflow run %s at %s in %.1f s%s", info["run_id"],
             info["tracking_uri"], time.monotonic() - started, where)


def _notes(cfg: RunConfig, card: dict) -> list[str]:
    notes = [f"Duplicates: {card['duplicates_policy_text']}."]
    if card["dropped_by_reason"]:
        parts = ", ".join(f"{k}: {v}" for k, v in card["dropped_by_reason"].items())
        notes.append(f"Rows dropped: {parts}.")
    leak = card["leakage"]
    if leak["texts_in_several_splits"] or leak["patients_in_several_splits"]:
        notes.append(
            f"Warning: {leak['texts_in_several_splits']} texts and "
            f"{leak['patients_in_several_splits'] or 0} patients occur in more than one split "
            "(the predefined split column allows it); test scores may be optimistic."
        )
        log.warning("leakage across predefined splits: %s", leak)
    strategy = cfg.train.imbalance.strategy
    imbalance = IMBALANCE_STRATEGIES.get(strategy)
    counts = [c for c in card["splits"].get("train", {}).get("labels", {}).values() if c]
    ratio = (f"the training split's largest class is {max(counts) / min(counts):.1f} times "
             "its smallest; " if len(counts) > 1 else "")
    notes.append(
        f"Class imbalance: {ratio}"
        + (f"no correction applied (train.imbalance.strategy: {strategy})"
           if not imbalance.corrects else f"corrected with {strategy}")
        + (f" (weights: {cfg.train.imbalance.class_weights})"
           if imbalance.class_weights else "") + "."
    )
    trunc = card.get("truncation")
    if trunc and trunc["n_truncated"]:
        notes.append(
            f"Truncation: {trunc['n_truncated']} of {trunc['n_notes']} notes "
            f"({trunc['share_truncated']:.0%}) are longer than the {trunc['window_tokens']}-token "
            f"window; with prep.long_text '{trunc['long_text']}' the model does not see a median "
            f"{trunc['median_share_dropped_of_truncated']:.0%} of their tokens.")
    notes.append(f"Preparation: {'; '.join(card['prep_steps'])}.")
    return notes


def _report(run: RunDir, cfg, corpus, results, card, history, env, notes,
            metrics: dict) -> None:
    from meddx.evaluate import write_report

    served = metrics.get("served", {})
    model = f"{Path(cfg.model.name).name} ({cfg.model.mode})"
    names = {"model": f"{model}, calibrated ({served['calibrator']})"
             if served.get("probabilities") == "calibrated" else model,
             "model_uncalibrated": f"{model}, uncalibrated", "baseline": "TF-IDF baseline"}
    sentence = None
    if served.get("probabilities") == "calibrated":
        sentence = (f"The first row is what `meddx predict` and `meddx serve` return: "
                    f"probabilities calibrated by {served['calibrator']} (fitted on the "
                    "validation split); the uncalibrated row is the network's own output.")
    if served.get("blend"):
        w = served["blend"]["weight"]
        names["model"] = f"{model} + TF-IDF baseline (weight {w:g}), calibrated " \
                         f"({served['calibrator']})"
        names["model_unblended"] = f"{model} alone, calibrated"
        sentence = (f"The first row is what `meddx predict` and `meddx serve` return: the "
                    f"model's probabilities blended with the TF-IDF baseline's (weight {w:g}), "
                    f"then calibrated by {served['calibrator']}, both chosen on the validation "
                    "split. Beside it: the model alone, calibrated; the network's own output; "
                    "the baseline.")
    write_report(
        run.path / "report.html",
        title=f"meddx report: run {run.path.name}",
        task=corpus.task,
        labels=corpus.labels,
        results={names.get(k, k): v for k, v in results.items()},
        data_card=card,
        config=cfg.model_dump(mode="json"),
        history=history,
        environment=env,
        notes=notes,
        verdict=metrics.get("verdict"),
        verdict_alone=metrics.get("verdict_unblended"),
        training=metrics.get("training"),
        served=sentence,
    )
