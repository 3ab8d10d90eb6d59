"""meddx._io: atomic writes leave a file with the mode a plain open() would give it."""

from __future__ import annotations

import os
import stat
import tempfile

import pytest

from meddx._io import atomic_write_bytes, publish_temp


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_atomic_write_bytes_mode_follows_umask(tmp_path, umask_022):
    path = tmp_path / "a.bin"
    atomic_write_bytes(path, b"x")
    assert path.read_bytes() == b"x"
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["a.bin"]  # no temporary file left


def test_publish_temp_replaces_and_widens_mkstemp_mode(tmp_path, umask_022):
    dst = tmp_path / "out.jsonl"
    dst.write_text("old")
    fd, tmp = tempfile.mkstemp(dir=tmp_path)
    os.write(fd, b"new")
    os.close(fd)
    assert stat.S_IMODE(os.stat(tmp).st_mode) == 0o600
    publish_temp(tmp, dst)
    assert dst.read_text() == "new"
    assert not os.path.exists(tmp)
    assert stat.S_IMODE(dst.stat().st_mode) == 0o644


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o444])
def test_publish_temp_keeps_the_mode_of_the_file_it_replaces(tmp_path, umask_022, mode):
    dst = tmp_path / "out.jsonl"
    dst.write_text("old")
    os.chmod(dst, mode)  # the user made the output (it holds note text) private
    atomic_write_bytes(dst, b"new")
    assert dst.read_bytes() == b"new"
    assert stat.S_IMODE(dst.stat().st_mode) == mode
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]


def test_new_file_mode_follows_a_strict_umask(tmp_path):
    old = os.umask(0o077)
    try:
        atomic_write_bytes(tmp_path / "a.bin", b"x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "a.bin").stat().st_mode) == 0o600


def test_umask_is_read_without_changing_it(umask_022, monkeypatch):
    from meddx import _io

    calls = []
    real = os.umask
    monkeypatch.setattr(os, "umask", lambda m: calls.append(m) or real(m))
    assert _io._umask() == 0o022
    if os.path.exists("/proc/self/status"):
        assert calls == []  # read from /proc: no window with the umask set to 0
