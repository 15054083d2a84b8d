"""The graph page in a real headless Chromium: it works, and nothing runs or leaves it.

Every request other than the page itself is aborted and recorded; any dialog (``alert``)
fails the test. Chromium comes from Debian's package (``make test`` installs it): when it is
missing these tests fail, they do not skip.
"""
from __future__ import annotations

import csv
import functools
import http.server
import io
import re
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import quote
from xml.etree import ElementTree

import networkx as nx
import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from kg import viz
from kg.model import Evidence
from test_viz import HOSTILE, MemoryStore, hostile_articles, seed_like_articles, synthetic_graph

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser() -> Browser:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (`make browser`) to run "
                    "the graph page tests", pytrace=False)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A loopback HTTP server over a folder the tests write pages into."""
    root = tmp_path_factory.mktemp("site")
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield root, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the stdlib's signature
        pass


class Visit:
    """One page load with everything it tried recorded."""

    def __init__(self, browser: Browser, url: str):
        self.url = url
        self.blocked: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.context = browser.new_context(viewport={"width": 1400, "height": 900})
        self.context.route("**/*", self._route)
        self.page: Page = self.context.new_page()
        self.page.on("dialog", self._dialog)
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(url)
        self.page.wait_for_selector("body[data-ready='1']", timeout=60_000)

    def _route(self, route):
        if route.request.url == self.url.split("#")[0]:  # a request never carries the fragment
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def node_id(self, label: str) -> int:
        return self.page.evaluate(
            "label => lgkgGraph.nodes.get({filter: n => n.label === label})[0].id", label)

    def click_node(self, label: str) -> None:
        box = self.page.locator("#graph").bounding_box()
        point = self.page.evaluate(
            """id => { const net = lgkgGraph.network;
                       return net.canvasToDOM(net.getPositions([id])[id]); }""", self.node_id(label))
        self.page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])

    def assert_clean(self) -> None:
        assert self.errors == []
        assert self.dialogs == []
        assert self.blocked == []

    def close(self) -> None:
        self.context.close()


def publish(site, name: str, graph: nx.MultiDiGraph | None = None, *, store=None) -> str:
    root, base = site
    if store is not None:
        viz.write_html(store, root / name)
    else:
        (root / name).write_text(viz.to_html(graph), encoding="utf-8")
    return f"{base}/{name}"


@pytest.fixture(scope="module")
def seed_graph() -> nx.MultiDiGraph:
    return viz.to_networkx(MemoryStore(seed_like_articles()))


@pytest.fixture
def visit(browser, site, seed_graph):
    v = Visit(browser, publish(site, "seed.html", store=MemoryStore(seed_like_articles())))
    yield v
    v.close()


def test_page_loads_without_errors_or_requests(visit):
    visit.assert_clean()


def test_node_count_shown_is_the_graphs(visit, seed_graph):
    assert visit.page.inner_text("#node-count") == str(seed_graph.number_of_nodes())
    assert visit.page.inner_text("#edge-count") == str(seed_graph.number_of_edges())
    assert visit.page.inner_text("#visible-count") == str(seed_graph.number_of_nodes())


def test_search_focuses_the_node_and_opens_its_panel(visit):
    visit.page.fill("#search", "红岩")
    visit.page.press("#search", "Enter")
    assert visit.page.evaluate("lgkgGraph.network.getSelectedNodes()") == [visit.node_id("红岩村")]
    assert visit.page.inner_text("#panel h2") == "红岩村"
    assert visit.page.inner_text("#search-status") == "Found 红岩村"


def test_search_finds_a_node_by_alias(visit):
    visit.page.fill("#search", "青石")
    visit.page.press("#search", "Enter")
    assert visit.page.inner_text("#panel h2") == "青石镇"


def test_search_for_an_unknown_name_says_so(visit):
    visit.page.fill("#search", "不存在村")
    visit.page.press("#search", "Enter")
    assert visit.page.inner_text("#search-status") == "No node named “不存在村”"
    assert visit.page.is_hidden("#panel")


def test_clicking_a_node_shows_its_evidence(visit):
    visit.click_node("冷链物流园")
    panel = visit.page.locator("#panel")
    assert panel.is_visible()
    assert visit.page.inner_text("#panel h2") == "冷链物流园"
    quotes = visit.page.locator("#panel blockquote").all_inner_texts()
    assert "青石镇红岩村新建冷链物流园，由云溪农旅公司运营，总投资1.2亿元。" in quotes
    assert dict(zip(panel.locator("dt").all_inner_texts(),
                    panel.locator("dd").all_inner_texts()))["totalInvestment"] == "120000000"
    cites = visit.page.locator("#panel cite").all_inner_texts()
    assert any(c.startswith("青石镇乡村振兴纪实 · qingshi-0 · chars ") for c in cites)
    visit.assert_clean()


def test_figures_are_folded_under_their_count(browser, site):
    g = nx.MultiDiGraph(articles={})
    g.add_node("t", label="青石镇", kind="Town", aliases=(), articles=2,
               attrs=(("divisionCode", "990102101"), ("figure", "走访群众：120户"), ("figure", "化解矛盾纠纷：8件")))
    v = Visit(browser, publish(site, "figures.html", g))
    try:
        v.click_node("青石镇")
        summary = v.page.locator("#panel details.figures summary")
        assert summary.inner_text() == "Figures (2)"
        assert v.page.locator("#panel details.figures li").first.is_hidden()
        summary.click()
        assert v.page.locator("#panel details.figures li").all_inner_texts() == [
            "走访群众：120户", "化解矛盾纠纷：8件"]
        assert "figure" not in v.page.locator("#panel dt").all_inner_texts()
        v.assert_clean()
    finally:
        v.close()


def test_a_fact_said_twice_shows_both_sentences(visit):
    visit.click_node("省级文明村")
    quotes = visit.page.locator("#panel blockquote").all_inner_texts()
    assert sorted(quotes) == ["云溪县青石镇白马村获评“省级文明村”。", "白马村再获“省级文明村”称号。"]
    assert visit.page.locator("#panel blockquote mark").first.inner_text() in ("白马村", "省级文明村")


def test_a_node_panel_says_how_many_articles_name_it(visit):
    visit.click_node("白马村")
    rows = visit.page.locator("#panel dt").all_inner_texts()
    values = visit.page.locator("#panel dd").all_inner_texts()
    assert dict(zip(rows, values))["Named in"] == "2 articles"


def test_clicking_an_edge_shows_its_fact_and_sentence(visit):
    box = visit.page.locator("#graph").bounding_box()
    # The middle of the drawn (possibly curved) edge, from vis-network's own geometry.
    point = visit.page.evaluate(
        """([a, b]) => { const net = lgkgGraph.network;
                         const id = lgkgGraph.edges.get({filter: e => e.from === a && e.to === b})[0].id;
                         return net.canvasToDOM(net.body.edges[id].edgeType.getPoint(0.5)); }""",
        [visit.node_id("冷链物流园"), visit.node_id("云溪农旅公司")])
    visit.page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    assert visit.page.inner_text("#panel h2") == "冷链物流园 operatedBy 云溪农旅公司"
    assert visit.page.locator("#panel blockquote").all_inner_texts() == [
        "青石镇红岩村新建冷链物流园，由云溪农旅公司运营，总投资1.2亿元。"]


def test_class_filter_hides_that_class(visit):
    visit.page.uncheck("#class-filters input[value='Village']")
    shown = visit.page.evaluate("lgkgGraph.nodeView.get().map(n => n.kind)")
    assert "Village" not in shown and len(shown) == 8
    assert visit.page.inner_text("#visible-count") == "8"
    visit.page.check("#class-filters input[value='Village']")
    assert visit.page.inner_text("#visible-count") == "10"


def test_property_filter_hides_those_edges(visit):
    visit.page.uncheck("#property-filters input[value='partOf']")
    props = visit.page.evaluate("lgkgGraph.edgeView.get().map(e => e.prop)")
    assert sorted(props) == ["implements", "locatedIn", "operatedBy", "receivedHonor"]


def test_searching_a_filtered_out_name_brings_its_class_back(visit):
    visit.page.uncheck("#class-filters input[value='Village']")
    visit.page.fill("#search", "白马村")
    visit.page.press("#search", "Enter")
    assert visit.page.is_checked("#class-filters input[value='Village']")
    assert visit.page.inner_text("#visible-count") == "10"


def test_legend_lists_each_class_with_its_count(visit):
    rows = visit.page.locator("#class-filters label").all_inner_texts()
    assert [r.split() for r in rows] == [
        ["■", "District", "1"], ["●", "Town", "1"], ["●", "Subdistrict", "1"], ["●", "Village", "2"],
        ["●", "Community", "1"], ["▲", "Project", "1"], ["■", "Company", "1"], ["★", "Honor", "1"],
        ["▼", "Program", "1"]]


def test_a_fact_said_many_times_shows_a_few_sentences_and_counts_the_rest(browser, site):
    g = nx.MultiDiGraph(articles={"a0": "青石镇简报"})
    g.add_node("v", label="白马村", kind="Village", aliases=(), attrs=(), articles=7)
    g.add_node("t", label="青石镇", kind="Town", aliases=(), attrs=(), articles=7)
    said = tuple(Evidence(f"a{i}", 0, 9, f"白马村隶属青石镇。（{i}）", "chain") for i in range(7))
    g.add_edge("v", "t", key="partOf", property="partOf", evidence=said)
    v = Visit(browser, publish(site, "many.html", g))
    try:
        v.click_node("白马村")
        assert v.page.locator("#panel blockquote").count() == viz.EVIDENCE_PER_FACT
        assert v.page.inner_text("#panel p.more") == (
            f"… and {7 - viz.EVIDENCE_PER_FACT} more sentences in the store.")
        assert v.page.locator("#panel cite").first.inner_text() == "青石镇简报 · a0 · chars 0–9 · chain"
        v.assert_clean()
    finally:
        v.close()


def test_a_node_with_hundreds_of_facts_lists_the_first_hundred(browser, site):
    g = nx.MultiDiGraph(articles={})
    g.add_node("h", label="省级文明村", kind="Honor", aliases=(), attrs=(), articles=1)
    for i in range(130):
        g.add_node(f"v{i}", label=f"白{i}村", kind="Village", aliases=(), attrs=(), articles=1)
        g.add_edge(f"v{i}", "h", key="receivedHonor", property="receivedHonor",
                   evidence=(Evidence("a0", i, i + 1, f"白{i}村获评省级文明村。", "honour"),))
    v = Visit(browser, publish(site, "hub.html", g))
    try:
        v.click_node("省级文明村")
        assert v.page.inner_text("#panel h3") == "Facts and evidence (130)"
        assert v.page.locator("#panel li.fact").count() == 100
        assert v.page.inner_text("#panel li.more").startswith("… and 30 more facts")
        v.assert_clean()
    finally:
        v.close()


@pytest.fixture
def hostile(browser, site):
    v = Visit(browser, publish(site, "hostile.html", store=MemoryStore(hostile_articles())))
    yield v
    v.close()


def test_hostile_names_execute_nothing_and_request_nothing(hostile):
    assert hostile.page.evaluate("document.querySelectorAll('img, iframe, a, object, embed').length") == 0
    assert hostile.page.evaluate("document.scripts.length") == 3
    for name in HOSTILE:
        hostile.click_node(name)
        assert hostile.page.locator("#panel h2").evaluate("e => e.textContent") == name
    hostile.page.fill("#search", HOSTILE[0])
    hostile.page.press("#search", "Enter")
    hostile.page.wait_for_timeout(300)
    hostile.assert_clean()


def test_hostile_names_show_as_text_in_labels_aliases_and_sentences(hostile):
    labels = hostile.page.evaluate("lgkgGraph.nodes.get().map(n => n.label)")
    assert set(labels) == set(HOSTILE) | {"青石镇"}
    hostile.click_node(HOSTILE[1])
    panel = hostile.page.locator("#panel")
    aliases = panel.locator("dd").nth(2).evaluate("e => e.textContent")
    assert aliases == HOSTILE[1] + "<b>"
    quote = panel.locator("blockquote").first.evaluate("e => e.textContent")
    assert quote == f"{HOSTILE[1]}隶属于青石镇。"
    assert panel.locator("cite").first.evaluate("e => e.textContent").startswith(
        "<script>alert('title')</script> · hostile-0")
    hostile.assert_clean()


def test_a_file_url_page_also_stays_offline(browser, tmp_path):
    target = tmp_path / "graph.html"
    viz.write_html(MemoryStore(seed_like_articles()), target)
    v = Visit(browser, target.as_uri())
    try:
        v.assert_clean()
    finally:
        v.close()


def test_neighbourhood_page_shows_only_the_focus_surroundings(browser, site):
    root, base = site
    viz.write_html(MemoryStore(seed_like_articles()), root / "focus.html", focus="红岩村", depth=1)
    v = Visit(browser, f"{base}/focus.html")
    try:
        assert v.page.inner_text("#node-count") == "3"
        assert "红岩村" in v.page.title()
        v.assert_clean()
    finally:
        v.close()


def test_five_thousand_nodes_open_on_the_overview_ready_to_use(browser, site):
    graph = synthetic_graph(5000)
    v = Visit(browser, publish(site, "large.html", graph))
    try:
        assert v.page.inner_text("#node-count") == "5000"
        assert v.page.evaluate("lgkgGraph.network.physics.options.enabled") is False
        assert 0 < v.page.evaluate("lgkgGraph.nodeView.length") <= 500
        v.page.fill("#search", "白123村")
        v.page.press("#search", "Enter")
        assert v.page.inner_text("#panel h2") == "白123村"
        v.page.click("#show-all")
        v.page.uncheck("#class-filters input[value='Village']")
        assert int(v.page.inner_text("#visible-count")) == sum(
            1 for _, d in graph.nodes(data=True) if d["kind"] != "Village")
        v.assert_clean()
    finally:
        v.close()


# --- opening readable, drilling down, ways in ------------------------------------------------

READABLE_PX = 12
# Which labels vis-network draws, and how large on screen, from its own scale and font sizes.
DRAWN_LABELS = """() => { const net = lgkgGraph.network, scale = net.getScale();
  return lgkgGraph.nodeView.get().filter(n => n.font.size * scale >= %d).map(n => n.label); }""" % READABLE_PX


def inside_viewport(v: Visit) -> list[str]:
    """Labels of the drawn nodes whose centre lies outside the graph's canvas."""
    return v.page.evaluate("""() => { const net = lgkgGraph.network, box = document.getElementById('graph');
      const ids = lgkgGraph.nodeView.getIds(), pos = net.getPositions(ids);
      return ids.filter(id => { const p = net.canvasToDOM(pos[id]);
        return p.x < 0 || p.y < 0 || p.x > box.clientWidth || p.y > box.clientHeight; })
        .map(id => lgkgGraph.nodes.get(id).label); }""")


