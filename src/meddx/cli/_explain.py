"""``meddx explain RUN``: explain notes, top terms per class, or faithfulness. It only calls
the library."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from meddx.cli._common import Quiet, RunDir, handle_errors, split_list
from meddx.cli._flags import AS_TRAINED, described
from meddx.errors import ConfigError

__all__ = ["commands"]


def _params(steps: int, baseline: str, max_evals: int, occlusion_evals: int) -> dict:
    return {"ig": {"n_steps": steps, "baseline": baseline}, "shap": {"max_evals": max_evals},
            "occlusion": {"max_evals": occlusion_evals}}


def _ratio_cell(r: dict) -> str:
    """A ratio and its CI; null bounds are unbounded (random deletions did not lower p)."""
    def bound(x):
        return "inf" if x is None else f"{x:.2f}"

    if r["ratio"] is None and not (r["mean_top_drop"] or 0) > 0:
        return "n/a"
    ratio = "inf" if r["ratio"] is None else f"{r['ratio']:.2f}"
    lo, hi = r["ratio_ci95"]
    return f"{ratio} [{bound(lo)}, {bound(hi)}]"


def _print_faithfulness(result: dict, path: Path) -> None:
    from rich.console import Console
    from rich.table import Table

    def fmt(x):
        return "n/a" if x is None else f"{x:.3f}"

    table = Table(title=f"faithfulness on {result['n_notes']} test notes "
                        f"({result['draws']} random draws): drop of the predicted class")
    for col in ("method", "k", "top-k drop", "random drop", "ratio [95% CI]",
                "log-odds ratio [95% CI]", "explain s"):
        table.add_column(col)
    for name, per_k in result["methods"].items():
        for k, r in per_k.items():
            prob, odds = r["probability"], r["log_odds"]
            table.add_row(name, k, fmt(prob["mean_top_drop"]), fmt(prob["mean_random_drop"]),
                          _ratio_cell(prob), _ratio_cell(odds),
                          str(result.get("explain_seconds", {}).get(name, "")))
    console = Console()
    console.print(table)
    console.print(f"faithfulness written to {path}")


commands = typer.Typer()


@commands.command()
@handle_errors
def explain(
    run: RunDir,
    input: Annotated[Path | None, typer.Option(
        "--input", help="CSV, JSONL or Parquet of notes to explain (HTML + JSON per note).")] = None,
    global_: Annotated[bool, typer.Option(
        "--global", help="Top terms per class over the run's test split.")] = False,
    faithfulness: Annotated[bool, typer.Option(
        "--faithfulness", help="Deletion test: top-k vs random words, per method.")] = False,
    method: Annotated[str | None, typer.Option(
        help="Comma-separated methods: ig, shap, rollout, occlusion (default: those that suit "
             "the model).")] = None,
    text_column: Annotated[str | None, described("data.text_column", note=AS_TRAINED)] = None,
    id_column: Annotated[str | None, described("data.id_column", note=AS_TRAINED)] = None,
    limit: Annotated[int | None, typer.Option(
        help="--input: first N notes; --global: a seeded sample of N test notes.")] = None,
    n: Annotated[int, typer.Option(help="--faithfulness: test notes sampled (seeded).")] = 100,
    k: Annotated[str, typer.Option(
        help="--faithfulness: words deleted, counts or percentages, e.g. 5,10%.")] = "5,10%",
    draws: Annotated[int, typer.Option(help="--faithfulness: random draws per note.")] = 5,
    n_boot: Annotated[int, typer.Option(help="--faithfulness: bootstrap resamples.")] = 1000,
    seed: Annotated[int, typer.Option(help="Seed for sampling notes and random words.")] = 0,
    steps: Annotated[int, typer.Option(help="ig: integration steps.")] = 32,
    baseline: Annotated[str, typer.Option(help="ig: baseline token, pad or mask.")] = "pad",
    max_evals: Annotated[int, typer.Option(help="shap: model calls per note.")] = 200,
    occlusion_evals: Annotated[int, typer.Option(
        help="occlusion: deletions per note (words are grouped beyond this).")] = 128,
    top: Annotated[int, typer.Option(help="--global: terms per class.")] = 20,
    out: Annotated[Path | None, typer.Option(
        help="Output folder (default: beside --input, its name without the extension plus "
             ".explanations/, e.g. notes.explanations/ for notes.csv; or RUN/explanations/). "
             "A folder holding another input's explanations (notes.csv's, for notes.jsonl) "
             "is refused, never replaced.")] = None,
    quiet: Quiet = False,
) -> None:
    """Explain a run's predictions: per-note HTML and JSON (--input), top terms per class
    (--global) or the faithfulness of each method (--faithfulness)."""
    from meddx.explain import explain_file, explain_global, faithfulness_run

    modes = [m for m, on in (("--input", input is not None), ("--global", global_),
                             ("--faithfulness", faithfulness)) if on]
    if len(modes) != 1:
        raise ConfigError("choose exactly one of --input FILE, --global or --faithfulness; got "
                          f"{', '.join(modes) or 'none'}")
    methods = split_list(method)
    params = _params(steps, baseline, max_evals, occlusion_evals)
    if input is not None:
        count, folder = explain_file(run, input, text_column=text_column, id_column=id_column,
                                     methods=methods, limit=limit, out=out, params=params,
                                     quiet=quiet)
        print(f"{count} notes explained; HTML and explanations.json written to {folder}")
    elif global_:
        if methods and len(methods) > 1:
            raise ConfigError(f"--global takes one method; got {', '.join(methods)}")
        result, path = explain_global(run, method=methods[0] if methods else None, limit=limit,
                                      out=out, top=top, seed=seed, params=params, quiet=quiet)
        print(f"top terms per class ({result['method']}, {result['n_notes']} test notes) "
              f"written to {path} and {path.with_suffix('.html')}")
    else:
        result, path = faithfulness_run(run, methods=methods, n=n, ks=split_list(k) or ["5"],
                                        draws=draws, seed=seed, n_boot=n_boot, out=out,
                                        params=params, quiet=quiet)
        _print_faithfulness(result, path)
