"""``meddx train | demo | evaluate | predict | models | config``: a run from end to end. The
options of ``train`` are generated from the config fields (:mod:`meddx.cli._flags`)."""

from __future__ import annotations

from datetime import UTC
from pathlib import Path
from typing import Annotated, Any

import typer

from meddx.cli._common import ConfigFile, Quiet, RunOrUri, TrackingUri, handle_errors, model_path
from meddx.cli._flags import AS_TRAINED, Flag, config_flags, described, put

__all__ = ["DATA_FLAGS", "commands", "print_metrics"]

commands = typer.Typer()

# The data options that train and federate share: config field data.X, option --X.
DATA_FLAGS = (
    Flag("data.path", name="data", kind=Path),
    Flag("data.text_column"),
    Flag("data.label_column"),
    Flag("data.label_columns", note="Comma-separated."),
    Flag("data.label_delimiter"),
    Flag("data.id_column"),
    Flag("data.patient_column"),
    Flag("data.group_columns", note="Comma-separated."),
    Flag("data.on_invalid"),
)
TRAIN_FLAGS = (
    *DATA_FLAGS,
    Flag("model.name", name="model"),
    Flag("model.mode"),
    Flag("llm.template"),
    Flag("llm.few_shot_k"),
    Flag("llm.kb_path", name="kb", kind=Path, resolve=True),  # the run is served from anywhere
    Flag("train.epochs"),
    Flag("prep.max_length"),
    Flag("train.max_steps"),
    Flag("train.seed"),
    Flag("train.precision"),
    Flag("name"),
    Flag("out_dir", name="out", kind=Path),
    Flag("fairness.mitigation", note="See docs/audit.md."),
    Flag("fairness.group_column", name="mitigation_group",
         note="Added to --group-columns if missing."),
    Flag("deid.leak_allow_list", name="leak_allow", kind=Path, resolve=True),
    Flag("privacy.epsilon", name="dp_epsilon"),
)


def print_metrics(metrics: dict, run_dir: Path | None = None) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    table = Table(title="test split" if run_dir else "evaluation")
    table.add_column("metric")
    names = [n for n in ("model", "model_unblended", "model_uncalibrated", "baseline")
             if n in metrics]
    served = (metrics.get("served") or {}).get("probabilities")
    blend = (metrics.get("served") or {}).get("blend")
    if blend:
        served = f"+ baseline x{blend['weight']:g}, {served}"
    heads = {"model": f"model ({served}, as served)" if served else "model",
             "model_unblended": "alone, calibrated", "model_uncalibrated": "uncalibrated",
             "baseline": "TF-IDF baseline"}
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
        alone = metrics.get("verdict_unblended")
        if alone:  # the served blend holds the baseline: the model alone against it too
            console.print(f"Without the blend: {escape(alone['sentence'])}")
    check = metrics["model"].get("ece_if_calibrated") if "model" in metrics else None
    if check:  # is the ECE more than the test split's size explains?
        from meddx.evaluate import calibration_sentence

        style = "green" if check["consistent"] else "yellow"
        console.print(f"[{style}]Calibration:[/] {escape(calibration_sentence(check))}")
    training = metrics.get("training")
    if training and training.get("reason") != "completed":
        console.print(f"[yellow]Training stopped early:[/] {escape(training['sentence'])}")
    if "privacy" in metrics:
        p = metrics["privacy"]
        console.print(f"differential privacy: epsilon {p['epsilon']:.3f} (delta {p['delta']:.2e}, "
                      f"{p['accountant']}, noise {p['noise_multiplier']:.3f}, {p['steps']} steps)")
    if run_dir is not None:
        console.print(f"run directory: {run_dir}  (report: {run_dir / 'report.html'})")


@commands.command()
@handle_errors
@config_flags(*TRAIN_FLAGS)
def train(
    config: ConfigFile = None,
    overrides: dict[str, Any] | None = None,
    resume: Annotated[bool, typer.Option(help="Continue an interrupted run.")] = False,
    quiet: Quiet = False,
) -> None:
    """Train a model and the TF-IDF baseline, evaluate both, write runs/NAME/."""
    from meddx.config import load_config
    from meddx.pipeline import train_run

    tree = overrides or {}
    group = tree.get("fairness", {}).get("group_column")
    if group:  # the column to mitigate over must be kept: add it to the groups
        data_only = {k: v for k, v in tree.items() if k not in ("fairness", "privacy")}
        columns = load_config(config, data_only).data.group_columns
        if group not in columns:
            put(tree, "data.group_columns", [*columns, group])
    cfg = load_config(config, tree)
    result = train_run(cfg, resume=resume, quiet=quiet)
    if result is not None:
        print_metrics(result.metrics, result.run_dir)


@commands.command()
@handle_errors
@config_flags(Flag("model.mode"), Flag("train.precision"))
def demo(
    out: Annotated[Path, typer.Option(help="Folder for runs.")] = Path("runs"),
    name: Annotated[str | None, typer.Option(help="Run name (default: demo-TIMESTAMP).")] = None,
    overrides: dict[str, Any] | None = None,
    quiet: Quiet = False,
) -> None:
    """The main job: train and evaluate the default model on the bundled corpus."""
    from datetime import datetime

    from meddx.config import load_config
    from meddx.data import demo_path
    from meddx.pipeline import train_run

    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    tree: dict[str, Any] = {"data": {"path": str(demo_path())}, "out_dir": str(out),
                            "name": name or f"demo-{stamp}", **(overrides or {})}
    cfg = load_config(demo_path().with_name("demo.yaml"), tree)
    result = train_run(cfg, quiet=quiet)
    if result is not None:
        print_metrics(result.metrics, result.run_dir)


@commands.command()
@handle_errors
@config_flags(Flag("data.text_column", note=AS_TRAINED), Flag("data.label_column", note=AS_TRAINED),
              Flag("data.on_invalid", note=AS_TRAINED))  # the hint of an invalid row names it
def evaluate(
    run: RunOrUri,
    data: Annotated[Path, typer.Option(help="Labelled file to evaluate on.")],
    overrides: dict[str, Any] | None = None,
    out: Annotated[Path | None, typer.Option(help="Write metrics JSON here.")] = None,
    tracking_uri: TrackingUri = None,
    quiet: Quiet = False,
) -> None:
    """Evaluate a trained run (model and baseline) on any labelled file. A registered model
    (models:/NAME@ALIAS) needs --out outside its run folder: that folder is never written to.
    For a run folder the default is RUN/evaluations/."""
    from meddx.errors import ConfigError
    from meddx.pipeline import evaluate_run

    tree = overrides or {}
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
    print_metrics(metrics)
    print(f"metrics written to {path}")


@commands.command()
@handle_errors
def predict(
    run: RunOrUri,
    input: Annotated[Path, typer.Option("--input", help="CSV, JSONL or Parquet of notes.")],
    output: Annotated[Path, typer.Option("--output", help="Write predictions (.csv/.jsonl).")],
    text_column: Annotated[str | None, described("data.text_column", note=AS_TRAINED)] = None,
    id_column: Annotated[str | None, described(
        "data.id_column", note="Copied to the output; default: as trained.")] = None,
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


@commands.command()
def models() -> None:
    """List model presets (any local Hugging Face folder works too)."""
    from meddx.models import PRESETS

    for name, preset in PRESETS.items():
        print(f"{name}: {preset.description}")


@commands.command("config")
def config_doc() -> None:
    """Print the reference of every config field (Markdown), as in docs/config.md."""
    from meddx.cli._config_doc import config_reference

    print(config_reference())


