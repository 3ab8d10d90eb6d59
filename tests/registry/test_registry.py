"""The MLflow registry: lineage of a run, versions and aliases, models:/ URIs, the promotion
gate, retraining from feedback, and a run that completes when the registry is off or broken.

One SQLite store per module (its schema migrations take seconds); each test uses its own
registered-model names in it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from meddx._io import atomic_write_json
from meddx.cli import app
from meddx.config import load_config
from meddx.errors import ConfigError, RunError
from meddx.pipeline import PromotionRefused, gate, promote, read_feedback_set, retrain, train_run
from meddx.registry import (
    log_training_run,
    resolve_model_uri,
    show_model,
)
from meddx.runs import load_run
from tests._support.helpers import (
    PHI_SENTENCE,
    files_holding,
    make_tfidf_run,
    synthetic_notes,
    with_phi,
)

pytestmark = pytest.mark.registry
runner = CliRunner()


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> str:
    return f"sqlite:///{tmp_path_factory.mktemp('mlflow') / 'mlflow.db'}"


@pytest.fixture()
def tracking_env(store, monkeypatch):
    monkeypatch.setenv("MLFLOW_TRACKING_URI", store)
    return store


def _register(run: Path, store: str, model_name: str, *, git: str | None = "0" * 40) -> dict:
    """Log a finished run as train_run does, with its own test metrics."""
    from sklearn.metrics import f1_score

    pred = pd.read_csv(run / "predictions.csv")
    metrics = {"model": {"macro_f1": float(f1_score(pred["true"], pred["model_pred"], average="macro")),
                         "ci95": {"macro_f1": [0.1, 0.9]}}, "split": "test"}
    atomic_write_json(run / "metrics.json", metrics)
    cfg = load_config(run / "config.yaml", {"registry": {"tracking_uri": store,
                                                         "model_name": model_name}})
    card = json.loads((run / "data_card.json").read_text())
    return log_training_run(run, config=cfg, metrics=metrics, card=card, env={"git_commit": git})


def _noisy_for_men(notes: pd.DataFrame, seed: int = 0) -> pd.DataFrame:
    """The same notes with random labels for sex=M: a model trained on them is worse for men."""
    rng = np.random.default_rng(seed)
    out = notes.copy()
    men = out["sex"] == "M"
    out.loc[men, "dx"] = rng.choice(sorted(out["dx"].unique()), size=int(men.sum()))
    return out


@pytest.fixture(scope="module")
def notes() -> pd.DataFrame:
    return synthetic_notes(600, seed=3)


@pytest.mark.slow
def test_a_run_is_logged_with_params_metrics_artifacts_and_lineage(tmp_path, store, notes):
    from mlflow.tracking import MlflowClient

    run = make_tfidf_run(tmp_path, notes, name="lineage")
    info = _register(run, store, "lineage", git="a" * 40)
    assert json.loads((run / "registry.json").read_text()) == info
    assert (info["model_name"], info["version"]) == ("lineage", 1)
    client = MlflowClient(store)
    logged = client.get_run(info["run_id"])
    params, metrics, tags = logged.data.params, logged.data.metrics, logged.data.tags
    assert params["data.text_column"] == "note" and params["deid.mode"] == "redact"
    assert params["data.group_columns"] == '["sex"]' and params["registry.enabled"] == "true"
    assert metrics["model.macro_f1"] == json.loads((run / "metrics.json").read_text())["model"]["macro_f1"]
    assert (metrics["model.ci95.macro_f1.low"], metrics["model.ci95.macro_f1.high"]) == (0.1, 0.9)
    card = json.loads((run / "data_card.json").read_text())
    assert tags["meddx.dataset_sha256"] == card["content_sha256"]
    assert tags["mlflow.source.git.commit"] == "a" * 40
    assert tags["meddx.deid.enabled"] == "true" and tags["meddx.run_dir"] == str(run.resolve())
    assert logged.inputs.dataset_inputs[0].dataset.digest == card["content_sha256"][:36]
    artifacts = {a.path for a in client.list_artifacts(info["run_id"])}
    assert {"config.yaml", "data_card.json", "metrics.json", "predictions.csv"} <= artifacts
    assert not any(a.startswith("run") for a in artifacts)  # model referenced by path, not copied
    version = client.get_model_version("lineage", "1")
    assert version.source == str((run / "model").resolve()) and version.aliases == ["candidate"]


@pytest.mark.slow
def test_promote_sets_champion_and_models_uri_loads_the_run(tmp_path, tracking_env, notes):
    first = make_tfidf_run(tmp_path, notes, name="uri-a")
    second = make_tfidf_run(tmp_path, notes.sample(frac=1.0, random_state=1), name="uri-b")
    _register(first, tracking_env, "uri")
    _register(second, tracking_env, "uri")
    assert show_model("uri")["aliases"] == {"candidate": 2}
    with pytest.raises(RunError, match="no alias 'champion'; aliases: candidate=2"):
        resolve_model_uri("models:/uri@champion")
    assert promote("uri", 1)["previous"] is None  # the first champion needs no comparison
    assert resolve_model_uri("models:/uri@champion") == first.resolve()
    assert resolve_model_uri("models:/uri/2") == second.resolve()
    assert resolve_model_uri("models:/uri/latest") == second.resolve()
    assert load_run("models:/uri@champion").path == first.resolve()
    with pytest.raises(ConfigError, match="models:/NAME@ALIAS"):
        resolve_model_uri("models:/uri")
    with pytest.raises(RunError, match="no registered model 'nope'; registered: .*uri"):
        resolve_model_uri("models:/nope@champion")

    src = tmp_path / "new.csv"
    notes.head(5).to_csv(src, index=False)
    out = tmp_path / "pred.csv"
    result = runner.invoke(app, ["predict", "models:/uri@champion", "--input", str(src),
                                 "--output", str(out), "--tracking-uri", tracking_env])
    assert result.exit_code == 0, result.output
    assert len(pd.read_csv(out)) == 5
    scored = runner.invoke(app, ["evaluate", "models:/uri/2", "--data", str(src),
                                 "--out", str(tmp_path / "m.json"), "--tracking-uri", tracking_env])
    assert scored.exit_code == 0, scored.output
    assert json.loads((tmp_path / "m.json").read_text())["model"]["n"] == 5
    # a registered run's folder is never written to: --out is needed, and must lie outside it
    for target, extra in (("models:/uri/2", []),
                          ("models:/uri/2", ["--out", str(second / "evaluations" / "m.json")])):
        refused = runner.invoke(app, ["evaluate", target, "--data", str(src), *extra,
                                      "--tracking-uri", tracking_env])
        assert refused.exit_code == 2 and "registered" in refused.output, refused.output
    assert not (second / "evaluations").exists()
    listed = runner.invoke(app, ["registry", "list"])
    assert "uri: 2 version(s), latest v2; candidate=v2, champion=v1" in listed.output


@pytest.mark.slow
def test_promote_refuses_a_candidate_worse_for_a_subgroup_unless_forced(tmp_path, tracking_env, notes):
    champion = make_tfidf_run(tmp_path, notes, name="gate-a")
    same = make_tfidf_run(tmp_path, notes, name="gate-b")
    worse = make_tfidf_run(tmp_path, _noisy_for_men(notes), name="gate-c")
    for run in (champion, same, worse):
        _register(run, tracking_env, "gate")
    promote("gate", 1)
    assert promote("gate", 2)["failures"] == []  # an identical model passes the gate
    assert promote("gate", 1)["failures"] == []  # and back

    refused = runner.invoke(app, ["registry", "promote", "gate", "--version", "3"])
    assert refused.exit_code == 2
    assert "worse than the champion (version 1)" in refused.output and "--force" in refused.output
    assert show_model("gate")["aliases"]["champion"] == 1
    comparison = json.loads((worse / "comparison.json").read_text())
    assert comparison["champion"]["run_dir"] == str(champion.resolve())
    scopes = {f["scope"] for f in comparison["failures"]}
    assert "sex=M" in scopes
    men = comparison["sets"]["validation"]["groups"]["sex"]["M"]
    assert men["delta"]["macro_f1"] < -comparison["tolerance"]
    assert (worse / "comparison.md").read_text().startswith("# Candidate against champion: worse")
    with pytest.raises(PromotionRefused):
        promote("gate", 3, tolerance=0.02)

    forced = runner.invoke(app, ["registry", "promote", "gate", "--version", "3", "--force"])
    assert forced.exit_code == 0, forced.output
    version = next(v for v in show_model("gate")["versions"] if v["version"] == 3)
    assert "champion" in version["aliases"]
    assert "sex=M" in version["tags"]["meddx.promoted_with_force"]
    assert version["tags"]["meddx.promoted_over"] == "1"


@pytest.mark.parametrize("tolerance", [-1.0, -0.01, 1.5, float("nan")])
def test_a_tolerance_outside_0_to_1_is_refused_before_anything(tolerance, tracking_env):
    with pytest.raises(ConfigError, match=r"--tolerance \(registry.promote_tolerance\) must be "
                                          r"between 0 and 1; got"):
        promote("no-such-model", 1, tolerance=tolerance)  # before the registry is read
    with pytest.raises(ConfigError, match="between 0 and 1"):
        gate(_comparison(0.0, {}), tolerance=tolerance)
    result = runner.invoke(app, ["registry", "promote", "no-such-model", "--version", "1",
                                 "--tolerance", str(tolerance)])
    assert result.exit_code == 2 and "between 0 and 1" in result.output, result.output


def _comparison(overall: float, groups: dict[str, tuple[int, float]]) -> dict:
    def block(n, delta):
        return {"n": n, "champion": {"macro_f1": 0.8}, "candidate": {"macro_f1": 0.8 + delta},
                "delta": {"macro_f1": delta}}

    return {"tolerance": 0.02, "metrics": ["macro_f1"], "min_group": 20,
            "sets": {"validation": {"overall": block(100, overall), "groups": {
                "sex": {v: block(n, d) for v, (n, d) in groups.items()}}}}}


@pytest.mark.parametrize(("overall", "groups", "failing"), [
    (0.0, {"F": (50, 0.0), "M": (50, 0.0)}, []),
    (-0.01, {"F": (50, -0.019), "M": (50, 0.05)}, []),  # within the tolerance
    (0.0, {"F": (50, 0.01), "M": (50, -0.03)}, ["sex=M"]),  # a subgroup alone fails
    (-0.05, {"F": (50, 0.0)}, ["overall"]),
    (0.0, {"F": (50, 0.0), "X": (19, -0.5)}, []),  # too small a group to gate on
])
def test_gate_fails_on_any_scope_worse_beyond_tolerance(overall, groups, failing):
    assert [f["scope"] for f in gate(_comparison(overall, groups))] == failing


@pytest.mark.parametrize(("uri", "shown"), [
    ("postgresql://meddx:s3cret@db:5432/mlflow", "postgresql://meddx:***@db:5432/mlflow"),
    ("postgresql://meddx@db/mlflow", "postgresql://meddx@db/mlflow"),
    ("sqlite:////tmp/runs/mlflow.db", "sqlite:////tmp/runs/mlflow.db"),
])
def test_tracking_uri_passwords_are_masked(uri, shown):
    from meddx.registry._client import safe_uri

    assert safe_uri(uri) == shown


@pytest.mark.parametrize(("run_name", "model_name"), [
    ("demo-20261127-161744", "demo"), ("20261127-161744", "meddx"), ("tfidf", "tfidf"),
    ("ohsumed_full-20261127-120000", "ohsumed_full"),
])
def test_default_model_name_drops_the_timestamp(run_name, model_name):
    from meddx.registry import default_model_name

    assert default_model_name(run_name) == model_name


def test_gate_tolerance_can_be_overridden():
    comparison = _comparison(-0.01, {})
    assert gate(comparison) == [] and [f["scope"] for f in gate(comparison, tolerance=0.005)] == ["overall"]


def test_feedback_from_the_prediction_log_joins_the_stored_text(tmp_path, notes):
    import sqlalchemy as sa

    from meddx.serve import PredictionService, ServeSettings

    run = make_tfidf_run(tmp_path, notes.head(200), name="fb")
    db = tmp_path / "log.db"
    service = PredictionService(run, ServeSettings.build(store_url=f"sqlite:///{db}",
                                                         store_text=True, insecure_no_auth=True))
    service.predict(["chest pain and troponin", "seizure with aphasia", "melena noted"],
                    groups={"sex": "F"})
    service.close()
    engine = sa.create_engine(f"sqlite:///{db}")
    with engine.begin() as conn:  # the review page's feedback table (branch review)
        conn.execute(sa.text(
            "create table feedback (id integer primary key, prediction_id integer, label json, "
            "agree boolean, comment text, reviewer varchar(200), created_at datetime, "
            "model_version varchar(200))"))
        conn.execute(sa.text("update predictions set text = null where id = 3"))
        for pid, label in [(1, '"neuro"'), (1, '"cardiac"'), (1, "null"), (2, None), (3, '"gi"'),
                           (2, '"oops"')]:
            conn.execute(sa.text("insert into feedback (prediction_id, label, agree, reviewer, "
                                 "created_at, model_version) values (:p, :l, 0, 'dr', "
                                 "'2026-11-27', 'v')"), {"p": pid, "l": label})
    engine.dispose()
    cfg = load_config(run / "config.yaml")
    frame, skipped = read_feedback_set(f"sqlite:///{db}", cfg, ["cardiac", "gi", "neuro"])
    assert frame["labels"].tolist() == [["cardiac"]]  # the latest label of prediction 1
    assert frame["sex"].tolist() == ["F"] and "troponin" in frame["text"][0]
    assert skipped == {"without_text": 1, "empty_text": 0, "unknown_label": 1}
    missing = runner.invoke(app, ["retrain", str(run), "--feedback", str(tmp_path / "none.csv")])
    assert missing.exit_code == 2 and "feedback file not found" in missing.output


def _tiny_cfg(tmp_path: Path, model: Path, store: str, *, phi: bool = False, **registry):
    tmp_path.mkdir(parents=True, exist_ok=True)
    data = tmp_path / "notes.csv"
    notes = synthetic_notes(150, seed=1, patients=75)
    (with_phi(notes) if phi else notes).to_csv(data, index=False)
    return load_config(overrides={
        "name": "tiny-20261127-120000", "out_dir": str(tmp_path / "runs"),
        "data": {"path": str(data), "text_column": "note", "label_column": "dx",
                 "id_column": "note_id", "patient_column": "patient", "group_columns": ["sex"]},
        "prep": {"max_length": 32}, "model": {"name": str(model), "mode": "frozen"},
        "train": {"threads": 1}, "eval": {"bootstrap": 0}, "baseline": True,
        "registry": {"tracking_uri": store, **registry}})


@pytest.mark.slow
def test_train_run_writes_the_reference_and_survives_registry_off_or_broken(tmp_path, model_tiny):
    unused = tmp_path / "unused.db"
    off = train_run(_tiny_cfg(tmp_path / "off", model_tiny, f"sqlite:///{unused}", enabled=False),
                    quiet=True)
    assert not (off.run_dir / "registry.json").exists() and not unused.exists()
    reference = json.loads((off.run_dir / "monitor" / "reference.json").read_text())
    assert reference["info"]["n_validation"] > 0  # monitor reads this instead of recomputing

    broken = train_run(_tiny_cfg(tmp_path / "broken", model_tiny, "nosuchscheme://x"), quiet=True)
    assert json.loads((broken.run_dir / "run.json").read_text())["status"] == "complete"
    assert "registry: MLflow logging failed, the run is complete without it" in \
        (broken.run_dir / "train.log").read_text()


@pytest.mark.slow
def test_retrain_with_a_feedback_csv_registers_a_compared_candidate(tmp_path, model_tiny, store):
    # PHI in the champion's source notes and in the feedback: retraining used to copy the raw
    # source rows into the run, whose leakage scan then stopped it
    cfg = _tiny_cfg(tmp_path, model_tiny, store, phi=True)
    champion = train_run(cfg, quiet=True).run_dir
    assert json.loads((champion / "registry.json").read_text())["model_name"] == "tiny"
    promote("tiny", 1, tracking_uri=store)
    feedback = with_phi(synthetic_notes(40, seed=7)).rename(columns={"note": "text", "dx": "label"})
    feedback.loc[0, "label"] = "not-a-label"
    csv = tmp_path / "feedback.csv"
    feedback[["text", "label", "sex"]].to_csv(csv, index=False)

    out = retrain("models:/tiny@champion", csv, tracking_uri=store, name="tiny-retrain",
                  holdout=0.25)
    assert out["version"] == 2
    assert out["feedback"]["skipped"] == {"empty_text": 0, "unknown_label": 1}
    assert (out["feedback"]["used_for_training"], out["feedback"]["held_out"]) == (29, 10)
    assert show_model("tiny", tracking_uri=store)["aliases"] == {"candidate": 2, "champion": 1}
    assert json.loads((Path(out["run_dir"]) / "run.json").read_text())["status"] == "complete"
    comparison = json.loads(Path(out["comparison"]).read_text())
    assert comparison["sets"]["feedback"]["overall"]["n"] == 10
    assert set(comparison["sets"]["validation"]["groups"]["sex"]) == {"F", "M"}
    # the fixed validation split: the same notes as the champion's
    data = pd.read_csv(out["data"])
    assert Path(out["data"]).parent == tmp_path / "runs" / "retrain-data"
    champ_split = pd.read_csv(champion / "predictions.csv")["id"]
    assert set(data.loc[data["meddx_split"] == "test", "note_id"]) == set(champ_split)
    assert (data["meddx_split"] == "validation").sum() == \
        comparison["sets"]["validation"]["overall"]["n"]
    assert data["note_id"].str.startswith("feedback-").sum() == 29
    assert load_run(out["run_dir"]).config.data.split.column == "meddx_split"
    # the champion's texts as trained (de-identified), never the raw source rows
    assert data["note"].str.contains("[NAME]", regex=False).sum() >= 30 + 6
    assert files_holding(Path(out["data"]).parent) == [] and files_holding(out["run_dir"]) == []
    assert not any(PHI_SENTENCE in t for t in data["note"])


@pytest.mark.slow
def test_a_failed_retrain_says_failed_with_the_reason(tmp_path, model_tiny, store, monkeypatch):
    import meddx.train as fit  # the pipeline calls meddx.train.fit_model
    from meddx.errors import DataError

    champion = train_run(_tiny_cfg(tmp_path, model_tiny, store, model_name="tinyfail"),
                         quiet=True).run_dir
    csv = tmp_path / "feedback.csv"
    synthetic_notes(10, seed=7).rename(columns={"note": "text", "dx": "label"}).to_csv(csv)

    def broken(*args, **kwargs):
        raise DataError("no memory left for the head", file="x.csv")

    monkeypatch.setattr(fit, "fit_model", broken)
    result = runner.invoke(app, ["retrain", str(champion), "--feedback", str(csv),
                                 "--name", "tiny-broken", "--tracking-uri", store])
    assert result.exit_code == 2, result.output
    status = json.loads((champion.parent / "tiny-broken" / "run.json").read_text())
    assert status["status"] == "failed"
    assert status["reason"].startswith("DataError: ") and "no memory left" in status["reason"]


def test_registry_import_has_no_side_effects_and_the_client_turns_telemetry_off(tmp_path):
    probe = (
        "import os, sys\n"
        "import meddx.registry, meddx.train\n"
        "assert 'mlflow' not in sys.modules and 'MLFLOW_DISABLE_TELEMETRY' not in os.environ\n"
        "from meddx.registry import list_models\n"
        "try:\n"
        f"    list_models(tracking_uri='sqlite:///{tmp_path / 'missing.db'}')\n"
        "except Exception as exc:\n"
        "    print(type(exc).__name__)\n"
        "print(os.environ.get('MLFLOW_DISABLE_TELEMETRY'))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "MLFLOW_DISABLE_TELEMETRY"}
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env,
                          timeout=120, check=True)
    assert proc.stdout.split() == ["RunError", "true"]
    assert not (tmp_path / "missing.db").exists()  # reading never creates an empty registry


@pytest.mark.slow
def test_a_postgresql_tracking_uri_works_like_sqlite(tmp_path, notes, postgres_url, monkeypatch):
    """MLflow on PostgreSQL (``.ci/with-postgres`` starts one): log, register, resolve, list."""
    monkeypatch.chdir(tmp_path)  # MLflow's default artifact root is ./mlruns
    run = make_tfidf_run(tmp_path, notes.head(200), name="pg")
    info = _register(run, postgres_url, "pg")
    assert info["model_name"] == "pg"
    assert resolve_model_uri("models:/pg@candidate", tracking_uri=postgres_url) == run.resolve()
    result = CliRunner().invoke(app, ["registry", "list", "--tracking-uri", postgres_url])
    assert result.exit_code == 0, result.output
    assert "pg" in result.output and "candidate" in result.output


@pytest.mark.parametrize(("data", "labels", "expected"), [
    ({"label_column": "dx"}, ["cardiac"], {"dx": "cardiac"}),
    ({"label_column": "dx", "label_delimiter": ";"}, ["cardiac", "gi"], {"dx": "cardiac;gi"}),
    ({"label_columns": ["c", "g", "n"], "label_names": {"c": "cardiac", "g": "gi", "n": "neuro"}},
     ["cardiac", "gi"], {"c": 1, "g": 1, "n": 0}),
])
def test_feedback_rows_are_written_in_the_runs_label_format(data, labels, expected):
    from meddx.pipeline._retrain import SPLIT_COLUMN, _feedback_rows

    cfg = load_config(overrides={"data": {"text_column": "note", "id_column": "note_id",
                                          "patient_column": "patient", "group_columns": ["sex", "age"],
                                          **data}})
    columns = ["note", "note_id", "patient", "sex", "age", *expected, SPLIT_COLUMN]
    feedback = pd.DataFrame({"text": ["chest pain"], "labels": [labels], "sex": ["F"]})
    row = _feedback_rows(feedback, cfg, columns).iloc[0].to_dict()
    assert {k: row[k] for k in expected} == expected
    assert (row["note"], row["note_id"], row["patient"]) == ("chest pain", "feedback-1", "feedback-1")
    assert (row["sex"], row["age"], row[SPLIT_COLUMN]) == ("F", "unknown", "train")


def test_a_feedback_csv_skips_empty_texts_and_names_a_missing_column(tmp_path):
    """An empty text was kept and stopped the candidate's run on a row of the generated
    retrain-data file; a feedback file of blank texts only raised IndexError."""
    from meddx.errors import DataError

    cfg = load_config(overrides={"data": {"text_column": "note", "label_column": "dx"}})
    feedback = tmp_path / "fb.csv"
    feedback.write_text("text,label\nchest pain,cardiac\n,neuro\n   ,gi\nseizure,neuro\n")
    frame, skipped = read_feedback_set(feedback, cfg, ["cardiac", "gi", "neuro"])
    assert frame["text"].tolist() == ["chest pain", "seizure"]
    assert frame["labels"].tolist() == [["cardiac"], ["neuro"]]
    assert skipped == {"empty_text": 2, "unknown_label": 0}
    feedback.write_text("text,label\n ,neuro\n")
    with pytest.raises(DataError, match=r"no usable feedback rows \(skipped: \{'empty_text': 1"):
        read_feedback_set(feedback, cfg, ["cardiac", "gi", "neuro"])
    feedback.write_text("note,diagnosis\nchest pain,cardiac\n")
    with pytest.raises(DataError) as info:
        read_feedback_set(feedback, cfg, ["cardiac", "gi", "neuro"])
    assert str(info.value) == (f"{feedback}: a feedback CSV needs a column 'label' or the run's "
                               "'dx'; columns are: note, diagnosis")


def test_retrain_from_a_missing_sqlite_log_is_an_error_and_creates_no_file(tmp_path):
    from meddx.errors import DataError

    cfg = load_config(overrides={"data": {"text_column": "note", "label_column": "dx"}})
    db = tmp_path / "run" / "predictions.db"
    db.parent.mkdir()
    with pytest.raises(DataError, match="predictions.db: no prediction log there"):
        read_feedback_set(f"sqlite:///{db}", cfg, ["cardiac"])
    assert not db.exists()


def test_quiet_silences_mlflows_info_lines_on_a_new_store_but_not_its_warnings(tmp_path):
    """`meddx train -q` logs to a new SQLite store inside mlflow_quiet: MLflow's "Creating
    initial MLflow database tables..." is not printed; its warnings are; without quiet, it is.
    A fresh interpreter, so that MLflow's own logging setup at import is what is tested."""
    code = f"""
import logging, sys
from meddx.registry import mlflow_client, mlflow_quiet
with mlflow_quiet(True):
    mlflow_client("sqlite:///{tmp_path.as_posix()}/a.db", create=True).search_experiments()
    logging.getLogger("mlflow.check").warning("a warning stays")
print("--- not quiet", file=sys.stderr, flush=True)
with mlflow_quiet(False):
    mlflow_client("sqlite:///{tmp_path.as_posix()}/b.db", create=True).search_experiments()
"""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")}
    env.pop("MLFLOW_LOGGING_LEVEL", None)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                          timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    quiet, loud = done.stderr.split("--- not quiet")
    assert "a warning stays" in quiet and " INFO " not in quiet, quiet
    assert "Creating initial MLflow database tables" in loud  # the test can fail
