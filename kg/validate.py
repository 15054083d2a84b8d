"""SHACL validation of a store (or any rdflib graph) against ``ontology/shapes.ttl``.

The data checked is the union of every graph (article graphs plus the metadata in the
default graph) with ``ontology/lgkg.ttl`` mixed in, so ``sh:class lgkg:AdministrativeUnit``
accepts a Town. Nothing is fetched: the ontology and shapes are local files, pySHACL runs
with ``do_owl_imports=False``, and an ``owl:imports`` triple in the data is just a triple.

The shapes' SPARQL constraints (``sh:sparql``) are run here, once each over the whole graph
with ``$this`` left free, rather than by pySHACL, which parses the query again for every
focus node (0.1 s each: minutes for a few thousand evidence nodes). That is sound because
every lgkg constraint query names its focus nodes in its own pattern.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import re

import pyshacl
import rdflib
from rdflib.namespace import RDF, RDFS, SH

from .errors import ValidationError
from .rdf import ID

ONTOLOGY_DIR = Path(__file__).resolve().parent.parent / "ontology"
SHAPES = ONTOLOGY_DIR / "shapes.ttl"
ONTOLOGY = ONTOLOGY_DIR / "lgkg.ttl"
_SEVERITY = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}
_COMPACT = (("lgkg:", "https://w3id.org/lgkg/ontology#"), ("rdf:", str(RDF)), ("rdfs:", str(RDFS)),
            ("skos:", "http://www.w3.org/2004/02/skos/core#"),
            ("prov:", "http://www.w3.org/ns/prov#"), ("schema:", "https://schema.org/"),
            ("dcterms:", "http://purl.org/dc/terms/"))


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


def _load(path: Path) -> rdflib.Graph:
    graph = rdflib.Graph()
    try:
        graph.parse(path, format="turtle")
    except (OSError, SyntaxError, ValueError) as exc:
        raise ValidationError(f"cannot read {path.name}: {exc}", file=str(path)) from None
    return graph


def _data_graph(target) -> tuple[rdflib.Graph, bool]:
    """The union graph to check, and whether it is ours to modify."""
    if hasattr(target, "union_graph"):
        return target.union_graph(), True
    if isinstance(target, rdflib.Dataset):
        union = rdflib.Graph()
        for s, p, o, _ in target.quads((None, None, None, None)):
            union.add((s, p, o))
        return union, True
    if isinstance(target, rdflib.Graph):
        return target, False
    raise ValidationError(f"cannot validate a {type(target).__name__}")


def _compact(term: rdflib.term.Node) -> str:
    text = str(term)
    if isinstance(term, rdflib.URIRef):
        for prefix, namespace in _COMPACT:
            if text.startswith(namespace):
                return prefix + text[len(namespace):]
    return text


def _label(graph: rdflib.Graph, node: rdflib.term.Node) -> str:
    labels = sorted(str(o) for o in graph.objects(node, RDFS.label))
    return labels[0] if labels else ""


def _message(results: rdflib.Graph, result: rdflib.term.Node, lang: str) -> str:
    chosen = _pick(list(results.objects(result, SH.resultMessage)), lang)
    return str(chosen) if chosen is not None else "constraint violated"


@dataclass(frozen=True)
class _SparqlConstraint:
    query: str
    messages: tuple[rdflib.Literal, ...]
    severity: rdflib.URIRef


def _split_sparql(shapes: rdflib.Graph) -> list[_SparqlConstraint]:
    """Take the SPARQL constraints out of ``shapes`` (in place), ready to run graph-wide."""
    constraints = []
    for shape, node in list(shapes.subject_objects(SH.sparql)):
        prefixes = "".join(
            f"PREFIX {shapes.value(d, SH.prefix)}: <{shapes.value(d, SH.namespace)}>\n"
            for source in shapes.objects(node, SH.prefixes)
            for d in shapes.objects(source, SH.declare))
        select = str(shapes.value(node, SH.select))
        constraints.append(_SparqlConstraint(
            prefixes + re.sub(r"\$this\b", "?this", select),
            tuple(shapes.objects(node, SH.message)),
            shapes.value(shape, SH.severity) or SH.Violation))
        shapes.remove((shape, SH.sparql, node))
    return constraints


def _show(graph: rdflib.Graph, term: rdflib.term.Node | None) -> str:
    """An entity by its label, a vocabulary term by its prefixed name."""
    if term is None:
        return ""
    if str(term).startswith(ID):
        return _label(graph, term) or str(term)
    return _compact(term)


def _fill(message: str, row: dict, graph: rdflib.Graph) -> str:
    # SHACL message templates name result variables as {?var} or {$var}.
    return re.sub(r"\{[?$](\w+)\}", lambda m: _show(graph, row.get(m.group(1))), message)


def _pick(messages, lang: str):
    preferred = [m for m in messages if getattr(m, "language", None) == lang]
    chosen = preferred or [m for m in messages if getattr(m, "language", None) in (None, "en")]
    return sorted(chosen or messages)[0] if messages else None


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
    data, ours = _data_graph(target)
    shapes = _load(SHAPES)
    constraints = _split_sparql(shapes)
    conforms, results_graph, _ = pyshacl.validate(
        data, shacl_graph=shapes, ont_graph=_load(ONTOLOGY), inference=inference,
        inplace=ours, allow_warnings=True, allow_infos=True, do_owl_imports=False,
        meta_shacl=False, advanced=False)
    if not isinstance(results_graph, rdflib.Graph):  # pySHACL reports a broken shape so
        raise ValidationError(f"cannot validate: {results_graph}")
    issues = []
    for c in constraints:
        for row in data.query(c.query):
            found = row.asdict()
            severity = _SEVERITY.get(c.severity, "Violation")
            conforms = conforms and severity != "Violation"
            message = _pick(c.messages, lang)
            value = found.get("value")
            issues.append(Issue(
                severity=severity, focus=str(found["this"]),
                focus_label=_label(data, found["this"]),
                path=_compact(found["path"]) if found.get("path") is not None else "",
                value=_show(data, value),
                message=_fill(str(message), found, data) if message is not None
                else "constraint violated"))
    for result in results_graph.subjects(RDF.type, SH.ValidationResult):
        focus = results_graph.value(result, SH.focusNode)
        path = results_graph.value(result, SH.resultPath)
        value = results_graph.value(result, SH.value)
        severity = results_graph.value(result, SH.resultSeverity)
        issues.append(Issue(
            severity=_SEVERITY.get(severity, "Violation"),
            focus=str(focus), focus_label=_label(data, focus),
            path=_compact(path) if path is not None else "",
            value=_show(data, value), message=_message(results_graph, result, lang)))
    issues.sort(key=lambda i: (i.severity != "Violation", i.focus, i.path, i.value, i.message))
    return Report(bool(conforms), tuple(issues))
