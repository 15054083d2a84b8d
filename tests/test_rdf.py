"""Quads of one article: IRIs, layout, numbers, evidence; round trips through every format."""
from __future__ import annotations

import hashlib
import string
from dataclasses import replace
from decimal import Decimal

import pyoxigraph as ox
import pytest
import rdflib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.errors import LgkgError
from kg.model import Article, Entity, Evidence, Fact, Quantity, ResolvedArticle, Sentence
from kg.rdf import (ID, ONT, article_graph, article_iri, decimal_literal, entity_iri, iri_path,
                    to_nquads, to_quads)
from kg.store import Store

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
WHEN = "2024-05-01T08:00:00+00:00"

# ── IRIs ────────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize("key, expected", [
    ("Town/410108106", "Town/410108106"),
    ("Village/青石镇/白马村", "Village/青石镇/白马村"),
    ("Honor/河南省国土绿化模范乡（镇）", "Honor/河南省国土绿化模范乡（镇）"),
    ("Company/A B", "Company/A%20B"),
    ('Company/"引号"', "Company/%22引号%22"),
    ("Company/'x'", "Company/%27x%27"),
    ("Project/<>{}|\\^`", "Project/%3C%3E%7B%7D%7C%5C%5E%60"),
    ("Project/100%", "Project/100%25"),
    ("Project/%41", "Project/%2541"),
    ("Company/Foo Inc.", "Company/Foo%20Inc%2E"),
    ("Company/a../b", "Company/a%2E%2E/b"),
    ("Project/./..", "Project/%2E/%2E%2E"),
    ("Project/v1.2", "Project/v1.2"),
    ("Project/a\nb\tc", "Project/a%0Ab%09c"),
    ("Project/a\u2028b\u2029", "Project/a%E2%80%A8b%E2%80%A9"),
    ("Project/全\u3000角", "Project/全%E3%80%80角"),
    ("Project/zero\u200bwidth", "Project/zero%E2%80%8Bwidth"),
    ("Project/\x00\x7f", "Project/%00%7F"),
    ("Project/<script>alert(1)</script>", "Project/%3Cscript%3Ealert(1)%3C/script%3E"),
    ("Project/a#b?c&d", "Project/a%23b%3Fc%26d"),
    ("Project/😀𠀀", "Project/😀𠀀"),
    ("Project/\ue000", "Project/%EE%80%80"),
    ("Project/\ud800", "Project/%ED%A0%80"),
])
def test_iri_path(key, expected):
    assert iri_path(key) == expected
    ox.NamedNode(ID + expected)  # a valid IRI for pyoxigraph's strict parser


def test_iri_path_is_one_to_one_on_tricky_pairs():
    keys = ["a b", "a%20b", "a.", "a%2E", "a/b", "a%2Fb", "", ".", "%"]
    assert len({iri_path(k) for k in keys}) == len(keys)


def test_article_ids_keep_no_slash():
    assert article_iri("a/b").value == ID + "article/a%2Fb"
    assert article_graph("x y").value == ID + "graph/x%20y"


@pytest.mark.parametrize("key", ["article/x", "graph/y", "evidence/z", "figure/w"])
def test_entity_keys_cannot_take_reserved_paths(key):
    with pytest.raises(LgkgError, match="reserved"):
        entity_iri(key)


@pytest.mark.parametrize("value, expected", [
    ("23700000000", "23700000000"), ("2.37E+10", "23700000000"), ("12.50", "12.5"),
    ("0.0", "0"), ("-0", "0"), ("1E-3", "0.001"), ("100", "100"),
])
def test_decimal_literal_is_canonical(value, expected):
    lit = decimal_literal(Decimal(value))
    assert (lit.value, lit.datatype.value) == (expected, "http://www.w3.org/2001/XMLSchema#decimal")


def test_decimal_literal_refuses_nan():
    with pytest.raises(LgkgError):
        decimal_literal(Decimal("NaN"))


# ── one article's quads ─────────────────────────────────────────────────────────────────

TEXT = ("白马村隶属青石镇。白马村获评省级文明村。"
        "青石产业园总投资约12.5亿元，占地300亩，今年走访群众1200余户。")


