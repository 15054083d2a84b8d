"""SHACL validation: a clean graph conforms; each kind of breakage gets a readable line."""
from __future__ import annotations

import socket
from dataclasses import replace
from decimal import Decimal

import pyoxigraph as ox
import pytest
import rdflib

from kg.model import Article, Entity, Evidence, Fact, Quantity, ResolvedArticle
from kg.rdf import ID, ONT, to_quads
from kg.store import Store
from kg.validate import validate

TEXT = ("白马村隶属青石镇。青石镇隶属云溪县，云溪县隶属云州市，云州市隶属江南省。"
        "白马村获评省级文明村。青石镇推行网格化管理。"
        "光伏项目位于青石镇，由云帆公司建设，总投资3亿元。")

ENTITIES = {
    "江南省": Entity("Province/99", "Province", "江南省", code="99"),
    "云州市": Entity("City/9901", "City", "云州市", code="9901"),
    "云溪县": Entity("District/990101", "District", "云溪县", code="990101"),
    "青石镇": Entity("Town/990101101", "Town", "青石镇", code="990101101"),
    "白马村": Entity("Village/990101101/白马村", "Village", "白马村"),
    "省级文明村": Entity("Honor/省级文明村", "Honor", "省级文明村"),
    "网格化管理": Entity("Program/网格化管理", "Program", "网格化管理"),
    "光伏项目": Entity("Project/光伏项目", "Project", "光伏项目"),
    "云帆公司": Entity("Company/云帆公司", "Company", "云帆公司"),
}


def sentence_of(*names: str) -> Evidence:
    start = 0
    for end, ch in enumerate(TEXT, 1):
        if ch == "。":
            if all(n in TEXT[start:end] for n in names):
                return Evidence("v-0", start, end, TEXT[start:end], "test")
            start = end
    raise AssertionError(names)


def fact(s: str, p: str, o: str) -> Fact:
    """A fact with the sentence naming both ends, or (for a wrong fact) its subject."""
    try:
        evidence = sentence_of(s, o)
    except AssertionError:
        evidence = sentence_of(s)
    return Fact(ENTITIES[s].key, p, ENTITIES[o].key, evidence)


CLEAN_FACTS = (
    fact("白马村", "partOf", "青石镇"), fact("青石镇", "partOf", "云溪县"),
    fact("云溪县", "partOf", "云州市"), fact("云州市", "partOf", "江南省"),
    fact("白马村", "receivedHonor", "省级文明村"), fact("青石镇", "implements", "网格化管理"),
    fact("光伏项目", "locatedIn", "青石镇"), fact("光伏项目", "operatedBy", "云帆公司"),
    Fact("Project/光伏项目", "totalInvestment",
         Quantity(Decimal("300000000"), "CNY", TEXT.index("3亿元"), TEXT.index("3亿元") + 3),
         sentence_of("总投资")),
)


def resolved(facts=CLEAN_FACTS, entities=tuple(ENTITIES.values())) -> ResolvedArticle:
    article = Article("v-0", "v.txt", 0, TEXT, TEXT, (), title="青石镇新闻")
    return ResolvedArticle(article, "Town/990101101", entities, facts,
                           (("Village/990101101/白马村", sentence_of("白马村")),))


def dataset(quads) -> rdflib.Dataset:
    ds = rdflib.Dataset()
    ds.parse(data=ox.serialize(quads, format=ox.RdfFormat.N_QUADS), format="nquads")
    return ds


def quads_of(r: ResolvedArticle) -> list[ox.Quad]:
    return to_quads(r, generated_at="2024-05-01T00:00:00+00:00", extractor_version="t")


def test_clean_graph_conforms():
    report = validate(dataset(quads_of(resolved())))
    assert report.conforms, report.text
    assert report.issues == ()
    assert report.text.startswith("conforms")


def test_clean_store_conforms(tmp_path):
    with Store(tmp_path / "s") as store:
        r = resolved()
        store.replace_article("v-0", "h", quads_of(r))
        report = validate(store)
    assert report.conforms, report.text


