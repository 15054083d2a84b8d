"""kg/viz.py: store → networkx → neighbourhood → layout → a page nothing can escape from.

The invented graphs here are also used by tests/test_viz_browser.py.
"""
from __future__ import annotations

import base64
import hashlib
import html.parser
import json
import math
import random
import re
from dataclasses import replace
from decimal import Decimal

import networkx as nx
import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg import viz
from kg.errors import UsageError
from kg.model import Article, Entity, Evidence, Fact, Quantity, ResolvedArticle
from kg.rdf import to_quads
from kg.store import Store

ID = "https://w3id.org/lgkg/id/"

HOSTILE = (
    "</script><script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "\"'`${alert(1)}`'\"",
    "行\u2028分\u2029隔村",
    "<a href=\"https://example.invalid/\">链接</a>镇",
    "<>{}|\\^%.村",
    "{{DATA}}{{VIS_JS}}社区",
    "控\x01制\x1f符\x7f村",
)


def article(article_id: str, text: str, title: str = "") -> Article:
    return Article(id=article_id, source=f"{article_id}.txt", index=0, text=text, norm=text,
                   sentences=(), title=title)


def evidence(art: Article, sentence: str, rule: str = "test") -> Evidence:
    start = art.text.index(sentence)
    return Evidence(article_id=art.id, start=start, end=start + len(sentence), text=sentence,
                    rule=rule)


def named_in(art: Article, entities) -> tuple[tuple[str, Evidence], ...]:
    """Each entity's first naming sentence, as the resolver records mentions."""
    out = []
    for e in entities:
        start = art.text.index(e.label)
        begin = art.text.rfind("。", 0, start) + 1
        end = art.text.index("。", start) + 1
        out.append((e.key, Evidence(art.id, begin, end, art.text[begin:end], "mention")))
    return tuple(out)


def seed_like_articles() -> list[ResolvedArticle]:
    """Two invented articles: a county's units, an honour, a project and its operator."""
    s1 = "云溪县青石镇白马村获评“省级文明村”。"
    s2 = "青石镇红岩村新建冷链物流园，由云溪农旅公司运营，总投资1.2亿元。"
    a1 = article("qingshi-0", s1 + s2, title="青石镇乡村振兴纪实")
    s3 = "东湖街道柳岸社区推行“网格长制”。"
    s4 = "白马村再获“省级文明村”称号。"
    a2 = article("donghu-0", s3 + s4, title="东湖街道基层治理")
    county = Entity("District/云溪县", "District", "云溪县", code="990102")
    town = Entity("Town/云溪县/青石镇", "Town", "青石镇", aliases=("青石",))
    baima = Entity("Village/青石镇/白马村", "Village", "白马村")
    hongyan = Entity("Village/青石镇/红岩村", "Village", "红岩村")
    honor = Entity("Honor/省级文明村", "Honor", "省级文明村")
    project = Entity("Project/冷链物流园", "Project", "冷链物流园")
    company = Entity("Company/云溪农旅公司", "Company", "云溪农旅公司")
    street = Entity("Subdistrict/东湖街道", "Subdistrict", "东湖街道")
    liuan = Entity("Community/东湖街道/柳岸社区", "Community", "柳岸社区")
    program = Entity("Program/网格长制", "Program", "网格长制")
    first = ResolvedArticle(
        article=a1, subject="Town/云溪县/青石镇",
        entities=(county, town, baima, hongyan, honor, project, company),
        facts=(
            Fact("Town/云溪县/青石镇", "partOf", "District/云溪县", evidence(a1, s1, "chain-adjacency")),
            Fact("Village/青石镇/白马村", "partOf", "Town/云溪县/青石镇", evidence(a1, s1, "chain-adjacency")),
            Fact("Village/青石镇/白马村", "receivedHonor", "Honor/省级文明村", evidence(a1, s1, "honour")),
            Fact("Village/青石镇/红岩村", "partOf", "Town/云溪县/青石镇", evidence(a1, s2, "chain-adjacency")),
            Fact("Project/冷链物流园", "locatedIn", "Village/青石镇/红岩村", evidence(a1, s2, "location")),
            Fact("Project/冷链物流园", "operatedBy", "Company/云溪农旅公司", evidence(a1, s2, "operator")),
            Fact("Project/冷链物流园", "totalInvestment",
                 Quantity(Decimal("120000000"), "CNY", a1.text.index("1.2亿元"),
                          a1.text.index("1.2亿元") + 5), evidence(a1, s2, "investment")),
        ),
        mentions=named_in(a1, (county, town, baima, hongyan, honor, project, company)))
    second = ResolvedArticle(
        article=a2, subject="Subdistrict/东湖街道",
        entities=(street, liuan, program, baima, honor),
        facts=(
            Fact("Community/东湖街道/柳岸社区", "partOf", "Subdistrict/东湖街道", evidence(a2, s3, "chain-adjacency")),
            Fact("Subdistrict/东湖街道", "implements", "Program/网格长制", evidence(a2, s3, "program")),
            Fact("Village/青石镇/白马村", "receivedHonor", "Honor/省级文明村", evidence(a2, s4, "honour")),
        ),
        mentions=named_in(a2, (street, liuan, program, baima, honor)))
    return [first, second]