def ev(text: str, needle: str, rule: str = "test") -> Evidence:
    start = TEXT.index(needle)
    end = TEXT.index("。", start) + 1
    while start > 0 and TEXT[start - 1] != "。":
        start -= 1
    return Evidence("demo-0", start, end, TEXT[start:end], rule)


def quantity(written: str, value: str, unit: str, approx: str = "", measure: str = "") -> Quantity:
    at = TEXT.index(written)
    return Quantity(Decimal(value), unit, at, at + len(written), approx, measure)


def sample(**changes) -> ResolvedArticle:
    article = Article("demo-0", "news/demo.txt", 0, TEXT, TEXT,
                      (Sentence(0, 9, TEXT[:9]), Sentence(9, 20, TEXT[9:20]),
                       Sentence(20, len(TEXT), TEXT[20:])),
                      title="青石镇见闻", byline="本报记者 李明", date="2024-04-30",
                      url="https://news.example.org/a?id=1&x=\"2\"")
    entities = (
        Entity("Town/990101101", "Town", "青石镇", ("青石",), code="990101101"),
        Entity("Village/990101101/白马村", "Village", "白马村"),
        Entity("Honor/省级文明村", "Honor", "省级文明村",
               attrs=(("level", "province"), ("year", "2023"), ("conferrer", "江南省文明委"),
                      ("level", "galactic"), ("year", "去年"))),
        Entity("Project/青石产业园", "Project", "青石产业园", attrs=(("status", "在建"),)),
    )
    facts = (
        Fact("Village/990101101/白马村", "partOf", "Town/990101101", ev(TEXT, "白马村隶属")),
        Fact("Village/990101101/白马村", "receivedHonor", "Honor/省级文明村",
             ev(TEXT, "获评")),
        Fact("Project/青石产业园", "locatedIn", "Town/990101101", ev(TEXT, "青石产业园")),
        Fact("Project/青石产业园", "totalInvestment",
             quantity("约12.5亿元", "1250000000", "CNY", "约"), ev(TEXT, "总投资")),
        Fact("Project/青石产业园", "area", quantity("300亩", "300", "mu"), ev(TEXT, "占地")),
        Fact("Town/990101101", "figure", quantity("1200余户", "1200", "户", "余", "走访群众"),
             ev(TEXT, "走访")),
    )
    mentions = (("Village/990101101/白马村", ev(TEXT, "白马村隶属", "mention")),
                ("Village/990101101/白马村", ev(TEXT, "获评", "mention")))
    values = dict(article=article, subject="Town/990101101", entities=entities, facts=facts,
                  mentions=mentions)
    values.update(changes)
    return ResolvedArticle(**values)


def triples(quads, graph=None) -> set[tuple[str, str, str]]:
    out = set()
    for q in quads:
        if graph == "default" and not isinstance(q.graph_name, ox.DefaultGraph):
            continue
        out.add((q.subject.value, q.predicate.value,
                 q.object.value if not isinstance(q.object, ox.Literal) else str(q.object)))
    return out


@pytest.fixture(scope="module")
def quads():
    return to_quads(sample(), generated_at=WHEN, extractor_version="9.9")


def test_the_default_graph_describes_only_what_the_article_owns(quads):
    default = [q for q in quads if isinstance(q.graph_name, ox.DefaultGraph)]
    prefixes = tuple(f"{ID}{kind}/demo-0/" for kind in ("sentence", "evidence", "figure"))
    owned = {q.subject.value for q in default if q.subject.value.startswith(prefixes)}
    assert {s.split("/")[-3] for s in owned} == {"sentence", "evidence", "figure"}
    # the rest describes the article and its graph, or points at a node the article owns
    others = [q for q in default if q.subject.value not in owned]
    assert {q.subject.value for q in others if not q.object.value.startswith(prefixes)} == {
        article_iri("demo-0").value, article_graph("demo-0").value}
    assert {q.predicate.value for q in others if q.object.value.startswith(prefixes)} == {
        ONT + "hasFigure"}
    named = {q.graph_name for q in quads if not isinstance(q.graph_name, ox.DefaultGraph)}
    assert named == {article_graph("demo-0")}