def run_kg(*args: object) -> None:
    subprocess.run([sys.executable, "-m", "kg", *map(str, args)], check=True, capture_output=True)


@pytest.fixture(scope="module")
def demo_page(site, tmp_path_factory) -> str:
    """The page `make demo` writes: the graph of seeds/."""
    store = tmp_path_factory.mktemp("demo") / "store"
    run_kg("build", ROOT / "seeds", "--store", store)
    root, base = site
    run_kg("viz", "--store", store, "-o", root / "demo.html")
    return f"{base}/demo.html"


@pytest.fixture(scope="module")
def corpus_page(site, tmp_path_factory) -> str:
    """The page of bench/corpus.py's 1,000 invented articles (about 3,700 nodes), built once."""
    work = tmp_path_factory.mktemp("corpus")
    subprocess.run([sys.executable, ROOT / "bench" / "corpus.py", work / "in", "--articles", "1000"],
                   check=True, capture_output=True)
    run_kg("build", work / "in", "--store", work / "store")
    root, base = site
    run_kg("viz", "--store", work / "store", "-o", root / "corpus.html")
    return f"{base}/corpus.html"


def test_demo_page_opens_fitted_with_readable_labels(browser, demo_page):
    v = Visit(browser, demo_page)
    try:
        assert v.page.evaluate("lgkgGraph.nodeView.length") == int(v.page.inner_text("#node-count"))
        assert inside_viewport(v) == []
        assert len(v.page.evaluate(DRAWN_LABELS)) >= 15
        v.assert_clean()
    finally:
        v.close()


