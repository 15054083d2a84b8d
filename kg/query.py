"""SPARQL over the store: named queries with bound parameters, safety checks, formatting.

Named queries live in ``kg/queries/<name>.rq``; each opens with a comment header::

    # name: honours-of-unit
    # description: what the query answers
    # param: unit — what the value means

A parameter ``unit`` is a name. :func:`run_named` first looks the name up (the literal
``"value"@zh`` bound to ``?name`` in a fixed query over ``rdfs:label`` and
``skos:altLabel``, with Oxigraph's substitutions), then runs the named query with ``?unit``
bound to the IRI of each entity so named, by a ``VALUES`` block opening its WHERE group
(:func:`with_values`: the IRI written as one N-Triples term), the same text a remote
endpoint gets. Either way a value is data, never query text: no value can widen a query or
change the store. ``VALUES`` rather than substitutions because Oxigraph plans a query
before it substitutes: with the IRI in the text its planner starts from the bound entity
and walks outward, so a named query costs what its answer holds, not what the graph holds.

:func:`run` is read-only by default. Before anything executes, the text is parsed with
rdflib's SPARQL grammar (not searched for words, which comments and strings would fool):
an Update needs ``allow_update``; ``SERVICE``, ``LOAD`` and ``FROM``/``FROM NAMED``/
``USING`` naming anything but this store's article graphs need ``allow_remote``.
"""
from __future__ import annotations

import csv
import io
import itertools
import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Mapping

import pyoxigraph as ox

from .errors import QueryError, UnsafeQueryError
from .rdf import ID, PREFIXES

QUERY_DIR = Path(__file__).resolve().parent / "queries"
FORMATS = ("table", "csv", "json")
Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple

# ── named queries ───────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Param:
    name: str
    description: str

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class NamedQuery:
    name: str
    description: str
    params: tuple[Param, ...]
    text: str

    @property
    def select(self) -> bool:
        """Whether the query is a SELECT (its rows can be paged by LIMIT and OFFSET).

        >>> parse_header("# name: a\\nPREFIX x: <urn:x#>\\nSELECT * { ?s ?p ?o }").select
        True
        >>> parse_header("# name: b\\nCONSTRUCT WHERE { ?s ?p ?o }").select
        False
        """
        return _FORM.search(self.text).group(1).upper() == "SELECT"


_FORM = re.compile(r"^\s*(SELECT|CONSTRUCT|ASK|DESCRIBE)\b", re.M | re.I)
_HEADER = re.compile(r"#\s*(name|description|param)\s*:\s*(.*)")
_PARAM = re.compile(r"([A-Za-z_]\w*)\s*(?:—|--|-|:)\s*(.*)")


def parse_header(text: str, source: str = "<query>") -> NamedQuery:
    """A named query from its ``.rq`` text; the header is the leading comment block.

    >>> q = parse_header("# name: demo\\n# description: Says hi.\\n# param: unit — a unit\\nASK {}")
    >>> (q.name, q.description, [(p.name, p.description) for p in q.params])
    ('demo', 'Says hi.', [('unit', 'a unit')])
    """
    fields: dict[str, str] = {}
    params: list[Param] = []
    for line in text.splitlines():
        line = line.strip()
        if not line.startswith("#"):
            break
        m = _HEADER.fullmatch(line)
        if m is None:
            continue
        key, value = m.group(1), m.group(2).strip()
        if key == "param":
            p = _PARAM.fullmatch(value)
            if p is None:
                raise QueryError(f"bad parameter line {line!r}", file=source)
            params.append(Param(p.group(1), p.group(2).strip()))
        else:
            fields[key] = value
    if "name" not in fields:
        raise QueryError("the header has no `# name:` line", file=source)
    return NamedQuery(fields["name"], fields.get("description", ""), tuple(params), text)


@cache
def _catalogue() -> dict[str, NamedQuery]:
    queries = {}
    for path in sorted(QUERY_DIR.glob("*.rq")):
        q = parse_header(path.read_text(encoding="utf-8"), str(path))
        if q.name != path.stem:
            raise QueryError(f"header names {q.name!r} but the file is {path.name}",
                             file=str(path))
        queries[q.name] = q
    return queries


def list_queries() -> list[NamedQuery]:
    """Every named query, sorted by name."""
    return list(_catalogue().values())


def get_query(name: str) -> NamedQuery:
    try:
        return _catalogue()[name]
    except KeyError:
        known = ", ".join(_catalogue())
        raise QueryError(f"no named query {name!r}; known: {known}") from None