def test_the_named_graph_holds_the_entities_and_facts(quads):
    in_graph = {(q.subject.value, q.predicate.value) for q in quads
                if q.graph_name == article_graph("demo-0")}
    assert (ID + "Village/990101101/白马村", ONT + "partOf") in in_graph
    assert (ID + "Project/青石产业园", ONT + "totalInvestment") in in_graph
    assert all(s.startswith(ID) and s.split("/")[4] not in ("sentence", "evidence", "figure")
               for s, _ in in_graph)


def test_article_metadata(quads):
    a, g = article_iri("demo-0").value, article_graph("demo-0").value
    meta = triples(quads, "default")
    digest = hashlib.sha256(TEXT.encode()).hexdigest()
    for expected in [
        (a, RDF + "type", ONT + "Article"),
        (a, "http://purl.org/dc/terms/source", '"news/demo.txt"'),
        (a, "http://purl.org/dc/terms/title", '"青石镇见闻"@zh'),
        (a, "http://purl.org/dc/terms/date", '"2024-04-30"^^<http://www.w3.org/2001/XMLSchema#date>'),
        (a, ONT + "textDigest", f'"{digest}"'),
        (a, "https://schema.org/url",
         '"https://news.example.org/a?id=1&x=\\"2\\""^^<http://www.w3.org/2001/XMLSchema#anyURI>'),
        (g, "http://www.w3.org/ns/prov#wasDerivedFrom", a),
        (g, "http://www.w3.org/ns/prov#generatedAtTime",
         f'"{WHEN}"^^<http://www.w3.org/2001/XMLSchema#dateTime>'),
        (g, ONT + "extractorVersion", '"9.9"'),
    ]:
        assert expected in meta
    [text] = [q.object.value for q in quads if q.predicate.value == "https://schema.org/text"
              and q.subject.value == a]
    assert text == TEXT


def test_entities_with_labels_aliases_codes_and_attributes(quads):
    t = triples(quads)
    town, honour = ID + "Town/990101101", ID + "Honor/省级文明村"
    assert (town, RDF + "type", ONT + "Town") in t
    assert (town, RDFS + "label", '"青石镇"@zh') in t
    assert (town, SKOS + "altLabel", '"青石"@zh') in t
    assert (town, ONT + "divisionCode", '"990101101"') in t
    assert {(p, o) for s, p, o in t if s == honour} >= {
        (RDF + "type", ONT + "Honor"), (ONT + "honorLevel", ONT + "ProvinceLevel"),
        (ONT + "year", '"2023"^^<http://www.w3.org/2001/XMLSchema#gYear>'),
        (ONT + "conferredBy", '"江南省文明委"@zh')}
    # the ontology makes every honour a skos:Concept of lgkg:HonorScheme: not repeated here
    assert not {p for s, p, o in t if s == honour} & {SKOS + "inScheme"}
    assert (honour, RDF + "type", SKOS + "Concept") not in t
    # values the ontology cannot hold are left out, not guessed
    assert [o for s, p, o in t if s == honour and p == ONT + "honorLevel"] == [ONT + "ProvinceLevel"]
    assert (ID + "Project/青石产业园", ONT + "projectStatus", '"在建"@zh') in t


def evidence_of(quads, predicate: str) -> dict[str, str]:
    nodes = {q.subject for q in quads if q.predicate.value == RDF + "predicate"
             and q.object.value == predicate}
    assert len(nodes) >= 1
    node = sorted(nodes, key=str)[0]
    found = {q.predicate.value.rsplit("#", 1)[-1]: q.object.value for q in quads
             if q.subject == node}
    sentence = {q.predicate.value.rsplit("#", 1)[-1].rsplit("/", 1)[-1]: q.object.value
                for q in quads if q.subject.value == found["sentence"]}
    return {**found, **{f"sentence.{k}": v for k, v in sentence.items()}}


def test_every_fact_has_evidence_that_slices_the_text(quads):
    facts = [q for q in quads if q.predicate.value.startswith(ONT) and q.predicate.value.rsplit(
        "#", 1)[1] in ("partOf", "receivedHonor", "locatedIn", "totalInvestment", "area")]
    assert len(facts) == 5
    for fact in facts:
        e = evidence_of(quads, fact.predicate.value)
        assert e["type"] == ONT + "Evidence"
        span = (int(e["sentence.startOffset"]), int(e["sentence.endOffset"]))
        assert span in {(x.start, x.end) for x in sample().article.sentences}
        assert e["sentence.article"] == article_iri("demo-0").value
        assert e["subject"] == fact.subject.value
        # a sentence node is its article and offsets: no type, no second copy of the text
        assert {k for k in e if k.startswith("sentence.")} <= {
            "sentence.article", "sentence.startOffset", "sentence.endOffset", "sentence.mentions"}


