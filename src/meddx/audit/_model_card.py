"""``model_card.md`` for a run, in the Hugging Face model-card format.

YAML front matter (library, pipeline tag, tags, a ``model-index`` with the test metrics)
followed by Markdown sections: model details, intended use, training data, de-identification,
evaluation, subgroup results, calibration, known limitations, ethical considerations and how
to report problems. It is built only from the run's JSON files (config, data card, metrics,
audit): no note text ever reaches it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from meddx._io import atomic_write_text
from meddx.errors import RunError

__all__ = ["MODEL_CARD_FILE", "SECTIONS", "write_model_card"]

MODEL_CARD_FILE = "model_card.md"
SECTIONS = (
    "Model details",
    "Intended use",
    "Training data",
    "De-identification",
    "Evaluation",
    "Subgroup results",
    "Calibration",
    "Known limitations",
    "Ethical considerations",
    "How to report problems",
)
_HEADLINE = (("accuracy", "Accuracy", "accuracy"), ("macro_f1", "Macro F1", "f1"),
             ("macro_auroc", "Macro AUROC", "roc_auc"), ("macro_auprc", "Macro AUPRC", "average_precision"),
             ("ece", "ECE", "ece"), ("brier", "Brier score", "brier"))


def _read(path: Path) -> dict[str, Any] | None:
    if not path.is_file():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise RunError(f"{path}: not valid JSON ({exc.msg}, line {exc.lineno})") from None


def _fmt(x: Any, digits: int = 3) -> str:
    return "n/a" if x is None else f"{x:.{digits}f}"


def _ci(ci: Any) -> str:
    if not ci or ci[0] is None:
        return ""
    return f" [{ci[0]:.3f}, {ci[1]:.3f}]"


def write_model_card(
    run_dir: str | Path,
    *,
    audit: dict[str, Any] | None = None,
    contact: str | None = None,
    out: str | Path | None = None,
) -> Path:
    """Write ``RUN/model_card.md`` (or ``out``) and return its path.

    Reads ``config.yaml``, ``data_card.json``, ``metrics.json``, ``model/meddx_model.json``
    and ``audit.json`` (unless ``audit`` is given). ``contact`` is who receives problem
    reports; without it the card tells readers to contact the team that deployed the model.
    """
    run = Path(run_dir)
    if not (run / "config.yaml").is_file():
        raise RunError(f"'{run}' is not a meddx run (no config.yaml)")
    config = yaml.safe_load((run / "config.yaml").read_text(encoding="utf-8")) or {}
    card = _read(run / "data_card.json") or {}
    metrics = _read(run / "metrics.json") or {}
    manifest = _read(run / "model" / "meddx_model.json") or {}
    if audit is None:
        audit = _read(run / "audit.json")
    name = run.name
    text = "\n".join([
        _front_matter(name, config, card, metrics),
        f"# Model card: {name}\n",
        "A diagnostic text classifier trained with meddx. It reads a clinical note and returns "
        "a probability for each diagnosis label. It supports clinicians; it does not replace "
        "them.\n",
        _details(config, card, manifest),
        _intended_use(card),
        _training_data(config, card),
        _deid(card),
        _evaluation(metrics),
        _subgroups(audit),
        _calibration(audit, metrics),
        _privacy(metrics, _read(run / "privacy_audit.json")),
        _limitations(card, audit),
        _ethics(),
        _report(contact),
    ])
    path = Path(out) if out is not None else run / MODEL_CARD_FILE
    atomic_write_text(path, text)
    return path


def _front_matter(name: str, config: dict, card: dict, metrics: dict) -> str:
    model = metrics.get("model") or {}
    results = [{"type": kind, "name": title, "value": round(float(model[key]), 4)}
               for key, title, kind in _HEADLINE if model.get(key) is not None]
    meta: dict[str, Any] = {
        "language": ["en"],
        "license": "other",
        "library_name": "meddx",
        "pipeline_tag": "text-classification",
        "tags": ["meddx", "clinical-text", "text-classification", "decision-support"],
    }
    if results:
        meta["model-index"] = [{
            "name": name,
            "results": [{
                "task": {"type": "text-classification", "name": "Diagnosis classification"},
                "dataset": {"name": Path(str(card.get("source", "local data"))).name,
                            "type": "local", "split": "test"},
                "metrics": results,
            }],
        }]
    return "---\n" + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True) + "---\n"


def _details(config: dict, card: dict, manifest: dict) -> str:
    model = config.get("model", {})
    name = str(model.get("name", "unknown"))
    shown = name if "/" not in name and "\\" not in name else Path(name).name + " (local folder)"
    labels = card.get("labels") or manifest.get("labels") or []
    return "\n".join([
        "## Model details\n",
        f"- Encoder: {shown}; training mode: {model.get('mode', 'n/a')}",
        f"- Task: {card.get('task', manifest.get('task', 'n/a'))} over {len(labels)} labels: "
        + ", ".join(f"`{lab}`" for lab in labels),
        f"- Backend: {manifest.get('kind', 'n/a')}; max tokens per window: "
        f"{config.get('prep', {}).get('max_length', 'n/a')}",
        "- Built with meddx; the resolved config is `config.yaml` in the run directory.\n",
    ])


def _intended_use(card: dict) -> str:
    return "\n".join([
        "## Intended use\n",
        "### Direct use\n",
        "Decision support: suggesting likely diagnoses for a clinician to review, triaging or "
        "prioritising notes for review, and research on the data it was trained on. A "
        "qualified person must confirm every output.\n",
        "### Out-of-scope use\n",
        "- **Never the sole basis for a diagnosis or a treatment decision.**",
        "- Populations, note types, languages, sites or time periods unlike the training data "
        "without a new evaluation on them.",
        "- Labels outside the list above: the model always answers with one of its labels.",
        "- Any use that has not been through local clinical governance.\n",
    ])


def _training_data(config: dict, card: dict) -> str:
    if not card:
        return "## Training data\n\nNo data card was found in the run directory.\n"
    lines = ["## Training data\n",
             f"- File: `{Path(str(card.get('source', 'n/a'))).name}` (SHA-256 "
             f"`{str(card.get('file_sha256', ''))[:16]}…`)",
             f"- Rows used: {card.get('n_rows_used', 'n/a')}; dropped: "
             f"{card.get('n_rows_dropped', 0)}"
             + (f" ({', '.join(f'{k}: {v}' for k, v in card['dropped_by_reason'].items())})"
                if card.get("dropped_by_reason") else ""),
             f"- Duplicates: {card.get('duplicates_policy_text', card.get('duplicates_policy', 'n/a'))}",
             f"- Split grouping: {card.get('split_grouping', 'n/a')}"
             + (f"; patients: {card['n_patients']}" if card.get("n_patients") else ""),
             ""]
    splits = card.get("splits") or {}
    labels = card.get("labels") or []
    if splits:
        lines.append("| split | n | " + " | ".join(labels) + " |")
        lines.append("| --- | ---: |" + " ---: |" * len(labels))
        for split, info in splits.items():
            counts = info.get("labels", {})
            lines.append(f"| {split} | {info.get('n', '')} | "
                         + " | ".join(str(counts.get(lab, "")) for lab in labels) + " |")
        lines.append("")
    groups = card.get("group_columns")
    if groups:
        lines.append("Group columns recorded: " + "; ".join(
            f"{col} ({', '.join(f'{k}: {v}' for k, v in counts.items())})"
            for col, counts in groups.items()) + ".\n")
    leak = card.get("leakage") or {}
    if leak.get("texts_in_several_splits") or leak.get("patients_in_several_splits"):
        lines.append(f"Warning: {leak.get('texts_in_several_splits', 0)} texts and "
                     f"{leak.get('patients_in_several_splits') or 0} patients occur in more than "
                     "one split; test figures may be optimistic.\n")
    return "\n".join(lines)


def _deid(card: dict) -> str:
    deid = card.get("deid")
    if not deid or not deid.get("enabled"):
        return ("## De-identification\n\nThe training notes were **not de-identified** by meddx. "
                "Treat the model, its run directory and its outputs as possibly derived from "
                "protected health information.\n")
    parts = [f"mode `{deid.get('mode', 'n/a')}`"]
    if deid.get("detectors"):
        parts.append("detectors " + ", ".join(f"`{d}`" for d in deid["detectors"]))
    lines = ["## De-identification\n",
             "The notes were de-identified by meddx before splitting and training: "
             + "; ".join(parts) + "."]
    if deid.get("n_texts") is not None:
        lines.append(f"{deid.get('n_spans', 0)} spans were replaced in "
                     f"{deid.get('n_texts_with_phi', 0)} of {deid['n_texts']} notes"
                     + (" (" + ", ".join(f"{k}: {v}" for k, v in deid["counts_by_type"].items())
                        + ")" if deid.get("counts_by_type") else "") + ".")
    lines.append("Automatic de-identification misses some identifiers; it lowers the risk, it "
                 "does not remove it.\n")
    return "\n".join(lines)


def _evaluation(metrics: dict) -> str:
    names = [n for n in ("model", "baseline") if isinstance(metrics.get(n), dict)]
    if not names:
        return "## Evaluation\n\nNo metrics were found in the run directory.\n"
    level = metrics[names[0]].get("ci_level", 0.95)
    lines = ["## Evaluation\n",
             f"On the held-out {metrics.get('split', 'test')} split (n = "
             f"{metrics[names[0]].get('n', 'n/a')}), with {level:.0%} bootstrap intervals "
             f"({metrics[names[0]].get('n_boot', 'n/a')} resamples). The baseline is TF-IDF + "
             "logistic regression on the same split.\n",
             "| metric | " + " | ".join(names) + " |",
             "| --- |" + " --- |" * len(names)]
    for key, title, _ in _HEADLINE:
        cells = [_fmt(metrics[n].get(key)) + _ci(metrics[n].get("ci95", {}).get(key))
                 for n in names]
        lines.append(f"| {title} | " + " | ".join(cells) + " |")
    per_class = metrics["model"].get("per_class") if "model" in metrics else None
    if per_class:
        lines += ["", "Per class (model):", "",
                  "| class | support | precision | recall | specificity | F1 | AUROC |",
                  "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
        for lab, f in per_class.items():
            lines.append(f"| {lab} | {f.get('support')} | {_fmt(f.get('precision'))} | "
                         f"{_fmt(f.get('recall'))} | {_fmt(f.get('specificity'))} | "
                         f"{_fmt(f.get('f1'))} | {_fmt(f.get('auroc'))} |")
    return "\n".join(lines) + "\n"


def _subgroups(audit: dict | None) -> str:
    if not audit or not audit.get("subgroups"):
        return ("## Subgroup results\n\nNo subgroup audit has been run: run `meddx audit RUN "
                "--groups COLUMNS` to add one. Performance in subgroups is unknown.\n")
    data = audit.get("data", {})
    lines = ["## Subgroup results\n",
             f"From `meddx audit` on the {data.get('kind', 'audited data')} "
             f"(n = {data.get('n', 'n/a')}, {audit.get('probabilities', 'raw')} probabilities).\n"]
    for column, groups in audit["subgroups"].items():
        lines += [f"### {column}\n", "| group | support | accuracy | ECE |",
                  "| --- | ---: | ---: | ---: |"]
        for group, f in groups.items():
            lines.append(f"| {group} | {f['support']} | {_fmt(f.get('accuracy'))} | "
                         f"{_fmt(f.get('ece'))} |")
        lines.append("")
    flagged = [g for g in audit.get("gaps", []) if g.get("flagged")]
    settings = audit.get("settings", {})
    lines.append(f"Gaps are flagged when their {settings.get('ci', 0.95):.0%} interval excludes no "
                 f"difference and they exceed the tolerance ({settings.get('tolerance', 'n/a')}; "
                 f"parity ratio below {1 - settings.get('ratio_tolerance', 0.2):.2f}).\n")
    if flagged:
        lines += [f"**{len(flagged)} flagged gap(s):**\n",
                  "| group column | class | gap | value | interval | groups (higher, lower) |",
                  "| --- | --- | --- | ---: | --- | --- |"]
        for g in flagged:
            lines.append(f"| {g['group_column']} | {g.get('class')} | {g['metric']} | "
                         f"{_fmt(g['value'])} |{_ci(g['ci95'])} | {g.get('higher_group')}, "
                         f"{g.get('lower_group')} |")
        lines.append("")
    else:
        lines.append("No gap was flagged.\n")
    for warning in audit.get("warnings", []):
        lines.append(f"- Warning: {warning}")
    return "\n".join(lines) + "\n"


def _calibration(audit: dict | None, metrics: dict) -> str:
    cal = (audit or {}).get("calibration") or {}
    if cal.get("method"):
        return "\n".join([
            "## Calibration\n",
            f"Method: {cal['method']} ({cal.get('source', 'fitted on the validation split')}, "
            f"{cal.get('n_validation', 'n/a')} validation rows). On the audited data "
            f"(n = {cal.get('n', 'n/a')}):\n",
            "| | before | after |", "| --- | ---: | ---: |",
            f"| ECE | {_fmt(cal.get('ece_before'), 4)} | {_fmt(cal.get('ece_after'), 4)} |",
            f"| Brier score | {_fmt(cal.get('brier_before'), 4)} | "
            f"{_fmt(cal.get('brier_after'), 4)} |",
            f"| NLL | {_fmt(cal.get('nll_before'), 4)} | {_fmt(cal.get('nll_after'), 4)} |\n",
        ])
    ece = (metrics.get("model") or {}).get("ece")
    return ("## Calibration\n\nNo calibration has been fitted; the uncalibrated test ECE is "
            f"{_fmt(ece, 4)}. Probabilities may be over- or under-confident.\n")



def _dp_phases(phases) -> str:
    """The phases of a multi-phase DP recipe (DP-LoRA), composed into the epsilon above."""
    if not phases:
        return ""
    parts = [f"{p['phase']} (noise multiplier {p['noise_multiplier']:.4f}, sample rate "
             f"{p['sample_rate']:.4f}, {p['steps']} steps)" for p in phases]
    return (f" In {len(parts)} phases, composed by one accountant into that epsilon: "
            + ", then ".join(parts) + "; the noise multiplier and sample rate above are the "
            "last phase's, the steps all phases'.")


def _privacy(metrics: dict, attack: dict | None) -> str:
    """Differential privacy spent (metrics.json 'privacy') and the membership-inference audit
    (privacy_audit.json), when the run has them; empty otherwise."""
    dp = metrics.get("privacy")
    canaries = (attack or {}).get("canaries") or metrics.get("canaries")
    if not dp and not attack and not canaries:
        return ""
    lines = ["## Privacy\n"]
    if dp:
        lines += [
            f"Trained with differential privacy (DP-SGD, Opacus): epsilon = {dp['epsilon']:.3f} "
            f"(target {dp.get('target_epsilon', 'n/a')}), delta = {dp['delta']:.2e}, accountant "
            f"{dp['accountant']}, noise multiplier {dp['noise_multiplier']:.4f}, per-note "
            f"clipping norm {dp.get('max_grad_norm', 'n/a')}, sample rate "
            f"{dp['sample_rate']:.4f}, {dp['steps']} steps"
            + ("" if dp.get("poisson_sampling", True) else
               " (fixed-size batches: the accounting assumes Poisson sampling and does not "
               "strictly hold)") + "." + _dp_phases(dp.get("phases")) + "\n",
            "The guarantee covers the weights trained on the training notes. It does not cover "
            "calibration or decision thresholds fitted on the validation split, the TF-IDF "
            "baseline (trained without DP; do not share `baseline/`), or the cached embeddings "
            "in the run directory.\n"]
    else:
        lines.append("Trained without differential privacy.\n")
    if attack:
        lines += ["Membership inference (`meddx privacy-audit`): members are training notes, "
                  f"non-members held-out notes (n = {attack.get('n_members')} + "
                  f"{attack.get('n_nonmembers')}), {attack.get('ci_level', 0.95):.0%} bootstrap "
                  "intervals. AUC 0.5 means the attack cannot tell them apart.\n",
                  "| attack | AUC | TPR at 1% FPR | TPR at 0.1% FPR |",
                  "| --- | ---: | ---: | ---: |"]
        for name, r in (attack.get("attacks") or {}).items():
            lines.append(f"| {name} | {_fmt(r['auc'])}{_ci(r['ci']['auc'])} | "
                         f"{_fmt(r['tpr_at_1pct_fpr'])}{_ci(r['ci']['tpr_at_1pct_fpr'])} | "
                         f"{_fmt(r['tpr_at_0p1pct_fpr'])}{_ci(r['ci']['tpr_at_0p1pct_fpr'])} |")
        cal = attack.get("calibrated")
        if cal:
            lines.append(f"\nThe calibrated attack subtracts each note's loss under the mean "
                         f"probabilities of {cal['reference_models']} reference heads fitted on "
                         f"{cal['reference_pool']} (Watson et al. 2022); it attacks "
                         f"{cal['n_members']} members, a random half of the training split.")
        lines.append("")
    if canaries:
        lines.append(
            f"Canary exposure (Carlini et al., 'The Secret Sharer'): {canaries['n_canaries']} "
            "fake-PHI sentences were planted in training notes after de-identification; mean "
            f"exposure {canaries['mean_exposure']:.2f} bits (max {canaries['max_exposure']:.2f}"
            f" of {canaries['max_exposure_possible']:.2f} measurable; extrapolated mean "
            f"{canaries['mean_exposure_extrapolated']:.2f}), {canaries['n_extracted']} of "
            f"{canaries['n_canaries']} extracted by greedy decoding from their prefix. About "
            "1 bit means not memorised; high exposure means identifiers that slip through "
            "de-identification can be recovered from the model.\n")
    return "\n".join(lines)


def _limitations(card: dict, audit: dict | None) -> str:
    lines = ["## Known limitations\n",
             "- Trained and tested on one dataset; figures on other sites, note types or time "
             "periods can be much worse. Evaluate locally (`meddx evaluate RUN --data FILE`).",
             "- The model sees only the note text, not the chart, imaging or the patient.",
             "- Labels come from the source data and may themselves be wrong."]
    if card.get("n_rows_dropped"):
        lines.append(f"- {card['n_rows_dropped']} rows were dropped before training (see the "
                     "training data section); the model has not seen notes like them.")
    splits = (card.get("splits") or {}).get("train", {}).get("labels", {})
    if splits:
        rare = [lab for lab, n in splits.items() if n < 50]
        if rare:
            lines.append("- Few training examples (< 50) for: " + ", ".join(rare) + ".")
    if not audit:
        lines.append("- Subgroup performance has not been audited.")
    elif any(g.get("flagged") for g in audit.get("gaps", [])):
        lines.append("- The subgroup audit flagged performance gaps (see above).")
    return "\n".join(lines) + "\n"


def _ethics() -> str:
    return "\n".join([
        "## Ethical considerations\n",
        "- Clinical notes are sensitive: keep the model, run directory and outputs under the "
        "same protections as the notes.",
        "- Errors fall on patients. False negatives can delay care; false positives can lead to "
        "unnecessary tests. Choose decision thresholds for the clinical use, on validation data.",
        "- Differences between patient groups can reflect, and reinforce, inequities in care and "
        "documentation. Audit subgroups before use and monitor them after.",
        "- People affected by the model's outputs should be able to learn that a model was "
        "involved and to have a clinician review the decision.\n",
    ])


def _report(contact: str | None) -> str:
    who = contact or "the team that trained or deployed this model"
    return "\n".join([
        "## How to report problems\n",
        f"Report wrong or harmful outputs, suspected bias, or privacy concerns to {who}. Include "
        "the run name, the date and the note's id (never the note text or other patient "
        "details in an unsecured channel). Problems with meddx itself go to the meddx issue "
        "tracker.\n",
    ])
