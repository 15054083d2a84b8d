"""kg/cache.py: warm-up results kept on disk between processes, per extractor version."""
from __future__ import annotations

import os

import kg.cache as cache


def test_cache_dir_follows_xdg(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.cache_dir() == tmp_path / "lgkg"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert cache.cache_dir().parts[-2:] == (".cache", "lgkg")


def test_a_value_is_built_once_and_read_back(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    calls = []

    def build():
        calls.append(1)
        return {"青石镇": 3}

    assert cache.remembered("t", build) == {"青石镇": 3}
    assert cache.remembered("t", build) == {"青石镇": 3}
    assert len(calls) == 1


def test_another_extractor_version_builds_afresh(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.remembered("t", lambda: "old") == "old"
    monkeypatch.setattr(cache, "_version", lambda: "another")
    assert cache.remembered("t", lambda: "new") == "new"


def test_a_damaged_file_is_rebuilt(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    cache.remembered("t", lambda: [1, 2])
    [stored] = (tmp_path / "lgkg").glob("t-*.marshal")
    stored.write_bytes(stored.read_bytes()[:3])
    assert cache.remembered("t", lambda: [3]) == [3]
    assert cache.remembered("t", lambda: [4]) == [3]


def test_an_unwritable_cache_still_gives_the_value(monkeypatch, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert cache.remembered("t", lambda: 7) == 7


def _age(path, seconds):
    old = path.stat().st_mtime - seconds
    os.utime(path, (old, old))


def test_writing_a_version_removes_the_unused_versions_of_that_name(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    directory = tmp_path / "lgkg"
    monkeypatch.setattr(cache, "_version", lambda: "old1")
    cache.remembered("t", lambda: "old")
    cache.remembered("t-other", lambda: "another name")
    _age(directory / "t-old1.marshal", cache.UNUSED_FOR + 5)
    _age(directory / "t-other-old1.marshal", cache.UNUSED_FOR + 5)
    half_written = directory / ".t-old0.marshal.abc123"
    half_written.write_bytes(b"\x00")
    _age(half_written, cache.UNUSED_FOR + 5)
    monkeypatch.setattr(cache, "_version", lambda: "new1")
    assert cache.remembered("t", lambda: "new") == "new"
    assert sorted(p.name for p in directory.iterdir()) == ["t-new1.marshal", "t-other-old1.marshal"]


def test_a_version_read_recently_stays(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    directory = tmp_path / "lgkg"
    monkeypatch.setattr(cache, "_version", lambda: "old1")
    cache.remembered("t", lambda: "old")
    _age(directory / "t-old1.marshal", cache.UNUSED_FOR + 5)
    assert cache.remembered("t", lambda: "rebuilt") == "old"   # a read marks it used
    monkeypatch.setattr(cache, "_version", lambda: "new1")
    cache.remembered("t", lambda: "new")
    assert sorted(p.name for p in directory.iterdir()) == ["t-new1.marshal", "t-old1.marshal"]


def test_a_process_whose_version_was_removed_builds_it_again(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    directory = tmp_path / "lgkg"
    monkeypatch.setattr(cache, "_version", lambda: "old1")
    cache.remembered("t", lambda: "old")
    _age(directory / "t-old1.marshal", cache.UNUSED_FOR + 5)
    monkeypatch.setattr(cache, "_version", lambda: "new1")
    cache.remembered("t", lambda: "new")
    monkeypatch.setattr(cache, "_version", lambda: "old1")
    assert cache.remembered("t", lambda: "old again") == "old again"