def test_a_sentence_is_written_once_for_every_fact_it_states(quads):
    said_by = {}
    for q in quads:
        if q.predicate.value == ONT + "sentence":
            said_by.setdefault(q.object.value, set()).add(q.subject.value)
    starts = [q.subject.value for q in quads if q.predicate.value == ONT + "startOffset"]
    assert len(starts) == len(set(starts)) and set(said_by) <= set(starts)
    assert max(len(facts) for facts in said_by.values()) >= 2
    assert not [q for q in quads if q.predicate.value == "https://schema.org/text"
                and q.subject.value in said_by]


def test_receivedhonor_evidence(quads):
    e = evidence_of(quads, ONT + "receivedHonor")
    said = TEXT[int(e["sentence.startOffset"]):int(e["sentence.endOffset"])]
    assert (e["subject"], e["object"], said, e["rule"]) == (
        ID + "Village/990101101/白马村", ID + "Honor/省级文明村", "白马村获评省级文明村。", "test")


def test_investment_in_yuan_with_the_number_as_written_on_the_evidence(quads):
    [q] = [q for q in quads if q.predicate.value == ONT + "totalInvestment"]
    assert str(q.object) == '"1250000000"^^<http://www.w3.org/2001/XMLSchema#decimal>'
    e = evidence_of(quads, ONT + "totalInvestment")
    assert (e["object"], e["approximation"], e["statedAs"]) == ("1250000000", "约", "约12.5亿元")
    # an amount in yuan is the fact's value: no stated value or unit repeats it
    assert "statedValue" not in e and "statedUnit" not in e


def test_area_in_square_metres(quads):
    [q] = [q for q in quads if q.predicate.value == ONT + "area"]
    assert q.object.value == "200000"  # 300 mu × 2000/3 m² per mu
    e = evidence_of(quads, ONT + "area")
    assert (e["statedAs"], e["statedValue"], e["statedUnit"]) == ("300亩", "300", "mu")


def test_figure_node(quads):
    [fig] = [q.object for q in quads if q.predicate.value == ONT + "hasFigure"]
    props = {q.predicate.value.rsplit("#", 1)[-1]: q.object.value for q in quads
             if q.subject == fig}
    said = props.pop("sentence")
    assert props == {"type": ONT + "Figure", "label": "走访群众：1200余户", "measure": "走访群众", "value": "1200",
                     "unitText": "户", "approximation": "余", "rule": "test"}
    # the figure is its own evidence: no Evidence node restates it, and its sentence says it
    assert not [q for q in quads if q.predicate.value == RDF + "object" and q.object == fig]
    start, end = (int(q.object.value) for p in ("startOffset", "endOffset") for q in quads
                  if q.subject.value == said and q.predicate.value == ONT + p)
    assert "走访群众1200余户" in TEXT[start:end]


def test_investment_in_another_currency_becomes_a_figure():
    facts = (Fact("Project/青石产业园", "totalInvestment",
                  Quantity(Decimal("5000000"), "USD", 0, 3), ev(TEXT, "总投资")),)
    quads = to_quads(sample(facts=facts), generated_at=WHEN, extractor_version="t")
    assert not [q for q in quads if q.predicate.value == ONT + "totalInvestment"]
    [fig] = [q.object for q in quads if q.predicate.value == ONT + "hasFigure"]
    assert (fig, ox.NamedNode(ONT + "measure"), ox.Literal("totalInvestment", language="zh"),
            ox.DefaultGraph()) in {(q.subject, q.predicate, q.object, q.graph_name)
                                   for q in quads}


def test_mentions_with_evidence(quads):
    a = article_iri("demo-0").value
    t = triples(quads)
    assert (a, "https://schema.org/about", ID + "Town/990101101") in t
    named_in = {q.subject.value for q in quads if q.predicate.value == "https://schema.org/mentions"
                and q.object.value == ID + "Village/990101101/白马村"}
    assert len(named_in) == 2  # each sentence that names the village; the article by them
    assert all((s, ONT + "article", a) in t for s in named_in)