def test_zooming_in_draws_more_labels(browser, demo_page):
    v = Visit(browser, demo_page)
    try:
        before = set(v.page.evaluate(DRAWN_LABELS))
        v.page.evaluate("""() => { const net = lgkgGraph.network;
            net.moveTo({scale: net.getScale() * 3}); net.emit('zoom', {}); }""")
        v.page.wait_for_timeout(400)
        after = v.page.evaluate(DRAWN_LABELS)
        assert int(v.page.inner_text("#labels-drawn")) == len(after)
        assert set(after) - before
        assert inside_viewport(v) != []  # zoomed in: part of the graph is off screen now
    finally:
        v.close()


def test_a_thousand_article_page_opens_on_the_readable_overview(browser, corpus_page):
    v = Visit(browser, corpus_page)
    try:
        assert int(v.page.inner_text("#node-count")) > 3000
        drawn = v.page.evaluate("lgkgGraph.nodeView.get().map(n => n.kind)")
        assert 0 < len(drawn) <= 500
        assert set(drawn) <= {"Province", "City", "District", "Town", "Subdistrict"}
        assert inside_viewport(v) == []
        districts = v.page.evaluate("lgkgGraph.nodeView.get().filter(n => n.kind === 'District').map(n => n.label)")
        readable = set(v.page.evaluate(DRAWN_LABELS))
        # Dense clusters (a city with six counties) still hide a few names at the opening
        # zoom; most districts must be named, every one once zoomed to its cluster.
        named = [d for d in districts if d in readable]
        assert districts and len(named) >= 0.85 * len(districts), set(districts) - readable
        assert v.page.inner_text("#crumbs") == "Overview"
        v.assert_clean()
    finally:
        v.close()


