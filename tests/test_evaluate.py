"""kg/evaluate.py: gold loading, name normalisation and scoring on hand-made data."""
from __future__ import annotations

import json
from decimal import Decimal

import pytest

from kg.errors import InputError
from kg.evaluate import Predicted, load_gold, normalise_name, score

TEXT = ("云溪县青石镇白马村建成“白马书院”。青石镇荣获“省级文明镇”称号。"
        "青石镇推行“河长制”。云溪县青石镇产业园项目总投资12亿元。")


@pytest.mark.parametrize("text, expected", [
    ("青石镇", "青石镇"),
    ("“白马书院”", "白马书院"),
    ("《东湖街道》", "东湖街道"),
    ("雲溪縣", "云溪县"),
    ("白马村（北）", "白马村北"),
    ("东湖 街道", "东湖街道"),
    ("「省級」文明鎮", "省级文明镇"),
    ("ＡＢＣ产业园", "ABC产业园"),
])
def test_normalise_name(text, expected):
    assert normalise_name(text) == expected


def gold_file(tmp_path, **overrides):
    data = {
        "id": "report-0", "source": "report.txt", "subject": "青石镇",
        "entities": [
            {"type": "District", "name": "云溪县", "aliases": ["云溪"]},
            {"type": "Town", "name": "青石镇", "aliases": []},
            {"type": "Village", "name": "白马村", "aliases": []},
            {"type": "Honor", "name": "省级文明镇", "aliases": []},
            {"type": "Program", "name": "河长制", "aliases": [], "optional": True},
            {"type": "Project", "name": "青石镇产业园", "aliases": ["产业园"]},
        ],
        "relations": [
            {"s": "青石镇", "p": "partOf", "o": "云溪县"},
            {"s": "白马村", "p": "partOf", "o": "青石镇"},
            {"s": "青石镇", "p": "receivedHonor", "o": "省级文明镇"},
            {"s": "青石镇", "p": "implements", "o": "河长制", "optional": True},
        ],
        "attributes": [
            {"s": "青石镇产业园", "p": "totalInvestment", "value": 1200000000, "unit": "CNY"},
            {"s": "青石镇产业园", "p": "area", "value": 30, "unit": "亩", "optional": True},
        ],
    }
    data.update(overrides)
    path = tmp_path / f"{data['id']}.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return load_gold(path)


def predicted(entities, statements=(), text=TEXT):
    return Predicted("report-0", normalise_name(text),
                     tuple((n, k, normalise_name(label),
                            frozenset(normalise_name(x) for x in (label, *alts)))
                           for n, k, label, *alts in entities),
                     tuple(statements))


PERFECT = [("e:county", "District", "云溪县", "云溪"), ("e:town", "Town", "青石镇"),
           ("e:village", "Village", "白马村"), ("e:honor", "Honor", "“省级文明镇”"),
           ("e:park", "Project", "青石镇产业园")]
PERFECT_STATEMENTS = [("e:town", "partOf", "e:county"), ("e:village", "partOf", "e:town"),
                      ("e:town", "receivedHonor", "e:honor"),
                      ("e:park", "totalInvestment", Decimal("1.2E9"))]


def test_perfect_graph_scores_one(tmp_path):
    result = score(gold_file(tmp_path), predicted(PERFECT, PERFECT_STATEMENTS))
    assert {k: (t.tp, t.fp, t.fn) for k, t in result.entities.items() if t.tp + t.fp + t.fn} == {
        "District": (1, 0, 0), "Town": (1, 0, 0), "Village": (1, 0, 0), "Honor": (1, 0, 0),
        "Project": (1, 0, 0)}
    assert {k: (t.tp, t.fp, t.fn) for k, t in result.relations.items() if t.tp + t.fp + t.fn} == {
        "partOf": (2, 0, 0), "receivedHonor": (1, 0, 0), "totalInvestment": (1, 0, 0)}
    assert result.errors == []


def test_alias_label_matches_and_wrong_type_is_a_false_hit_and_a_miss(tmp_path):
    entities = [("e:county", "District", "云溪"), ("e:town", "Subdistrict", "青石镇")]
    result = score(gold_file(tmp_path), predicted(entities))
    assert (result.entities["District"].tp, result.entities["Town"].fn) == (1, 1)
    assert result.entities["Subdistrict"].fp == 1
    assert "false entity    Subdistrict 青石镇" in result.errors


