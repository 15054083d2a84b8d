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


@pytest.mark.parametrize("value, unit, predicted_m2, hit", [
    (30, "亩", Decimal("20000.00"), True),        # 30亩 in the graph's square metres
    (20000, "平方米", Decimal("20100"), True),     # within the relative tolerance
    (2, "公顷", Decimal("20000"), True),
    (20000, "平方米", Decimal("22000"), False),    # a different area
    (30, "亩", Decimal("30"), False),             # the number as written is no area in m²
])
def test_area_is_scored_in_square_metres_within_a_tolerance(tmp_path, value, unit, predicted_m2,
                                                            hit):
    attributes = [{"s": "青石镇产业园", "p": "area", "value": value, "unit": unit}]
    gold = gold_file(tmp_path, attributes=attributes)
    result = score(gold, predicted(PERFECT, [("e:park", "area", predicted_m2)]))
    assert (result.relations["area"].tp, result.relations["area"].fp,
            result.relations["area"].fn) == ((1, 0, 0) if hit else (0, 1, 1))


def test_gold_area_in_an_unknown_unit_names_the_file(tmp_path):
    with pytest.raises(InputError, match="unknown area unit") as info:
        gold_file(tmp_path, attributes=[{"s": "青石镇产业园", "p": "area", "value": 3,
                                         "unit": "英亩"}])
    assert "report-0.json" in str(info.value)


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


# ── against a real store, built from hand-made resolved articles ──────────────────────────

from kg.evaluate import StoredArticle, assign_articles, evaluate  # noqa: E402
from kg.model import Article, Entity, Evidence, Fact, Quantity, ResolvedArticle, Sentence  # noqa: E402
from kg.rdf import to_quads  # noqa: E402
from kg.store import Store  # noqa: E402

PAGE_A = "青石镇白马村建成文化广场。青石镇荣获“省级文明镇”称号。青石镇产业园总投资12亿元。"
PAGE_B = "东湖街道柳岸社区新建养老服务中心。东湖街道推行“网格长制”。"


def resolved(article_id, index, text, entities, facts):
    article = Article(article_id, "pages/page.txt", index, text, text,
                      (Sentence(0, len(text), text),))
    ev = Evidence(article_id, 0, len(text), text)
    return ResolvedArticle(article, None, tuple(entities),
                           tuple(Fact(s, p, o, ev) for s, p, o in facts))


def write_store(path, *articles):
    with Store(path) as store:
        for r in articles:
            store.replace_article(r.article.id, "h", to_quads(
                r, generated_at="2024-01-01T00:00:00+00:00", extractor_version="test"))


@pytest.fixture
def page_store(tmp_path):
    town, village = Entity("Town/青石镇", "Town", "青石镇"), Entity("Village/白马村", "Village", "白马村")
    honor = Entity("Honor/省级文明镇", "Honor", "省级文明镇")
    park = Entity("Project/青石镇产业园", "Project", "青石镇产业园", aliases=("产业园",))
    street = Entity("Subdistrict/东湖街道", "Subdistrict", "东湖街道")
    community = Entity("Community/柳岸社区", "Community", "柳岸社区")
    money = Quantity(Decimal("1200000000"), "CNY", 0, 1)
    write_store(
        tmp_path / "store",
        resolved("page-0", 0, PAGE_A, [town, village, honor, park],
                 [("Village/白马村", "partOf", "Town/青石镇"),
                  ("Town/青石镇", "receivedHonor", "Honor/省级文明镇"),
                  ("Project/青石镇产业园", "totalInvestment", money)]),
        resolved("page-1", 1, PAGE_B, [street, community],
                 [("Community/柳岸社区", "partOf", "Subdistrict/东湖街道")]))
    return tmp_path / "store"


