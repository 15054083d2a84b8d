"""The ontology and the shapes: well-formed, bilingual, aligned, and covering what kg.rdf writes."""
from __future__ import annotations

from decimal import Decimal

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS

from kg.model import (ENTITY_KINDS, QUANTITY_RELATIONS, RELATIONS, Article, Entity, Evidence,
                      Fact, Quantity, ResolvedArticle)
from kg.rdf import ONT, to_quads
from kg.validate import ONTOLOGY, SHAPES

LGKG = rdflib.Namespace(ONT)
ORG = rdflib.Namespace("http://www.w3.org/ns/org#")
SCHEMA = rdflib.Namespace("https://schema.org/")
PROV = rdflib.Namespace("http://www.w3.org/ns/prov#")


@pytest.fixture(scope="module")
def onto() -> rdflib.Graph:
    return rdflib.Graph().parse(ONTOLOGY, format="turtle")


@pytest.fixture(scope="module")
def shapes() -> rdflib.Graph:
    return rdflib.Graph().parse(SHAPES, format="turtle")


def own_terms(g: rdflib.Graph) -> set[rdflib.URIRef]:
    return {s for s in g.subjects() if isinstance(s, rdflib.URIRef) and str(s).startswith(ONT)}


@pytest.mark.parametrize("path", [ONTOLOGY, SHAPES])
def test_files_parse_strictly_with_pyoxigraph(path):
    assert list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))


def test_owl2_header_with_version_and_no_imports(onto):
    [ontology] = list(onto.subjects(RDF.type, OWL.Ontology))
    assert str(ontology) == "https://w3id.org/lgkg/ontology"
    assert onto.value(ontology, OWL.versionIRI) == rdflib.URIRef(
        "https://w3id.org/lgkg/ontology/0.1.0")
    assert not list(onto.triples((None, OWL.imports, None)))


def test_every_term_has_labels_and_definitions_in_chinese_and_english(onto):
    missing = []
    for term in sorted(own_terms(onto)):
        for prop in (RDFS.label, SKOS.definition):
            langs = {o.language for o in onto.objects(term, prop)}
            if not {"zh", "en"} <= langs:
                missing.append((term.fragment, prop.fragment, sorted(map(str, langs))))
    assert missing == []


def test_fixed_vocabulary_names_exist(onto):
    for kind in ENTITY_KINDS + ("AdministrativeUnit", "Article", "Evidence", "Figure"):
        assert (LGKG[kind], RDF.type, OWL.Class) in onto, kind
    for prop in RELATIONS + ("totalInvestment", "annualPlannedInvestment", "area",
                             "divisionCode", "within"):
        assert any(onto.triples((LGKG[prop], RDF.type, None))), prop
    for prop in ("totalInvestment", "annualPlannedInvestment"):
        assert onto.value(LGKG[prop], RDFS.range) == rdflib.XSD.decimal


def superclasses(onto, cls) -> set:
    return set(onto.transitive_objects(cls, RDFS.subClassOf))


@pytest.mark.parametrize("unit", ["Province", "City", "District", "Town", "Subdistrict",
                                  "Village", "Community"])
def test_units_are_organisations_and_administrative_areas(onto, unit):
    assert {LGKG.AdministrativeUnit, ORG.Organization, SCHEMA.AdministrativeArea} <= superclasses(
        onto, LGKG[unit])


@pytest.mark.parametrize("cls, parent", [
    ("Company", ORG.FormalOrganization), ("Article", SCHEMA.NewsArticle),
    ("Evidence", PROV.Entity), ("Sentence", PROV.Entity), ("Honor", SKOS.Concept), ("Program", SKOS.Concept),
    ("ArticleGraph", PROV.Entity),
])
def test_alignment_by_subclass(onto, cls, parent):
    assert parent in superclasses(onto, LGKG[cls])


def test_part_of_and_its_transitive_super_property(onto):
    supers = set(onto.objects(LGKG.partOf, RDFS.subPropertyOf))
    assert {LGKG.within, SCHEMA.containedInPlace} <= supers
    assert (LGKG.within, RDF.type, OWL.TransitiveProperty) in onto
    assert (LGKG.HonorScheme, RDF.type, SKOS.ConceptScheme) in onto
    assert (LGKG.ProgramScheme, RDF.type, SKOS.ConceptScheme) in onto