def hostile_articles() -> list[ResolvedArticle]:
    """A town whose villages carry names written to break out of HTML and script contexts."""
    text = "".join(f"{name}隶属于青石镇。" for name in HOSTILE)
    art = article("hostile-0", text, title="<script>alert('title')</script>")
    town = Entity("Town/云溪县/青石镇", "Town", "青石镇")
    entities = [town]
    facts = []
    for i, name in enumerate(HOSTILE):
        entities.append(Entity(f"Village/青石镇/{name}", "Village", name, aliases=(name + "<b>",)))
        facts.append(Fact(f"Village/青石镇/{name}", "partOf", "Town/云溪县/青石镇",
                          evidence(art, f"{name}隶属于青石镇。", "chain-adjacency")))
    return [ResolvedArticle(article=art, subject="Town/云溪县/青石镇", entities=tuple(entities),
                            facts=tuple(facts))]


def quads(resolved: ResolvedArticle) -> list[ox.Quad]:
    return to_quads(resolved, generated_at="2024-05-01T08:00:00+00:00", extractor_version="test")


class MemoryStore:
    """The query side of ``kg.store.Store`` over an in-memory Oxigraph store (no lock files)."""

    def __init__(self, resolved: list[ResolvedArticle]):
        self._store = ox.Store()
        for r in resolved:
            self._store.extend(quads(r))

    def query(self, sparql: str, *, bindings: dict | None = None, union: bool = True):
        return self._store.query(sparql, use_default_graph_as_union=union)


