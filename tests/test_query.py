"""Named queries on a small invented world, query safety, result formatting."""
from __future__ import annotations

import json
import socket
import threading
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs

import pyoxigraph as ox
import pytest

from kg import query
from kg.endpoint import RemoteStore
from kg.errors import QueryError, UnsafeQueryError, UsageError
from kg.model import Article, Entity, Evidence, Fact, Quantity, ResolvedArticle, Sentence
from kg.rdf import to_quads
from kg.store import Store

# ── the invented world ──────────────────────────────────────────────────────────────────
# 江南省 ⊃ 云州市 ⊃ {云溪县 ⊃ {青石镇 ⊃ {白马村, 黑山村}, 东湖街道 ⊃ {柳岸社区}},
#                   梅山区 ⊃ {桃源镇}}

E = {
    "江南省": Entity("Province/99", "Province", "江南省", code="99"),
    "云州市": Entity("City/9901", "City", "云州市", ("云州",), code="9901"),
    "云溪县": Entity("District/990101", "District", "云溪县", code="990101"),
    "梅山区": Entity("District/990102", "District", "梅山区", code="990102"),
    "青石镇": Entity("Town/990101101", "Town", "青石镇", ("青石",), code="990101101"),
    "桃源镇": Entity("Town/990102101", "Town", "桃源镇", code="990102101"),
    "东湖街道": Entity("Subdistrict/990101002", "Subdistrict", "东湖街道", code="990101002"),
    "白马村": Entity("Village/990101101/白马村", "Village", "白马村"),
    "黑山村": Entity("Village/990101101/黑山村", "Village", "黑山村"),
    "柳岸社区": Entity("Community/990101002/柳岸社区", "Community", "柳岸社区"),
    "省级文明村": Entity("Honor/省级文明村", "Honor", "省级文明村",
                       attrs=(("level", "province"), ("year", "2023"))),
    "市级卫生镇": Entity("Honor/市级卫生镇", "Honor", "市级卫生镇", attrs=(("level", "city"),)),
    "五星支部创建": Entity("Program/五星支部创建", "Program", "五星支部创建"),
    "网格化管理": Entity("Program/网格化管理", "Program", "网格化管理"),
    "青石新材料产业园": Entity("Project/青石新材料产业园", "Project", "青石新材料产业园"),
    "光伏组件生产线项目": Entity("Project/光伏组件生产线项目", "Project", "光伏组件生产线项目"),
    "东湖养老服务中心": Entity("Project/东湖养老服务中心", "Project", "东湖养老服务中心"),
    "桃源文旅小镇": Entity("Project/桃源文旅小镇", "Project", "桃源文旅小镇"),
    "云帆新能源科技有限公司": Entity("Company/云帆新能源科技有限公司", "Company",
                                 "云帆新能源科技有限公司"),
}

TEXT_A = ("青石镇隶属云溪县，下辖白马村、黑山村。白马村、黑山村获评省级文明村。"
          "青石镇获得市级卫生镇称号。青石镇推行五星支部创建。"
          "青石新材料产业园总投资约237亿元，今年计划投资5亿元，占地500亩。"
          "云帆新能源科技有限公司入驻青石新材料产业园，投资12亿元建设光伏组件生产线项目。")
TEXT_B = ("东湖街道隶属云溪县，下辖柳岸社区。东湖街道推行五星支部创建和网格化管理，今年走访群众1200余户。"
          "东湖养老服务中心落户东湖街道。青石新材料产业园总投资约237亿元。")
TEXT_C = "桃源镇隶属梅山区。桃源镇获得市级卫生镇称号。桃源文旅小镇项目位于桃源镇，总投资3亿元。"


def sentences(text: str) -> tuple[Sentence, ...]:
    out, start = [], 0
    for i, ch in enumerate(text):
        if ch == "。":
            out.append(Sentence(start, i + 1, text[start:i + 1]))
            start = i + 1
    return tuple(out)


