"""Word lists a domain expert extends: cue words, honour tails, program frames, …

Each family (honours, programs, projects, companies, …) ships as ``kg/lexicons/<family>.toml``
with one table ``[<family>]`` whose keys are arrays of strings. The shipped files are the
schema: a key that none of them declares is a mistake, not an extension.

A user's own files (``kg build --lexicon my.toml``, repeatable) use the same tables and keys
and ADD their words to the shipped ones; they never remove any. Recognisers read the words
through :func:`words` / :func:`alternation` and compile their regexes from them once per
configuration, so the lexicons are frozen for the whole run.

Configuration is process-wide and done by one plain call, :func:`configure`, before the
first article is extracted. Worker processes are spawned, not forked, so they start with
the shipped lexicons only: whoever starts them calls ``configure(paths)`` in each (a pool
initializer, or :func:`kg.pipeline.article_quads` with the paths it is given) — the call is
cheap and idempotent for the same paths.
"""
from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Iterable, Sequence
from functools import cache, lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from ..errors import LexiconError

_HERE = Path(__file__).resolve().parent
_TOML_AT = re.compile(r"\s*\(at (?:line (\d+), column (\d+)|end of document)\)")
Lexicon = Mapping[str, Mapping[str, tuple[str, ...]]]

_user_paths: tuple[str, ...] = ()
_dependents: list = []
_user_entries: tuple[tuple[str, str, tuple[str, ...]], ...] = ()
_user_digest = ""


def _parse(path: Path) -> dict:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise LexiconError(f"cannot read the lexicon: {exc}", file=str(path)) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # tomllib ends its message with "(at line L, column C)" or "(at end of document)".
        words = str(exc)
        at = _TOML_AT.search(words)
        line = f"line {at.group(1)}, column {at.group(2)}" if at and at.group(1) \
            else f"line {max(1, len(text.splitlines()))} (end of file)"
        raise LexiconError(f"{line}: not valid TOML: {_TOML_AT.sub('', words).strip()}",
                           file=str(path)) from None


def _line_of(path: Path, family: str, key: str | None = None) -> int:
    """The line a table (or a key inside it) is written on, for error messages."""
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    table = re.compile(rf"^\s*\[\s*\"?{re.escape(family)}\"?\s*\]")
    in_table = key is None
    for number, line in enumerate(lines, 1):
        if table.match(line):
            if key is None:
                return number
            in_table = True
        elif in_table and key is not None and re.match(rf"^\s*\"?{re.escape(key)}\"?\s*=", line):
            return number
    return 1


def _entries(path: Path, data: dict, schema: Mapping[str, Mapping[str, tuple[str, ...]]] | None
             ) -> Iterable[tuple[str, str, tuple[str, ...]]]:
    """(family, key, words) of one parsed file, checked against ``schema`` when given."""
    for family, table in data.items():
        if not isinstance(table, dict):
            raise LexiconError(f"line {_line_of(path, family)}: {family!r} must be a table "
                               f"[{family}] of word lists", file=str(path))
        if schema is not None and family not in schema:
            raise LexiconError(f"line {_line_of(path, family)}: unknown lexicon [{family}] "
                               f"(known: {', '.join(sorted(schema))})", file=str(path))
        for key, value in table.items():
            # The line is looked up only for an error: it rereads the file, and every
            # process reads the shipped lexicons at its start.
            if schema is not None and key not in schema[family]:
                raise LexiconError(f"line {_line_of(path, family, key)}: unknown key {key!r} "
                                   f"in [{family}] (known: {', '.join(sorted(schema[family]))})",
                                   file=str(path))
            if not isinstance(value, list) or not all(isinstance(w, str) and w.strip()
                                                      for w in value):
                raise LexiconError(f"line {_line_of(path, family, key)}: [{family}] {key} must "
                                   f"be an array of non-empty strings", file=str(path))
            yield family, key, tuple(w.strip() for w in value)