def test_output_is_sorted_and_repeatable(quads):
    again = to_quads(sample(), generated_at=WHEN, extractor_version="9.9")
    assert again == quads
    assert len(set(quads)) == len(quads)


def evidence_nodes(quads) -> set[str]:
    return {q.subject.value for q in quads if q.object.value == ONT + "Evidence"}


def test_evidence_iris_depend_on_the_fact_and_its_offsets():
    base = sample()
    moved = sample(facts=(replace(base.facts[0], evidence=Evidence("demo-0", 9, 20, TEXT[9:20])),)
                   + base.facts[1:])
    one = evidence_nodes(to_quads(base, generated_at=WHEN, extractor_version="t"))
    two = evidence_nodes(to_quads(moved, generated_at=WHEN, extractor_version="t"))
    assert len(one - two) == 1 and len(two - one) == 1


@pytest.mark.parametrize("change, message", [
    (dict(facts=(Fact("Village/x", "partOf", "Town/990101101", Evidence("demo-0", 0, 0, "")),)),
     "not an entity"),
    (dict(subject="Town/nowhere"), "not an entity"),
    (dict(mentions=(("Company/ghost", Evidence("demo-0", 0, 0, "")),)), "not an entity"),
    (dict(facts=(Fact("Town/990101101", "likes", "Village/990101101/白马村",
                      Evidence("demo-0", 0, 0, "")),)), "cannot write fact"),
    (dict(entities=(Entity("Town/990101101", "Planet", "青石镇"),), facts=(), mentions=()),
     "unknown kind"),
])
def test_inconsistent_input_is_an_error_naming_the_article(change, message):
    with pytest.raises(LgkgError, match=message) as err:
        to_quads(sample(**change), generated_at=WHEN, extractor_version="t")
    assert err.value.article == "demo-0"


def test_generated_at_accepts_datetime_and_refuses_nonsense():
    from datetime import datetime, timezone
    quads = to_quads(sample(), generated_at=datetime(2024, 5, 1, tzinfo=timezone.utc),
                     extractor_version="t")
    assert any(q.object.value == "2024-05-01T00:00:00+00:00" for q in quads)
    with pytest.raises(LgkgError, match="ISO"):
        to_quads(sample(), generated_at="yesterday", extractor_version="t")


def test_lone_surrogates_become_replacement_characters_of_the_same_length():
    text = "白马村\ud800隶属青石镇。"
    article = Article("s-0", "s.jsonl", 0, text, text, (Sentence(0, len(text), text),))
    r = ResolvedArticle(article, None, (Entity("Village/白\udc00马村", "Village", "白\udc00马村"),), ())
    quads = to_quads(r, generated_at=WHEN, extractor_version="t")
    [stored] = [q.object.value for q in quads if q.predicate.value == "https://schema.org/text"]
    assert stored == "白马村\ufffd隶属青石镇。" and len(stored) == len(text)
    assert (ID + "Village/白%ED%B0%80马村", RDFS + "label", '"白\ufffd马村"@zh') in triples(quads)


# ── property test: any names survive every format ───────────────────────────────────────

NASTY = ["", " ", "  lead", "trail ", '"', "'", "\"'\"", "<>{}|\\^`", "%", "%20", "100%.", "end.",
         "...", ".", "..", "a\nb", "a\r\nb", "\u2028", "\u2029", "\x00", "\x01\x1f\x7f", "\t",
         "<script>alert(1)</script>", '<img src=x onerror="alert(1)">', 'href="javascript:x"',
         "😀", "👨‍👩‍👧", "𠀀𠮷", "㮾梨街道", "\ufeff", "\u200b", "\ue000", "\ufffe", "\uffff",
         "\ud800", "#frag", "?q=1&x", "\\u0022", "\\", "@prefix x: <y> .", "_:b0", "{{x}}"]
names = st.one_of(
    st.sampled_from(NASTY),
    st.text(alphabet=st.characters(), max_size=12),
    st.text(alphabet=string.printable, max_size=12),
    st.lists(st.sampled_from(NASTY + ["青石镇", "白马村", "a"]), min_size=1, max_size=4).map("".join),
)