def write_gold(tmp_path, name, **data):
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_gold_named_after_its_subject_is_matched_by_source_and_subject(tmp_path, page_store):
    # Given in the opposite order of the page: the subject decides, not the order.
    street = write_gold(tmp_path, "street.json", id="gold-street", source="page.txt",
                        subject="东湖街道",
                        entities=[{"type": "Subdistrict", "name": "东湖街道"},
                                  {"type": "Community", "name": "柳岸社区"}],
                        relations=[{"s": "柳岸社区", "p": "partOf", "o": "东湖街道"}])
    town = write_gold(tmp_path, "town.json", id="gold-town", source="page.txt", subject="青石镇",
                      entities=[{"type": "Town", "name": "青石镇"},
                                {"type": "Village", "name": "白马村"},
                                {"type": "Honor", "name": "省级文明镇"},
                                {"type": "Project", "name": "产业园"}],
                      relations=[{"s": "白马村", "p": "partOf", "o": "青石镇"},
                                 {"s": "青石镇", "p": "receivedHonor", "o": "省级文明镇"}],
                      attributes=[{"s": "产业园", "p": "totalInvestment", "value": 1.2e9}])
    with Store(page_store, read_only=True) as store:
        report = evaluate([street, town], store)
    assert [f.article for f in report.files] == ["page-1", "page-0"]
    assert (report.entities.tp, report.entities.fp, report.entities.fn) == (6, 0, 0)
    assert (report.relations.tp, report.relations.fp, report.relations.fn) == (4, 0, 0)
    assert report.entities.f1 == report.relations.f1 == 1.0


def test_gold_id_equal_to_an_article_id_wins(tmp_path, page_store):
    gold = write_gold(tmp_path, "g.json", id="page-1", source="elsewhere.txt", subject="青石镇",
                      entities=[{"type": "Town", "name": "青石镇"}])
    with Store(page_store, read_only=True) as store:
        report = evaluate([gold], store)
    [result] = report.files
    assert result.article == "page-1"
    # page-1 names no town: the gold town is missed, its street and community are false hits.
    assert (report.entities.tp, report.entities.fp, report.entities.fn) == (0, 2, 1)


def test_gold_without_an_article_in_the_store_scores_as_all_missed(tmp_path, page_store):
    gold = write_gold(tmp_path, "g.json", id="x", source="other.txt", subject="红石乡",
                      entities=[{"type": "Town", "name": "红石乡"}])
    with Store(page_store, read_only=True) as store:
        report = evaluate([gold], store)
    assert report.files[0].article is None
    assert (report.entities.tp, report.entities.fn) == (0, 1)
    assert "(none in the store)" in report.text()


def test_assignment_never_gives_one_article_to_two_gold_files(tmp_path):
    gold = json.dumps({"id": "g", "source": "p.txt", "subject": "青石镇"}, ensure_ascii=False)
    paths = [tmp_path / "a.json", tmp_path / "b.json"]
    for path in paths:
        path.write_text(gold, encoding="utf-8")
    golds = [load_gold(p) for p in paths]
    articles = [StoredArticle("p-0", "x/p.txt", 0), StoredArticle("p-1", "x/p.txt", 1)]
    texts = {"p-0": "青石镇青石镇", "p-1": "青石镇"}
    assert assign_articles(golds, articles, texts.get) == ["p-0", "p-1"]


def test_report_text_and_json_agree(tmp_path, page_store):
    gold = write_gold(tmp_path, "g.json", id="page-0", source="page.txt", subject="青石镇",
                      entities=[{"type": "Town", "name": "青石镇"},
                                {"type": "Village", "name": "黑山村"}])
    with Store(page_store, read_only=True) as store:
        report = evaluate([gold], store)
    data = report.to_json()
    assert data["entities"]["by_type"]["Town"]["f1"] == 1.0
    assert data["entities"]["by_type"]["Village"] == {
        "precision": 0.0, "recall": 0.0, "f1": 0.0, "tp": 0, "fp": 1, "fn": 1}
    text = report.text(show_errors=True)
    assert "missed entity   Village 黑山村" in text and "false entity    Village 白马村" in text
    assert "entities (micro)" in text and "relations (micro)" in text
