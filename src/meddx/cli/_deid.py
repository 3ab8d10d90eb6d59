"""``meddx synth | deid | deid-eval``: the de-identification commands (they call meddx.deid)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from meddx.cli._common import (
    IdColumn,
    InputNotes,
    Quiet,
    RunDir,
    TextColumn,
    fail,
    handle_errors,
    split_list,
)
from meddx.cli._flags import described

commands = typer.Typer()

# Options that set a de-identification setting: their help is the DeidConfig field's.
Mode = Annotated[str, described("deid.mode")]
Detectors = Annotated[str | None, described(
    "deid.detectors", note="Comma-separated; default: rules,names,places,crf.")]
NerModel = Annotated[Path | None, described("deid.ner_model")]
CrfModel = Annotated[Path | None, described("deid.crf_model")]
Times = Annotated[bool, described("deid.times", "--times/--no-times")]
NerGuard = Annotated[str, described("deid.ner_guard", note="on|off.")]


@commands.command()
@handle_errors
def synth(
    n: Annotated[int, typer.Option("--n", min=1, help="Number of notes.")] = 100,
    seed: Annotated[int, typer.Option(help="Seed: the same seed gives the same notes.")] = 0,
    out: Annotated[Path, typer.Option(help="Output JSONL file.")] = Path("synth_notes.jsonl"),
    note_types: Annotated[
        str | None, typer.Option(help="Comma-separated note types (default: all of nursing, "
                                 "discharge, radiology, consult).")
    ] = None,
) -> None:
    """Write synthetic clinical notes with gold PHI spans (JSONL), for tests and evaluation."""
    from meddx.deid import write_synth

    types = split_list(note_types)
    count = write_synth(out, n, seed, note_types=tuple(types) if types else None)
    print(f"{count} synthetic notes written to {out}")


@commands.command()
@handle_errors
def deid(
    input: InputNotes,
    output: Annotated[Path, typer.Option("--output", help="JSONL output (never the input). It "
                                         "grows in OUTPUT.partial until the run ends.")],
    text_column: TextColumn = "text",
    id_column: IdColumn = "id",
    patient_column: Annotated[
        str, typer.Option(help="Patient column: surrogates are consistent per patient.")
    ] = "patient_id",
    mode: Mode = "redact",
    detectors: Detectors = None,
    ner_model: NerModel = None,
    crf_model: CrfModel = None,
    times: Times = False,
    ner_guard: NerGuard = "on",
    seed: Annotated[int, described("deid.seed")] = 0,
    workers: Annotated[
        int | None, typer.Option(min=1, help="Processes (default: all cores).")
    ] = None,
    quiet: Quiet = False,
) -> None:
    """De-identify notes: JSONL out with the new text and the PHI spans (input offsets).

    Ids must be unique. A run that stops half-way resumes where it stopped when started again
    with the same input and options."""
    from meddx.deid import DeidConfig, deid_file

    cfg = _deid_config(DeidConfig, mode=mode, detectors=split_list(detectors), seed=seed,
                       ner_model=str(ner_model) if ner_model else None, times=times,
                       crf_model=str(crf_model) if crf_model else None, ner_guard=ner_guard)
    try:
        summary = deid_file(input, output, text_column=text_column, id_column=id_column,
                            patient_column=patient_column, mode=cfg.mode,
                            detectors=cfg.detectors, seed=cfg.seed, workers=workers,
                            quiet=quiet, ner_model=cfg.ner_model, times=cfg.times,
                            crf_model=cfg.crf_model, ner_guard=cfg.ner_guard)
    except KeyboardInterrupt:
        from meddx._io import output_target
        from meddx.deid import partial_output

        kept = partial_output(output_target(output))
        fail(f"interrupted; the same command started again resumes where it stopped (the "
             f"notes done so far are kept in {kept})" if kept.is_file() else
             "interrupted before any note was written; nothing was kept", 130)
    counts = ", ".join(f"{k} {v}" for k, v in summary["counts_by_type"].items()) or "none"
    rows = summary["rows"]
    resumed = (f" (resumed: {summary['resumed_after']} of them kept from the stopped run)"
               if summary["resumed_after"] else "")
    print(f"{rows} note{'' if rows == 1 else 's'} de-identified ({cfg.mode}) into {output}"
          f"{resumed}; PHI found: {counts}")


def _deid_config(cls, **values: Any):
    """A validated DeidConfig from flags (bad values raise ConfigError naming the flag)."""
    from pydantic import ValidationError

    from meddx.errors import ConfigError

    try:
        return cls(**{k: v for k, v in values.items() if v is not None})
    except ValidationError as exc:
        err = exc.errors()[0]
        msg = str(err["msg"]).removeprefix("Value error, ")
        if not err["loc"]:  # a check across fields (detector 'ner' without --ner-model)
            raise ConfigError(msg.replace("ner_model", "--ner-model")) from None
        flag = "--" + str(err["loc"][0]).replace("_", "-")
        raise ConfigError(f"{flag}: {msg} (got {err.get('input')!r})") from None


@commands.command("deid-eval")
@handle_errors
def deid_eval(
    gold: Annotated[Path, typer.Option(help="Gold JSONL: text and phi [{start, end, type}].")],
    pred: Annotated[
        Path | None, typer.Option(help="`meddx deid` output; default: run de-id on the gold.")
    ] = None,
    out: Annotated[Path | None, typer.Option(help="Write the metrics as JSON here.")] = None,
    text_column: Annotated[str, typer.Option(help="Text column of the gold file.")] = "text",
    id_column: Annotated[str, typer.Option(help="Id column matching gold and pred.")] = "id",
    detectors: Detectors = None,
    ner_model: NerModel = None,
    crf_model: CrfModel = None,
    times: Times = False,
    ner_guard: NerGuard = "on",
    show_phi: Annotated[
        bool, typer.Option("--show-phi", help="Also print the missed PHI strings (PHI!).")
    ] = False,
) -> None:
    """Recall, precision and F1 of de-identification, overall and per PHI type."""
    from meddx.deid import DeidConfig, evaluate_deid_files

    cfg = _deid_config(DeidConfig, detectors=split_list(detectors),
                       ner_model=str(ner_model) if ner_model else None, times=times,
                       crf_model=str(crf_model) if crf_model else None, ner_guard=ner_guard)
    result = evaluate_deid_files(gold, pred, text_column=text_column, id_column=id_column,
                                 show_phi=show_phi, detectors=cfg.detectors,
                                 ner_model=cfg.ner_model, times=cfg.times,
                                 crf_model=cfg.crf_model, ner_guard=cfg.ner_guard)
    _print_table(result)
    if show_phi:
        for m in result["missed"]:
            print(f"missed {m['type']} in {m['id']}: {m['text']!r}")
    if out is not None:
        from meddx._io import atomic_write_json

        saved = {k: v for k, v in result.items() if k != "missed"}
        atomic_write_json(out, saved)
        print(f"metrics written to {out}")


@commands.command("deid-train")
@handle_errors
def deid_train(
    out: Annotated[Path, typer.Option(help="Folder for the trained NER model (deid.ner_model); "
                                      "with --kind crf, the CRF model file (deid.crf_model).")],
    kind: Annotated[str, typer.Option(help="ner: a transformer token classifier trained on "
                                      "synthetic notes and/or --extra-train; crf: a CRF token "
                                      "tagger trained on --gold notes (seconds to minutes, CPU).")
                    ] = "ner",
    gold: Annotated[
        list[Path] | None, typer.Option(help="With --kind crf: annotated notes to train on (JSONL: "
                                        "text + phi [{start, end, type}], as deid-eval reads); "
                                        "repeat for several files.")
    ] = None,
    n: Annotated[int, typer.Option("--n", min=0, help="Synthetic notes to train on (0: only "
                                   "the --extra-train notes).")] = 600,
    seed: Annotated[int, typer.Option(help="Seed of the notes and the training.")] = 0,
    epochs: Annotated[float, typer.Option(min=0.01, help="Passes over the windows.")] = 1.0,
    max_length: Annotated[int, typer.Option(help="Word pieces per window.")] = 128,
    stride: Annotated[int, typer.Option(help="Word pieces shared by adjacent windows.")] = 32,
    batch_size: Annotated[int, typer.Option(min=1, help="Windows per step.")] = 16,
    lr: Annotated[float, typer.Option(help="Peak learning rate (linear warm-up, decay).")] = 1e-4,
    base_model: Annotated[str, typer.Option(help="Encoder preset or local folder.")] = "minilm",
    withhold_note_types: Annotated[
        str | None, typer.Option(help="Comma-separated note types never trained on "
                                 "(evaluate on them): nursing, discharge, radiology, consult.")
    ] = None,
    max_steps: Annotated[int | None, typer.Option(min=1, help="Stop after this many steps.")] = None,
    extra_train: Annotated[
        list[Path] | None, typer.Option(help="JSONL of annotated notes (text + phi spans, as "
                                        "deid-eval reads) added to the synthetic training notes; "
                                        "repeat for several files. Never a test set.")
    ] = None,
    validation_notes: Annotated[
        list[Path] | None, typer.Option(help="JSONL of annotated notes never trained on, where "
                                        "the decision rule is chosen (instead of a synthetic "
                                        "share); repeat for several files. Never a test set.")
    ] = None,
    adapter: Annotated[str, typer.Option(help="ner: full (train every weight; ~90 MB folder) "
                                         "or lora (a LoRA adapter on the frozen encoder; "
                                         "~1.5 MB folder, loaded on --base-model).")] = "full",
    lora_r: Annotated[int, typer.Option(min=1, help="Rank of the LoRA updates "
                                        "(--adapter lora).")] = 8,
    case_copies: Annotated[bool, typer.Option(help="ner: also train on a copy of every "
                                              "training note in another letter case (ALL CAPS "
                                              "or lower case).")] = False,
    quiet: Quiet = False,
) -> None:
    """Train a de-identification detector: the NER token classifier (--kind ner) on synthetic
    notes, your annotated notes (--extra-train), or both; or the CRF tagger (--kind crf --gold
    NOTES.jsonl --out MODEL.crfsuite).

    PRIVACY: a model trained on real notes holds words of them (so does a LoRA adapter, however
    small; a CRF model stores its feature
    strings, i.e. words and their neighbours, in plain text): it contains PHI. Keep it where the
    notes may be kept and never share it; meddx's bundled CRF model was trained on invented
    notes only."""
    from meddx.errors import ConfigError

    if kind not in ("ner", "crf"):
        raise ConfigError(f"--kind: must be ner or crf (got {kind!r})")
    if kind == "crf":
        _train_crf(out, gold)
        return
    if gold:
        raise ConfigError("--gold: only with --kind crf (the NER model reads --extra-train)")
    from meddx.deid import train_ner

    meta = train_ner(out, base_model=base_model, n=n, seed=seed, epochs=epochs,
                     max_length=max_length, stride=stride, batch_size=batch_size, lr=lr,
                     withhold_note_types=tuple(split_list(withhold_note_types) or ()),
                     max_steps=max_steps, quiet=quiet, extra_train=extra_train or None,
                     validation_notes=validation_notes or None, adapter=adapter,
                     lora_r=lora_r, case_copies=case_copies)
    val = meta["validation"]
    scores = (f"validation token recall {val['token_recall']:.3f}, precision "
              f"{val['token_precision']:.3f}" if "token_recall" in val else
              "no validation notes, decision rule left at its default")
    print(f"NER detector saved to {out} ({meta['train']['steps']} steps, "
          f"{meta['train']['seconds']:.0f} s); {scores}. Use it with: "
          f"--detectors rules,names,places,ner --ner-model {out}")
    if meta["train"]["n_extra_notes"]:
        print(f"{out} was trained on annotated notes and can hold their PHI (a tagger memorises "
              "names): store and share it as you would the notes.")


def _train_crf(out: Path, gold: list[Path] | None) -> None:
    from meddx.deid import read_crf_gold, train_crf
    from meddx.errors import ConfigError

    if not gold:
        raise ConfigError("--gold: --kind crf needs annotated notes (a JSONL file, as deid-eval "
                          "reads); got none")
    notes = [note for path in gold for note in read_crf_gold(path)]
    info = train_crf(notes, out)
    print(f"CRF detector saved to {out} ({info['notes']} notes, {info['tokens']} tokens, "
          f"{info['bytes'] / 1e6:.1f} MB, {info['seconds']:.0f} s), with the word lists its "
          f"features read beside it ({Path(info['vocab']).name}: keep the two "
          f"together). It holds words of its training notes: keep it with them. Use it with: "
          f"--detectors rules,names,places,crf --crf-model {out}")


@commands.command("leak-scan")
@handle_errors
def leak_scan(
    run: RunDir,
    data: Annotated[
        Path | None, typer.Option(help="The run's input notes (default: data.path of the run).")
    ] = None,
    leak_allow: Annotated[Path | None, typer.Option(
        help="Allow-list file: strings judged not PHI, one per line (default: the run's "
        "deid.leak_allow_list).")] = None,
    show_phi: Annotated[bool, typer.Option(
        "--show-phi", help="Print each matched value with its artifact and character range. "
        "For the data owner, on the machine that holds the data: the output holds PHI.")] = False,
) -> None:
    """Check that no artifact of a run holds PHI found in its input (exit 2 naming the
    artifact, PHI type and character range if one does; values only with --show-phi)."""
    from meddx.deid import leaked_values
    from meddx.errors import PHILeakError
    from meddx.runs import scan_run

    try:
        result = scan_run(run, data, allow=leak_allow)
    except PHILeakError as exc:
        if show_phi:
            for name, a, b, label, value in leaked_values(run, exc):
                print(f"{name}\t{a}-{b}\t{label}\t{value!r}")
        raise
    allowed = f"; {result['allowed']} allow-list entries" if result["allowed"] else ""
    print(f"no PHI found in {result['files_scanned']} artifacts of {run} "
          f"({result['phi_strings']} PHI strings from the input checked{allowed})")


def _print_table(result: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    def f(x: float | None) -> str:
        return "-" if x is None else f"{x:.3f}"

    from rich import box

    table = Table(title=f"de-identification of {result['n_docs']} notes", box=box.SIMPLE_HEAD,
                  pad_edge=False, collapse_padding=True)
    rows = [[name, str(r["n_gold"]), str(r["n_pred"]), f(r["overlap"]["recall"]),
             f(r["overlap"]["precision"]), f(r["overlap"]["f1"]), f(r["exact"]["recall"]),
             f(r["token"]["recall"]), f(r["token"]["precision"]), f(r.get("typed_recall"))]
            for name, r in [("ALL", result["overall"]), *result["by_type"].items()]]
    for i, col in enumerate(("type", "gold", "pred", "R", "P", "F1", "R ex", "R tok", "P tok",
                             "R typed")):
        # headers may wrap; a figure or type name never: at 80 columns (a log, CI) every
        # column stays and '0.667' stays whole (as abbrev-eval's table)
        table.add_column(col, justify="left" if i == 0 else "right",
                         min_width=max(len(row[i]) for row in rows))
    for row in rows:
        table.add_row(*row)
    console = Console()
    console.print(table)
    console.print("R/P/F1: entities, any overlap; R ex: exact; tok: tokens. Matching ignores the "
                  "label, except R typed (same type). All figures and the type confusion table: "
                  "--out FILE.", style="dim", highlight=False)
