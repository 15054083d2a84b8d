"""One resolved article → RDF quads: its own named graph, evidence for every fact, PROV-O metadata.

Layout (ontology in ``ontology/lgkg.ttl``):

- the article's named graph ``<ID>graph/<article id>`` holds every entity the article
  names (type, ``rdfs:label``, ``skos:altLabel``, codes and attributes), every fact as a
  plain triple, one ``lgkg:Sentence`` node per sentence that states a fact or names an
  entity (its text, offsets and article, once, however many facts it supports; it
  ``schema:mentions`` each entity it names), and one ``lgkg:Evidence`` node per fact that
  points at its sentence, names the rule and the fact itself as ``rdf:subject``/
  ``rdf:predicate``/``rdf:object``;
- the default graph describes the article (``<ID>article/<id>``: source, title, date, text,
  text digest) and its graph (``prov:wasDerivedFrom``, ``prov:generatedAtTime``, extractor
  version). Nothing else goes to the default graph, so the store can replace an article by
  dropping its graph and the triples whose subject is the article or its graph.

Numbers: investments are ``xsd:decimal`` in yuan, areas in square metres; the number as
written, its unit and an approximation word (约, 余 …) stay on the evidence node. Counted
figures (``figure`` facts) become ``lgkg:Figure`` nodes.

IRIs are a pure function of ``Entity.key`` (see :func:`iri_path`), readable for Chinese
names and valid for any string.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache

from pyoxigraph import DefaultGraph, Literal, NamedNode, Quad

from .errors import LgkgError
from .model import ENTITY_KINDS, QUANTITY_RELATIONS, RELATIONS, Entity, Evidence, Quantity, \
    ResolvedArticle

ONT = "https://w3id.org/lgkg/ontology#"
ID = "https://w3id.org/lgkg/id/"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
DCTERMS = "http://purl.org/dc/terms/"
SCHEMA = "https://schema.org/"

# Prefixes written by every export; entity IRIs are left in full because their paths hold
# slashes, which Turtle would have to escape in a prefixed name.
PREFIXES = {"lgkg": ONT, "rdf": RDF, "rdfs": RDFS, "xsd": XSD, "skos": SKOS, "prov": PROV,
            "dcterms": DCTERMS, "schema": SCHEMA}


def ont(name: str) -> NamedNode:
    """A term of the lgkg ontology.

    >>> ont("partOf").value
    'https://w3id.org/lgkg/ontology#partOf'
    """
    return NamedNode(ONT + name)


A = NamedNode(RDF + "type")
LABEL = NamedNode(RDFS + "label")
ALT_LABEL = NamedNode(SKOS + "altLabel")
IN_SCHEME = NamedNode(SKOS + "inScheme")
CONCEPT = NamedNode(SKOS + "Concept")
DECIMAL = NamedNode(XSD + "decimal")
MENTIONS = NamedNode(SCHEMA + "mentions")
ABOUT = NamedNode(SCHEMA + "about")
TEXT = NamedNode(SCHEMA + "text")

_SCHEMES = {"Honor": ont("HonorScheme"), "Program": ont("ProgramScheme")}
_HONOR_LEVELS = {"national": "NationalLevel", "province": "ProvinceLevel",
                 "city": "CityLevel", "county": "CountyLevel", "district": "CountyLevel",
                 "town": "TownLevel", "subdistrict": "TownLevel"}
# Entity attributes written as language-tagged text; "level" and "year" are typed below.
_TEXT_ATTRS = {"conferrer": "conferredBy", "status": "projectStatus", "category": "category"}
_INVESTMENTS = ("totalInvestment", "annualPlannedInvestment")
_SQUARE_METRES = {"m2": Decimal(1), "km2": Decimal(1_000_000), "ha": Decimal(10_000),
                  "mu": Decimal(2000) / Decimal(3)}
# First path segments that name non-entity resources; an entity key may not start with one.
_RESERVED = frozenset({"article", "graph", "evidence", "figure", "sentence"})

# ── IRIs ────────────────────────────────────────────────────────────────────────────────

_SAFE_ASCII = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~()")
# RFC 3987 ucschar: the non-ASCII code points an IRI path may hold unencoded.
_UCSCHAR = ((0xA0, 0xD7FF), (0xF900, 0xFDCF), (0xFDF0, 0xFFEF)) + tuple(
    (plane, plane + 0xFFFD) for plane in range(0x10000, 0xE0001, 0x10000))
# Invisible or layout-breaking characters stay encoded even where RFC 3987 allows them:
# a reader must see exactly which IRI it has (U+2028, U+3000, zero-width joiners …).
_HIDDEN = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zs", "Zl", "Zp"})


def _readable(ch: str) -> bool:
    if ch in _SAFE_ASCII:
        return True
    cp = ord(ch)
    return (cp >= 0xA0 and any(lo <= cp <= hi for lo, hi in _UCSCHAR)
            and unicodedata.category(ch) not in _HIDDEN)


def _percent(ch: str) -> str:
    return "".join(f"%{b:02X}" for b in ch.encode("utf-8", "surrogatepass"))


def _segment(text: str) -> str:
    out = [ch if _readable(ch) else _percent(ch) for ch in text]
    # "." and ".." segments vanish when an IRI is resolved, and a trailing dot is lost by
    # many tools (file names, Turtle local names): encode those dots.
    if set(text) == {"."}:
        return "%2E" * len(text)
    i = len(out)
    while i and out[i - 1] == ".":
        i -= 1
        out[i] = "%2E"
    return "".join(out)


@lru_cache(maxsize=65536)
def iri_path(key: str, *, keep_slash: bool = True) -> str:
    """The IRI path for a key: readable characters kept, everything else percent-encoded.

    Kept: ASCII letters, digits, ``-._~()`` and ``/`` (as the separator between the key's
    parts), and visible non-ASCII characters such as Chinese. Encoded as UTF-8 ``%XX``:
    spaces, quotes, ``<>{}|\\^`` and backquote, ``%`` itself (so the mapping is one-to-one),
    ``#?&`` and other ASCII punctuation, control and format characters, U+2028/U+2029,
    ideographic spaces, private-use code points, and dots that end a part.

    >>> iri_path("Village/青石镇/白马村")
    'Village/青石镇/白马村'
    >>> iri_path('Company/A "B" <C> 100%.')
    'Company/A%20%22B%22%20%3CC%3E%20100%25%2E'
    >>> iri_path("a/b", keep_slash=False)
    'a%2Fb'
    """
    if not keep_slash:
        return _segment(key).replace("/", "%2F")
    return "/".join(_segment(part) for part in key.split("/"))


def entity_iri(key: str) -> NamedNode:
    """The IRI of an entity, from its stable key.

    >>> entity_iri("Town/410108106").value
    'https://w3id.org/lgkg/id/Town/410108106'
    """
    if key.split("/", 1)[0] in _RESERVED:
        raise LgkgError(f"entity key {key!r} starts with a reserved path segment")
    return NamedNode(ID + iri_path(key))


def article_iri(article_id: str) -> NamedNode:
    """The IRI of an article (described in the default graph).

    >>> article_iri("news/7-0").value
    'https://w3id.org/lgkg/id/article/news%2F7-0'
    """
    return NamedNode(ID + "article/" + iri_path(article_id, keep_slash=False))


def article_graph(article_id: str) -> NamedNode:
    """The named graph that holds what one article says.

    >>> article_graph("a-0").value
    'https://w3id.org/lgkg/id/graph/a-0'
    """
    return NamedNode(ID + "graph/" + iri_path(article_id, keep_slash=False))


def _node_iri(kind: str, article_id: str, *parts: object) -> NamedNode:
    digest = hashlib.sha256("\x1f".join(map(str, parts)).encode("utf-8", "surrogatepass"))
    return NamedNode(f"{ID}{kind}/{iri_path(article_id, keep_slash=False)}/"
                     f"{digest.hexdigest()[:24]}")


# ── literals ────────────────────────────────────────────────────────────────────────────

_SURROGATE = re.compile("[\ud800-\udfff]")


def _clean(text: str) -> str:
    # RDF literals must be Unicode scalar values; a lone surrogate (possible in JSON input)
    # becomes U+FFFD, one for one, so character offsets still slice the text.
    return _SURROGATE.sub("\ufffd", text)


def zh(text: str) -> Literal:
    """A Chinese language-tagged literal.

    >>> zh("白马村")
    <Literal value=白马村 language=zh>
    """
    return Literal(_clean(text), language="zh")


def plain(text: str) -> Literal:
    return Literal(_clean(text))


def decimal_literal(value: Decimal) -> Literal:
    """An ``xsd:decimal`` in canonical form: no exponent, no trailing zeros.

    >>> decimal_literal(Decimal("2.37E+10")).value
    '23700000000'
    >>> decimal_literal(Decimal("12.50")).value
    '12.5'
    """
    if not value.is_finite():
        raise LgkgError(f"not a finite number: {value}")
    text = format(value.normalize(), "f")
    return Literal("0" if text == "-0" else text, datatype=DECIMAL)


def _datetime_literal(when: datetime | str) -> Literal:
    if isinstance(when, str):
        try:
            when = datetime.fromisoformat(when)
        except ValueError:
            raise LgkgError(f"generated_at is not an ISO date-time: {when!r}") from None
    return Literal(when.isoformat(), datatype=NamedNode(XSD + "dateTime"))


def _date_literal(text: str) -> Literal:
    try:
        return Literal(date.fromisoformat(text).isoformat(), datatype=NamedNode(XSD + "date"))
    except ValueError:
        return plain(text)  # a date the reader could not normalise is still worth keeping


# ── quads ───────────────────────────────────────────────────────────────────────────────

def quad_sort_key(quad: Quad) -> tuple[str, str, str, str]:
    """Default graph first, then by graph, subject, predicate, object (N-Triples text)."""
    graph = "" if isinstance(quad.graph_name, DefaultGraph) else str(quad.graph_name)
    return graph, str(quad.subject), str(quad.predicate), str(quad.object)


class _Builder:
    def __init__(self, resolved: ResolvedArticle):
        self.resolved = resolved
        self.article = resolved.article
        self.graph = article_graph(self.article.id)
        self.article_node = article_iri(self.article.id)
        self.entities = {e.key: e for e in resolved.entities}
        self.quads: set[Quad] = set()
        self.sentences: set[NamedNode] = set()

    def error(self, message: str) -> LgkgError:
        return LgkgError(message, file=self.article.source, article=self.article.id)

    def add(self, s, p, o) -> None:
        self.quads.add(Quad(s, p, o, self.graph))

    def meta(self, s, p, o) -> None:
        self.quads.add(Quad(s, p, o, DefaultGraph()))

    def node(self, key: str) -> NamedNode:
        if key not in self.entities:
            raise self.error(f"a fact or mention refers to {key!r}, which is not an entity")
        return entity_iri(key)

    def metadata(self, generated_at: datetime | str, extractor_version: str) -> None:
        a, art = self.article_node, self.article
        text = _clean(art.text)
        self.meta(a, A, ont("Article"))
        self.meta(a, LABEL, zh(art.title) if art.title else plain(art.id))
        self.meta(a, NamedNode(DCTERMS + "identifier"), plain(art.id))
        self.meta(a, NamedNode(DCTERMS + "source"), plain(art.source))
        self.meta(a, ont("articleIndex"), Literal(art.index))
        self.meta(a, ont("encoding"), plain(art.encoding))
        self.meta(a, TEXT, Literal(text))
        self.meta(a, ont("textDigest"),
                  Literal(hashlib.sha256(text.encode("utf-8")).hexdigest()))
        if art.title:
            self.meta(a, NamedNode(DCTERMS + "title"), zh(art.title))
        if art.byline:
            self.meta(a, ont("byline"), zh(art.byline))
        if art.date:
            self.meta(a, NamedNode(DCTERMS + "date"), _date_literal(art.date))
        if art.url:
            self.meta(a, NamedNode(SCHEMA + "url"),
                      Literal(_clean(art.url), datatype=NamedNode(XSD + "anyURI")))
        g = self.graph
        self.meta(g, A, ont("ArticleGraph"))
        self.meta(g, LABEL, plain(art.id))
        self.meta(g, NamedNode(PROV + "wasDerivedFrom"), a)
        self.meta(g, NamedNode(PROV + "generatedAtTime"), _datetime_literal(generated_at))
        self.meta(g, ont("extractorVersion"), plain(extractor_version))

    def entity(self, e: Entity) -> None:
        if e.kind not in ENTITY_KINDS:
            raise self.error(f"entity {e.key!r} has unknown kind {e.kind!r}")
        s = entity_iri(e.key)
        self.add(s, A, ont(e.kind))
        self.add(s, LABEL, zh(e.label))
        for alias in e.aliases:
            self.add(s, ALT_LABEL, zh(alias))
        if e.code:
            self.add(s, ont("divisionCode"), plain(e.code))
        if e.kind in _SCHEMES:
            self.add(s, A, CONCEPT)
            self.add(s, IN_SCHEME, _SCHEMES[e.kind])
        for key, value in e.attrs:
            if key in _TEXT_ATTRS:
                self.add(s, ont(_TEXT_ATTRS[key]), zh(value))
            elif key == "level" and value.lower() in _HONOR_LEVELS:
                self.add(s, ont("honorLevel"), ont(_HONOR_LEVELS[value.lower()]))
            elif key == "year" and re.fullmatch(r"[12]\d{3}", value):
                self.add(s, ont("year"), Literal(value, datatype=NamedNode(XSD + "gYear")))

    def sentence(self, ev: Evidence) -> NamedNode:
        """The node of the sentence ``ev`` quotes, written once per article graph."""
        article_id = ev.article_id or self.article.id
        node = NamedNode(f"{ID}sentence/{iri_path(article_id, keep_slash=False)}/"
                         f"{ev.start}-{ev.end}")
        if node not in self.sentences:
            self.sentences.add(node)
            self.add(node, A, ont("Sentence"))
            self.add(node, ont("article"), article_iri(article_id))
            self.add(node, TEXT, plain(ev.text))
            self.add(node, ont("startOffset"), Literal(ev.start))
            self.add(node, ont("endOffset"), Literal(ev.end))
        return node

    def evidence(self, s: NamedNode, p: NamedNode, o, ev: Evidence,
                 quantity: Quantity | None = None) -> None:
        node = _node_iri("evidence", self.article.id, s.value, p.value, str(o), ev.start,
                         ev.end)
        self.add(node, A, ont("Evidence"))
        self.add(node, ont("sentence"), self.sentence(ev))
        if ev.rule:
            self.add(node, ont("rule"), plain(ev.rule))
        self.add(node, NamedNode(RDF + "subject"), s)
        self.add(node, NamedNode(RDF + "predicate"), p)
        self.add(node, NamedNode(RDF + "object"), o)
        if quantity is not None:
            if quantity.approx:
                self.add(node, ont("approximation"), zh(quantity.approx))
            self.add(node, ont("statedAs"), plain(self.article.text[quantity.start:quantity.end]))
            self.add(node, ont("statedValue"), decimal_literal(quantity.value))
            self.add(node, ont("statedUnit"), plain(quantity.unit))

    def fact(self, subject: str, predicate: str, obj: str | Quantity, ev: Evidence) -> None:
        s = self.node(subject)
        if predicate in RELATIONS:
            if not isinstance(obj, str):
                raise self.error(f"{predicate} of {subject!r} must name an entity, not {obj!r}")
            o = self.node(obj)
            self.add(s, ont(predicate), o)
            self.evidence(s, ont(predicate), o, ev)
            return
        if predicate not in QUANTITY_RELATIONS or not isinstance(obj, Quantity):
            raise self.error(f"cannot write fact {predicate!r} of {subject!r} with {obj!r}")
        if predicate in _INVESTMENTS and obj.unit == "CNY":
            value = decimal_literal(obj.value)
        elif predicate == "area" and obj.unit in _SQUARE_METRES:
            value = decimal_literal((obj.value * _SQUARE_METRES[obj.unit]).quantize(Decimal("0.01")))
        else:
            self.figure(s, obj, ev, predicate)
            return
        self.add(s, ont(predicate), value)
        self.evidence(s, ont(predicate), value, ev, obj)

    def figure(self, s: NamedNode, q: Quantity, ev: Evidence, predicate: str) -> None:
        # Counted figures, and amounts in a unit the ontology has no property for (an
        # investment in dollars), keep their own unit on a Figure node.
        measure = q.measure or predicate
        stated = self.article.text[q.start:q.end]
        node = _node_iri("figure", self.article.id, s.value, measure, q.value, q.unit, q.start,
                         q.end)
        self.add(node, A, ont("Figure"))
        self.add(node, LABEL, zh(f"{measure}：{stated}" if stated else measure))
        self.add(node, ont("measure"), zh(measure))
        self.add(node, ont("value"), decimal_literal(q.value))
        self.add(node, ont("unitText"), zh(q.unit))
        if q.approx:
            self.add(node, ont("approximation"), zh(q.approx))
        self.add(s, ont("hasFigure"), node)
        self.evidence(s, ont("hasFigure"), node, ev, q)

    def build(self, generated_at: datetime | str, extractor_version: str) -> list[Quad]:
        self.metadata(generated_at, extractor_version)
        for e in self.resolved.entities:
            self.entity(e)
        if self.resolved.subject is not None:
            self.add(self.article_node, ABOUT, self.node(self.resolved.subject))
        for f in self.resolved.facts:
            self.fact(f.subject, f.predicate, f.object, f.evidence)
        for key, ev in self.resolved.mentions:
            o = self.node(key)
            self.add(self.article_node, MENTIONS, o)
            self.add(self.sentence(ev), MENTIONS, o)
        return sorted(self.quads, key=quad_sort_key)


def to_quads(resolved: ResolvedArticle, *, generated_at: datetime | str,
             extractor_version: str) -> list[Quad]:
    """Every quad of one article, sorted (see the module docstring for the layout).

    ``generated_at`` (a datetime or ISO string) becomes ``prov:generatedAtTime`` of the
    article's graph. Raises LgkgError when a fact names a key that is not an entity.

    >>> from kg.model import Article, Entity, Fact, Evidence, ResolvedArticle, Sentence
    >>> text = "白马村隶属青石镇。"
    >>> art = Article("demo-0", "demo.txt", 0, text, text, (Sentence(0, 9, text),))
    >>> ev = Evidence("demo-0", 0, 9, text)
    >>> r = ResolvedArticle(art, "Town/青石镇",
    ...     (Entity("Town/青石镇", "Town", "青石镇"), Entity("Village/青石镇/白马村", "Village", "白马村")),
    ...     (Fact("Village/青石镇/白马村", "partOf", "Town/青石镇", ev),))
    >>> quads = to_quads(r, generated_at="2024-05-01T08:00:00+00:00", extractor_version="t")
    >>> [q.object.value for q in quads if q.predicate == ont("partOf")]
    ['https://w3id.org/lgkg/id/Town/青石镇']
    >>> sorted({q.graph_name.value for q in quads if not isinstance(q.graph_name, DefaultGraph)})
    ['https://w3id.org/lgkg/id/graph/demo-0']
    """
    return _Builder(resolved).build(generated_at, extractor_version)
