"""``meddx federate``: Flower's FedAvg/FedProx through the in-process loopback grid; a 2-site
run writes a standard run directory that evaluate/predict/privacy-audit read; clear errors."""

from __future__ import annotations

import json

import numpy as np
import pytest

pytest.importorskip("flwr")

from meddx.config import load_config  # noqa: E402
from meddx.errors import ConfigError  # noqa: E402
from meddx.federated import make_client_app, make_server_app, run_loopback  # noqa: E402
from tests._support.helpers import synthetic_notes  # noqa: E402


def _blobs(n, seed):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 3, n)
    return (rng.normal(size=(n, 8)) + 3.0 * np.eye(3, 8)[y]).astype(np.float32), y


@pytest.mark.parametrize("strategy", ["fedavg", "fedprox"])
def test_flower_apps_learn_across_two_sites_and_only_weights_travel(strategy):
    sites = [_blobs(120, 0), _blobs(80, 1)]
    seen = []

    def load_site(node_config):
        seen.append(node_config["site"])
        return sites[node_config["partition-id"]]

    server = make_server_app(strategy=strategy, rounds=3, n_sites=2, dim=8, n_classes=3,
                             local_epochs=1, lr=0.05, batch_size=16, proximal_mu=0.1)
    grid = run_loopback(server, make_client_app(load_site), [
        {"partition-id": 0, "site": "A"}, {"partition-id": 1, "site": "B"}], run_config={})
    assert sorted(set(seen)) == ["A", "B"] and len(seen) == 6  # 2 sites x 3 rounds
    state = grid.context.state["final"].to_torch_state_dict()
    X, y = _blobs(300, 2)
    pred = (X @ state["weight"].numpy().T + state["bias"].numpy()).argmax(1)
    assert (pred == y).mean() > 0.8
    head_bytes = (3 * 8 + 3) * 4  # float32 weight and bias, serialised with a small header each
    per_message = grid.bytes_sent / 6
    assert grid.bytes_sent == grid.bytes_received and head_bytes <= per_message < head_bytes + 400


def _notes(tmp_path, sites):
    frame = synthetic_notes(160, seed=2, patients=80)
    frame["site"] = [sites[i % len(sites)] for i in range(len(frame))]
    path = tmp_path / "notes.csv"
    frame.to_csv(path, index=False)
    return path


def _tree(tmp_path, data, model, **fed):
    return {"name": "fed", "out_dir": str(tmp_path / "runs"),
            "data": {"path": str(data), "text_column": "note", "label_column": "dx",
                     "id_column": "note_id", "patient_column": "patient"},
            "prep": {"max_length": 32}, "model": {"name": str(model), "mode": "frozen"},
            "train": {"threads": 1}, "eval": {"bootstrap": 20}, "fairness": {"groups": []},
            "federated": {"site_column": "site", "rounds": 2, **fed}}


@pytest.mark.slow
def test_two_site_federated_run_writes_a_standard_run_directory(tmp_path, model_tiny):
    from typer.testing import CliRunner

    from meddx.cli import app

    data = _notes(tmp_path, ["north", "south"])
    out = CliRunner().invoke(app, [
        "federate", "--data", str(data), "--site-column", "site", "--rounds", "2",
        "--strategy", "fedprox", "--text-column", "note", "--label-column", "dx",
        "--id-column", "note_id", "--patient-column", "patient", "--model", str(model_tiny),
        "--name", "fed", "--out", str(tmp_path / "runs"), "-q"])
    assert out.exit_code == 0, out.output
    run = tmp_path / "runs" / "fed"
    metrics = json.loads((run / "metrics.json").read_text())
    assert {"model", "baseline", "federated"} <= set(metrics)
    fed = metrics["federated"]
    assert fed["sites"] == ["north", "south"] and fed["rounds"] == 2
    assert fed["strategy"] == "fedprox"
    card = json.loads((run / "data_card.json").read_text())
    assert sum(s["n_train"] for s in fed["per_site"].values()) == card["splits"]["train"]["n"]
    for site in fed["per_site"].values():
        assert sum(site["label_mix"].values()) == site["n_train"]
        assert site["test_macro_f1"] is not None
    assert json.loads((run / "run.json").read_text())["status"] == "complete"
    report = (run / "report.html").read_text(encoding="utf-8")
    assert "Site &#39;north&#39;" in report or "Site 'north'" in report
    # The other commands read it like any run.
    assert CliRunner().invoke(app, ["evaluate", str(run), "--data", str(data)]).exit_code == 0
    preds = tmp_path / "p.csv"
    result = CliRunner().invoke(app, ["predict", str(run), "--input", str(data), "--output",
                                      str(preds), "-q"])
    assert result.exit_code == 0, result.output
    result = CliRunner().invoke(app, ["privacy-audit", str(run), "--bootstrap", "20", "-q"])
    assert result.exit_code == 0, result.output


def test_a_site_column_with_one_site_is_refused(tmp_path, model_tiny):
    from meddx.pipeline import train_run

    data = _notes(tmp_path, ["only"])
    with pytest.raises(ConfigError, match="site column 'site' has one site \\('only'\\)"):
        train_run(load_config(overrides=_tree(tmp_path, data, model_tiny)), quiet=True)


def test_a_site_with_too_few_notes_is_refused(tmp_path, model_tiny):
    from meddx.pipeline import train_run

    data = _notes(tmp_path, ["big"] * 30 + ["tiny"])
    with pytest.raises(ConfigError, match="site 'tiny' .* has \\d+ training notes, fewer than"):
        train_run(load_config(overrides=_tree(tmp_path, data, model_tiny, min_site_notes=10)),
                  quiet=True)


