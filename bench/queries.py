"""Named queries on a built store: their times, and proof that a rewrite keeps their rows.

    python bench/queries.py time STORE [--runs 5] [--limit 50] [--only NAME ...] [--rev main]
                                     [--params FILE.json]
    python bench/queries.py rows STORE OUT.json [--rev main] [--samples 6 | --cases-from A.json]
    python bench/queries.py compare A.json B.json

``time`` prints each named query's median of ``--runs`` runs (wall and CPU seconds of this
process: Oxigraph runs in its thread, so CPU is the figure a shared machine does not
blur), with the parameters ``bench/run.py`` chooses (the district with most units under
it, the town with most facts); with ``--limit`` also the time of the first page.

``rows`` writes every named query's rows, as read from the files of git revision ``--rev``
(default: the working tree), for the bench parameters and for ``--samples`` more names of
each kind (the busiest towns, districts, villages and honours, and one that names nothing).
``compare`` says, query by query and parameter by parameter, whether two such files hold
the same rows: the same list when the query orders its rows, the same set for a CONSTRUCT.
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import kg  # noqa: E402
from kg import query  # noqa: E402
from run import _given, _query_params  # noqa: E402

# The nodes of a class named by most articles (each article graph types what it names).
_BUSIEST = """PREFIX lgkg: <https://w3id.org/lgkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT (MIN(?name) AS ?label) WHERE {
  { SELECT ?node (COUNT(*) AS ?n) WHERE { ?node a lgkg:%s } GROUP BY ?node
    ORDER BY DESC(?n) ?node LIMIT %d }
  ?node rdfs:label ?name
} GROUP BY ?node ?n ORDER BY DESC(?n) ?node"""


def _names(store, kind: str, n: int) -> list[str]:
    return [row["label"].value for row in store.query(_BUSIEST % (kind, n))]


def _catalogue(rev: str | None) -> list[query.NamedQuery]:
    if rev is None:
        return query.list_queries()
    out = []
    for q in query.list_queries():
        path = f"kg/queries/{q.name}.rq"
        text = subprocess.run(["git", "-C", str(HERE.parent), "show", f"{rev}:{path}"],
                              check=True, capture_output=True, text=True).stdout
        out.append(query.parse_header(text, path))
    return out


def _run(store, named: query.NamedQuery, params: dict[str, str],
         limit: int | None = None) -> query.Result:
    """``query.run_named`` on the given text (which may come from another revision)."""
    names = [p.name for p in named.params]
    combos = [[]]
    for p in names:
        combos = [c + [e] for c in combos
                  for e in (query.entities_named(store, params[p]) or [query._NO_MATCH])]
    text = query._paged(named.text, limit, 0) if limit is not None and named.select else named.text
    results = [query._execute(store, query.with_values(text, dict(zip(names, c)))
                              if names else text) for c in combos]
    return query.Result(results[0].variables, tuple(r for res in results for r in res.rows))


def _term(t) -> str | None:
    return None if t is None else str(t)  # N-Triples form: kind, datatype and language kept


def _cases_from(path: str) -> dict[str, list[dict[str, str]]]:
    """The (query, parameters) cases of an earlier ``rows`` file, by query name."""
    cases: dict[str, list[dict[str, str]]] = {}
    for key in json.loads(Path(path).read_text(encoding="utf-8")):
        name, _, params = key.partition(" ")
        cases.setdefault(name, []).append(json.loads(params))
    return cases


def cmd_rows(args: argparse.Namespace) -> int:
    out = {}
    if args.cases_from:
        with kg.open_store(args.store) as s:
            for name, cases in _cases_from(args.cases_from).items():
                named = next(q for q in _catalogue(args.rev) if q.name == name)
                for params in cases:
                    _record(out, s, named, params)
        Path(args.out).write_text(json.dumps(out, ensure_ascii=False), encoding="utf-8")
        return 0
    with kg.open_store(args.store) as s:
        bench = _query_params(s)
        towns = _names(s, "Town", args.samples)
        districts = _names(s, "District", args.samples)
        villages = _names(s, "Village", args.samples)
        honours = _names(s, "Honor", args.samples)
        subjects = [bench["entity"], *towns[:2], *villages[:2]]
        for named in _catalogue(args.rev):
            cases = []
            kinds = [p.name for p in named.params]
            if kinds == ["entity"]:
                cases = [{"entity": n} for n in
                         dict.fromkeys([bench["entity"], *towns, *villages, *districts[:2],
                                        *honours[:2], "无此地名"])]
            elif kinds == ["unit"]:
                cases = [{"unit": n} for n in
                         dict.fromkeys([_given(bench, named.name, "unit"), bench["unit"],
                                        *districts, *towns, *villages[:2], "无此地名"])]
            elif kinds == ["subject", "object"]:
                cases = [{"subject": a, "object": b} for a in subjects
                         for b in dict.fromkeys([bench["object"], *districts[:2], *towns[:2],
                                                 *honours[:2]]) if a != b]
            elif not kinds:
                cases = [{}]
            else:
                raise SystemExit(f"no cases for {named.name} {kinds}")
            for params in cases:
                _record(out, s, named, params)
    Path(args.out).write_text(json.dumps(out, ensure_ascii=False), encoding="utf-8")
    return 0


def _record(out: dict, store, named: query.NamedQuery, params: dict[str, str]) -> None:
    start = time.process_time()
    result = _run(store, named, params)
    key = f"{named.name} {json.dumps(params, ensure_ascii=False)}"
    out[key] = {"variables": list(result.variables),
                "rows": [[_term(t) for t in row] for row in result.rows],
                "cpu_seconds": time.process_time() - start}
    print(f"{key}: {len(result.rows)} rows, {out[key]['cpu_seconds']:.3f} s CPU", file=sys.stderr)


def cmd_compare(args: argparse.Namespace) -> int:
    a = json.loads(Path(args.a).read_text(encoding="utf-8"))
    b = json.loads(Path(args.b).read_text(encoding="utf-8"))
    differ = 0
    for key in sorted(set(a) | set(b)):
        if key not in a or key not in b:
            print(f"only in {'B' if key not in a else 'A'}: {key}")
            differ += 1
            continue
        x, y = a[key], b[key]
        graph = x["variables"] == ["subject", "predicate", "object"]
        same_rows = (sorted(set(map(tuple, x["rows"]))) == sorted(set(map(tuple, y["rows"])))
                     if graph else x["rows"] == y["rows"])
        same = x["variables"] == y["variables"] and same_rows
        same_set = sorted(map(tuple, x["rows"]), key=repr) == sorted(map(tuple, y["rows"]), key=repr)
        verdict = "same" if same else ("same rows, other order" if same_set else "DIFFERENT")
        if not same:
            differ += 1
        print(f"{verdict:22} {len(x['rows']):6} rows  {x['cpu_seconds']*1000:8.0f} → "
              f"{y['cpu_seconds']*1000:6.0f} ms CPU  {key}")
    print(f"{len(set(a) | set(b))} cases, {differ} differ")
    return 1 if differ else 0


def cmd_time(args: argparse.Namespace) -> int:
    with kg.open_store(args.store) as s:
        saved = Path(args.params) if args.params else None
        if saved and saved.exists():
            params = json.loads(saved.read_text(encoding="utf-8"))
        else:
            params = _query_params(s)  # minutes on 10,000 articles: --params keeps them
            if saved:
                saved.write_text(json.dumps(params, ensure_ascii=False), encoding="utf-8")
        print(f"parameters: {params}" + (f", queries of {args.rev}" if args.rev else ""))
        print(f"{'query':22} {'rows':>6} {'wall ms':>8} {'CPU ms':>8}"
              + (f" {'page wall':>9} {'page CPU':>8}" if args.limit else ""))
        for named in _catalogue(args.rev):
            if args.only and named.name not in args.only:
                continue
            given = {p.name: _given(params, named.name, p.name) for p in named.params}
            line = _median(lambda: _run(s, named, given), args.runs)
            page = (_median(lambda: _run(s, named, given, args.limit), args.runs)
                    if args.limit else None)
            print(f"{named.name:22} {line[2]:6} {line[0]*1000:8.0f} {line[1]*1000:8.0f}"
                  + (f" {page[0]*1000:9.0f} {page[1]*1000:8.0f}" if page else ""), flush=True)
    return 0


def _median(run, runs: int) -> tuple[float, float, int]:
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        rows = len(run().rows)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus), rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("time")
    p.add_argument("store")
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--limit", type=int, help="also time the first page of this many rows")
    p.add_argument("--only", nargs="*")
    p.add_argument("--rev", help="time the queries of this git revision")
    p.add_argument("--params", metavar="FILE.json",
                   help="read bench/run.py's parameters from this file, or save them there")
    p = sub.add_parser("rows")
    p.add_argument("store")
    p.add_argument("out")
    p.add_argument("--rev", help="read the queries from this git revision")
    p.add_argument("--samples", type=int, default=6)
    p.add_argument("--cases-from", metavar="ROWS.json",
                   help="run the (query, parameters) cases of an earlier rows file")
    p = sub.add_parser("compare")
    p.add_argument("a")
    p.add_argument("b")
    args = parser.parse_args(argv)
    return {"time": cmd_time, "rows": cmd_rows, "compare": cmd_compare}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