@st.composite
def articles(draw) -> ResolvedArticle:
    town, village, project = draw(names), draw(names), draw(names)
    alias, title, article_id = draw(names), draw(names), draw(names)
    text = f"{village}隶属{town}。{project}总投资约3亿元。"
    s1 = len(village) + 2 + len(town) + 1
    sents = (Sentence(0, s1, text[:s1]), Sentence(s1, len(text), text[s1:]))
    article = Article(article_id, f"{title}.txt", 0, text, text, sents, title=title,
                      url=draw(names), byline=alias)
    tk, vk, pk = f"Town/{town}", f"Village/{town}/{village}", f"Project/{project}"
    entities = (Entity(tk, "Town", town, (alias,)), Entity(vk, "Village", village),
                Entity(pk, "Project", project, attrs=(("status", alias),)))
    e1 = Evidence(article_id, 0, s1, text[:s1])
    e2 = Evidence(article_id, s1, len(text), text[s1:], draw(names))
    at = text.index("约3亿元", s1)
    facts = (Fact(vk, "partOf", tk, e1), Fact(pk, "locatedIn", tk, e2),
             Fact(pk, "totalInvestment", Quantity(Decimal(draw(st.integers(0, 10**15))), "CNY",
                                                  at, at + 5, "约"), e2))
    return ResolvedArticle(article, tk, entities, facts, ((vk, e1), (pk, e2)))


def rdflib_quads(data: bytes, fmt: str) -> set:
    if fmt == "turtle":
        g = rdflib.Graph()
        g.parse(data=data, format="turtle")
        return {(s, p, o, None) for s, p, o in g}
    ds = rdflib.Dataset()
    ds.parse(data=data, format={"trig": "trig", "nquads": "nquads", "jsonld": "json-ld"}[fmt])
    return {(s, p, o, None if g == rdflib.graph.DATASET_DEFAULT_GRAPH_ID else g)
            for s, p, o, g in ds.quads((None, None, None, None))}


PYOX = {"turtle": ox.RdfFormat.TURTLE, "trig": ox.RdfFormat.TRIG,
        "nquads": ox.RdfFormat.N_QUADS, "jsonld": ox.RdfFormat.JSON_LD}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(resolved=articles())
def test_random_names_round_trip_through_every_format(tmp_path_factory, resolved):
    path = tmp_path_factory.mktemp("prop") / "store"
    with Store(path) as store:
        store.replace_article(resolved.article.id, "h",
                              to_quads(resolved, generated_at=WHEN, extractor_version="t"))
        stored = set(store.quads())
        reference = rdflib_quads(store.serialize("nquads"), "nquads")
        for fmt in PYOX:
            data = store.serialize(fmt)
            assert data == store.serialize(fmt)  # byte-identical on a second export
            parsed = set(ox.parse(data, format=PYOX[fmt]))  # strict parser
            if fmt == "turtle":
                assert {q.triple for q in parsed} == {q.triple for q in stored}
                assert rdflib_quads(data, fmt) == {(s, p, o, None) for s, p, o, _ in reference}
            else:
                assert parsed == stored
                assert rdflib_quads(data, fmt) == reference


# The build hands to_nquads' bytes to the store without checking each line again
# (kg.pipeline.article_nquads): they must be what encode_article would let through as they are.
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(resolved=articles())
def test_nquads_of_random_names_meet_the_stores_rules_as_written(resolved):
    from kg.store import encode_article
    data = to_nquads(resolved, generated_at=WHEN, extractor_version="t")
    assert encode_article(resolved.article.id, data) is data


def test_nquads_of_every_fixture_article_meet_the_stores_rules_as_written():
    from pathlib import Path

    from kg.corpus import read_paths
    from kg.extract import extract
    from kg.resolve import resolve
    from kg.store import encode_article
    fixtures = Path(__file__).parent / "fixtures"
    articles = list(read_paths([fixtures / name for name in
                                ("articles", "heldout", "realstyle", "unseen", "patterns")]))
    assert len(articles) > 80
    for article in articles:
        data = to_nquads(resolve(extract(article)), generated_at=WHEN, extractor_version="t")
        assert encode_article(article.id, data) is data, article.id