def test_double_click_expands_a_neighbourhood_and_back_returns(visit):
    whole = int(visit.page.inner_text("#visible-count"))
    box = visit.page.locator("#graph").bounding_box()
    point = visit.page.evaluate(
        """id => { const net = lgkgGraph.network;
                   return net.canvasToDOM(net.getPositions([id])[id]); }""", visit.node_id("青石镇"))
    visit.page.mouse.dblclick(box["x"] + point["x"], box["y"] + point["y"])
    shown = sorted(visit.page.evaluate("lgkgGraph.nodeView.get().map(n => n.label)"))
    assert shown == sorted(["青石镇", "云溪县", "白马村", "红岩村"])
    assert visit.page.inner_text("#crumbs").split() == ["Whole", "graph", "›", "青石镇"]
    assert visit.page.url.endswith("#focus=" + quote("青石镇"))
    assert inside_viewport(visit) == []
    visit.page.click("#back")
    assert int(visit.page.inner_text("#visible-count")) == whole
    assert "#" not in visit.page.url
    visit.assert_clean()


def test_a_deep_link_opens_focused_by_name_or_iri(browser, site, seed_graph):
    url = publish(site, "deep.html", store=MemoryStore(seed_like_articles()))
    iri = next(n for n, d in seed_graph.nodes(data=True) if d["label"] == "红岩村")
    for key in ("红岩村", iri):
        v = Visit(browser, f"{url}#focus={quote(key, safe='')}")
        try:
            assert v.page.inner_text("#panel h2") == "红岩村"
            shown = sorted(v.page.evaluate("lgkgGraph.nodeView.get().map(n => n.label)"))
            assert shown == sorted(["红岩村", "青石镇", "冷链物流园"])
            assert v.page.evaluate("lgkgGraph.network.getSelectedNodes()") == [v.node_id("红岩村")]
            v.assert_clean()
        finally:
            v.close()


