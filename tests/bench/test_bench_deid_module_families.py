"""bench/deid_module_families.py: every deid module lands in exactly one group, each detector's
module in its own, and an import inside a function counts."""

from __future__ import annotations

from pathlib import Path

from tests._support.scripts import load_script

BENCH = Path(__file__).resolve().parents[2] / "bench"


def test_every_module_in_one_group_and_detectors_in_their_own():
    fam = load_script("bench_deid_module_families", BENCH / "deid_module_families.py")
    groups = fam.families()
    modules = [m for ms in groups.values() for m in ms]
    assert sorted(modules) == sorted(p.stem for p in fam.DEID.glob("*.py"))
    for detector in fam.DETECTOR_MODULES:
        owners = next(k for k, ms in groups.items() if detector in ms)
        assert detector in owners
    assert () in groups  # the de-identifier, views, operators ... belong to no one detector


def test_imports_inside_functions_count(tmp_path):
    fam = load_script("bench_deid_module_families", BENCH / "deid_module_families.py")
    path = tmp_path / "_x.py"
    path.write_text("from meddx.deid._a import f\n\ndef g():\n    import meddx.deid._b as b\n"
                    "    from meddx.deid import _c, layout_view\n", encoding="utf-8")
    assert fam.deid_imports(path, {"_a", "_b", "_c", "_d"}) == {"_a", "_b", "_c"}
