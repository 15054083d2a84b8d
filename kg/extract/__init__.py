"""Extraction: one article in, its mentions and relations out — a pure function.

The recognisers are listed once, in ``RECOGNISERS``; each is a module with a pure
``find(article)``. ``extract`` runs them, settles overlaps between families, and hands
the survivors to the relation rules.
"""
from __future__ import annotations

from functools import cache
from importlib import import_module
from typing import Callable, Iterable, Iterator

from ..errors import ExtractionError
from ..model import UNIT_KINDS, Article, Extraction, Mention, Quantity

# One registry table: family → module holding ``find(article)``. Order is the priority
# used when two non-unit families claim overlapping text (an honour title that contains
# 活动 is an honour, not a program).
RECOGNISERS: dict[str, str] = {
    "units": "kg.extract.units",
    "honours": "kg.extract.honours",
    "programs": "kg.extract.programs",
    "companies": "kg.extract.companies",
    "projects": "kg.extract.projects",
}
FIGURES = "kg.extract.figures"
_PRIORITY = {"Honor": 0, "Program": 1, "Company": 2, "Project": 3}


@cache
def _finder(module: str) -> Callable[[Article], Iterable]:
    return import_module(module).find  # looked up once per process, not per article


def _may_nest(outer: Mention, inner: Mention) -> bool:
    """A company's name may open a project's name (青禾能源光伏项目): both are meant."""
    return (outer.kind == "Project" and inner.kind == "Company"
            and outer.start <= inner.start and inner.end <= outer.end)


def settle_overlaps(mentions: Iterable[Mention]) -> list[Mention]:
    """Keep unit mentions as they are; among other families drop a mention that overlaps a
    longer one, or an equally long one of a family with higher priority.

    Units nested in a title (the province inside a provincial honour) stay: they are real
    mentions of the unit, only the relation rules must not take them as a fact's subject.

    >>> h = Mention("Honor", "青石县先进单位", 0, 7)
    >>> p = Mention("Program", "先进单位", 3, 7)
    >>> [m.kind for m in settle_overlaps([p, h])]
    ['Honor']
    """
    from .honours import SpanSet

    units = [m for m in mentions if m.kind in UNIT_KINDS]
    others = sorted((m for m in mentions if m.kind not in UNIT_KINDS),
                    key=lambda m: (-(m.end - m.start), _PRIORITY.get(m.kind, 9), m.start))
    kept: list[Mention] = []
    # Kept spans never overlap, but for companies nested in a project: two span sets, so
    # that each test is a bisection (a long notice holds thousands of names).
    outer, nested = SpanSet(), SpanSet()
    outer_at: dict[tuple[int, int], Mention] = {}
    for m in others:
        if nested.overlapping(m.start, m.end) is not None:
            continue
        clash = outer.overlapping(m.start, m.end)
        if clash is not None:
            if not _may_nest(outer_at[clash], m):
                continue  # inside its one project, or it overlaps something it may not
            nested.add(m.start, m.end)
        else:
            outer.add(m.start, m.end)
            outer_at[(m.start, m.end)] = m
        kept.append(m)
    seen: set[tuple] = set()
    result = []
    for m in sorted(units + kept, key=lambda m: (m.start, -m.end, m.kind)):
        key = (m.kind, m.start, m.end)
        if key not in seen:
            seen.add(key)
            result.append(m)
    return result


def _safe(article: Article, family: str, found: Iterable) -> Iterator:
    try:
        yield from found
    except Exception as exc:  # a recogniser bug must name the article, not kill the batch
        raise ExtractionError(f"{family} recogniser failed: {exc!r}",
                              file=article.source, article=article.id) from exc


def extract(article: Article) -> Extraction:
    """Recognise every mention in one article and relate them."""
    from .relations import relate

    mentions: list[Mention] = []
    for family, module in RECOGNISERS.items():
        mentions.extend(_safe(article, family, _finder(module)(article)))
    quantities: list[Quantity] = list(_safe(article, "figures", _finder(FIGURES)(article)))
    mentions = settle_overlaps(mentions)
    subject, relations = relate(article, tuple(mentions), tuple(quantities))
    return Extraction(article=article, subject=subject, mentions=tuple(mentions),
                      relations=tuple(relations))