def test_federated_needs_the_frozen_mode():
    with pytest.raises(ConfigError, match="supports model.mode 'lora' .* or 'frozen'"):
        load_config(overrides={"model": {"mode": "full"}, "federated": {"site_column": "site"}})


@pytest.mark.slow
def test_the_deployment_apps_read_each_sites_own_file(tmp_path, model_tiny):
    """meddx.federated.app (what SuperLink/SuperNodes would load), driven in-process: each site
    reads only the file its node config names; the server writes a loadable model folder."""
    import yaml

    from meddx.federated import app, run_loopback
    from meddx.models import load_classifier

    frame = synthetic_notes(120, seed=4, patients=60)
    paths = []
    for i, part in enumerate((frame.iloc[:60], frame.iloc[60:])):
        paths.append(tmp_path / f"site{i}.csv")
        part.to_csv(paths[-1], index=False)
    config = tmp_path / "fed.yaml"
    config.write_text(yaml.safe_dump({
        "data": {"text_column": "note", "label_column": "dx", "id_column": "note_id",
                 "patient_column": "patient", "labels": ["cardiac", "gi", "neuro"]},
        "prep": {"max_length": 32}, "model": {"name": str(model_tiny), "mode": "frozen"}}))
    out = tmp_path / "model"
    grid = run_loopback(app.server_app, app.client_app,
                        [{"data-path": str(p), "cache-dir": str(tmp_path / f"cache{i}")}
                         for i, p in enumerate(paths)],
                        run_config={"meddx-config": str(config), "num-server-rounds": 2,
                                    "min-nodes": 2, "out": str(out)})
    assert grid.bytes_sent > 0
    for i in range(2):  # each site's embeddings stay on its own disk, for the next round
        assert len(list((tmp_path / f"cache{i}").glob("emb-*.npy"))) == 1
    model = load_classifier(out)
    proba = model.predict_proba(frame["note"].tolist()[:5])
    assert proba.shape == (5, 3) and np.allclose(proba.sum(1), 1)
    assert model.labels == ["cardiac", "gi", "neuro"]


def test_per_site_dp_trains_and_accounts_each_site(tmp_path):
    from meddx.privacy import PrivacyConfig, plan_noise, spent_epsilon

    sites = [_blobs(160, 0), _blobs(96, 1)]
    privacy = PrivacyConfig(epsilon=4.0, accountant="rdp", batch_size=32)
    rounds = 3
    server = make_server_app(strategy="fedavg", rounds=rounds, n_sites=2, dim=8, n_classes=3,
                             local_epochs=1, lr=0.05, batch_size=32, proximal_mu=0.0)
    client = make_client_app(lambda nc: sites[nc["partition-id"]],
                             dp={"privacy": privacy, "plan_epochs": rounds})
    grid = run_loopback(server, client, [{"partition-id": 0}, {"partition-id": 1}],
                        run_config={})
    state = grid.context.state["final"].to_torch_state_dict()
    X, y = _blobs(300, 2)
    assert ((X @ state["weight"].numpy().T + state["bias"].numpy()).argmax(1) == y).mean() > 0.6
    for X_site, _ in sites:  # the whole plan of each site stays within the target
        sigma, delta, q, steps = plan_noise(privacy, len(X_site), 32, rounds)
        assert steps == rounds * round(1 / q)
        assert spent_epsilon("rdp", sigma, q, steps, delta) <= 4.0


def test_per_site_dp_refuses_fedprox():
    with pytest.raises(ConfigError, match="cannot use federated.strategy 'fedprox'"):
        load_config(overrides={"federated": {"site_column": "site", "strategy": "fedprox"},
                               "privacy": {"epsilon": 8}})


@pytest.mark.slow
def test_federated_run_with_per_site_dp_records_each_sites_budget(tmp_path, model_tiny):
    from meddx.pipeline import train_run

    data = _notes(tmp_path, ["north", "south"])
    tree = _tree(tmp_path, data, model_tiny)
    tree["privacy"] = {"epsilon": 6.0, "accountant": "rdp", "batch_size": 16}
    metrics = train_run(load_config(overrides=tree), quiet=True).metrics
    dp = metrics["privacy"]
    assert set(dp["per_site"]) == {"north", "south"} and dp["epsilon"] <= 6.0
    assert dp["epsilon"] == max(s["epsilon"] for s in dp["per_site"].values())
    for name, site in metrics["federated"]["per_site"].items():
        assert site["dp_epsilon"] == dp["per_site"][name]["epsilon"]


@pytest.mark.parametrize("name", ["fedavg", "fedadam"])
def test_making_a_strategy_prints_no_warning_about_the_evaluation_meddx_turns_off(name):
    """Flower warns on the console that federated evaluation is skipped (fraction_evaluate 0);
    meddx skips it on purpose (it evaluates the finished run), so `meddx federate -q` must not
    print it. Other Flower messages still go through."""
    import logging

    from meddx.federated import make_strategy

    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record):
            records.append(record)

    flwr_log = logging.getLogger("flwr")
    handler = Keep()
    flwr_log.addHandler(handler)
    try:
        make_strategy(name, n_sites=2)
        flwr_log.warning("another Flower warning")
    finally:
        flwr_log.removeHandler(handler)
    assert [r.getMessage() for r in records] == ["another Flower warning"]
