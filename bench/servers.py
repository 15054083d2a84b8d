"""Push a built store to a real Oxigraph server and a real Virtuoso, and time the named queries.

    python bench/servers.py STORE [--repeat 3]

Both servers are started on loopback in temporary folders the way the tests start them
(tests/conftest.py) and stopped at the end. For each server: the first push (every graph),
a second push (nothing changed: one manifest query, every graph skipped), then each named
query over HTTP, parameters set to the example its description gives, or to the most
frequent entity of the store when the example is not in it. The same queries on the store
on disk are the baseline. Times are the best of ``--repeat`` runs.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from conftest import running_virtuoso, start_oxigraph, stop  # noqa: E402
from kg import query  # noqa: E402
from kg.endpoint import RemoteStore  # noqa: E402
from kg.errors import EndpointError  # noqa: E402
from kg.push import push  # noqa: E402
from kg.store import Store  # noqa: E402

_BUSIEST = """SELECT ?name WHERE { ?x <http://www.w3.org/2000/01/rdf-schema#label> ?name .
  { SELECT ?x (COUNT(*) AS ?n) WHERE { ?y <https://w3id.org/lgkg/ontology#partOf> ?x } GROUP BY ?x }
} ORDER BY DESC(?n) STR(?name) LIMIT 1"""
_HONOUR_FACT = """SELECT ?s ?o WHERE {
  ?h <https://w3id.org/lgkg/ontology#receivedHonor> ?x .
  ?h <http://www.w3.org/2000/01/rdf-schema#label> ?s . ?x <http://www.w3.org/2000/01/rdf-schema#label> ?o
} ORDER BY STR(?s) STR(?o) LIMIT 1"""


def parameters(store: Store) -> dict[str, dict[str, str]]:
    busiest = next(iter(store.query(_BUSIEST)))["name"].value
    fact = next(iter(store.query(_HONOUR_FACT)))
    params = {}
    for named in query.list_queries():
        values = {}
        for p in named.params:
            values[p.name] = {"subject": fact["s"].value,
                              "object": fact["o"].value}.get(p.name, busiest)
        params[named.name] = values
    return params


def best(repeat: int, run) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - started)
    return min(times), result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=120,
                        help="seconds a server may take per request (default 120)")
    args = parser.parse_args(argv)

    with Store(args.store, read_only=True) as store:
        articles = len(store.article_ids())
        params = parameters(store)
        local = {name: best(args.repeat, lambda: query.run_named(store, name, p))
                 for name, p in params.items()}
        timings: dict[str, dict[str, float | None]] = {}
        pushes: dict[str, tuple[float, float, str]] = {}
        with tempfile.TemporaryDirectory() as tmp:
            oxigraph = start_oxigraph(Path(tmp) / "oxigraph")
            (Path(tmp) / "virtuoso").mkdir()
            try:
                with running_virtuoso(Path(tmp) / "virtuoso") as virtuoso:
                    for label, server in (("Oxigraph", oxigraph), ("Virtuoso", virtuoso)):
                        remote = RemoteStore(server.query, timeout=args.timeout, retries=0)
                        first, report = best(1, lambda: push(store, remote))
                        again, second = best(1, lambda: push(store, remote))
                        pushes[label] = (first, again, report.summary().splitlines()[0])
                        assert second.sent == 0 and not report.failed, report.summary()
                        timings[label] = {}
                        for name, p in params.items():
                            try:
                                seconds, result = best(args.repeat,
                                                       lambda: query.run_named(remote, name, p))
                            except EndpointError:
                                timings[label][name] = None
                                continue
                            rows = len(result.rows)
                            if rows != len(local[name][1].rows):
                                print(f"warning: {label} {name}: {rows} rows, locally "
                                      f"{len(local[name][1].rows)}", file=sys.stderr)
                            timings[label][name] = seconds
            finally:
                stop(oxigraph.process)

    print(f"{articles} articles in {args.store}\n")
    print("| server | first push | second push (nothing to send) |\n|---|---|---|")
    for label, (first, again, summary) in pushes.items():
        print(f"| {label} | {first:.1f} s ({summary.split(' in ')[0]}) | {again:.2f} s |")
    print("\n| named query | rows | on disk | Oxigraph server | Virtuoso |\n|---|---|---|---|---|")
    def cell(seconds: float | None) -> str:
        return f"> {args.timeout:g} s (timed out)" if seconds is None else f"{seconds:.3f} s"

    for name in params:
        print(f"| {name} | {len(local[name][1].rows)} | {local[name][0]:.3f} s | "
              f"{cell(timings['Oxigraph'][name])} | {cell(timings['Virtuoso'][name])} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
