"""SHACL validation of a store (or any rdflib graph) against ``ontology/shapes.ttl``.

The data checked is the union of every graph (article graphs plus the metadata in the
default graph) with ``ontology/lgkg.ttl`` mixed in, so ``sh:class lgkg:AdministrativeUnit``
accepts a Town. Nothing is fetched: the ontology and shapes are local files, pySHACL runs
with ``do_owl_imports=False``, and an ``owl:imports`` triple in the data is just a triple.

Two engines share the work, for speed on large graphs:

- the SPARQL constraints (``sh:sparql``) run in Oxigraph, once each over the whole graph
  with ``$this`` left free. pySHACL would parse and evaluate each query again per focus node
  in rdflib, which takes minutes for a few thousand evidence nodes. Running them graph-wide
  is sound because every lgkg constraint query names its focus nodes in its own pattern;
- the core constraints run in pySHACL on the union graph without the triples of evidence
  and sentence nodes. They are by far the most numerous nodes and are checked by SPARQL
  constraints only (a test keeps it so), so leaving those triples out changes no core result.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

import pyoxigraph as ox
import pyshacl
import rdflib
from rdflib.namespace import RDF, RDFS, SH

from .errors import ValidationError
from .rdf import ID, ONT

ONTOLOGY_DIR = Path(__file__).resolve().parent.parent / "ontology"
SHAPES = ONTOLOGY_DIR / "shapes.ttl"
ONTOLOGY = ONTOLOGY_DIR / "lgkg.ttl"
_SEVERITY = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}
_COMPACT = (("lgkg:", ONT), ("rdf:", str(RDF)), ("rdfs:", str(RDFS)),
            ("skos:", "http://www.w3.org/2004/02/skos/core#"),
            ("prov:", "http://www.w3.org/ns/prov#"), ("schema:", "https://schema.org/"),
            ("dcterms:", "http://purl.org/dc/terms/"))
_EVIDENCE = ox.NamedNode(ONT + "Evidence")
_ARTICLE = ox.NamedNode(ONT + "article")
_TYPE = ox.NamedNode(str(RDF.type))


@dataclass(frozen=True)
class Issue:
    """One SHACL result, in words."""
    severity: str                # "Violation", "Warning" or "Info"
    focus: str                   # IRI of the node that breaks a shape
    focus_label: str             # its rdfs:label, or "" when it has none
    path: str                    # the property, compacted (lgkg:partOf), or ""
    value: str                   # the offending value (label when it has one), or ""
    message: str

    def line(self) -> str:
        who = f"{self.focus_label} <{self.focus}>" if self.focus_label else f"<{self.focus}>"
        what = " ".join(x for x in (self.path, f"→ {self.value}" if self.value else "") if x)
        return f"{self.severity}: {who}{' ' + what if what else ''}: {self.message}"


@dataclass(frozen=True)
class Report:
    conforms: bool               # False when any Violation (warnings do not count)
    issues: tuple[Issue, ...]

    @property
    def violations(self) -> tuple[Issue, ...]:
        return tuple(i for i in self.issues if i.severity == "Violation")

    @property
    def text(self) -> str:
        """A readable report: a verdict line, then one line per issue."""
        n = len(self.violations)
        head = ("conforms: the graph satisfies every shape" if self.conforms
                else f"does not conform: {n} violation{'s' if n != 1 else ''}")
        warnings = len(self.issues) - n
        if warnings:
            head += f", {warnings} warning{'s' if warnings != 1 else ''}"
        return "\n".join([head] + [i.line() for i in self.issues]) + "\n"

    def __str__(self) -> str:
        return self.text


# ── terms between the two libraries ─────────────────────────────────────────────────────

def _to_rdflib(term) -> rdflib.term.Node:
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))


def _to_oxigraph(term: rdflib.term.Node):
    if isinstance(term, rdflib.URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        return ox.BlankNode(re.sub(r"\W", "_", str(term)))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype or rdflib.XSD.string)))


Query = Callable[[str], Iterable]


def _sources(target) -> tuple[Query, rdflib.Graph]:
    """A SPARQL runner over the union of ``target``'s graphs, and the rdflib graph of its
    triples minus those of evidence nodes (the data pySHACL checks)."""
    memory = ox.Store()  # in memory: queries run ten times faster than on the disk store
    if hasattr(target, "db"):  # a kg.store.Store
        memory.load(input=target.db.dump(format=ox.RdfFormat.N_QUADS),
                    format=ox.RdfFormat.N_QUADS)
    elif isinstance(target, rdflib.Dataset):
        memory.extend(ox.Quad(*map(_to_oxigraph, (s, p, o)))
                      for s, p, o, _ in target.quads((None, None, None, None)))
    elif isinstance(target, rdflib.Graph):
        memory.extend(ox.Quad(*map(_to_oxigraph, t)) for t in target)
    else:
        raise ValidationError(f"cannot validate a {type(target).__name__}")

    def query(sparql: str):
        return memory.query(sparql, use_default_graph_as_union=True)

    core = rdflib.Graph()
    # Sentence nodes are untyped: they are the nodes with an lgkg:article.
    for s, p, o in query(f"SELECT ?s ?p ?o WHERE {{ ?s ?p ?o OPTIONAL {{ ?s {_TYPE} ?c "
                         f"FILTER (?c = {_EVIDENCE}) }} OPTIONAL {{ ?s {_ARTICLE} ?a }} "
                         "FILTER (!BOUND(?c) && !BOUND(?a)) }"):
        core.add((_to_rdflib(s), _to_rdflib(p), _to_rdflib(o)))
    return query, core


# ── reporting ───────────────────────────────────────────────────────────────────────────

def _load(path: Path) -> rdflib.Graph:
    graph = rdflib.Graph()
    try:
        graph.parse(path, format="turtle")
    except (OSError, SyntaxError, ValueError) as exc:
        raise ValidationError(f"cannot read {path.name}: {exc}", file=str(path)) from None
    return graph


def _compact(term) -> str:
    text = term.value if isinstance(term, (ox.NamedNode, ox.Literal)) else str(term)
    if isinstance(term, (rdflib.URIRef, ox.NamedNode)):
        for prefix, namespace in _COMPACT:
            if text.startswith(namespace):
                return prefix + text[len(namespace):]
    return text


def _label(graph: rdflib.Graph, node) -> str:
    node = _to_rdflib(node) if isinstance(node, (ox.NamedNode, ox.BlankNode)) else node
    labels = sorted(str(o) for o in graph.objects(node, RDFS.label))
    return labels[0] if labels else ""


def _show(graph: rdflib.Graph, term) -> str:
    """An entity by its label, a vocabulary term by its prefixed name."""
    if term is None:
        return ""
    value = term.value if isinstance(term, (ox.NamedNode, ox.Literal)) else str(term)
    if isinstance(term, (rdflib.URIRef, ox.NamedNode)) and value.startswith(ID):
        return _label(graph, term) or value
    return _compact(term)


def _pick(messages, lang: str):
    preferred = [m for m in messages if getattr(m, "language", None) == lang]
    chosen = preferred or [m for m in messages if getattr(m, "language", None) in (None, "en")]
    return sorted(chosen or messages)[0] if messages else None


def _fill(message: str, row: dict, graph: rdflib.Graph) -> str:
    # SHACL message templates name result variables as {?var} or {$var}.
    return re.sub(r"\{[?$](\w+)\}", lambda m: _show(graph, row.get(m.group(1))), message)


# ── SPARQL constraints ──────────────────────────────────────────────────────────────────

@dataclass(frozen=True)
class _SparqlConstraint:
    query: str
    messages: tuple[rdflib.Literal, ...]
    severity: str


def _split_sparql(shapes: rdflib.Graph) -> list[_SparqlConstraint]:
    """Take the SPARQL constraints out of ``shapes`` (in place), ready to run graph-wide."""
    constraints = []
    for shape, node in sorted(shapes.subject_objects(SH.sparql)):
        prefixes = "".join(
            f"PREFIX {shapes.value(d, SH.prefix)}: <{shapes.value(d, SH.namespace)}>\n"
            for source in shapes.objects(node, SH.prefixes)
            for d in shapes.objects(source, SH.declare))
        select = str(shapes.value(node, SH.select))
        constraints.append(_SparqlConstraint(
            prefixes + re.sub(r"\$this\b", "?this", select),
            tuple(shapes.objects(node, SH.message)),
            _SEVERITY.get(shapes.value(shape, SH.severity), "Violation")))
        shapes.remove((shape, SH.sparql, node))
    return constraints


def _run_sparql(constraint: _SparqlConstraint, query: Query, graph: rdflib.Graph,
                lang: str) -> set[Issue]:
    try:
        solutions = query(constraint.query)
    except Exception as exc:  # a broken shape file must say which query failed
        raise ValidationError(f"a SPARQL constraint failed: {exc}", file=str(SHAPES)) from None
    names = [v.value for v in solutions.variables]
    message = _pick(constraint.messages, lang)
    issues = set()
    for solution in solutions:
        row = {n: solution[n] for n in names}
        issues.add(Issue(
            severity=constraint.severity, focus=row["this"].value,
            focus_label=_label(graph, row["this"]),
            path=_compact(row["path"]) if row.get("path") is not None else "",
            value=_show(graph, row.get("value")),
            message=_fill(str(message), row, graph) if message is not None
            else "constraint violated"))
    return issues


# ── the whole check ─────────────────────────────────────────────────────────────────────

def validate(target, *, inference: str = "none", lang: str = "en") -> Report:
    """Check a Store, an rdflib Dataset or an rdflib Graph against the lgkg shapes.

    ``inference`` is passed to pySHACL ("none" or "rdfs"); ``lang`` picks the language of
    the messages ("en" or "zh").

    >>> g = rdflib.Graph()
    >>> v = rdflib.URIRef("https://w3id.org/lgkg/id/Village/白马村")
    >>> _ = g.add((v, RDF.type, rdflib.URIRef("https://w3id.org/lgkg/ontology#Village")))
    >>> report = validate(g)
    >>> report.conforms, report.issues[0].path
    (False, 'rdfs:label')
    """
    query, data = _sources(target)
    shapes = _load(SHAPES)
    constraints = _split_sparql(shapes)
    conforms, results, _ = pyshacl.validate(
        data, shacl_graph=shapes, ont_graph=_load(ONTOLOGY), inference=inference,
        inplace=True, allow_warnings=True, allow_infos=True, do_owl_imports=False,
        meta_shacl=False, advanced=False)
    if not isinstance(results, rdflib.Graph):  # pySHACL's way of reporting a broken shape
        raise ValidationError(f"cannot validate: {results}", file=str(SHAPES))
    issues: set[Issue] = set()
    for c in constraints:
        found = _run_sparql(c, query, data, lang)
        conforms = conforms and not any(i.severity == "Violation" for i in found)
        issues |= found
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        message = _pick(list(results.objects(result, SH.resultMessage)), lang)
        issues.add(Issue(
            severity=_SEVERITY.get(results.value(result, SH.resultSeverity), "Violation"),
            focus=str(focus), focus_label=_label(data, focus),
            path=_compact(path) if path is not None else "",
            value=_show(data, results.value(result, SH.value)),
            message=str(message) if message is not None else "constraint violated"))
    ordered = sorted(issues, key=lambda i: (i.severity != "Violation", i.focus, i.path,
                                            i.value, i.message))
    return Report(bool(conforms), tuple(ordered))
