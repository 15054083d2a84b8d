from __future__ import annotations

import pytest

from kg.extract import settle_overlaps
from kg.model import Mention


def _m(kind: str, start: int, end: int) -> Mention:
    return Mention(kind, f"{kind}{start}-{end}", start, end)


@pytest.mark.parametrize("mentions, kept", [
    # 青禾能源光伏项目: the company opens the project's name, both are meant
    ([_m("Project", 0, 8), _m("Company", 0, 4)], [("Project", 0, 8), ("Company", 0, 4)]),
    # a program inside an honour's title is the honour's
    ([_m("Honor", 0, 7), _m("Program", 3, 7)], [("Honor", 0, 7)]),
    # two companies overlapping inside one project: the longer one
    ([_m("Project", 0, 12), _m("Company", 0, 6), _m("Company", 4, 8)],
     [("Project", 0, 12), ("Company", 0, 6)]),
    # a company running out of the project is no part of it
    ([_m("Project", 0, 8), _m("Company", 6, 10)], [("Project", 0, 8)]),
    # a project inside a company's name is not kept
    ([_m("Company", 0, 8), _m("Project", 2, 6)], [("Company", 0, 8)]),
    # units stay where they are, nested or not
    ([_m("Honor", 0, 7), _m("Town", 0, 3), _m("Program", 10, 14)],
     [("Honor", 0, 7), ("Town", 0, 3), ("Program", 10, 14)]),
])
def test_settle_overlaps(mentions, kept):
    assert sorted((m.kind, m.start, m.end) for m in settle_overlaps(mentions)) == sorted(kept)


def test_settle_overlaps_keeps_each_of_many_names_once():
    mentions = [_m("Company", i * 10, i * 10 + 6) for i in range(5000)]
    mentions += [_m("Program", i * 10 + 3, i * 10 + 5) for i in range(5000)]
    assert [m.kind for m in settle_overlaps(mentions)] == ["Company"] * 5000