def test_the_district_filter_and_its_csv_download(visit, tmp_path, seed_graph):
    visit.page.select_option("#district-filter", label="云溪县 (7)")
    assert sorted(visit.page.evaluate("lgkgGraph.nodeView.get().map(n => n.label)")) == sorted(
        ["云溪县", "青石镇", "白马村", "红岩村", "冷链物流园", "云溪农旅公司", "省级文明村"])
    visit.page.click("#toggle-table")
    assert visit.page.inner_text("#table-count") == "7 entities"
    visit.page.click("#table-columns th:nth-child(4)")  # Articles, most first
    first = visit.page.locator("#table-rows tr").first.locator("td").all_inner_texts()
    assert first[0] == "白马村" and first[3] == "2"
    with visit.page.expect_download() as download:
        visit.page.click("#download-csv")
    path = tmp_path / "rows.csv"
    download.value.save_as(path)
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    names = ["云溪县", "青石镇", "白马村", "红岩村", "冷链物流园", "云溪农旅公司", "省级文明村"]
    assert sorted(r["Name"] for r in rows) == sorted(names)
    assert {r["District"] for r in rows} == {"云溪县"}
    assert {r["IRI"] for r in rows} == {n for n, d in seed_graph.nodes(data=True) if d["label"] in names}
    visit.assert_clean()