def test_village_part_of_a_province_is_a_readable_violation():
    facts = CLEAN_FACTS[1:] + (fact("白马村", "partOf", "江南省"),)
    report = validate(dataset(quads_of(resolved(facts))))
    assert not report.conforms
    [issue] = report.violations
    assert (issue.focus_label, issue.path, issue.value) == ("白马村", "lgkg:partOf", "江南省")
    assert issue.message == "A village or community is part of a town or subdistrict."
    assert issue.line() == (f"Violation: 白马村 <{ID}Village/990101101/白马村> lgkg:partOf → 江南省: "
                            "A village or community is part of a town or subdistrict.")
    assert "does not conform: 1 violation" in report.text and issue.line() in report.text
    zh = validate(dataset(quads_of(resolved(facts))), lang="zh")
    assert zh.violations[0].message == "村、社区的直接上级须为乡镇或街道。"


@pytest.mark.parametrize("extra, focus, path, message", [
    (fact("青石镇", "partOf", "白马村"), "青石镇", "lgkg:partOf", "town or subdistrict is part of"),
    (fact("云溪县", "partOf", "青石镇"), "云溪县", "lgkg:partOf", "district is part of"),
    (fact("云州市", "partOf", "云溪县"), "云州市", "lgkg:partOf", "city is part of a province"),
    (fact("江南省", "partOf", "云州市"), "江南省", "lgkg:partOf", "no parent"),
    (fact("光伏项目", "receivedHonor", "省级文明村"), "光伏项目", "", "Only administrative units receive"),
    (fact("白马村", "receivedHonor", "网格化管理"), "白马村", "lgkg:receivedHonor",
     "receivedHonor points to an Honor"),
    (fact("白马村", "implements", "省级文明村"), "白马村", "lgkg:implements", "points to a Program"),
    (fact("省级文明村", "locatedIn", "青石镇"), "省级文明村", "", "Only projects and companies"),
    (fact("云帆公司", "locatedIn", "省级文明村"), "云帆公司", "lgkg:locatedIn",
     "unit or to a project"),
    (fact("光伏项目", "operatedBy", "白马村"), "光伏项目", "lgkg:operatedBy", "points to a Company"),
    (fact("白马村", "operatedBy", "云帆公司"), "白马村", "", "Only projects are operated"),
    (Fact("Project/光伏项目", "annualPlannedInvestment",
          Quantity(Decimal("-5"), "CNY", 0, 1), sentence_of("总投资")),
     "光伏项目", "lgkg:annualPlannedInvestment", "non-negative"),
])
def test_each_broken_rule_is_reported(extra, focus, path, message):
    report = validate(dataset(quads_of(resolved(CLEAN_FACTS + (extra,)))))
    assert not report.conforms
    hits = [i for i in report.violations if message in i.message]
    assert hits, report.text
    assert (hits[0].focus_label, hits[0].path) == (focus, path)


def test_missing_and_empty_labels():
    entities = tuple(replace(e, label="") if e.label == "白马村" else e for e in ENTITIES.values())
    report = validate(dataset(quads_of(resolved(entities=entities))))
    assert [(i.focus, i.path) for i in report.violations] == [
        (ID + "Village/990101101/白马村", "rdfs:label")]


def test_fact_without_evidence():
    quads = quads_of(resolved())
    honour = ox.NamedNode(ONT + "receivedHonor")
    evidence = {q.subject for q in quads if q.object == honour}
    report = validate(dataset([q for q in quads if q.subject not in evidence]))
    [issue] = report.violations
    assert (issue.focus_label, issue.path, issue.value) == ("白马村", "lgkg:receivedHonor", "省级文明村")
    assert issue.message == "The fact lgkg:receivedHonor 省级文明村 has no evidence sentence."


def village_evidence(quads) -> ox.NamedNode:
    part_of = ox.NamedNode(ONT + "partOf")
    [node] = {q.subject for q in quads if q.object == part_of
              and any(r.subject == q.subject and r.object.value.endswith("白马村") for r in quads)}
    return node


def sentence_node(quads, evidence: ox.NamedNode) -> ox.NamedNode:
    [node] = {q.object for q in quads if q.subject == evidence
              and q.predicate == ox.NamedNode(ONT + "sentence")}
    return node