# ── results ─────────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Result:
    """A query result, fully read. ``boolean`` is set for ASK; a CONSTRUCT or DESCRIBE gives
    rows of (subject, predicate, object); an update gives no columns and no rows."""
    variables: tuple[str, ...]
    rows: tuple[tuple[Term | None, ...], ...]
    boolean: bool | None = None

    def column(self, name: str) -> list[Term | None]:
        i = self.variables.index(name)
        return [row[i] for row in self.rows]

    def values(self) -> list[tuple[str | None, ...]]:
        """Rows as plain strings (IRI or lexical form), None where unbound."""
        return [tuple(None if t is None else t.value for t in row) for row in self.rows]


def _result(raw) -> Result:
    if isinstance(raw, ox.QueryBoolean):
        return Result((), (), bool(raw))
    if isinstance(raw, ox.QuerySolutions):
        variables = tuple(v.value for v in raw.variables)
        return Result(variables, tuple(tuple(s[i] for i in range(len(variables))) for s in raw))
    # QueryTriples, or triples parsed from a remote endpoint's RDF answer
    return Result(("subject", "predicate", "object"),
                  tuple((t.subject, t.predicate, t.object) for t in raw))


# ── safety ──────────────────────────────────────────────────────────────────────────────


def _nodes(tree):
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue):
            yield node
            stack.extend(node.values())
        elif isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, (list, tuple)) or type(node).__name__ == "ParseResults":
            stack.extend(node)


def _local_graph(iri) -> bool:
    return str(iri).startswith(ID + "graph/")


def check(sparql: str, *, allow_update: bool = False, allow_remote: bool = False) -> str:
    """Classify ``sparql`` as "query" or "update", refusing what is not allowed.

    >>> check("SELECT * WHERE { ?s ?p ?o }")
    'query'
    >>> check("# SERVICE <http://x/> in a comment is harmless\\nASK { ?s ?p 'SERVICE' }")
    'query'
    >>> check("DROP ALL")
    Traceback (most recent call last):
    kg.errors.UnsafeQueryError: this is a SPARQL Update; it changes the store and needs --allow-update
    """
    # Imported here: rdflib's grammar takes a quarter of a second to load, and named
    # queries (the common case) never need it.
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        tree, kind = parseQuery(sparql), "query"
    except Exception as query_error:  # pyparsing raises several types; any means "not a query"
        try:
            tree, kind = parseUpdate(sparql), "update"
        except Exception:
            raise QueryError(f"not a SPARQL query or update I can check: {query_error}") from None
        if not tree.get("request"):
            raise QueryError("empty SPARQL request")
    remote = []
    for node in _nodes(tree):
        if node.name == "ServiceGraphPattern":
            remote.append(f"SERVICE {node.get('term')}")
        elif node.name == "Load":
            remote.append(f"LOAD {node.get('iri')}")
        elif node.name in ("DatasetClause", "UsingClause"):
            iri = node.get("default") or node.get("named")
            if not _local_graph(iri):
                remote.append(f"FROM {iri}")
    if remote and not allow_remote:
        raise UnsafeQueryError(f"the query reaches outside the store ({', '.join(remote)}); "
                               "that needs --allow-remote")
    if kind == "update" and not allow_update:
        raise UnsafeQueryError("this is a SPARQL Update; it changes the store and needs "
                               "--allow-update")
    return kind


def _execute(target, sparql: str, bindings: Mapping[str, Term] | None = None) -> Result:
    return _result(target.query(sparql, bindings=bindings))


def run(target, sparql: str, *, bindings: Mapping[str, Term] | None = None,
        allow_update: bool = False, allow_remote: bool = False) -> Result:
    """Check ``sparql`` (see :func:`check`), then run it on a Store or RemoteEndpoint."""
    if check(sparql, allow_update=allow_update, allow_remote=allow_remote) == "update":
        if bindings:
            raise QueryError("an update takes no parameters")
        target.update(sparql)
        return Result((), ())
    return _execute(target, sparql, bindings)


_RESOLVE = ("SELECT DISTINCT ?name ?node WHERE { "
            "VALUES ?naming { <http://www.w3.org/2000/01/rdf-schema#label> "
            "<http://www.w3.org/2004/02/skos/core#altLabel> } "
            "?node ?naming ?name FILTER (isIRI(?node)) } ORDER BY ?node")