def rich_article() -> ResolvedArticle:
    text = "青石镇获评省级文明村，推行网格化管理，产业园总投资3亿元，占地100亩，走访群众1200户。"
    article = Article("o-0", "o.txt", 0, text, text, (), title="t", byline="b", date="2024-01-02",
                      url="https://example.org/o")
    ev = Evidence("o-0", 0, len(text), text, "rule")
    entities = (Entity("Town/1", "Town", "青石镇", ("青石",), "990101101"),
                Entity("Honor/省级文明村", "Honor", "省级文明村",
                       attrs=(("level", "province"), ("year", "2024"), ("conferrer", "省文明委"),
                              ("category", "文明创建"))),
                Entity("Program/网格化管理", "Program", "网格化管理"),
                Entity("Project/产业园", "Project", "产业园", attrs=(("status", "在建"),)),
                Entity("Company/云帆公司", "Company", "云帆公司"),
                Entity("District/2", "District", "云溪县"))
    facts = (Fact("Town/1", "partOf", "District/2", ev),
             Fact("Town/1", "receivedHonor", "Honor/省级文明村", ev),
             Fact("Town/1", "implements", "Program/网格化管理", ev),
             Fact("Project/产业园", "locatedIn", "Town/1", ev),
             Fact("Project/产业园", "operatedBy", "Company/云帆公司", ev),
             Fact("Project/产业园", "totalInvestment", Quantity(Decimal(3e8), "CNY", 0, 1, "约"), ev),
             Fact("Project/产业园", "annualPlannedInvestment", Quantity(Decimal(1e8), "CNY", 0, 1), ev),
             Fact("Project/产业园", "area", Quantity(Decimal(100), "mu", 0, 1), ev),
             Fact("Town/1", "figure", Quantity(Decimal(1200), "户", 0, 1, "", "走访群众"), ev))
    return ResolvedArticle(article, "Town/1", entities, facts, (("Town/1", ev),))


def test_every_term_kg_rdf_writes_is_declared(onto):
    declared = own_terms(onto)
    used = set()
    for q in to_quads(rich_article(), generated_at="2024-01-02T00:00:00", extractor_version="t"):
        for term in (q.predicate, q.object):
            if isinstance(term, ox.NamedNode) and term.value.startswith(ONT):
                used.add(rdflib.URIRef(term.value))
    assert used - declared == set()
    written = {u.fragment for u in used}
    assert set(RELATIONS) | (set(QUANTITY_RELATIONS) - {"figure"}) | {"hasFigure"} <= written


def test_shapes_only_name_declared_terms(onto, shapes):
    declared = own_terms(onto)
    named = {o for p in (SH.targetClass, SH["class"], SH.path, SH.targetSubjectsOf, SH.hasValue)
             for o in shapes.objects(None, p)
             if isinstance(o, rdflib.URIRef) and str(o).startswith(ONT)}
    assert named and named - declared == set()


def test_shapes_graph_is_valid_shacl(shapes):
    import pyshacl
    # the shapes graph checked against the SHACL-for-SHACL shapes that pySHACL ships
    conforms, _, text = pyshacl.validate(rdflib.Graph(), shacl_graph=shapes, meta_shacl=True)
    assert conforms, text


def test_every_shape_message_is_bilingual(shapes):
    for holder in set(shapes.subjects(SH.message, None)):
        assert {m.language for m in shapes.objects(holder, SH.message)} == {"en", "zh"}


EVIDENCE_PROPS = {LGKG.article, LGKG.sentence, LGKG.startOffset, LGKG.endOffset, LGKG.rule,
                  LGKG.statedAs, LGKG.statedValue, LGKG.statedUnit, RDF.subject, RDF.predicate,
                  RDF.object}
# schema:text and schema:mentions are checked on articles, so only the shapes of sentences
# must leave them alone.
SENTENCE_PROPS = {SCHEMA.text, SCHEMA.mentions}


def test_evidence_is_checked_by_sparql_constraints_only(shapes):
    """kg.validate leaves evidence and sentence nodes out of the core (pySHACL) run, which is
    sound only while no core constraint looks at them: the shapes that target them hold
    SPARQL constraints only."""
    sparql_only = {SH.sparql, SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, RDF.type,
                   SH.message, SH.severity}
    targeting = set(shapes.subjects(SH.targetClass, LGKG.Evidence)) | set(
        shapes.subjects(SH.targetClass, LGKG.Sentence))
    for prop in EVIDENCE_PROPS:
        targeting |= set(shapes.subjects(SH.targetSubjectsOf, prop))
        targeting |= set(shapes.subjects(SH.targetObjectsOf, prop))
    assert targeting
    for shape in targeting:
        assert set(shapes.predicates(shape)) <= sparql_only
        assert not set(shapes.objects(shape, SH.path)) & SENTENCE_PROPS
    assert not set(shapes.objects(None, SH.path)) & EVIDENCE_PROPS