def synthetic_graph(n_nodes: int, *, seed: int = 7) -> nx.MultiDiGraph:
    """A province-shaped graph of ``n_nodes`` invented entities, as ``to_networkx`` returns.

    Units form a hierarchy by ``partOf``; honours are shared by a handful of units each;
    projects sit in towns. Every fact has one sentence of evidence.
    """
    rnd = random.Random(seed)
    graph = nx.MultiDiGraph(articles={f"art-{i}": f"第{i}篇报道" for i in range(50)})

    def node(key: str, kind: str, label: str) -> str:
        graph.add_node(f"{ID}{key}", label=label, kind=kind, aliases=(), attrs=())
        return f"{ID}{key}"

    def fact(s: str, p: str, o: str) -> None:
        text = f"{graph.nodes[s]['label']}与{graph.nodes[o]['label']}。"
        graph.add_edge(s, o, key=p, property=p,
                       evidence=(Evidence(f"art-{rnd.randrange(50)}", 0, len(text), text, "test"),))

    province = node("p", "Province", "云山省")
    cities = [node(f"c{i}", "City", f"云{i}市") for i in range(6)]
    districts = [node(f"d{i}", "District", f"溪{i}区") for i in range(30)]
    honours = [node(f"h{i}", "Honor", f"文明示范{i}") for i in range(max(1, n_nodes // 50))]
    projects = [node(f"pr{i}", "Project", f"产业园{i}") for i in range(max(1, n_nodes // 20))]
    fixed = 1 + len(cities) + len(districts) + len(honours) + len(projects)
    towns = [node(f"t{i}", "Town", f"青{i}镇") for i in range(max(1, (n_nodes - fixed) // 10))]
    villages = [node(f"v{i}", "Village", f"白{i}村")
                for i in range(n_nodes - fixed - len(towns))]
    for c in cities:
        fact(c, "partOf", province)
    for d in districts:
        fact(d, "partOf", rnd.choice(cities))
    for t in towns:
        fact(t, "partOf", rnd.choice(districts))
    for v in villages:
        fact(v, "partOf", rnd.choice(towns))
    for p in projects:
        fact(p, "locatedIn", rnd.choice(towns))
    for h in honours:
        for unit in rnd.sample(towns + villages, min(5, len(towns + villages))):
            fact(unit, "receivedHonor", h)
    return graph


# --- store → networkx ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def graph() -> nx.MultiDiGraph:
    return viz.to_networkx(MemoryStore(seed_like_articles()))


def by_label(graph: nx.MultiDiGraph, label: str) -> str:
    (node,) = [n for n, d in graph.nodes(data=True) if d["label"] == label]
    return node


@pytest.mark.parametrize("label, kind, aliases", [
    ("云溪县", "District", ()),
    ("青石镇", "Town", ("青石",)),
    ("白马村", "Village", ()),
    ("柳岸社区", "Community", ()),
    ("省级文明村", "Honor", ()),
    ("冷链物流园", "Project", ()),
    ("云溪农旅公司", "Company", ()),
    ("网格长制", "Program", ()),
])
def test_entities_become_nodes_with_label_class_and_aliases(graph, label, kind, aliases):
    data = graph.nodes[by_label(graph, label)]
    assert (data["kind"], data["aliases"]) == (kind, aliases)


def test_articles_and_evidence_nodes_are_not_entities(graph):
    assert graph.number_of_nodes() == 10
    assert {d["kind"] for _, d in graph.nodes(data=True)} <= set(viz.CLASS_STYLE)


@pytest.mark.parametrize("subject, prop, obj", [
    ("青石镇", "partOf", "云溪县"),
    ("白马村", "partOf", "青石镇"),
    ("白马村", "receivedHonor", "省级文明村"),
    ("冷链物流园", "locatedIn", "红岩村"),
    ("冷链物流园", "operatedBy", "云溪农旅公司"),
    ("东湖街道", "implements", "网格长制"),
    ("柳岸社区", "partOf", "东湖街道"),
])
def test_facts_become_edges_keyed_by_property(graph, subject, prop, obj):
    edge = graph.get_edge_data(by_label(graph, subject), by_label(graph, obj))
    assert list(edge) == [prop]
    assert edge[prop]["property"] == prop


def test_quantities_are_node_attributes_not_edges(graph):
    project = by_label(graph, "冷链物流园")
    assert ("totalInvestment", "120000000") in graph.nodes[project]["attrs"]
    assert graph.number_of_edges() == 8


def test_division_codes_are_node_attributes(graph):
    assert graph.nodes[by_label(graph, "云溪县")]["attrs"] == (("divisionCode", "990102"),)


@pytest.mark.parametrize("label, articles", [("白马村", 2), ("省级文明村", 2), ("云溪县", 1), ("网格长制", 1)])
def test_nodes_count_the_articles_naming_them(graph, label, articles):
    assert graph.nodes[by_label(graph, label)]["articles"] == articles


def test_a_name_that_differs_between_articles_becomes_an_alias():
    first, second = seed_like_articles()
    renamed = replace(second, entities=tuple(
        replace(e, label="白马行政村") if e.label == "白马村" else e for e in second.entities))
    g = viz.to_networkx(MemoryStore([first, renamed]))
    baima = g.nodes[f"{ID}Village/青石镇/白马村"]
    assert (baima["label"], baima["aliases"]) == ("白马村", ("白马行政村",))


def test_a_fact_stated_by_two_articles_carries_both_sentences(graph):
    edge = graph.get_edge_data(by_label(graph, "白马村"), by_label(graph, "省级文明村"))
    sentences = [(e.article_id, e.text) for e in edge["receivedHonor"]["evidence"]]
    assert sentences == [("donghu-0", "白马村再获“省级文明村”称号。"),
                         ("qingshi-0", "云溪县青石镇白马村获评“省级文明村”。")]


def test_evidence_offsets_slice_the_article_to_the_sentence(graph):
    texts = {r.article.id: r.article.text for r in seed_like_articles()}
    for _, _, data in graph.edges(data=True):
        for ev in data["evidence"]:
            assert texts[ev.article_id][ev.start:ev.end] == ev.text


def test_article_titles_are_kept(graph):
    assert graph.graph["articles"] == {"qingshi-0": "青石镇乡村振兴纪实", "donghu-0": "东湖街道基层治理"}


# --- neighbourhood ------------------------------------------------------------------------

@pytest.mark.parametrize("focus, depth, expected", [
    ("冷链物流园", 0, {"冷链物流园"}),
    ("冷链物流园", 1, {"冷链物流园", "红岩村", "云溪农旅公司"}),
    ("冷链物流园", 2, {"冷链物流园", "红岩村", "云溪农旅公司", "青石镇"}),
    ("青石", 1, {"青石镇", "云溪县", "白马村", "红岩村"}),
    ("东湖街道", 5, {"东湖街道", "柳岸社区", "网格长制"}),
    (" 白马村 ", 1, {"白马村", "青石镇", "省级文明村"}),
])
def test_neighbourhood_follows_edges_both_ways(graph, focus, depth, expected):
    sub = viz.neighbourhood(graph, focus, depth)
    assert {d["label"] for _, d in sub.nodes(data=True)} == expected


def test_neighbourhood_keeps_edges_and_evidence_between_its_nodes(graph):
    sub = viz.neighbourhood(graph, "冷链物流园", 1)
    assert sorted(k for _, _, k in sub.edges(keys=True)) == ["locatedIn", "operatedBy"]
    assert all(d["evidence"] for _, _, d in sub.edges(data=True))


def test_neighbourhood_of_a_shared_name_holds_every_namesake():
    g = nx.MultiDiGraph()
    for key, label in (("v1", "新村"), ("v2", "新村"), ("t1", "青石镇"), ("t2", "白沙镇"), ("d", "云溪县")):
        g.add_node(key, label=label, aliases=())
    g.add_edges_from([("v1", "t1", "partOf"), ("v2", "t2", "partOf"), ("t1", "d", "partOf")])
    assert set(viz.neighbourhood(g, "新村", 1)) == {"v1", "v2", "t1", "t2"}


@pytest.mark.parametrize("focus, depth, message", [
    ("不存在镇", 2, "no entity is named"),
    ("青石镇", -1, "--depth"),
])
def test_neighbourhood_refuses_unknown_names_and_negative_depth(graph, focus, depth, message):
    with pytest.raises(UsageError, match=message):
        viz.neighbourhood(graph, focus, depth)


# --- layout -------------------------------------------------------------------------------

def test_layout_places_every_node_deterministically():
    g = synthetic_graph(600)
    first = viz.layout(g)
    assert set(first) == set(g)
    assert viz.layout(g.copy()) == first


@pytest.mark.parametrize("n_nodes", [2, 60, 800])
def test_layout_never_puts_two_nodes_on_top_of_each_other(n_nodes):
    pos = viz.layout(synthetic_graph(n_nodes))
    # Sorting by x and checking close neighbours finds near pairs without an n² scan.
    points = sorted(pos.values())
    closest = min((math.dist(a, b) for i, a in enumerate(points) for b in points[i + 1:i + 40]),
                  default=math.inf)
    assert closest > 10


def test_layout_keeps_components_apart():
    g = nx.MultiDiGraph()
    for key, kind in (("t1", "Town"), ("v1", "Village"), ("t2", "Town"), ("v2", "Village"), ("lone", "Honor")):
        g.add_node(key, kind=kind, label=key)
    g.add_edge("v1", "t1", key="partOf")
    g.add_edge("v2", "t2", key="partOf")
    pos = viz.layout(g)
    assert min(math.dist(pos[a], pos[b]) for a in ("t1", "v1") for b in ("t2", "v2", "lone")) > 100


def county_with_two_lone_companies() -> nx.MultiDiGraph:
    """A province above one city above one county of eight towns, and two lone companies."""
    g = nx.MultiDiGraph()
    for key, kind in (("p", "Province"), ("c", "City"), ("d", "District")):
        g.add_node(key, kind=kind, label=key)
    g.add_edges_from([("c", "p", "partOf"), ("d", "c", "partOf")])
    for t in range(8):
        g.add_node(f"t{t}", kind="Town", label=f"t{t}")
        g.add_edge(f"t{t}", "d", key="partOf")
        for v in range(12):
            g.add_node(f"v{t}.{v}", kind="Village", label=f"v{t}.{v}")
            g.add_edge(f"v{t}.{v}", f"t{t}", key="partOf")
    for lone in ("lone1", "lone2"):
        g.add_node(lone, kind="Company", label=lone)
    return g


def test_layout_draws_the_units_above_a_single_county_as_a_short_branch():
    g = county_with_two_lone_companies()
    pos = viz.layout(g)
    assert math.dist(pos["c"], pos["d"]) < 3 * viz._MIN_RING
    assert math.dist(pos["p"], pos["c"]) < 3 * viz._MIN_RING
    assert min(math.dist(pos["p"], pos[n]) for n in g if n != "p") > 2 * viz._LEAF


def test_layout_keeps_lone_nodes_beside_the_graph_not_far_out():
    g = county_with_two_lone_companies()
    pos = viz.layout(g)
    for lone in ("lone1", "lone2"):
        nearest = min(math.dist(pos[lone], pos[n]) for n in g if not n.startswith("lone"))
        assert nearest < 3 * viz._MIN_RING + viz._MARGIN


def test_layout_hangs_villages_off_their_town_not_off_a_shared_honour():
    g = nx.MultiDiGraph()
    g.add_node("d", kind="District", label="云溪县")
    g.add_node("h", kind="Honor", label="省级文明村")
    for t in ("t1", "t2"):
        g.add_node(t, kind="Town", label=t)
        g.add_edge(t, "d", key="partOf")
    for i in range(6):
        v = f"v{i}"
        g.add_node(v, kind="Village", label=v)
        g.add_edge(v, "t1" if i < 3 else "t2", key="partOf")
        g.add_edge(v, "h", key="receivedHonor")
    pos = viz.layout(g)
    for i in range(6):
        town = "t1" if i < 3 else "t2"
        other = "t2" if i < 3 else "t1"
        assert math.dist(pos[f"v{i}"], pos[town]) < math.dist(pos[f"v{i}"], pos[other])


# --- the page -----------------------------------------------------------------------------

class PageParser(html.parser.HTMLParser):
    """Tags, URL-bearing attributes and script bodies of a page, as a browser tokenises them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.urls: list[tuple[str, str, str]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._script: dict[str, str | None] | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for name, value in attrs:
            if name in ("src", "href", "action", "formaction", "poster", "data") or name.startswith("on"):
                self.urls.append((tag, name, value or ""))
        if tag == "script":
            self._script = dict(attrs)
            self.scripts.append((self._script, ""))

    def handle_data(self, data):
        if self._script is not None:
            attrs, body = self.scripts[-1]
            self.scripts[-1] = (attrs, body + data)

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None


def parse(page: str) -> PageParser:
    parser = PageParser()
    parser.feed(page)
    parser.close()
    return parser


def page_data(page: str) -> dict:
    (body,) = [b for a, b in parse(page).scripts if a.get("type") == "application/json"]
    return json.loads(body)


@pytest.fixture(scope="module")
def page(graph) -> str:
    return viz.to_html(graph)


def test_page_requests_nothing_from_anywhere(page):
    parsed = parse(page)
    assert parsed.urls == [("link", "href", "data:,")]
    assert [a.get("src") for a, _ in parsed.scripts] == [None, None, None]
    assert not re.search(r"@import|url\(\s*['\"]?(https?:)?//", page, re.I)
    assert "sourceMappingURL" not in page


def test_page_policy_forbids_requests_and_runs_only_its_own_scripts(page):
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    assert "default-src 'none'" in policy
    assert "connect-src" not in policy  # falls back to 'none'
    script_src = re.search(r"script-src ([^;]+)", policy).group(1).split()
    runnable = [body for attrs, body in parse(page).scripts if "type" not in attrs]
    assert sorted(script_src) == sorted(
        "'sha256-%s'" % base64.b64encode(hashlib.sha256(b.encode()).digest()).decode() for b in runnable)


def test_page_inlines_the_vis_network_that_pyvis_ships(page):
    parsed = parse(page)
    first_script = parsed.scripts[0][1]
    assert "vis-network" in first_script[:300] and "@version 9.1.2" in first_script[:300]
    assert parsed.tags.count("style") == 2


def test_page_data_describes_the_graph(graph, page):
    data = page_data(page)
    assert len(data["nodes"]) == graph.number_of_nodes()
    assert len(data["edges"]) == graph.number_of_edges()
    labels = {n["id"]: n["label"] for n in data["nodes"]}
    edges = {(labels[e["from"]], e["prop"], labels[e["to"]]) for e in data["edges"]}
    assert ("白马村", "receivedHonor", "省级文明村") in edges
    assert {c["name"]: c["count"] for c in data["classes"]}["Village"] == 2
    assert [p["name"] for p in data["properties"]] == [
        "partOf", "receivedHonor", "locatedIn", "implements", "operatedBy"]
    honour = next(e for e in data["edges"] if e["prop"] == "receivedHonor")
    assert sorted(data["sentences"][i]["text"] for i, _ in honour["ev"]) == [
        "云溪县青石镇白马村获评“省级文明村”。", "白马村再获“省级文明村”称号。"]
    assert {data["rules"][r] for _, r in honour["ev"]} == {"honour"}
    assert honour["evn"] == 2
    assert data["articles"]["qingshi-0"] == "青石镇乡村振兴纪实"


def test_page_holds_each_sentence_once(graph, page):
    data = page_data(page)
    keys = [(x["article"], x["start"], x["end"]) for x in data["sentences"]]
    assert len(keys) == len(set(keys))
    # s1 states partOf twice and receivedHonor once: one sentence, three facts pointing at it.
    s1 = keys.index(("qingshi-0", 0, len("云溪县青石镇白马村获评“省级文明村”。")))
    assert sum(1 for e in data["edges"] for i, _ in e["ev"] if i == s1) == 3


def test_page_shows_a_few_sentences_per_fact_and_counts_the_rest():
    g = nx.MultiDiGraph(articles={})
    g.add_node("v", label="白马村", kind="Village")
    g.add_node("t", label="青石镇", kind="Town")
    said = tuple(Evidence(f"a{i}", 0, 9, "白马村隶属青石镇。", "chain") for i in range(viz.EVIDENCE_PER_FACT + 2))
    g.add_edge("v", "t", key="partOf", property="partOf", evidence=said)
    (edge,) = page_data(viz.to_html(g))["edges"]
    assert (len(edge["ev"]), edge["evn"]) == (viz.EVIDENCE_PER_FACT, viz.EVIDENCE_PER_FACT + 2)


@pytest.mark.parametrize("n_nodes", [40, viz.OVERVIEW_MIN_NODES + 1])
def test_pages_open_on_precomputed_positions_without_physics(n_nodes):
    data = page_data(viz.to_html(synthetic_graph(n_nodes)))
    assert data["options"]["physics"]["enabled"] is False
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in data["nodes"])


def test_small_pages_have_no_overview():
    assert page_data(viz.to_html(synthetic_graph(viz.OVERVIEW_MIN_NODES)))["overview"] is None


def test_large_pages_carry_an_overview_of_units_with_counts_and_no_shared_concept():
    graph = synthetic_graph(2000)
    data = page_data(viz.to_html(graph))
    kinds = {n["id"]: n["kind"] for n in data["nodes"]}
    drawn = data["overview"]["nodes"]
    assert {kinds[i] for i, *_ in drawn} == {"Province", "City", "District", "Town"}
    assert len(drawn) == sum(1 for _, d in graph.nodes(data=True)
                             if d["kind"] in ("Province", "City", "District", "Town"))
    props = {e["id"]: e["prop"] for e in data["edges"]}
    assert {props[e] for e in data["overview"]["edges"]} == {"partOf"}
    assert len(data["overview"]["edges"]) == len(drawn) - 1
    labels = {label.split("\n")[0]: label for _, label, _, _ in drawn}
    town = by_label(graph, "青3镇")
    villages = sum(1 for v, _, k in graph.in_edges(town, keys=True) if k == "partOf")
    assert f"{villages} 村" in labels["青3镇"]


def test_an_overview_with_too_many_towns_stops_at_districts_and_counts_the_towns():
    g = nx.MultiDiGraph()
    g.add_node("city", kind="City", label="云岭市")
    towns = viz.OVERVIEW_MAX_DRAWN
    for d in range(4):
        g.add_node(f"d{d}", kind="District", label=f"第{d}县")
        g.add_edge(f"d{d}", "city", key="partOf")
        for t in range(towns // 4 + 1):
            g.add_node(f"t{d}-{t}", kind="Town", label=f"第{d}县{t}镇")
            g.add_edge(f"t{d}-{t}", f"d{d}", key="partOf")
    g.add_node("lone", kind="District", label="孤县")
    view, counts = viz.overview(g, viz.hierarchy(g))
    assert set(view) == {"city", "d0", "d1", "d2", "d3"}
    assert counts["d0"]["Town"] == towns // 4 + 1
    data = viz._overview_data(g, viz.hierarchy(g), {n: i for i, n in enumerate(g)},
                              {(u, v, k): i for i, (u, v, k) in enumerate(g.edges(keys=True))})
    assert data["unplaced"] == 1  # the lone district, not the towns left to a deeper level


def test_overview_counts_what_lies_under_each_unit_once():
    g = nx.MultiDiGraph()
    for n, kind in [("d", "District"), ("t", "Town"), ("v1", "Village"), ("v2", "Village"),
                    ("h", "Honor"), ("p", "Project"), ("x", "Town")]:
        g.add_node(n, kind=kind, label=n)
    g.add_edges_from([("t", "d", "partOf"), ("v1", "t", "partOf"), ("v2", "t", "partOf"),
                      ("v1", "h", "receivedHonor"), ("v2", "h", "receivedHonor"),
                      ("p", "v1", "locatedIn")])
    view, counts = viz.overview(g, viz.hierarchy(g))
    assert sorted(view) == ["d", "t"]  # the town with neither parent nor child is left out
    assert counts["t"] == {"Village": 2, "Project": 1, "Honor": 1}
    assert counts["d"] == {"Town": 1, "Village": 2, "Project": 1, "Honor": 1}


def test_every_node_knows_its_districts_and_articles(graph, page):
    data = page_data(page)
    by = {n["label"]: n for n in data["nodes"]}
    county = by["云溪县"]["id"]
    assert by["冷链物流园"]["districts"] == [county]
    assert by["云溪农旅公司"]["districts"] == [county]
    assert by["柳岸社区"]["districts"] == []
    titles = [data["catalogue"][i][1] for i in by["白马村"]["named_in"]]
    assert sorted(titles) == ["东湖街道基层治理", "青石镇乡村振兴纪实"]


def test_query_templates_bind_the_entity_and_run(graph, page):
    data = page_data(page)
    (entity,) = [q for q in data["queries"] if q["name"] == "entity"]
    iri = by_label(graph, "白马村")
    text = entity["before"] + f"<{iri}>" + entity["after"]
    rows = list(MemoryStore(seed_like_articles()).query(text))
    assert rows and {r["entity"].value for r in rows} == {iri}
    assert not any(q["units"] for q in data["queries"] if q["name"] == "entity")
    assert all(q["units"] for q in data["queries"] if q["name"] == "honours-of-unit")


@pytest.fixture(scope="module")
def hostile_page() -> str:
    return viz.to_html(viz.to_networkx(MemoryStore(hostile_articles())), title="<b>标题</b>")


def test_hostile_names_add_no_tags_or_urls(hostile_page, page):
    assert parse(hostile_page).tags == parse(page).tags
    assert parse(hostile_page).urls == [("link", "href", "data:,")]


def test_hostile_names_reach_the_page_data_unchanged(hostile_page):
    data = page_data(hostile_page)
    assert {n["label"] for n in data["nodes"]} == set(HOSTILE) | {"青石镇"}
    assert {a for n in data["nodes"] for a in n["aliases"]} == {h + "<b>" for h in HOSTILE}
    assert data["title"] == "<b>标题</b>"
    assert data["articles"] == {"hostile-0": "<script>alert('title')</script>"}


def test_hostile_title_is_escaped_in_the_title_element(hostile_page):
    assert "<title>&lt;b&gt;标题&lt;/b&gt;</title>" in hostile_page


@pytest.mark.parametrize("text", HOSTILE + ("\ud800孤立代理", "\u2029", "&lt;", "</SCRIPT ", "<!--"))
def test_script_json_keeps_markup_and_line_separators_out(text):
    encoded = viz.script_json({"label": text})
    assert not set(encoded) & set("<>&\u2028\u2029")
    assert not re.search("[\ud800-\udfff]", encoded)
    assert json.loads(encoded) == {"label": text}


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=12), min_size=1, max_size=4, unique=True))
def test_any_names_give_the_same_tags_and_round_trip(names):
    g = nx.MultiDiGraph()
    for i, name in enumerate(names):
        g.add_node(f"n{i}", label=name, kind="Village", aliases=(name,), attrs=(("figure", name),))
    page = viz.to_html(g)
    parsed = parse(page)
    assert [t for t in parsed.tags if t in ("script", "img", "iframe", "a", "svg")] == ["script"] * 3
    assert sorted(n["label"] for n in page_data(page)["nodes"]) == sorted(names)


# --- write_html ---------------------------------------------------------------------------

def test_write_html_reads_an_on_disk_store(tmp_path):
    with Store(tmp_path / "store") as store:
        for r in seed_like_articles():
            store.replace_article(r.article.id, "hash", quads(r))
    with Store(tmp_path / "store", read_only=True) as store:
        stats = viz.write_html(store, tmp_path / "graph.html")
        assert viz.to_networkx(store).graph["articles"] == {
            "qingshi-0": "青石镇乡村振兴纪实", "donghu-0": "东湖街道基层治理"}
    assert (stats.nodes, stats.edges) == (10, 8)


def test_write_html_writes_the_whole_graph_atomically(tmp_path):
    target = tmp_path / "out" / "graph.html"
    stats = viz.write_html(MemoryStore(seed_like_articles()), target)
    assert (stats.nodes, stats.edges) == (10, 8)
    assert stats.bytes == target.stat().st_size
    assert [p.name for p in target.parent.iterdir()] == ["graph.html"]
    assert len(page_data(target.read_text(encoding="utf-8"))["nodes"]) == 10


def test_write_html_with_focus_writes_only_the_neighbourhood(tmp_path):
    target = tmp_path / "graph.html"
    stats = viz.write_html(MemoryStore(seed_like_articles()), target, focus="红岩村", depth=1)
    data = page_data(target.read_text(encoding="utf-8"))
    assert sorted(n["label"] for n in data["nodes"]) == ["冷链物流园", "红岩村", "青石镇"]
    assert stats.nodes == 3
    assert "红岩村" in data["title"]


def test_write_html_with_an_unknown_focus_leaves_no_file(tmp_path):
    target = tmp_path / "graph.html"
    with pytest.raises(UsageError):
        viz.write_html(MemoryStore(seed_like_articles()), target, focus="不存在村")
    assert list(tmp_path.iterdir()) == []


def test_an_empty_store_gives_an_empty_page(tmp_path):
    target = tmp_path / "graph.html"
    stats = viz.write_html(MemoryStore([]), target)
    assert (stats.nodes, stats.edges) == (0, 0)
    assert page_data(target.read_text(encoding="utf-8"))["nodes"] == []