# Bound when a name matches nothing, so the query still runs and reports its columns.
_NO_MATCH = ox.NamedNode("urn:lgkg:no-entity-has-this-name")


def entities_named(target, name: str) -> list[ox.NamedNode]:
    """IRIs of the entities whose label or alias is ``name`` (in Chinese), sorted."""
    solutions = target.query(_RESOLVE, bindings={"name": ox.Literal(name, language="zh")})
    return [s["node"] for s in solutions]


def run_named(target, name: str, params: Mapping[str, str], *, limit: int | None = None,
              offset: int = 0) -> Result:
    """Run the named query ``name``, each parameter a name bound as the entities it names.

    When a name fits several entities (two villages called 白马村) the query runs for each,
    and the rows follow one another in IRI order; the first column says which entity.
    ``limit`` and ``offset`` give one page of those rows: the ``limit`` rows that follow the
    first ``offset``. A SELECT takes them as LIMIT and OFFSET, so the store hands over no
    more rows than the page holds; a CONSTRUCT's triples are cut after they are made.
    Named queries are package files, checked by the test suite, so they skip :func:`check`.
    """
    if (limit is not None and limit < 0) or offset < 0:
        raise QueryError(f"limit and offset are 0 or more, not {limit} and {offset}")
    q = get_query(name)
    expected = {p.name for p in q.params}
    unknown = sorted(set(params) - expected)
    if unknown:
        raise QueryError(f"{name} has no parameter {', '.join(unknown)}; "
                         f"it takes: {', '.join(sorted(expected)) or 'none'}")
    missing = sorted(expected - set(params))
    if missing:
        raise QueryError(f"{name} needs --param {'=… --param '.join(missing)}=…")
    names = [p.name for p in q.params]
    choices = [entities_named(target, params[p.name]) or [_NO_MATCH] for p in q.params]
    combos = list(itertools.product(*choices))
    text = q.text
    if q.select and (limit is not None or offset):
        # One query gives the page itself; several give their first offset + limit rows each,
        # of which the page is cut below.
        text = (_paged(text, limit, offset) if len(combos) == 1
                else _paged(text, None if limit is None else offset + limit, 0))
    results = [_execute(target, with_values(text, dict(zip(names, combo))) if names else text)
               for combo in combos]
    rows = tuple(row for r in results for row in r.rows)
    if not q.select or len(combos) > 1:
        rows = rows[offset:] if limit is None else rows[offset:offset + limit]
    return Result(results[0].variables, rows)


def _paged(text: str, limit: int | None, offset: int) -> str:
    """``text`` (a SELECT without LIMIT or OFFSET) cut to one page.

    >>> _paged("SELECT ?x WHERE { ?x ?p ?o } ORDER BY ?x", 10, 20)
    'SELECT ?x WHERE { ?x ?p ?o } ORDER BY ?x\\nLIMIT 10 OFFSET 20\\n'
    """
    return (text.rstrip() + "\n" + ("" if limit is None else f"LIMIT {limit} ")
            + (f"OFFSET {offset}" if offset else "")).rstrip() + "\n"


# ── formatting ──────────────────────────────────────────────────────────────────────────

_DISPLAY_PREFIXES = sorted([("id", ID), *PREFIXES.items()], key=lambda kv: -len(kv[1]))
_INVISIBLE = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"})


def _visible(text: str) -> str:
    # Terminal safety: an escape sequence or a line separator in a label must not move the
    # cursor or break the table, so invisible characters are shown as \uXXXX.
    if text.isprintable():
        return text
    return "".join(f"\\u{ord(c):04x}" if unicodedata.category(c) in _INVISIBLE else c
                   for c in text)


