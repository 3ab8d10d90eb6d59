"""``meddx prompts list | compare``: the built-in prompt templates and a validation-split bake-off."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from meddx.cli._common import Quiet, handle_errors, split_list
from meddx.cli._flags import Flag, config_flags

commands = typer.Typer()
prompts = typer.Typer(help="Prompt templates of the causal-LM backend.", no_args_is_help=True)
commands.add_typer(prompts, name="prompts")


@prompts.command("list")
def list_templates() -> None:
    """Print the built-in templates (system prompt and user message)."""
    from meddx.models import TEMPLATES

    for name, (system, source) in TEMPLATES.items():
        print(f"== {name}\nsystem: {system or '(none)'}\n{source}\n")

@prompts.command("compare")
@handle_errors
@config_flags(
    Flag("data.path", name="data", kind=Path, note="Without --run."),
    Flag("data.text_column"),
    Flag("data.label_column"),
    Flag("model.name", name="model", note="A causal LM."),
    Flag("model.mode", note="Here zero-shot, few-shot or rag."),
    Flag("llm.prior_correction"),
)
def compare(
    templates: Annotated[str | None, typer.Option(
        help="Comma-separated template names or files (default: every built-in template, "
             "as `meddx prompts list` prints them).")] = None,
    run: Annotated[Path | None, typer.Option(help="A finished causal-LM run: its data, "
                                             "split, model, pool and adapters.")] = None,
    config: Annotated[Path | None, typer.Option(help="YAML run config.")] = None,
    overrides: dict[str, Any] | None = None,
    limit: Annotated[int | None, typer.Option(help="Score at most N validation notes.")] = None,
    quiet: Quiet = False,
) -> None:
    """Score templates on the VALIDATION split: macro-F1, ECE and seconds per template
    (without --templates: every built-in one)."""
    from rich.console import Console
    from rich.table import Table

    from meddx.config import load_config
    from meddx.models import TEMPLATES
    from meddx.train import compare_templates

    tree = overrides or {}
    source = config if run is None else run / "config.yaml"
    cfg = load_config(source, tree)
    names = list(TEMPLATES) if templates is None else split_list(templates) or []
    rows = compare_templates(cfg, names, run_dir=run, limit=limit,
                             seed=cfg.train.seed, quiet=quiet)
    table = Table(title=f"validation split, {rows[0]['n']} notes" if rows else "validation")
    for col in ("template", "macro-F1", "ECE", "seconds", "notes/s"):
        table.add_column(col, justify="left" if col == "template" else "right")
    for r in rows:
        table.add_row(r["template"], f"{r['macro_f1']:.3f}", f"{r['ece']:.3f}",
                      f"{r['seconds']:.1f}", f"{r['notes_per_second']:.2f}")
    Console().print(table)