class Writer:
    """Facts of one article, each with the sentence that holds both of its names."""

    def __init__(self, article_id: str, text: str, subject: str):
        self.article = Article(article_id, f"{article_id}.txt", 0, text, text, sentences(text),
                               title=f"{subject}新闻", date="2024-03-0" + article_id[-1])
        self.subject = subject
        self.facts: list[Fact] = []
        self.names: set[str] = {subject}

    def sentence(self, *needles: str) -> Evidence:
        for s in self.article.sentences:
            if all(n in s.text for n in needles):
                return Evidence(self.article.id, s.start, s.end, s.text, "test")
        raise AssertionError(f"no sentence holds {needles}")

    def fact(self, s: str, p: str, o: str, *, where: tuple[str, ...] = ()) -> None:
        self.names |= {s, o}
        self.facts.append(Fact(E[s].key, p, E[o].key, self.sentence(*(where or (s, o)))))

    def amount(self, s: str, p: str, yuan: str, written: str, unit: str = "CNY",
               approx: str = "", measure: str = "") -> None:
        self.names.add(s)
        ev = self.sentence(s, written) if s in self.article.text else self.sentence(written)
        at = self.article.text.index(written, ev.start)
        q = Quantity(Decimal(yuan), unit, at, at + len(written), approx, measure)
        self.facts.append(Fact(E[s].key, p, q, ev))

    def resolved(self) -> ResolvedArticle:
        entities = tuple(E[n] for n in sorted(self.names))
        mentions = tuple((E[n].key, Evidence(self.article.id, s.start, s.end, s.text, "mention"))
                         for n in sorted(self.names) for s in self.article.sentences
                         if n in s.text)
        return ResolvedArticle(self.article, E[self.subject].key, entities,
                               tuple(self.facts), mentions)


def world() -> list[ResolvedArticle]:
    a = Writer("world-1", TEXT_A, "青石镇")
    a.fact("青石镇", "partOf", "云溪县")
    a.fact("白马村", "partOf", "青石镇", where=("白马村", "青石镇"))
    a.fact("黑山村", "partOf", "青石镇")
    a.fact("云溪县", "partOf", "云州市", where=("云溪县",))
    a.fact("云州市", "partOf", "江南省", where=("云溪县",))
    a.fact("白马村", "receivedHonor", "省级文明村")
    a.fact("黑山村", "receivedHonor", "省级文明村")
    a.fact("青石镇", "receivedHonor", "市级卫生镇")
    a.fact("青石镇", "implements", "五星支部创建")
    a.fact("青石新材料产业园", "locatedIn", "青石镇", where=("青石新材料产业园",))
    a.fact("光伏组件生产线项目", "locatedIn", "青石新材料产业园")
    a.fact("光伏组件生产线项目", "operatedBy", "云帆新能源科技有限公司")
    a.fact("云帆新能源科技有限公司", "locatedIn", "青石新材料产业园")
    a.amount("青石新材料产业园", "totalInvestment", "23700000000", "约237亿元", approx="约")
    a.amount("青石新材料产业园", "annualPlannedInvestment", "500000000", "5亿元")
    a.amount("青石新材料产业园", "area", "500", "500亩", unit="mu")
    a.amount("光伏组件生产线项目", "totalInvestment", "1200000000", "12亿元")

    b = Writer("world-2", TEXT_B, "东湖街道")
    b.fact("东湖街道", "partOf", "云溪县")
    b.fact("柳岸社区", "partOf", "东湖街道")
    b.fact("东湖街道", "implements", "五星支部创建")
    b.fact("东湖街道", "implements", "网格化管理")
    b.fact("东湖养老服务中心", "locatedIn", "东湖街道")
    # the same figure as article 1: a sum must still count it once
    b.fact("青石新材料产业园", "locatedIn", "青石镇", where=("青石新材料产业园",))
    b.amount("青石新材料产业园", "totalInvestment", "23700000000", "约237亿元", approx="约")
    b.amount("东湖街道", "figure", "1200", "1200余户", unit="户", approx="余", measure="走访群众")
    b.names.add("青石镇")

    c = Writer("world-3", TEXT_C, "桃源镇")
    c.fact("桃源镇", "partOf", "梅山区")
    c.fact("梅山区", "partOf", "云州市", where=("梅山区",))
    c.fact("云州市", "partOf", "江南省", where=("梅山区",))
    c.fact("桃源镇", "receivedHonor", "市级卫生镇")
    c.fact("桃源文旅小镇", "locatedIn", "桃源镇", where=("桃源文旅小镇",))
    c.amount("桃源文旅小镇", "totalInvestment", "300000000", "3亿元")
    return [a.resolved(), b.resolved(), c.resolved()]