def test_the_article_filter_keeps_what_the_article_names(visit):
    visit.page.select_option("#article-filter", label="东湖街道基层治理")
    assert sorted(visit.page.evaluate("lgkgGraph.nodeView.get().map(n => n.label)")) == sorted(
        ["东湖街道", "柳岸社区", "网格长制", "白马村", "省级文明村"])
    visit.page.click("#reset")
    assert visit.page.inner_text("#visible-count") == "10"


def test_the_panel_sparql_runs_and_finds_the_entity(visit, seed_graph):
    visit.click_node("白马村")
    text = visit.page.locator("#panel textarea").input_value()
    iri = next(n for n, d in seed_graph.nodes(data=True) if d["label"] == "白马村")
    rows = list(MemoryStore(seed_like_articles()).query(text))
    assert rows and {r["entity"].value for r in rows} == {iri}
    visit.page.select_option("#panel select", label="articles-mentioning")
    text = visit.page.locator("#panel textarea").input_value()
    assert len(list(MemoryStore(seed_like_articles()).query(text))) == 2


def test_hostile_names_export_as_svg_text_and_png(hostile, tmp_path):
    with hostile.page.expect_download() as download:
        hostile.page.click("#export-svg")
    download.value.save_as(tmp_path / "view.svg")
    tree = ElementTree.parse(tmp_path / "view.svg")
    tags = {e.tag.split("}")[-1] for e in tree.iter()}
    assert tags <= {"svg", "rect", "line", "circle", "text"}
    texts = {e.text for e in tree.iter() if e.tag.endswith("text")}
    as_xml = {re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f]", "\ufffd", name) for name in HOSTILE}
    assert texts and texts <= as_xml | {"青石镇"}
    with hostile.page.expect_download() as download:
        hostile.page.click("#export-png")
    download.value.save_as(tmp_path / "view.png")
    assert (tmp_path / "view.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    hostile.assert_clean()
