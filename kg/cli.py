"""The ``kg`` command.

Exit codes: 0 success; 1 some input failed (the rest was kept), the graph violates the
shapes, the store is locked by another build or cannot be read; 2 usage error (bad
arguments, unknown query name, missing parameter, a query refused as unsafe, no store
where one is read). Expected errors print one line ``kg: error: <file: article: message>``
on stderr, never a traceback.

Commands that only read open the store read-only, sharing it with other readers; while a
build writes it they fail at once with "the store is being written by process N" (exit 1)
rather than read a moving target, and a build fails the same way while another process
writes or reads it. A store that does not exist is a usage error for a read.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, NoReturn, Sequence, TextIO

from .errors import LgkgError, UsageError

DEFAULT_STORE = "out/store"
DEFAULT_SEEDS = "seeds/"
EXPORT_FORMATS = ("turtle", "trig", "nquads", "jsonld")
QUERY_FORMATS = ("table", "csv", "json")


def _at_least(minimum: int) -> Callable[[str], int]:
    def whole(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum}: {value}")
        return value
    return whole


def _param(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key:
        raise argparse.ArgumentTypeError(f"expected KEY=VALUE, got {text!r}")
    return key, value


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="kg", description="Chinese local-governance news → RDF knowledge graph.")
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def store_option(p: argparse.ArgumentParser) -> None:
        p.add_argument("--store", default=DEFAULT_STORE, metavar="DIR",
                       help=f"store directory (default {DEFAULT_STORE})")

    def store_or_endpoint(p: argparse.ArgumentParser, *, writes: bool = False) -> None:
        where = p.add_mutually_exclusive_group()
        where.add_argument("--store", default=None, metavar="DIR",
                           help=f"store directory (default {DEFAULT_STORE})")
        where.add_argument("--endpoint", metavar="URL",
                           help="the query URL of a SPARQL 1.1 server instead (credentials: "
                                "LGKG_ENDPOINT_USER/LGKG_ENDPOINT_PASSWORD or ~/.netrc)")
        server_options(p, writes=writes)

    def server_options(p: argparse.ArgumentParser, *, writes: bool) -> None:
        if writes:
            p.add_argument("--graph-store", metavar="URL",
                           help="the server's Graph Store Protocol URL, when it is not the "
                                "usual one for its kind (Oxigraph, Virtuoso, Fuseki, GraphDB)")
            p.add_argument("--update-endpoint", metavar="URL",
                           help="the server's SPARQL Update URL, likewise")
        p.add_argument("--timeout", type=_at_least(1), default=60, metavar="S",
                       help="seconds to wait for each answer of the server (default 60)")

    p = sub.add_parser("build", help="read articles into the store")
    p.add_argument("paths", nargs="*", metavar="PATH", default=[DEFAULT_SEEDS],
                   help=f"files or folders (default {DEFAULT_SEEDS})")
    store_or_endpoint(p, writes=True)
    p.add_argument("--jobs", type=_at_least(0), default=1, metavar="N",
                   help="extraction processes (default 1, 0: one per CPU); the output is "
                        "the same for any N")
    p.add_argument("--force", action="store_true",
                   help="re-extract articles whose content has not changed")
    p.add_argument("--lexicon", action="append", default=[], metavar="FILE.toml",
                   help="add your own words (program names, honour titles, company short "
                        "names …) to the shipped lexicons; repeatable (see README, Lexicons)")

    p = sub.add_parser("export", help="write the graph as RDF")
    store_option(p)
    p.add_argument("--format", choices=EXPORT_FORMATS, default="turtle")
    p.add_argument("-o", "--output", metavar="FILE", help="output file (default stdout)")

    p = sub.add_parser("query", help="run a SPARQL query")
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("sparql", nargs="?", metavar="SPARQL", help="query text")
    what.add_argument("--file", metavar="Q.rq", help="read the query from a file")
    what.add_argument("--name", metavar="NAME", help="run a named query (see --list)")
    what.add_argument("--list", action="store_true", help="list the named queries")
    p.add_argument("--param", type=_param, action="append", default=[], metavar="KEY=VALUE",
                   help="a parameter of a named query (bound, never pasted)")
    p.add_argument("--limit", type=_at_least(0), metavar="N",
                   help="a named query's first N rows (after --offset); default all")
    p.add_argument("--offset", type=_at_least(0), default=0, metavar="N",
                   help="skip a named query's first N rows (default 0)")
    store_or_endpoint(p, writes=True)
    p.add_argument("--format", choices=QUERY_FORMATS, default="table")
    p.add_argument("--allow-update", action="store_true", help="allow SPARQL Update")
    p.add_argument("--allow-remote", action="store_true",
                   help="allow SERVICE, LOAD and remote FROM")

    p = sub.add_parser("viz", help="write the interactive graph page")
    store_or_endpoint(p)
    p.add_argument("-o", "--output", default="out/graph.html", metavar="FILE.html")
    p.add_argument("--focus", metavar="LABEL", help="only the neighbourhood of this entity")
    p.add_argument("--depth", type=_at_least(1), default=2, metavar="N",
                   help="neighbourhood depth around --focus (default 2)")

    p = sub.add_parser("validate", help="check the graph against the SHACL shapes")
    store_or_endpoint(p)

    p = sub.add_parser("stats", help="count classes, properties, articles, facts")
    store_or_endpoint(p)

    p = sub.add_parser("serve", help="serve the store read-only: SPARQL endpoint and query page")
    store_option(p)
    p.add_argument("--port", type=_at_least(1), default=7878, metavar="N",
                   help="TCP port (default 7878)")
    p.add_argument("--bind", default="127.0.0.1", metavar="ADDRESS",
                   help="address to listen on (default 127.0.0.1, this machine only)")
    p.add_argument("--public", action="store_true",
                   help="allow an address other machines can reach")
    p.add_argument("--print-queries", action="store_true",
                   help="print the named queries ready to paste into the query page, and exit")

    p = sub.add_parser("push", help="copy the store's graphs to a SPARQL 1.1 server")
    store_option(p)
    p.add_argument("--endpoint", required=True, metavar="URL",
                   help="the server's query URL (credentials: LGKG_ENDPOINT_USER/"
                        "LGKG_ENDPOINT_PASSWORD or ~/.netrc, never in the URL)")
    server_options(p, writes=True)
    p.add_argument("--retries", type=int, default=3, metavar="N",
                   help="retries of a request that failed for a passing reason (default 3)")

    p = sub.add_parser("eval", help="precision, recall and F1 against gold files")
    p.add_argument("gold", nargs="+", metavar="GOLD.json")
    store_option(p)
    p.add_argument("--show-errors", action="store_true", help="list misses and false hits")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    return top


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = parser().parse_args(argv)
    except SystemExit as exit_:  # argparse already printed usage and the error
        return int(exit_.code or 0)
    try:
        return COMMANDS[args.command](args, sys.stdout)
    except LgkgError as exc:
        print(f"kg: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("kg: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `kg export | head`: the reader left, nothing to report
        _silence_stdout()
        return 0


def run() -> NoReturn:
    """The ``kg`` command of the shell: :func:`main`, then exit without the interpreter's
    teardown.

    After a build the process holds the extraction's tables, millions of small objects;
    freeing them one by one at exit took a quarter of a second, longer than extracting an
    article. Everything that must outlive the process is closed by the time ``main``
    returns (the store, the worker pool, the progress bar), so only the buffered output
    is left to flush.
    """
    code = main()
    try:
        sys.stdout.flush()
    except BrokenPipeError:  # `kg export | head`: the reader left
        pass
    sys.stderr.flush()
    os._exit(code)


def _silence_stdout() -> None:
    # Python flushes stdout again at exit and would complain about the closed pipe.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def _open_store(path: str, *, read_only: bool = True):
    """The store at ``path``; a read needs an existing store, and says so plainly."""
    from .store import Store

    if read_only and not (Path(path).is_dir() and any(Path(path).iterdir())):
        raise UsageError(f"no store at {path} (run `kg build --store {path}` first)")
    return Store(path, read_only=read_only)


# ── commands ────────────────────────────────────────────────────────────────────────────

def _remote(args: argparse.Namespace):
    """The server named by ``--endpoint`` (and ``--graph-store``), or None."""
    if not getattr(args, "endpoint", None):
        return None
    from .endpoint import RemoteStore, server_urls

    urls = server_urls(args.endpoint, update=getattr(args, "update_endpoint", None),
                       graph_store=getattr(args, "graph_store", None))
    return RemoteStore(urls, timeout=args.timeout, retries=getattr(args, "retries", 3))


def _reader(args: argparse.Namespace):
    """What a read command reads: the server of ``--endpoint``, or the store."""
    return _remote(args) or _open_store(args.store or DEFAULT_STORE)


def cmd_build(args: argparse.Namespace, out: TextIO) -> int:
    from .pipeline import build

    bar = _progress_bar(" articles") if sys.stderr.isatty() else None
    try:
        report = build(args.paths, args.store or DEFAULT_STORE, jobs=args.jobs, force=args.force,
                       lexicon_paths=args.lexicon, target=_remote(args),
                       progress=_build_progress(bar) if bar is not None else None)
    finally:
        if bar is not None:
            bar.close()
    print(report.summary(), file=out)
    return 1 if report.failures else 0


def _progress_bar(unit: str):
    """A tqdm bar on stderr (only ever made when stderr is a terminal)."""
    from tqdm import tqdm

    # mininterval 0: every article is drawn; a build never updates faster than a terminal
    # redraws one line, and a watcher sees each commit at once.
    return tqdm(unit=unit, file=sys.stderr, mininterval=0, leave=False,
                **_terminal_size())


def _terminal_size() -> dict[str, int]:
    # A terminal that does not say its size (a fresh pseudo-terminal) reports 0 columns
    # and rows, and tqdm would then draw nothing at all.
    try:
        size = os.get_terminal_size(sys.stderr.fileno())
        return {"ncols": size.columns or 100, "nrows": size.lines or 24}
    except OSError:
        return {"ncols": 100, "nrows": 24}


def _build_progress(bar, events: Sequence[str] = ("written", "unchanged", "failed")):
    """Articles (or graphs) done and their rate; input is read as it streams, so there is
    no total."""
    counts = dict.fromkeys(events, 0)

    def show(event: str, article_id: str) -> None:
        counts[event] = counts.get(event, 0) + 1
        bar.set_postfix_str(", ".join(f"{k} {v}" for k, v in counts.items()), refresh=False)
        bar.update()
        if event == "failed":
            bar.write(f"failed: {article_id}", file=sys.stderr)
    return show


def _quad_progress():
    """On a terminal, a bar over the quads an export reads (shown only when it takes a
    while, that is for a large store)."""
    if not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    return lambda quads, total: tqdm(quads, total=total, unit=" quads", file=sys.stderr,
                                     leave=False, delay=1.0, **_terminal_size())


def cmd_export(args: argparse.Namespace, out: TextIO) -> int:
    with _open_store(args.store) as store:
        if args.output:
            Path(args.output).parent.mkdir(parents=True, exist_ok=True)
            store.export(args.format, args.output, progress=_quad_progress())
            return 0
        data = store.serialize(args.format, progress=_quad_progress())
    out.flush()
    binary = getattr(out, "buffer", out)
    binary.write(data)
    binary.flush()
    return 0


def cmd_query(args: argparse.Namespace, out: TextIO) -> int:
    from . import query
    from .errors import QueryError, UnsafeQueryError

    if args.list:
        for q in query.list_queries():
            params = "".join(f" --param {p.name}=…" for p in q.params)
            print(f"{q.name}{params}\n    {q.description}", file=out)
            for p in q.params:
                print(f"    {p.name}: {p.description}", file=out)
        return 0
    if args.param and not args.name:
        raise UsageError("--param goes with --name")
    if (args.limit is not None or args.offset) and not args.name:
        raise UsageError("--limit and --offset go with --name (a query of your own says LIMIT)")
    params = dict(args.param)
    if len(params) != len(args.param):
        raise UsageError("a --param key is given twice")
    try:  # what the user asked for is checked before the store is opened
        if args.name:
            named = query.get_query(args.name)
            expected = {p.name for p in named.params}
            if set(params) != expected:
                raise QueryError(
                    f"{args.name} takes {' '.join(f'--param {k}=…' for k in sorted(expected))}"
                    if expected else f"{args.name} takes no --param")
            kind = "query"
        else:
            sparql = _query_text(args)
            kind = query.check(sparql, allow_update=args.allow_update,
                               allow_remote=args.allow_remote)
        endpoint = _remote(args)
    except UnsafeQueryError:
        raise
    except QueryError as exc:
        raise UsageError(exc.message, file=exc.file) from None

    def run(target):
        if args.name:
            return query.run_named(target, args.name, params, limit=args.limit,
                                   offset=args.offset)
        return query.run(target, sparql, allow_update=args.allow_update,
                         allow_remote=args.allow_remote)

    if endpoint is not None:
        result = run(endpoint)
    else:
        with _open_store(args.store or DEFAULT_STORE, read_only=kind != "update") as store:
            result = run(store)
    if kind == "update":
        print("update applied", file=out)
        return 0
    text = query.format_result(result, args.format)
    if text:
        out.write(text if text.endswith("\n") else text + "\n")
    return 0


def _query_text(args: argparse.Namespace) -> str:
    if not args.file:
        return args.sparql
    try:
        return Path(args.file).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read the query: {exc}", file=args.file) from None


def cmd_viz(args: argparse.Namespace, out: TextIO) -> int:
    from .viz import write_html

    with _reader(args) as store:
        Path(args.output).parent.mkdir(parents=True, exist_ok=True)
        write_html(store, args.output, focus=args.focus, depth=args.depth)
    print(f"wrote {args.output}", file=out)
    return 0


def cmd_validate(args: argparse.Namespace, out: TextIO) -> int:
    from .validate import validate

    remote = _remote(args)
    if remote is not None:
        report = validate(remote.union_graph())
    else:
        with _open_store(args.store or DEFAULT_STORE) as store:
            report = validate(store)
    text = getattr(report, "text", None) or str(report)
    print(text.rstrip("\n"), file=out)
    return 0 if report.conforms else 1


@dataclass(frozen=True)
class Stats:
    articles: int
    entities: int
    facts: int
    evidence: int
    triples: int
    classes: tuple[tuple[str, int], ...]
    properties: tuple[tuple[str, int], ...]


def _compact(iri: str) -> str:
    """``lgkg:partOf`` for a term of a known vocabulary, else the IRI in brackets."""
    from .rdf import PREFIXES

    for prefix, namespace in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return f"<{iri}>"


_STATS_QUERIES = {
    "classes": "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c",
    "properties": "SELECT ?p (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o "
                  "WHERE { ?s ?p ?o } } GROUP BY ?p",
    "articles": "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { "
                "?a a <https://w3id.org/lgkg/ontology#Article> }",
    # A fact is what an Evidence node states, or a figure (its own evidence, see kg.rdf).
    "facts": "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> "
             "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { "
             "{ ?e a <https://w3id.org/lgkg/ontology#Evidence> ; rdf:subject ?s ; "
             "rdf:predicate ?p ; rdf:object ?o . "
             "FILTER(?p != <https://schema.org/mentions>) } UNION { "
             "?s <https://w3id.org/lgkg/ontology#hasFigure> ?o . "
             "BIND (<https://w3id.org/lgkg/ontology#hasFigure> AS ?p) } } }",
    "evidence": "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { "
                "{ ?e a <https://w3id.org/lgkg/ontology#Evidence> } UNION "
                "{ ?s <https://w3id.org/lgkg/ontology#hasFigure> ?e } }",
    "triples": "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }",
}


def collect_stats(store) -> Stats:
    """Counts over the union of all graphs; a triple stated by two articles counts once."""
    from .model import ENTITY_KINDS

    def rows(name: str) -> list[tuple[str, int]]:
        return [(_compact(row[0].value), int(row[1].value))
                for row in store.query(_STATS_QUERIES[name])]

    def count(name: str) -> int:
        return next(int(row[0].value) for row in store.query(_STATS_QUERIES[name]))

    classes = sorted(rows("classes"), key=lambda kv: (-kv[1], kv[0]))
    by_class = dict(classes)
    return Stats(articles=count("articles"),
                 entities=sum(by_class.get(f"lgkg:{k}", 0) for k in ENTITY_KINDS),
                 facts=count("facts"), evidence=count("evidence"), triples=count("triples"),
                 classes=tuple(classes),
                 properties=tuple(sorted(rows("properties"), key=lambda kv: (-kv[1], kv[0]))))


def cmd_stats(args: argparse.Namespace, out: TextIO) -> int:
    with _reader(args) as store:
        stats = collect_stats(store)
    print(f"articles  {stats.articles}\nentities  {stats.entities}\nfacts     {stats.facts}\n"
          f"evidence  {stats.evidence}\ntriples   {stats.triples}", file=out)
    for title, counts in (("by class", stats.classes), ("by property", stats.properties)):
        print(f"\n{title}:", file=out)
        width = max((len(k) for k, _ in counts), default=0)
        for key, count in counts:
            print(f"  {key.ljust(width)}  {count:>7}", file=out)
    return 0


def cmd_eval(args: argparse.Namespace, out: TextIO) -> int:
    from .evaluate import evaluate

    with _open_store(args.store) as store:
        report = evaluate(args.gold, store)
    if args.json:
        json.dump(report.to_json(), out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        out.write(report.text(show_errors=args.show_errors))
    return 0


def cmd_serve(args: argparse.Namespace, out: TextIO) -> int:
    from .serve import print_queries, serve

    if not (Path(args.store).is_dir() and any(Path(args.store).iterdir())):
        raise UsageError(f"no store at {args.store} (run `kg build --store {args.store}` first)")
    if args.print_queries:
        print_queries(args.store, out)
        return 0
    return serve(args.store, host=args.bind, port=args.port, public=args.public, out=out)


def cmd_push(args: argparse.Namespace, out: TextIO) -> int:
    from .push import push

    remote = _remote(args)
    bar = _progress_bar(" graphs") if sys.stderr.isatty() else None
    try:
        with _open_store(args.store) as store:
            report = push(store, remote, progress=_build_progress(bar, ("sent", "skipped", "failed"))
                          if bar else None)
    finally:
        if bar is not None:
            bar.close()
    print(report.summary(), file=out)
    return 1 if report.failed else 0


COMMANDS = {"build": cmd_build, "export": cmd_export, "query": cmd_query, "viz": cmd_viz,
            "validate": cmd_validate, "stats": cmd_stats, "eval": cmd_eval,
            "serve": cmd_serve, "push": cmd_push}