def build_world(path) -> None:
    with Store(path) as store:
        for r in world():
            store.replace_article(r.article.id, "h-" + r.article.id,
                                  to_quads(r, generated_at="2024-03-05T10:00:00+08:00",
                                           extractor_version="test"))


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("world") / "store"
    build_world(path)
    with Store(path, read_only=True) as s:
        yield s


def rows(store, name: str, **params) -> list[tuple]:
    return query.run_named(store, name, params).values()


def rows_terms(store, name: str, **params) -> tuple:
    return query.run_named(store, name, params).rows


def col(store, name: str, column: str, **params) -> list:
    return [t.value if t is not None else None
            for t in query.run_named(store, name, params).column(column)]


ID = "https://w3id.org/lgkg/id/"
ONT = "https://w3id.org/lgkg/ontology#"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SKOS = "http://www.w3.org/2004/02/skos/core#"

# ── every named query against its expected rows ─────────────────────────────────────────


def test_catalogue_lists_every_file_with_header():
    names = [q.name for q in query.list_queries()]
    assert names == sorted(names)
    for required in ("units-under", "honours-of-unit", "projects-in-unit", "investment-by-unit",
                     "companies", "programs", "shared-programs", "shared-honours", "entity",
                     "articles-mentioning", "facts-without-figure", "hierarchy",
                     "counts-by-class", "evidence"):
        assert required in names
    assert all(q.description for q in query.list_queries())


def test_units_under_any_depth(store):
    result = query.run_named(store, "units-under", {"unit": "云溪县"})
    assert result.variables == ("unit", "subunit", "subunit_name", "class", "parent_name", "depth")
    assert {r[0] for r in result.values()} == {ID + "District/990101"}
    assert [r[2:] for r in result.values()] == [
        ("东湖街道", "Subdistrict", "云溪县", "1"),
        ("青石镇", "Town", "云溪县", "1"),
        ("柳岸社区", "Community", "东湖街道", "2"),
        ("白马村", "Village", "青石镇", "2"),
        ("黑山村", "Village", "青石镇", "2"),
    ]


def test_units_under_matches_an_alias(store):
    assert col(store, "units-under", "subunit_name", unit="云州")[:2] == ["云溪县", "梅山区"]
    assert len(rows(store, "units-under", unit="云州")) == 8


def test_honours_of_unit_and_everything_under_it(store):
    assert [r[2::2] for r in rows(store, "honours-of-unit", unit="云溪县")] == [
        ("白马村", "省级文明村", "2023"),
        ("青石镇", "市级卫生镇", None),
        ("黑山村", "省级文明村", "2023"),
    ]
    levels = col(store, "honours-of-unit", "level", unit="白马村")
    assert levels == ["ProvinceLevel"]


def test_projects_in_unit_sorted_by_investment(store):
    assert [r[2:] for r in rows(store, "projects-in-unit", unit="云溪县")] == [
        ("青石新材料产业园", "青石镇", "23700000000", "500000000"),
        ("光伏组件生产线项目", "青石新材料产业园", "1200000000", None),
        ("东湖养老服务中心", "东湖街道", None, None),
    ]


def test_investment_by_unit_counts_a_repeated_figure_once(store):
    assert [r[1:] for r in rows(store, "investment-by-unit")] == [
        ("云州市", "City", "3", "25200000000"),
        ("江南省", "Province", "3", "25200000000"),
        ("云溪县", "District", "2", "24900000000"),
        ("青石镇", "Town", "2", "24900000000"),
        ("桃源镇", "Town", "1", "300000000"),
        ("梅山区", "District", "1", "300000000"),
    ]


def test_companies_with_their_projects_and_parks(store):
    assert [r[1:] for r in rows(store, "companies")] == [
        ("云帆新能源科技有限公司", "located in", ID + "Project/青石新材料产业园", "青石新材料产业园",
         "Project"),
        ("云帆新能源科技有限公司", "operates", ID + "Project/光伏组件生产线项目", "光伏组件生产线项目",
         "Project"),
    ]


def test_programs_and_their_units(store):
    assert [(r[1], r[3], r[4]) for r in rows(store, "programs")] == [
        ("五星支部创建", "东湖街道", "Subdistrict"),
        ("五星支部创建", "青石镇", "Town"),
        ("网格化管理", "东湖街道", "Subdistrict"),
    ]