def test_optional_items_are_neither_rewarded_nor_penalised(tmp_path):
    gold = gold_file(tmp_path)
    with_optional = score(gold, predicted(
        PERFECT + [("e:prog", "Program", "河长制")],
        PERFECT_STATEMENTS + [("e:town", "implements", "e:prog")]))
    without = score(gold, predicted(PERFECT, PERFECT_STATEMENTS))
    assert with_optional.errors == []
    for part in ("entities", "relations"):
        for key, t in getattr(with_optional, part).items():
            other = getattr(without, part).get(key)
            assert (t.tp, t.fp, t.fn) == ((other.tp, other.fp, other.fn) if other else (0, 0, 0))


def test_entity_from_outside_the_text_is_not_counted(tmp_path):
    # A gazetteer parent: its name is nowhere in the text, nor is the relation's evidence.
    entities = PERFECT + [("e:province", "Province", "江南省")]
    statements = PERFECT_STATEMENTS + [("e:county", "partOf", "e:province")]
    result = score(gold_file(tmp_path), predicted(entities, statements))
    assert result.errors == []


def test_entity_named_in_the_text_but_not_in_gold_is_a_false_hit(tmp_path):
    entities = PERFECT + [("e:book", "Project", "白马书院")]
    result = score(gold_file(tmp_path), predicted(entities))
    assert result.entities["Project"].fp == 1
    assert "false entity    Project 白马书院" in result.errors


def test_duplicate_entity_for_one_gold_item_is_a_false_hit(tmp_path):
    entities = PERFECT + [("e:county2", "District", "云溪")]
    result = score(gold_file(tmp_path), predicted(entities, PERFECT_STATEMENTS))
    assert (result.entities["District"].tp, result.entities["District"].fp) == (1, 1)
    assert any("duplicate of 云溪县" in e for e in result.errors)


def test_relations_match_through_aliases_and_wrong_ones_count(tmp_path):
    entities = [("e:county", "District", "云溪"), ("e:town", "Town", "青石镇"),
                ("e:village", "Village", "白马村")]
    statements = [("e:town", "partOf", "e:county"),     # right, via the alias label
                  ("e:county", "partOf", "e:village")]  # wrong direction
    result = score(gold_file(tmp_path), predicted(entities, statements))
    assert (result.relations["partOf"].tp, result.relations["partOf"].fp,
            result.relations["partOf"].fn) == (1, 1, 1)
    assert "false relation  云溪县 partOf 白马村" in result.errors
    assert "missed relation 白马村 partOf 青石镇" in result.errors


@pytest.mark.parametrize("value, hit", [
    (Decimal("1200000000"), True),
    (Decimal("1.2E+9"), True),
    (Decimal("1200000000.00"), True),
    (Decimal("120000000"), False),
])
def test_attribute_values_compare_as_numbers(tmp_path, value, hit):
    statements = [("e:park", "totalInvestment", value)]
    result = score(gold_file(tmp_path), predicted(PERFECT, statements))
    assert result.relations["totalInvestment"].tp == int(hit)
    assert result.relations["totalInvestment"].fp == int(not hit)


def test_area_attribute_is_not_scored(tmp_path):
    statements = PERFECT_STATEMENTS + [("e:park", "area", Decimal(31))]
    result = score(gold_file(tmp_path), predicted(PERFECT, statements))
    assert "area" not in result.relations
    assert result.errors == []


def test_empty_graph_misses_every_required_item(tmp_path):
    result = score(gold_file(tmp_path), predicted([]))
    assert sum(t.fn for t in result.entities.values()) == 5
    assert sum(t.fn for t in result.relations.values()) == 4
    assert sum(t.tp + t.fp for t in result.entities.values()) == 0


@pytest.mark.parametrize("content", ["{", "[]", '{"entities": [{"name": "x"}]}'])
def test_malformed_gold_file_names_the_file(tmp_path, content):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match="bad.json"):
        load_gold(path)