@pytest.mark.parametrize("prop, value, message", [
    (ONT + "endOffset", ox.Literal(len(TEXT) + 1), "ends after the end of the article's text"),
    (ONT + "startOffset", ox.Literal(500), "0 ≤ start ≤ end"),
    (ONT + "startOffset", ox.Literal("zero"), "0 ≤ start ≤ end"),
    (ONT + "endOffset", ox.Literal(-1), "0 ≤ start ≤ end"),
    (ONT + "article", ox.NamedNode(ID + "article/nowhere"), "must quote an lgkg:Article"),
])
def test_a_sentence_must_slice_the_article_text(prop, value, message):
    quads = quads_of(resolved())
    node = sentence_node(quads, village_evidence(quads))
    target = ox.NamedNode(prop)
    broken = [q for q in quads if not (q.subject == node and q.predicate == target)]
    broken.append(ox.Quad(node, target, value, quads[-1].graph_name))
    report = validate(dataset(broken))
    assert any(message in i.message and i.focus == node.value for i in report.violations), \
        report.text


def test_evidence_must_point_at_a_sentence():
    quads = quads_of(resolved())
    node = village_evidence(quads)
    target = ox.NamedNode(ONT + "sentence")
    broken = [q for q in quads if not (q.subject == node and q.predicate == target)]
    broken.append(ox.Quad(node, target, ox.Literal("白马村隶属青石镇。"), quads[-1].graph_name))
    report = validate(dataset(broken))
    assert any("must point at a sentence of an article" in i.message and i.focus == node.value
               for i in report.violations), report.text


def test_evidence_lacking_or_doubling_a_property():
    quads = quads_of(resolved())
    node = village_evidence(quads)
    obj = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#object")
    lacking = [q for q in quads if not (q.subject == node and q.predicate == obj)]
    issues = validate(dataset(lacking)).violations
    [issue] = [i for i in issues if i.focus == node.value]
    assert issue.path == "rdf:object" and issue.message.startswith("Evidence lacks rdf:object:")
    # and the fact it no longer proves is reported too
    assert [i.message for i in issues if i.focus != node.value] == [
        "The fact lgkg:partOf 青石镇 has no evidence sentence."]
    doubled = quads + [ox.Quad(node, ox.NamedNode(ONT + "sentence"),
                               ox.NamedNode(ID + "sentence/v-0/0-1"), quads[-1].graph_name)]
    messages = {i.message for i in validate(dataset(doubled)).violations}
    assert "Evidence has more than one lgkg:sentence." in messages


def test_text_digest_must_match():
    quads = quads_of(resolved())
    digest = ox.NamedNode(ONT + "textDigest")
    broken = [q if q.predicate != digest else ox.Quad(q.subject, digest, ox.Literal("0" * 64))
              for q in quads]
    report = validate(dataset(broken))
    assert [i.message for i in report.violations] == [
        "The text digest is not the SHA-256 of the article text."]


def test_two_parents_is_only_a_warning():
    quads = quads_of(resolved(CLEAN_FACTS + (Fact("Town/990101101", "partOf", "City/9901",
                                                  sentence_of("青石镇", "云州市")),)))
    report = validate(dataset(quads))
    assert report.conforms
    assert [(i.severity, i.path) for i in report.issues] == [("Warning", "lgkg:partOf")]
    assert "1 warning" in report.text


def test_owl_imports_in_the_data_are_never_fetched(monkeypatch):
    def refuse(*args, **kwargs):
        pytest.fail(f"a network connection was attempted: {args[1:]}")
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    ds = dataset(quads_of(resolved()))
    g = rdflib.Graph()
    g.parse(data="""
        @prefix owl: <http://www.w3.org/2002/07/owl#> .
        <https://w3id.org/lgkg/id/x> a owl:Ontology ; owl:imports <http://example.invalid/x> ,
            <https://schema.org/version/latest/schemaorg-current-https.ttl> .
    """, format="turtle")
    for triple in g:
        ds.add(triple)
    assert validate(ds).conforms
    assert validate(ds, inference="rdfs").conforms