def test_shared_programs(store):
    assert [r[1:3] + r[4:] for r in rows(store, "shared-programs")] == [
        ("五星支部创建", "2", "东湖街道"),
        ("五星支部创建", "2", "青石镇"),
    ]


def test_shared_honours(store):
    assert [r[1:3] + r[4:] for r in rows(store, "shared-honours")] == [
        ("市级卫生镇", "2", "桃源镇"),
        ("市级卫生镇", "2", "青石镇"),
        ("省级文明村", "2", "白马村"),
        ("省级文明村", "2", "黑山村"),
    ]


def test_honour_holders_every_holder_with_class_level_and_year(store):
    assert [r[1:3] + r[4:] for r in rows(store, "honour-holders")] == [
        ("桃源镇", "Town", "市级卫生镇", "CityLevel", None),
        ("白马村", "Village", "省级文明村", "ProvinceLevel", "2023"),
        ("青石镇", "Town", "市级卫生镇", "CityLevel", None),
        ("黑山村", "Village", "省级文明村", "ProvinceLevel", "2023"),
    ]


def test_neighbourhood_is_one_hop_of_facts_with_names_and_classes(store):
    triples = {tuple(t.value for t in row) for row in rows_terms(store, "neighbourhood",
                                                                   entity="青石镇")}
    town, label, kind = ID + "Town/990101101", RDFS_LABEL, RDF_TYPE
    for fact in [(town, ONT + "partOf", ID + "District/990101"),
                 (ID + "Village/990101101/白马村", ONT + "partOf", town),
                 (ID + "Project/青石新材料产业园", ONT + "locatedIn", town),
                 (town, ONT + "receivedHonor", ID + "Honor/市级卫生镇"),
                 (town, ONT + "implements", ID + "Program/五星支部创建"),
                 (town, label, "青石镇"), (town, kind, ONT + "Town"),
                 (ID + "District/990101", label, "云溪县"),
                 (ID + "Honor/市级卫生镇", kind, ONT + "Honor")]:
        assert fact in triples
    subjects = {s for s, _, _ in triples}
    # two hops away, and the evidence that points at the town, stay out
    assert ID + "City/9901" not in subjects | {o for _, _, o in triples}
    assert not [t for t in triples if t[2] == ID + "Honor/省级文明村"]
    assert all(s.startswith(ID) and "/evidence" not in s.lower() for s in subjects)
    assert all(p.startswith((ONT, RDFS_LABEL, RDF_TYPE, SKOS)) for _, p, _ in triples)


def test_entity_with_evidence_sentences(store):
    result = query.run_named(store, "entity", {"entity": "白马村"})
    facts = {(r[2].rsplit("#", 1)[-1], r[4], r[5]) for r in result.values()
             if r[2].endswith(("partOf", "receivedHonor"))}
    assert facts == {("partOf", "青石镇", "青石镇隶属云溪县，下辖白马村、黑山村。"),
                     ("receivedHonor", "省级文明村", "白马村、黑山村获评省级文明村。")}
    labels = [r[3] for r in result.values() if r[2].endswith("#label")]
    assert labels == ["白马村"]


def test_entity_incoming_facts(store):
    values = {(r[1], r[2].rsplit("#", 1)[-1], r[4]) for r in rows(store, "entity", entity="青石镇")
              if r[1] == "in"}
    assert ("in", "partOf", "白马村") in values
    assert ("in", "locatedIn", "青石新材料产业园") in values


def test_evidence_says_which_sentence_states_a_fact(store):
    [row] = rows(store, "evidence", subject="白马村", object="省级文明村")
    sentence, start, end = row[3], int(row[5]), int(row[6])
    assert sentence == "白马村、黑山村获评省级文明村。" == TEXT_A[start:end]
    assert row[2].endswith("#receivedHonor") and row[4] == ID + "article/world-1"
    assert row[7] == "test"


def test_articles_mentioning(store):
    found = rows(store, "articles-mentioning", entity="青石新材料产业园")
    assert [(r[1], r[2], r[3], r[5]) for r in found] == [
        (ID + "article/world-1", "青石镇新闻", "2024-03-01", "2"),
        (ID + "article/world-2", "东湖街道新闻", "2024-03-02", "1"),
    ]
    assert [r[1] for r in rows(store, "articles-mentioning", entity="青石镇")] == [
        ID + "article/world-1"]


