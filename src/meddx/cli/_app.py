"""The ``meddx`` command line. It only parses options and calls the library."""

from __future__ import annotations

import os
from datetime import UTC
from pathlib import Path
from typing import Annotated, Any

import typer

from meddx.cli._common import Quiet, TrackingUri, handle_errors, model_path, set_overrides, split_list

app = typer.Typer(
    name="meddx",
    help="Train, evaluate and use diagnostic text classifiers on clinical notes, offline.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

Model = Annotated[str, typer.Argument(
    help="Run directory, or registry URI (models:/NAME@champion, models:/NAME/3).")]


def _data_flags(
    tree: dict[str, Any], *, data=None, text_column=None, label_column=None, label_columns=None,
    label_delimiter=None, id_column=None, patient_column=None, group_columns=None,
    on_invalid=None,
) -> None:
    set_overrides(tree, "data.path", str(data) if data else None)
    set_overrides(tree, "data.text_column", text_column)
    set_overrides(tree, "data.label_column", label_column)
    set_overrides(tree, "data.label_columns", split_list(label_columns))
    set_overrides(tree, "data.label_delimiter", label_delimiter)
    set_overrides(tree, "data.id_column", id_column)
    set_overrides(tree, "data.patient_column", patient_column)
    set_overrides(tree, "data.group_columns", split_list(group_columns))
    set_overrides(tree, "data.on_invalid", on_invalid)


def _print_metrics(metrics: dict, run_dir: Path | None = None) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    table = Table(title="test split" if run_dir else "evaluation")
    table.add_column("metric")
    names = [n for n in ("model", "model_uncalibrated", "baseline") if n in metrics]
    served = (metrics.get("served") or {}).get("probabilities")
    heads = {"model": f"model ({served}, as served)" if served else "model",
             "model_uncalibrated": "uncalibrated", "baseline": "TF-IDF baseline"}
    for n in names:
        table.add_column(heads[n], justify="right")
    for key in ("accuracy", "macro_f1", "macro_auroc", "macro_auprc", "ece", "brier"):
        row = [key]
        for n in names:
            value = metrics[n].get(key)
            ci = metrics[n].get("ci95", {}).get(key)
            cell = "n/a" if value is None else f"{value:.3f}"
            if ci and ci[0] is not None:
                cell += f" [{ci[0]:.3f}, {ci[1]:.3f}]"
            row.append(cell)
        table.add_row(*row)
    console = Console(highlight=False)
    console.print(table)
    verdict = metrics.get("verdict")
    if verdict:
        style = {"worse": "bold red", "better": "green"}.get(verdict["verdict"], "yellow")
        console.print(f"[{style}]Verdict:[/] {escape(verdict['sentence'])}")
    training = metrics.get("training")
    if training and training.get("reason") != "completed":
        console.print(f"[yellow]Training stopped early:[/] {escape(training['sentence'])}")
    if "privacy" in metrics:
        p = metrics["privacy"]
        console.print(f"differential privacy: epsilon {p['epsilon']:.3f} (delta {p['delta']:.2e}, "
                      f"{p['accountant']}, noise {p['noise_multiplier']:.3f}, {p['steps']} steps)")
    if run_dir is not None:
        console.print(f"run directory: {run_dir}  (report: {run_dir / 'report.html'})")


@app.command()
@handle_errors
def train(
    config: Annotated[Path | None, typer.Argument(help="YAML run config (optional).")] = None,
    data: Annotated[Path | None, typer.Option(help="CSV, JSONL, Parquet or HF folder.")] = None,
    text_column: Annotated[str | None, typer.Option(help="Column with the note text.")] = None,
    label_column: Annotated[str | None, typer.Option(help="Column with the label(s).")] = None,
    label_columns: Annotated[
        str | None, typer.Option(help="Comma-separated 0/1 label columns (multilabel).")
    ] = None,
    label_delimiter: Annotated[
        str | None, typer.Option(help="Split label_column on this (multilabel), e.g. '|'.")
    ] = None,
    id_column: Annotated[str | None, typer.Option(help="Unique id column.")] = None,
    patient_column: Annotated[
        str | None, typer.Option(help="Patient id: a patient's notes share one split.")
    ] = None,
    group_columns: Annotated[
        str | None, typer.Option(help="Comma-separated demographic columns to keep.")
    ] = None,
    on_invalid: Annotated[str | None, typer.Option(help="error (default) or drop.")] = None,
    model: Annotated[str | None, typer.Option(help="Preset name or local model folder.")] = None,
    mode: Annotated[str | None, typer.Option(
        help="Encoder: full, lora, frozen or setfit. Causal LM: zero-shot, few-shot, lora, seqcls "
        "or rag."
    )] = None,
    template: Annotated[str | None, typer.Option(
        help="Causal LM: prompt template name (meddx prompts list) or Jinja2 file.")] = None,
    few_shot_k: Annotated[int | None, typer.Option(help="Causal LM: in-context examples.")] = None,
    kb: Annotated[Path | None, typer.Option(
        help="Causal LM, mode rag: knowledge base (default: the training split).")] = None,
    epochs: Annotated[float | None, typer.Option(help="Training epochs.")] = None,
    max_length: Annotated[int | None, typer.Option(help="Tokens per window.")] = None,
    max_steps: Annotated[int | None, typer.Option(help="Stop after N optimizer steps.")] = None,
    seed: Annotated[int | None, typer.Option(help="Training seed.")] = None,
    name: Annotated[str | None, typer.Option(help="Run name (default: a timestamp).")] = None,
    out: Annotated[Path | None, typer.Option(help="Folder for runs (default: runs).")] = None,
    mitigation: Annotated[str | None, typer.Option(
        help="Subgroup-gap mitigation: none, reweighting, resampling, threshold or adversarial "
        "(fairness.mitigation; see docs/audit.md).")] = None,
    mitigation_group: Annotated[str | None, typer.Option(
        help="The group column to mitigate over (fairness.group_column); added to "
        "--group-columns if missing.")] = None,
    leak_allow: Annotated[Path | None, typer.Option(
        help="Leakage scan allow-list: a reviewed file of strings judged not PHI, one per line "
        "(deid.leak_allow_list).")] = None,
    resume: Annotated[bool, typer.Option(help="Continue an interrupted run.")] = False,
    dp_epsilon: Annotated[float | None, typer.Option(
        help="Train with differential privacy (DP-SGD) to this target epsilon "
        "(privacy.epsilon; modes frozen, lora, full).")] = None,
    quiet: Quiet = False,
) -> None:
    """Train a model and the TF-IDF baseline, evaluate both, write runs/NAME/."""
    from meddx.config import load_config
    from meddx.pipeline import train_run

    tree: dict[str, Any] = {}
    _data_flags(tree, data=data, text_column=text_column, label_column=label_column,
                label_columns=label_columns, label_delimiter=label_delimiter,
                id_column=id_column, patient_column=patient_column,
                group_columns=group_columns, on_invalid=on_invalid)
    set_overrides(tree, "model.name", model)
    set_overrides(tree, "model.mode", mode)
    set_overrides(tree, "llm.template", template)
    set_overrides(tree, "llm.few_shot_k", few_shot_k)
    set_overrides(tree, "llm.kb_path", str(kb.resolve()) if kb else None)  # serve from anywhere
    set_overrides(tree, "train.epochs", epochs)
    set_overrides(tree, "prep.max_length", max_length)
    set_overrides(tree, "train.max_steps", max_steps)
    set_overrides(tree, "train.seed", seed)
    set_overrides(tree, "name", name)
    set_overrides(tree, "out_dir", str(out) if out else None)
    set_overrides(tree, "deid.leak_allow_list", str(leak_allow.resolve()) if leak_allow else None)
    if mitigation_group:  # the column to mitigate over must be kept: add it to the groups
        columns = load_config(config, tree).data.group_columns
        if mitigation_group not in columns:
            set_overrides(tree, "data.group_columns", [*columns, mitigation_group])
    set_overrides(tree, "fairness.mitigation", mitigation)
    set_overrides(tree, "fairness.group_column", mitigation_group)
    set_overrides(tree, "privacy.epsilon", dp_epsilon)
    cfg = load_config(config, tree)
    result = train_run(cfg, resume=resume, quiet=quiet)
    if result is not None:
        _print_metrics(result.metrics, result.run_dir)


@app.command()
@handle_errors
def demo(
    out: Annotated[Path, typer.Option(help="Folder for runs.")] = Path("runs"),
    name: Annotated[str | None, typer.Option(help="Run name (default: demo-TIMESTAMP).")] = None,
    mode: Annotated[str | None, typer.Option(help="full, lora or frozen.")] = None,
    quiet: Quiet = False,
) -> None:
    """The main job: train and evaluate the default model on the bundled corpus."""
    from datetime import datetime

    from meddx.config import load_config
    from meddx.data import demo_path
    from meddx.pipeline import train_run

    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    tree: dict[str, Any] = {"data": {"path": str(demo_path())}, "out_dir": str(out),
                            "name": name or f"demo-{stamp}"}
    set_overrides(tree, "model.mode", mode)
    cfg = load_config(demo_path().with_name("demo.yaml"), tree)
    result = train_run(cfg, quiet=quiet)
    if result is not None:
        _print_metrics(result.metrics, result.run_dir)


@app.command()
@handle_errors
def evaluate(
    run: Model,
    data: Annotated[Path, typer.Option(help="Labelled file to evaluate on.")],
    text_column: Annotated[str | None, typer.Option(help="Text column (default: as trained).")] = None,
    label_column: Annotated[str | None, typer.Option(help="Label column (default: as trained).")] = None,
    out: Annotated[Path | None, typer.Option(help="Write metrics JSON here.")] = None,
    tracking_uri: TrackingUri = None,
    quiet: Quiet = False,
) -> None:
    """Evaluate a trained run (model and baseline) on any labelled file. A registered model
    (models:/NAME@ALIAS) needs --out outside its run folder: that folder is never written to.
    For a run folder the default is RUN/evaluations/."""
    from meddx.errors import ConfigError
    from meddx.pipeline import evaluate_run

    tree: dict[str, Any] = {}
    _data_flags(tree, text_column=text_column, label_column=label_column)
    run_dir = model_path(run, tracking_uri)
    if run.startswith("models:/"):
        if out is None:
            raise ConfigError(f"'{run}' is a registered model: its run folder is never written "
                              "to; give --out PATH for the metrics JSON")
        if Path(out).resolve().is_relative_to(Path(run_dir).resolve()):
            raise ConfigError(f"--out '{out}' is inside the registered run's folder "
                              f"'{run_dir}'; write the metrics elsewhere")
    metrics, path = evaluate_run(run_dir, data, overrides=tree.get("data", {}), out=out,
                                 quiet=quiet)
    _print_metrics(metrics)
    print(f"metrics written to {path}")


@app.command()
@handle_errors
def predict(
    run: Model,
    input: Annotated[Path, typer.Option("--input", help="CSV, JSONL or Parquet of notes.")],
    output: Annotated[Path, typer.Option("--output", help="Write predictions (.csv/.jsonl).")],
    text_column: Annotated[str | None, typer.Option(help="Text column (default: as trained).")] = None,
    id_column: Annotated[str | None, typer.Option(help="Id column to copy to the output.")] = None,
    include_text: Annotated[
        bool, typer.Option(help="Copy the note text into the output (off: PHI stays out).")
    ] = False,
    tracking_uri: TrackingUri = None,
    quiet: Quiet = False,
) -> None:
    """Predict labels and probabilities for new notes with a trained run, offline."""
    from meddx.serve import predict_file

    n = predict_file(model_path(run, tracking_uri), input, output, text_column=text_column,
                     id_column=id_column, include_text=include_text, quiet=quiet)
    print(f"{n} predictions written to {output}")


@app.command()
def models() -> None:
    """List model presets (any local Hugging Face folder works too)."""
    from meddx.models import PRESETS

    for name, preset in PRESETS.items():
        print(f"{name}: {preset.description}")


@app.command("config")
def config_doc() -> None:
    """Print the reference of every config field (Markdown), as in docs/config.md."""
    from meddx.cli._config_doc import config_reference

    print(config_reference())


def main() -> None:
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    app()
