"""kg/cache.py: warm-up results kept on disk between processes, per extractor version."""
from __future__ import annotations

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