def test_facts_without_figure(store):
    assert [r[1:] for r in rows(store, "facts-without-figure")] == [
        ("东湖养老服务中心", "东湖街道")]


def test_hierarchy_tree_with_depth(store):
    pairs = [(r[1], r[4], r[5]) for r in rows(store, "hierarchy")]
    assert pairs == [
        ("云州市", "江南省", "1"),
        ("云溪县", "云州市", "2"),
        ("梅山区", "云州市", "2"),
        ("东湖街道", "云溪县", "3"),
        ("青石镇", "云溪县", "3"),
        ("桃源镇", "梅山区", "3"),
        ("柳岸社区", "东湖街道", "4"),
        ("白马村", "青石镇", "4"),
        ("黑山村", "青石镇", "4"),
    ]


def test_counts_by_class(store):
    counts = dict(rows(store, "counts-by-class"))
    assert {k: counts[k] for k in ("Article", "ArticleGraph", "Village", "Town", "Project",
                                   "Company", "Honor", "Program", "Figure")} == {
        "Article": "3", "ArticleGraph": "3", "Village": "2", "Town": "2", "Project": "4",
        "Company": "1", "Honor": "2", "Program": "2", "Figure": "1"}


# ── paging ──────────────────────────────────────────────────────────────────────────────
# The world's hierarchy, in the order test_hierarchy_tree_with_depth spells out.
TREE = [("云州市", "江南省"), ("云溪县", "云州市"), ("梅山区", "云州市"), ("东湖街道", "云溪县"),
        ("青石镇", "云溪县"), ("桃源镇", "梅山区"), ("柳岸社区", "东湖街道"), ("白马村", "青石镇"),
        ("黑山村", "青石镇")]


@pytest.mark.parametrize("limit, offset, expected", [
    (3, 0, [("云州市", "江南省"), ("云溪县", "云州市"), ("梅山区", "云州市")]),
    (2, 4, [("青石镇", "云溪县"), ("桃源镇", "梅山区")]),
    (5, 7, [("白马村", "青石镇"), ("黑山村", "青石镇")]),
    (None, 8, [("黑山村", "青石镇")]),
    (0, 0, []),
    (4, 9, []),
    (None, 0, TREE),
])
def test_a_page_of_a_listing(store, limit, offset, expected):
    result = query.run_named(store, "hierarchy", {}, limit=limit, offset=offset)
    assert result.variables == ("child", "child_name", "child_class", "parent", "parent_name",
                                "depth")
    assert [(r[1], r[4]) for r in result.values()] == expected


@pytest.mark.parametrize("limit, offset, expected", [
    (1, 0, [("东湖街道", "Subdistrict")]),
    (2, 3, [("白马村", "Village"), ("黑山村", "Village")]),
    (10, 4, [("黑山村", "Village")]),
])
def test_a_page_of_a_query_with_a_parameter(store, limit, offset, expected):
    # units under 云溪县, in the order of test_units_under_any_depth
    result = query.run_named(store, "units-under", {"unit": "云溪县"}, limit=limit, offset=offset)
    assert [r[2:4] for r in result.values()] == expected


def test_a_page_runs_across_the_entities_of_one_name(tmp_path):
    # 白马村 names two villages; their rows follow one another, and a page may span both
    text = "东湖街道下辖白马村。青石镇下辖白马村。"
    article = Article("twins-0", "t.txt", 0, text, text, sentences(text))
    ents = (E["东湖街道"], E["青石镇"],
            Entity("Village/990101002/白马村", "Village", "白马村"), E["白马村"])
    facts = (Fact(ents[2].key, "partOf", ents[0].key, Evidence("twins-0", 0, 10, text[:10])),
             Fact(ents[3].key, "partOf", ents[1].key, Evidence("twins-0", 10, 19, text[10:])))
    with Store(tmp_path / "s") as s:
        s.replace_article("twins-0", "h", to_quads(
            ResolvedArticle(article, None, ents, facts), generated_at="2024-01-01T00:00:00",
            extractor_version="t"))
        # each village has three rows, by property IRI: its type (rdf:), its label (rdfs:)
        # and its parent (lgkg:); nothing points at it
        page = [(r[0], r[2]) for r in query.run_named(s, "entity", {"entity": "白马村"},
                                                      limit=2, offset=2).values()]
        rest = [(r[0], r[2], r[4]) for r in query.run_named(s, "entity", {"entity": "白马村"},
                                                            offset=4).values()]
    assert page == [(ID + ents[2].key, ONT + "partOf"), (ID + ents[3].key, RDF_TYPE)]
    assert rest == [(ID + ents[3].key, RDFS_LABEL, None),
                    (ID + ents[3].key, ONT + "partOf", "青石镇")]


