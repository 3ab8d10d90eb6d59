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


# An output path that is a symlink: the link stays, the file it points to is replaced
# (atomically, the temporary file made in the target's folder).

def test_atomic_write_through_a_symlink_keeps_the_link(tmp_path, umask_022):
    store = tmp_path / "store"
    store.mkdir()
    target = store / "real.json"
    target.write_text("old")
    os.chmod(target, 0o640)
    link = tmp_path / "out.json"
    link.symlink_to(target)
    atomic_write_bytes(link, b"new")
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640  # the target's mode, not the link's
    assert sorted(p.name for p in store.iterdir()) == ["real.json"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json", "store"]


def test_atomic_write_through_a_chain_of_relative_links(tmp_path, umask_022):
    (tmp_path / "d").mkdir()
    target = tmp_path / "d" / "real.txt"
    target.write_text("old")
    (tmp_path / "mid.txt").symlink_to("d/real.txt")
    (tmp_path / "out.txt").symlink_to("mid.txt")
    atomic_write_bytes(tmp_path / "out.txt", b"new")
    assert (tmp_path / "out.txt").is_symlink() and (tmp_path / "mid.txt").is_symlink()
    assert target.read_bytes() == b"new"


def test_atomic_write_through_a_dangling_link_creates_its_target(tmp_path, umask_022):
    link = tmp_path / "out.txt"
    link.symlink_to(tmp_path / "new" / "real.txt")
    atomic_write_bytes(link, b"x")
    assert link.is_symlink()
    assert (tmp_path / "new" / "real.txt").read_bytes() == b"x"
    assert stat.S_IMODE((tmp_path / "new" / "real.txt").stat().st_mode) == 0o644


def test_atomic_write_to_a_symlink_loop_fails_and_keeps_the_links(tmp_path):
    (tmp_path / "a").symlink_to("b")
    (tmp_path / "b").symlink_to("a")
    with pytest.raises(OSError):
        atomic_write_bytes(tmp_path / "a", b"x")
    assert (tmp_path / "a").is_symlink() and (tmp_path / "b").is_symlink()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "b"]


def test_publish_temp_through_a_symlink_replaces_the_target(tmp_path, umask_022):
    from meddx._io import output_target

    target = tmp_path / "real.jsonl"
    target.write_text("old")
    link = tmp_path / "out.jsonl"
    link.symlink_to(target.name)
    assert output_target(link) == target
    assert output_target(target) == target
    fd, tmp = tempfile.mkstemp(dir=output_target(link).parent)
    os.write(fd, b"new")
    os.close(fd)
    publish_temp(tmp, link)
    assert link.is_symlink() and target.read_text() == "new"
