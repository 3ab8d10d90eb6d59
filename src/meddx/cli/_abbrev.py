"""``meddx abbrev | abbrev-train | abbrev-eval | augment``: text preparation commands (they call
meddx.text)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from meddx.cli._common import IdColumn, InputNotes, TextColumn, handle_errors
from meddx.cli._flags import described
from meddx.text import AUGMENT_OPS

Inventories = Annotated[
    list[Path] | None,
    typer.Option("--inventory", help="Extra sense inventory (CSV/TSV with short, sense[, "
                 "frequency], or your copy of ADAM); repeatable. Added to the bundled one."),
]
ModelDir = Annotated[
    Path | None, typer.Option("--model", help="Folder from `meddx abbrev-train` (default: the "
                              "model built from the bundled abstracts on first use, cached).")
]
Encoder = Annotated[str, typer.Option(help="Encoder preset or folder for context embeddings.")]
Cues = Annotated[
    list[Path] | None,
    typer.Option("--cues", help="Extra cue file (TSV: short, sense, kind, weight, text; see "
                 "the README, 'The cue file'); repeatable. Added to the bundled one."),
]
NoCues = Annotated[bool, typer.Option("--no-cues", help="Leave out the bundled cue file (the "
                                      "learned model and the inventory prior alone).")]
NoSenseEmbedding = Annotated[bool, typer.Option(
    "--no-sense-embedding", help="Leave out the sentence-embedding term (context vs 'the "
    "patient has <sense>') of the fallback and of the tie-breaker when no cue is found.")]


def load_abbreviation_model(model: Path | None, inventories: list[Path] | None,
                            encoder: str = "minilm", cues: list[Path] | None = None,
                            no_cues: bool = False, no_sense_embedding: bool = False):
    """The inventory and the model the flags ask for (the default one is cached). Without the
    default encoder (package or torch missing), a saved model resolves without it (one log
    line); a named --encoder that cannot be loaded stays an error."""
    from meddx.errors import ModelError
    from meddx.models import text_embedder
    from meddx.text import (
        AbbreviationModel,
        default_abbreviation_model,
        load_inventory,
        missing_embedder,
    )

    inventory = load_inventory(inventories or (), cues=cues or (), bundled_cues=not no_cues)
    try:
        embed = text_embedder(encoder)
    except (ImportError, ModelError) as exc:
        if encoder != "minilm":
            raise
        embed = missing_embedder(exc)
    if model is not None:
        m = AbbreviationModel.load(model, inventory, embed)
    else:
        m = default_abbreviation_model(inventory, embed)
    m.sense_embedding = not no_sense_embedding
    return inventory, m


commands = typer.Typer()


@commands.command()
@handle_errors
def abbrev(
    input: InputNotes,
    output: Annotated[Path, typer.Option("--output", help="JSONL output (never the input).")],
    text_column: TextColumn = "text",
    id_column: IdColumn = "id",
    mode: Annotated[str, typer.Option(help="annotate (text unchanged) or expand (short "
                                      "forms replaced by their senses).")] = "annotate",
    model: ModelDir = None,
    inventory: Inventories = None,
    encoder: Encoder = "minilm",
    cues: Cues = None,
    no_cues: NoCues = False,
    no_sense_embedding: NoSenseEmbedding = False,
) -> None:
    """Find clinical abbreviations and resolve their sense: JSONL with {start, end, short,
    sense, score} per occurrence (input offsets; sense null when unsure)."""
    from meddx.errors import ConfigError
    from meddx.text import abbreviate_file

    if mode not in ("annotate", "expand"):
        raise ConfigError(f"--mode must be annotate or expand, got {mode!r}")
    _, m = load_abbreviation_model(model, inventory, encoder, cues, no_cues, no_sense_embedding)
    s = abbreviate_file(m, input, output, text_column=text_column, id_column=id_column,
                        mode=mode)
    resumed = f" (resumed after {s['resumed_after']})" if s["resumed_after"] else ""
    print(f"{s['rows']} notes ({s['mode']}) into {output}{resumed}: {s['mentions']} "
          f"abbreviations in the new notes, {s['abstained']} left unresolved")


@commands.command("abbrev-train")
@handle_errors
def abbrev_train(
    out: Annotated[Path, typer.Option(help="Folder for the model (use with --model).")],
    input: Annotated[
        Path | None, typer.Option("--input", help="Your unlabelled notes (JSONL or CSV): "
                                  "long forms in them become training contexts.")
    ] = None,
    text_column: TextColumn = "text",
    no_demo: Annotated[bool, typer.Option("--no-demo", help="Do not use the bundled "
                                          "abstracts (only --input).")] = False,
    inventory: Inventories = None,
    encoder: Encoder = "minilm",
    cues: Cues = None,
    no_cues: NoCues = False,
    per_sense: Annotated[int, typer.Option(min=1, help="Training contexts per sense, at most.")] = 400,
) -> None:
    """Learn abbreviation senses by reverse substitution from unlabelled text (no labels)."""
    from meddx.data import iter_notes
    from meddx.errors import ConfigError
    from meddx.models import text_embedder
    from meddx.text import build_abbreviation_model, load_inventory

    if no_demo and input is None:
        raise ConfigError("--no-demo needs --input: there is no text to learn from")
    notes = [t for _, t, _ in iter_notes(input, text_column)] if input else []
    inv = load_inventory(inventory or (), cues=cues or (), bundled_cues=not no_cues)
    m = build_abbreviation_model(inv, text_embedder(encoder), notes=notes,
                                 use_demo=not no_demo, per_sense=per_sense)
    m.save(out)
    f = m.fit_info_
    print(f"abbreviation model saved to {out}: {f['train_contexts']} training contexts, "
          f"{f['validation_contexts']} validation contexts, validation balanced accuracy "
          f"{f.get('validation_balanced_accuracy', float('nan')):.3f}")


@commands.command("abbrev-eval")
@handle_errors
def abbrev_eval(
    gold: Annotated[Path, typer.Option(help="Gold JSONL: text and abbreviations "
                                       "[{start, end, short, sense}].")],
    pred: Annotated[Path | None, typer.Option(help="`meddx abbrev` output; default: run "
                                              "the model on the gold texts.")] = None,
    out: Annotated[Path | None, typer.Option(help="Write the metrics as JSON here.")] = None,
    text_column: Annotated[str, typer.Option(help="Text column of the gold file.")] = "text",
    id_column: Annotated[str, typer.Option(help="Id column matching gold and pred.")] = "id",
    model: ModelDir = None,
    inventory: Inventories = None,
    encoder: Encoder = "minilm",
    cues: Cues = None,
    no_cues: NoCues = False,
    no_sense_embedding: NoSenseEmbedding = False,
) -> None:
    """Accuracy, balanced accuracy over senses and coverage, per abbreviation, beside the
    majority-sense baseline."""
    from meddx.data import iter_notes
    from meddx.text import evaluate_abbreviations, load_inventory

    predicted = None
    if pred is not None:
        inv = load_inventory(inventory or (), cues=cues or (), bundled_cues=not no_cues)
        m = None
        predicted = {rid: rec.get("abbreviations") or []
                     for rid, _, rec in iter_notes(pred, "text", id_column, unique_ids=True)}
    else:
        inv, m = load_abbreviation_model(model, inventory, encoder, cues, no_cues,
                                         no_sense_embedding)
    result = evaluate_abbreviations(inv, gold, predicted, model=m, text_column=text_column,
                                    id_column=id_column)
    _print_table(result)
    if out is not None:
        from meddx._io import atomic_write_json

        atomic_write_json(out, result)
        print(f"metrics written to {out}")


@commands.command()
@handle_errors
def augment(
    input: InputNotes,
    output: Annotated[Path, typer.Option("--output", help="JSONL of augmented notes.")],
    ops: Annotated[str, typer.Option(help=f"Comma-separated: {', '.join(AUGMENT_OPS)}.")]
    = "synonym,abbrev,insert,delete,swap",
    n: Annotated[int, described("augment.n_per_note", "--n", min=1)] = 1,
    p: Annotated[float, described("augment.p", min=0.0, max=1.0)] = 0.1,
    seed: Annotated[int, described("augment.seed")] = 0,
    text_column: TextColumn = "text",
    id_column: IdColumn = "id",
    marian_to: Annotated[Path | None, described("augment.marian_to")] = None,
    marian_back: Annotated[Path | None, described("augment.marian_back")] = None,
    paraphrase_model: Annotated[str, described("augment.paraphrase_model")] = "smollm2",
    max_paraphrases: Annotated[int, described("augment.max_paraphrases", min=0)] = 100,
    paraphrase_unit: Annotated[str, described("augment.paraphrase_unit")] = "note",
    show_rejected: Annotated[bool, typer.Option("--show-rejected", help="Also write the "
                                                "rejected copies (kept: false).")] = False,
) -> None:
    """Write augmented notes for inspection: {id, source_id, text, ops, kept, reason}."""
    from meddx._io import same_file
    from meddx.errors import DataError

    if same_file(input, output):
        raise DataError("--output must differ from --input (the input is never overwritten)",
                        file=str(output))
    import json

    from meddx._io import atomic_write_text
    from meddx.cli._common import split_list
    from meddx.data import iter_notes
    from meddx.text import augment_texts

    notes = list(iter_notes(input, text_column, id_column, unique_ids=True))
    translate = None
    if marian_to is not None and marian_back is not None:
        from meddx.models import marian_translator

        translate = marian_translator(marian_to, marian_back)
    op_list = split_list(ops) or []
    if paraphrase_unit not in ("note", "sentence"):
        from meddx.errors import ConfigError

        raise ConfigError(f"--paraphrase-unit must be note or sentence, got '{paraphrase_unit}'")
    paraphrase = None
    if "paraphrase" in op_list and max_paraphrases:
        from meddx.models import causal_paraphraser

        paraphrase = causal_paraphraser(paraphrase_model, seed=seed)
    out = augment_texts([t for _, t, _ in notes], op_list, n_per_text=n, p=p, seed=seed,
                        translate=translate, paraphrase=paraphrase,
                        max_paraphrases=max_paraphrases, paraphrase_unit=paraphrase_unit)
    lines = [json.dumps({"id": f"{notes[a.source][0]}-aug{k}", "source_id":
                         notes[a.source][0], "text": a.text, "ops": a.ops, "kept": a.kept,
                         "reason": a.reason}, ensure_ascii=False)
             for k, a in enumerate(out) if a.kept or show_rejected]
    atomic_write_text(output, "\n".join(lines) + ("\n" if lines else ""))
    capped = sum(a.reason == "over the paraphrase cap" for a in out)
    rejected = sum(not a.kept for a in out) - capped
    print(f"{len(out) - rejected - capped} augmented notes written to {output}; {rejected} "
          "rejected by the validity filter (negation cues or numbers changed, a guarded item "
          "lost in a paraphrase, or unchanged)"
          + (f"; {capped} not made (over --max-paraphrases)" if capped else ""))


def _print_table(result: dict) -> None:
    from rich import box
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"abbreviation senses ({result['overall']['detected']:.1%} of gold "
                  "mentions detected)", box=box.SIMPLE_HEAD,
                  caption="bal. acc.: mean recall over senses; abstentions count as wrong; "
                  "majority: the inventory's most frequent clinical sense.")
    for col in ("abbrev", "n", "senses", "acc", "bal. acc", "coverage", "majority acc",
                "majority bal."):
        # headers may wrap; a figure never: at 80 columns (a log, CI) '0.667' stays whole
        table.add_column(col, justify="left" if col == "abbrev" else "right",
                         min_width=5 if col != "abbrev" else None)
    rows = [("ALL", result["overall"])] + [(k.upper(), v)
                                            for k, v in result["by_abbreviation"].items()]
    for name, r in rows:
        table.add_row(name, str(r["n"]), str(r["senses"]), f"{r['accuracy']:.3f}",
                      f"{r['balanced_accuracy']:.3f}", f"{r['coverage']:.3f}",
                      f"{r['majority_accuracy']:.3f}", f"{r['majority_balanced_accuracy']:.3f}")
    Console().print(table)