def test_a_page_of_a_graph(store):
    everything = rows(store, "neighbourhood", entity="桃源镇")
    page = query.run_named(store, "neighbourhood", {"entity": "桃源镇"}, limit=3, offset=1)
    assert page.values() == everything[1:4]


@pytest.mark.parametrize("limit, offset", [(-1, 0), (2, -3)])
def test_a_negative_page_is_refused(store, limit, offset):
    with pytest.raises(QueryError, match="0 or more"):
        query.run_named(store, "hierarchy", {}, limit=limit, offset=offset)


def test_kg_query_pages_a_named_query(store, capsys):
    from kg.cli import main
    path = str(store.path)
    assert main(["query", "--store", path, "--name", "hierarchy", "--limit", "2", "--offset",
                 "1", "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(",")[1] for line in lines] == ["child_name", "云溪县", "梅山区"]
    assert main(["query", "--store", path, "SELECT * { ?s ?p ?o }", "--limit", "2"]) == 2
    assert "--limit and --offset go with --name" in capsys.readouterr().err


# ── parameters are bound, never pasted ──────────────────────────────────────────────────

HOSTILE = ['x" || true || "', '} ; DROP ALL ; {', "青石镇\" } UNION { ?root ?p ?o",
           "' || '1'='1", "青石镇\\", "?unit_label", "<https://w3id.org/lgkg/id/Town/990101101>"]


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize("name", ["units-under", "honours-of-unit", "projects-in-unit"])
def test_injection_never_widens_a_query(store, name, value):
    assert query.run_named(store, name, {"unit": value}).rows == ()


@pytest.mark.parametrize("value", HOSTILE)
def test_injection_never_changes_the_store(tmp_path, value):
    build_world(tmp_path / "s")
    with Store(tmp_path / "s") as s:
        before = s.quads()
        assert query.run_named(s, "entity", {"entity": value}).rows == ()
        assert query.run_named(s, "evidence", {"subject": value, "object": value}).rows == ()
        assert s.quads() == before


def test_a_name_of_several_entities_runs_for_each(tmp_path):
    text = "东湖街道下辖白马村。青石镇下辖白马村。"
    article = Article("twins-0", "t.txt", 0, text, text, sentences(text))
    ents = (E["东湖街道"], E["青石镇"],
            Entity("Village/990101002/白马村", "Village", "白马村"), E["白马村"])
    facts = (Fact(ents[2].key, "partOf", ents[0].key, Evidence("twins-0", 0, 10, text[:10])),
             Fact(ents[3].key, "partOf", ents[1].key, Evidence("twins-0", 10, 19, text[10:])))
    with Store(tmp_path / "s") as s:
        s.replace_article("twins-0", "h", to_quads(
            ResolvedArticle(article, None, ents, facts), generated_at="2024-01-01T00:00:00",
            extractor_version="t"))
        assert query.entities_named(s, "白马村") == [ox.NamedNode(ID + e.key) for e in ents[2:]]
        result = query.run_named(s, "entity", {"entity": "白马村"})
    parents = [(r[0], r[4]) for r in result.values() if r[2].endswith("#partOf")]
    assert parents == [(ID + ents[2].key, "东湖街道"), (ID + ents[3].key, "青石镇")]


def test_every_named_query_passes_the_safety_check():
    for q in query.list_queries():
        assert query.check(q.text) == "query", q.name


def test_unknown_and_missing_parameters(store):
    with pytest.raises(QueryError, match="needs --param unit"):
        query.run_named(store, "units-under", {})
    with pytest.raises(QueryError, match="no parameter"):
        query.run_named(store, "units-under", {"unit": "云溪县", "depth": "2"})
    with pytest.raises(QueryError, match="no named query"):
        query.run_named(store, "no-such-query", {})


# ── read-only and local by default ──────────────────────────────────────────────────────

@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a connection fails the test."""
    def refuse(*args, **kwargs):
        pytest.fail(f"a network connection was attempted: {args[1:]}")
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


class Spy:
    """A query target that records what reaches it."""

    def __init__(self):
        self.calls = []

    def query(self, sparql, *, bindings=None, union=True):
        self.calls.append(("query", sparql))
        return []

    def update(self, sparql):
        self.calls.append(("update", sparql))


@pytest.mark.parametrize("sparql", [
    "DROP ALL",
    "INSERT DATA { <http://a> <http://b> <http://c> }",
    "PREFIX x: <http://x/>\nDELETE WHERE { ?s ?p ?o }",
    "CLEAR DEFAULT ; CREATE GRAPH <https://w3id.org/lgkg/id/graph/x>",
])
def test_update_is_refused_unless_allowed(sparql):
    spy = Spy()
    with pytest.raises(UnsafeQueryError, match="--allow-update"):
        query.run(spy, sparql)
    assert spy.calls == []
    query.run(spy, sparql, allow_update=True)
    assert spy.calls == [("update", sparql)]


@pytest.mark.parametrize("sparql", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { OPTIONAL { SERVICE SILENT ?endpoint { ?s ?p ?o } } }",
    "select * from <http://127.0.0.1:9/data.ttl> where { ?s ?p ?o }",
    "SELECT * FROM NAMED <http://127.0.0.1:9/g> WHERE { GRAPH ?g { ?s ?p ?o } }",
    "ASK { { SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } } } }",
    "ASK { FILTER EXISTS { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } } }",
    "SELECT (EXISTS { SERVICE <http://127.0.0.1:9/> { ?a ?b ?c } } AS ?e) WHERE { }",
    "PREFIX e: <http://127.0.0.1:9/>\nSELECT * WHERE { SERVICE e:sparql { ?s ?p ?o } }",
])
def test_remote_query_is_refused_without_any_connection(no_network, sparql):
    spy = Spy()
    with pytest.raises(UnsafeQueryError, match="--allow-remote"):
        query.run(spy, sparql)
    assert spy.calls == []


@pytest.mark.parametrize("sparql", [
    "LOAD <http://127.0.0.1:9/evil.ttl>",
    "LOAD SILENT <http://127.0.0.1:9/evil.ttl> INTO GRAPH <https://w3id.org/lgkg/id/graph/x>",
    "INSERT { ?s ?p ?o } USING <http://127.0.0.1:9/g> WHERE { ?s ?p ?o }",
])
def test_load_is_refused_even_with_updates_allowed(no_network, sparql):
    spy = Spy()
    with pytest.raises(UnsafeQueryError, match="--allow-remote"):
        query.run(spy, sparql, allow_update=True)
    assert spy.calls == []


def test_refusal_on_a_real_store_touches_nothing(no_network, store):
    with pytest.raises(UnsafeQueryError):
        query.run(store, "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")


@pytest.mark.parametrize("sparql", [
    "# SERVICE <http://x/> and LOAD <http://y/> only in a comment\nSELECT * WHERE { ?s ?p ?o }",
    "SELECT * WHERE { ?s ?p 'SERVICE <http://x/> { }' }",
    "SELECT * FROM <https://w3id.org/lgkg/id/graph/world-1> WHERE { ?s ?p ?o }",
])
def test_words_in_comments_strings_and_local_graphs_are_fine(store, sparql):
    query.run(store, sparql)


def test_garbage_is_a_query_error(store):
    with pytest.raises(QueryError, match="not a SPARQL"):
        query.run(store, "SELEKT nothing")


def test_update_runs_when_allowed(tmp_path):
    with Store(tmp_path / "s") as s:
        query.run(s, "INSERT DATA { <http://e/a> <http://e/b> 'c' }", allow_update=True)
        assert query.run(s, "ASK { <http://e/a> <http://e/b> 'c' }").boolean is True


# ── formatting ──────────────────────────────────────────────────────────────────────────

@pytest.mark.parametrize("text, expected", [
    ("abc", 3), ("青石镇", 6), ("ｱ", 1), ("Ａ", 2), ("e\u0301", 1), ("😀", 2), ("𠀀", 2), ("", 0),
])
def test_display_width(text, expected):
    assert query.display_width(text) == expected


def test_table_aligns_chinese_columns(store):
    text = query.format_result(query.run_named(store, "programs", {}), "table")
    lines = text.splitlines()
    assert lines[0].startswith("program ")
    header_cols = lines[1].split("  ")
    # every row's columns start where the header's dashes start
    starts = [0]
    for dashes in header_cols[:-1]:
        starts.append(starts[-1] + len(dashes) + 2)
    for line in lines[2:-1]:
        widths = [query.display_width(line[:i]) for i in range(len(line) + 1)]
        for start in starts[1:]:
            assert start in widths and line[widths.index(start) - 1] == " "
    assert lines[-1] == "(3 rows)"


def test_table_shows_control_characters_escaped():
    r = query.Result(("x",), ((ox.Literal("a\x1b[31mred\u2028b"),),))
    assert "\\u001b[31mred\\u2028b" in query.format_result(r, "table")


def test_csv_and_json_results(store):
    result = query.run_named(store, "hierarchy", {})
    csv_text = query.format_result(result, "csv")
    assert csv_text.splitlines()[0] == "child,child_name,child_class,parent,parent_name,depth"
    assert csv_text.endswith("\r\n")
    doc = json.loads(query.format_result(result, "json"))
    assert doc["head"]["vars"][:2] == ["child", "child_name"]
    first = doc["results"]["bindings"][0]
    assert first["child_name"] == {"type": "literal", "value": "云州市", "xml:lang": "zh"}
    assert first["depth"]["datatype"] == "http://www.w3.org/2001/XMLSchema#integer"
    # pyoxigraph reads our JSON back as the same solutions
    again = ox.parse_query_results(query.format_result(result, "json").encode(),
                                   format=ox.QueryResultsFormat.JSON)
    assert [tuple(s) for s in again] == [tuple(r) for r in result.rows]


def test_ask_formats():
    r = query.Result((), (), True)
    assert query.format_result(r, "table") == "true\n"
    assert json.loads(query.format_result(r, "json")) == {"head": {}, "boolean": True}


# ── remote endpoint ─────────────────────────────────────────────────────────────────────

def test_remote_endpoint_posts_and_binds_values(tmp_path):
    build_world(tmp_path / "s")
    seen = []
    with Store(tmp_path / "s", read_only=True) as s:
        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                form = self.rfile.read(int(self.headers["Content-Length"])).decode()
                body = parse_qs(form)["query"][0]
                seen.append((self.headers["Content-Type"], body))
                data = s.query(body).serialize(format=ox.QueryResultsFormat.JSON)
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        server = HTTPServer(("127.0.0.1", 0), Handler)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            endpoint = RemoteStore(f"http://127.0.0.1:{server.server_port}/sparql")
            local = query.run_named(s, "honours-of-unit", {"unit": "云溪县"})
            remote = query.run_named(endpoint, "honours-of-unit", {"unit": "云溪县"})
            hostile = query.run_named(endpoint, "honours-of-unit", {"unit": HOSTILE[1]})
        finally:
            server.shutdown()
    assert remote.values() == local.values() and len(remote.rows) == 3
    assert hostile.rows == ()
    assert seen[0][0] == "application/x-www-form-urlencoded"  # what every server takes
    assert 'VALUES (?name) { ("云溪县"@zh) }' in seen[0][1]
    assert f"VALUES (?unit) {{ (<{ID}District/990101>) }}" in seen[1][1]


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/", "localhost:3030"])
def test_remote_endpoint_is_http_only(url):
    with pytest.raises(UsageError, match="http"):
        RemoteStore(url)


@pytest.mark.parametrize("sparql, expected", [
    ("SELECT ?x WHERE { ?x ?p ?n }", "SELECT ?x WHERE { VALUES (?n) { (<http://e/v>) } ?x ?p ?n }"),
    ("SELECT ?where { ?where ?p ?n }", "SELECT ?where { VALUES (?n) { (<http://e/v>) } ?where ?p ?n }"),
    ("# where {\nCONSTRUCT { ?x ?p ?n } WHERE { ?x ?p ?n }",
     "# where {\nCONSTRUCT { ?x ?p ?n } WHERE { VALUES (?n) { (<http://e/v>) } ?x ?p ?n }"),
    ("SELECT ?x WHERE { ?x ?p '{' }", "SELECT ?x WHERE { VALUES (?n) { (<http://e/v>) } ?x ?p '{' }"),
])
def test_with_values_finds_the_where_group(sparql, expected):
    assert query.with_values(sparql, {"n": ox.NamedNode("http://e/v")}) == expected