def _display(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        for prefix, namespace in _DISPLAY_PREFIXES:
            if term.value.startswith(namespace):
                return _visible(f"{prefix}:{term.value[len(namespace):]}")
        return _visible(term.value)
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        return _visible(term.value)
    return _visible(str(term))


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal: wide (CJK) characters count two, marks zero.

    >>> display_width("青石镇 ok")
    9
    """
    width = 0
    for ch in text:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def _clip(text: str, limit: int) -> str:
    if display_width(text) <= limit:
        return text
    out, width = [], 0
    for ch in text:
        w = display_width(ch)
        if width + w > limit - 3:
            break
        out.append(ch)
        width += w
    return "".join(out) + "..."


def _pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def _table(result: Result, max_width: int) -> str:
    if result.boolean is not None:
        return "true\n" if result.boolean else "false\n"
    if not result.variables:
        return ""
    cells = [[_clip(_display(t), max_width) for t in row] for row in result.rows]
    widths = [max([display_width(v)] + [display_width(r[i]) for r in cells])
              for i, v in enumerate(result.variables)]
    lines = ["  ".join(_pad(v, w) for v, w in zip(result.variables, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(_pad(c, w) for c, w in zip(row, widths)).rstrip() for row in cells]
    n = len(result.rows)
    lines.append(f"({n} row{'s' if n != 1 else ''})")
    return "\n".join(lines) + "\n"


def _csv_value(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, (ox.NamedNode, ox.Literal)):
        return term.value
    return str(term)


def _csv(result: Result) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # SPARQL 1.1 CSV results use CRLF
    if result.boolean is not None:
        writer.writerow(["boolean"])
        writer.writerow(["true" if result.boolean else "false"])
    elif result.variables:
        writer.writerow(result.variables)
        writer.writerows([_csv_value(t) for t in row] for row in result.rows)
    return out.getvalue()


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _json_term(term: Term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != _XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": {"subject": _json_term(term.subject),
                                        "predicate": _json_term(term.predicate),
                                        "object": _json_term(term.object)}}


def _json(result: Result) -> str:
    if result.boolean is not None:
        doc = {"head": {}, "boolean": result.boolean}
    else:
        doc = {"head": {"vars": list(result.variables)},
               "results": {"bindings": [
                   {v: _json_term(t) for v, t in zip(result.variables, row) if t is not None}
                   for row in result.rows]}}
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


def format_result(result: Result, fmt: str = "table", *, max_width: int = 60) -> str:
    """``result`` as an aligned table (cells clipped to ``max_width`` columns), SPARQL 1.1
    CSV, or SPARQL 1.1 JSON results.

    >>> r = Result(("unit", "n"), ((ox.Literal("青石镇", language="zh"), ox.Literal(3)),))
    >>> print(format_result(r, "table"), end="")
    unit    n
    ------  -
    青石镇  3
    (1 row)
    >>> format_result(r, "csv")
    'unit,n\\r\\n青石镇,3\\r\\n'
    """
    if fmt == "table":
        return _table(result, max_width)
    if fmt == "csv":
        return _csv(result)
    if fmt == "json":
        return _json(result)
    raise QueryError(f"unknown result format {fmt!r}; use one of {', '.join(FORMATS)}")


# ── binding parameters for a remote endpoint (kg.endpoint) ──────────────────────────────

_TOKEN = re.compile(r'''
    (?P<skip> \#[^\n\r]*                                  # comment
            | """(?:[^"\\]|\\.|"(?!""))*""" | \'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'
            | "(?:[^"\\\n\r]|\\.)*" | '(?:[^'\\\n\r]|\\.)*'
            | <[^<>"{}|^`\\\x00-\x20]*>                   # IRI
            | [?$]\w+ | [A-Za-z][\w.-]*:[\w.:-]* )        # variable, prefixed name
  | (?P<where> (?i:WHERE)\b )
  | (?P<brace> \{ )
  | (?P<other> . )''', re.X | re.S)


def with_values(sparql: str, bindings: Mapping[str, Term]) -> str:
    """``sparql`` with a VALUES block for ``bindings`` opening its WHERE group.

    For endpoints that take no substitutions. Each value is written in N-Triples syntax,
    which escapes quotes, backslashes and line breaks, so a value stays one term.

    >>> with_values('SELECT ?x WHERE { ?x ?p ?n }', {"n": ox.Literal('a" } DROP ALL {')})
    'SELECT ?x WHERE { VALUES (?n) { ("a\\\\" } DROP ALL {") } ?x ?p ?n }'
    """
    tokens = list(_TOKEN.finditer(sparql))
    # Without the (optional) WHERE keyword, the first brace opens the pattern.
    seen_where = not any(m.lastgroup == "where" for m in tokens)
    for m in tokens:
        if m.lastgroup == "where":
            seen_where = True
        elif m.lastgroup == "brace" and seen_where:
            names = " ".join(f"?{k}" for k in bindings)
            values = " ".join(str(v) for v in bindings.values())
            at = m.end()
            return f"{sparql[:at]} VALUES ({names}) {{ ({values}) }}{sparql[at:]}"
    raise QueryError("cannot find the WHERE clause to bind parameters in")