@cache
def shipped() -> Lexicon:
    """The lexicons shipped with the package, by family and key."""
    merged: dict[str, dict[str, tuple[str, ...]]] = {}
    for path in sorted(_HERE.glob("*.toml")):
        for family, key, words in _entries(path, _parse(path), None):
            merged.setdefault(family, {})[key] = words
    return MappingProxyType({f: MappingProxyType(keys) for f, keys in merged.items()})


def configure(paths: Sequence[str | Path] = ()) -> None:
    """Add the words of the user lexicon files ``paths`` (in order) to the shipped ones.

    Reads and checks every file before changing anything, so a bad file leaves the
    configuration as it was. Raises LexiconError (exit code 2) naming the file and line.
    Calling it again with the same paths does nothing; ``configure(())`` goes back to
    the shipped lexicons.
    """
    global _user_paths, _user_entries, _user_digest
    key = tuple(str(p) for p in paths)
    if key == _user_paths:
        return
    schema = shipped()
    entries: list[tuple[str, str, tuple[str, ...]]] = []
    digest = hashlib.sha256()
    for raw in key:
        path = Path(raw)
        data = _parse(path)
        entries.extend(_entries(path, data, schema))
        digest.update(path.read_bytes() + b"\0")
    _user_paths, _user_entries = key, tuple(entries)
    _user_digest = digest.hexdigest()[:12] if key else ""
    current.cache_clear()
    _compiled.cache_clear()
    for cached in _dependents:
        cached.cache_clear()


def per_configuration(build):
    """Cache ``build()`` (a recogniser's compiled regexes) until the next :func:`configure`.

    >>> @per_configuration
    ... def cues(): return alternation("honours", "strong_cues")
    >>> cues() is cues()
    True
    """
    cached = cache(build)
    _dependents.append(cached)
    return cached


def per_text(find):
    """Cache ``find(text)`` for the last few texts until the next :func:`configure`: what one
    recogniser finds in an article and another one reads too (programs read the honours).

    >>> @per_text
    ... def cue_ends(text): return tuple(m.end() for m in re.finditer(cues(), text))
    >>> @per_configuration
    ... def cues(): return alternation("honours", "strong_cues")
    >>> cue_ends("白马村被评为文明村") is cue_ends("白马村被评为文明村")
    True
    """
    cached = lru_cache(maxsize=8)(find)
    _dependents.append(cached)
    return cached


def per_name(judge):
    """Cache ``judge(name, ...)``, a pure function of its arguments and the lexicons, for
    many names until the next :func:`configure`: entity names recur from article to article.

    >>> @per_name
    ... def tail(name): return name[-1]
    >>> tail("白马村"), tail.cache_info().currsize
    ('村', 1)
    """
    cached = lru_cache(maxsize=_NAMES_KEPT)(judge)
    _dependents.append(cached)
    return cached


# Enough for the distinct names of a few thousand articles, a few megabytes at most.
_NAMES_KEPT = 16_384


def configured_paths() -> tuple[str, ...]:
    """The user lexicon files in effect, to hand to worker processes."""
    return _user_paths


def digest() -> str:
    """A digest of the user lexicons' content ("" with none): part of the extractor
    version, so editing a lexicon file re-extracts on the next incremental build."""
    return _user_digest


@cache
def current() -> Lexicon:
    """Shipped plus user words, by family and key."""
    merged = {f: dict(keys) for f, keys in shipped().items()}
    for family, key, words in _user_entries:
        merged[family][key] = tuple(dict.fromkeys(merged[family][key] + words))
    return MappingProxyType({f: MappingProxyType(keys) for f, keys in merged.items()})


def words(family: str, key: str) -> tuple[str, ...]:
    """The words of one key, shipped first, then the user's.

    >>> "被评为" in words("honours", "strong_cues")
    True
    """
    return current()[family][key]


def alternation(family: str, key: str) -> str:
    """The words of one key as a regex alternation, longest first, each escaped.

    >>> alternation("honours", "not_titles").startswith("(?:")
    True
    """
    return _compiled(family, key)


@cache
def _compiled(family: str, key: str) -> str:
    ordered = sorted(words(family, key), key=lambda w: (-len(w), w))
    return "(?:" + "|".join(re.escape(w) for w in ordered) + ")"
