"""Benchmark: build speed against plain jieba, store size, rebuilds, queries, exports, page.

    python bench/run.py [--articles 1000] [--jobs 1 2] [--repeat 3] [--realstyle 0.5]
                        [--rdflib-budget 600] [--skip-viz] [--workdir DIR] [--out bench/results.md]

Steps, each measured in a fresh child process so every figure has its own peak memory
(the child's own ``ru_maxrss``, and the largest of its worker processes):

1. write the corpus (``bench/corpus.py``, seeded: the same files every run), a share of it
   real-style fixtures with their places renamed;
2. ``--repeat`` rounds of: ``jieba.lcut`` over the same texts (dictionary loaded first,
   timed apart), then ``kg.build`` once per ``--jobs`` value, each into a fresh store. The
   ratios (build to jieba, ``--jobs N`` to ``--jobs 1``) are taken within each round and
   their median reported with their spread, since the machine's speed drifts between
   minutes;
3. the last round's stores: size, bytes per input character, and whether they are
   identical (N-Quads compared byte for byte, build times aside);
4. an unchanged rebuild, a rebuild with one article changed, and ``kg build`` of one
   article in a new process (best of 3);
5. every named query's median of 5 runs, and the same queries on rdflib's in-memory
   ``Dataset`` of the same quads (within ``--rdflib-budget`` seconds);
6. exports to Turtle and N-Quads; ``kg.to_networkx`` and ``kg.write_html`` of the whole graph
   and of one town's neighbourhood (unless ``--skip-viz``).

Results go to ``--out`` (and the raw figures beside it as JSON).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import resource
import select
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent


# --- child steps: each prints one JSON object ----------------------------------------------

def _peaks() -> dict[str, float]:
    # ru_maxrss is in KiB on Linux.
    return {"peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "worker_peak_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}


class _WorkerPeaks:
    """The largest peak RSS (``VmHWM``) of this process's descendants, read from ``/proc``
    every 0.1 s while a build runs: its workers are forked by a fork server, so they are
    not this process's children and ``RUSAGE_CHILDREN`` never sees them."""

    def __init__(self):
        import threading
        self.peak_kib = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    def _watch(self) -> None:
        while not self._stop.wait(0.1):
            for pid in _descendants(os.getpid()):
                try:
                    status = Path(f"/proc/{pid}/status").read_text()
                except OSError:
                    continue  # it ended meanwhile
                for line in status.splitlines():
                    if line.startswith("VmHWM:"):
                        self.peak_kib = max(self.peak_kib, int(line.split()[1]))


def _descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [root]
    while todo:
        found += (kids := children.get(todo.pop(), []))
        todo += kids
    return found


def step_build(corpus: str, store: str, jobs: int) -> dict:
    import kg
    with _WorkerPeaks() as workers:
        start, cpu = time.perf_counter(), time.process_time()
        report = kg.build([corpus], store, jobs=jobs)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    peaks = _peaks()
    peaks["worker_peak_mib"] = max(peaks["worker_peak_mib"], workers.peak_kib / 1024)
    return {"seconds": seconds, "cpu_seconds": cpu, "read": report.articles_read, "written": report.articles_written,
            "unchanged": report.articles_unchanged, "failed": len(report.failures),
            "failures": [str(f) for f in report.failures[:5]], **peaks}


def step_export(store: str, out: str, formats: tuple[str, ...] = ("turtle", "nquads")) -> dict:
    import kg
    result: dict = {}
    with kg.open_store(store) as s:
        for fmt, suffix in (("turtle", "ttl"), ("nquads", "nq")):
            if fmt not in formats:
                continue
            target = Path(out) / f"graph.{suffix}"
            start = time.perf_counter()
            s.export(fmt, target)
            result[fmt] = {"seconds": time.perf_counter() - start, "bytes": target.stat().st_size}
    return {**result, **_peaks()}


def step_viz(store: str, out: str, focus: str | None) -> dict:
    import kg
    from kg.viz import to_html
    with kg.open_store(store) as s:
        start = time.perf_counter()
        graph = kg.to_networkx(s)
        to_nx = time.perf_counter() - start
        start = time.perf_counter()
        page = to_html(graph)
        render = time.perf_counter() - start
        Path(out, "graph.html").write_text(page, encoding="utf-8")
        result = {"nodes": graph.number_of_nodes(), "edges": graph.number_of_edges(),
                  "to_networkx_seconds": to_nx, "to_html_seconds": render,
                  "bytes": len(page.encode("utf-8"))}
        if focus:
            start = time.perf_counter()
            stats = kg.write_html(s, Path(out, "focus.html"), focus=focus, depth=2)
            result["focus"] = {"label": focus, "seconds": time.perf_counter() - start,
                               "nodes": stats.nodes, "bytes": stats.bytes}
    return {**result, **_peaks()}


def step_jieba(corpus: str) -> dict:
    """Plain ``jieba.lcut`` over the same texts: the floor every Chinese pipeline stands on.
    The dictionary is loaded first and timed apart."""
    import jieba
    texts = [p.read_text(encoding="utf-8") for p in sorted(Path(corpus).glob("*.txt"))]
    start = time.perf_counter()
    jieba.initialize()
    load = time.perf_counter() - start
    start, cpu = time.perf_counter(), time.process_time()
    words = sum(len(jieba.lcut(text)) for text in texts)
    return {"seconds": time.perf_counter() - start, "cpu_seconds": time.process_time() - cpu,
            "dictionary_seconds": load, "words": words,
            **_peaks()}


def _query_params(store) -> dict:
    """Parameters for the named queries: the district with most units under it, and the
    town with most facts about it."""
    rows = store.query(_BUSIEST % "District")
    district = next(iter(rows), None)
    rows = store.query(_BUSIEST % "Town")
    town = next(iter(rows), None)
    district = district["label"].value if district else "-"
    town = town["label"].value if town else "-"
    # evidence needs a pair the graph states: the town and the unit it is part of.
    import pyoxigraph as ox
    rows = store.query(_PARENT, bindings={"given": ox.Literal(town, language="zh")})
    parent = next(iter(rows), None)
    parent = parent["label"].value if parent else district
    # projects-in-unit: the district with most projects under it (the one with most units
    # may have none, and an empty answer measures little).
    rows = store.query(_MOST_PROJECTS)
    projects = next(iter(rows), None)
    projects = projects["label"].value if projects else district
    return {"unit": district, "entity": town, "subject": town, "object": parent,
            "per_query": {"projects-in-unit": {"unit": projects}}}


def _typical_params(store) -> dict:
    """Parameters of a typical unit, beside the busiest ones of :func:`_query_params`: the
    district and the town in the middle of their kind by the number of units under them
    (the evidence query gets the town and its parent). Read from the quads in Python: the
    same in SPARQL takes minutes on 10,000 articles."""
    import collections

    import pyoxigraph as ox

    from kg.rdf import ONT, RDF, RDFS
    db = store.db
    children = collections.defaultdict(set)
    parent = {}
    for q in db.quads_for_pattern(None, ox.NamedNode(ONT + "partOf"), None, None):
        children[q.object].add(q.subject)
        parent.setdefault(q.subject, q.object)

    def under(node) -> int:
        seen, todo = set(), [node]
        while todo:
            for child in children.get(todo.pop(), ()):
                if child not in seen:
                    seen.add(child)
                    todo.append(child)
        return len(seen)

    def median(kind: str):
        nodes = sorted({q.subject for q in db.quads_for_pattern(
            None, ox.NamedNode(RDF + "type"), ox.NamedNode(ONT + kind), None)},
            key=lambda n: (under(n), n.value))
        return nodes[len(nodes) // 2] if nodes else None

    def label(node) -> str:
        if node is None:
            return "-"
        return min(q.object.value for q in db.quads_for_pattern(
            node, ox.NamedNode(RDFS + "label"), None, None))

    district, town = median("District"), median("Town")
    return {"unit": label(district), "entity": label(town), "subject": label(town),
            "object": label(parent.get(town)), "per_query": {}}


def _given(params: dict, query_name: str, param: str) -> str:
    """The value of ``param`` for the named query: its own choice, or the shared one."""
    return params["per_query"].get(query_name, {}).get(param) or params.get(param, params["entity"])


_BUSIEST = """PREFIX lgkg: <https://w3id.org/lgkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?label (COUNT(DISTINCT ?below) AS ?n) WHERE {
  ?unit a lgkg:%s ; rdfs:label ?label . ?below lgkg:partOf ?unit
} GROUP BY ?label ORDER BY DESC(?n) ?label LIMIT 1"""


_MOST_PROJECTS = """PREFIX lgkg: <https://w3id.org/lgkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?label (COUNT(DISTINCT ?project) AS ?n) WHERE {
  ?project a lgkg:Project ; (lgkg:locatedIn|lgkg:partOf)+ ?unit .
  ?unit a lgkg:District ; rdfs:label ?label
} GROUP BY ?label ORDER BY DESC(?n) ?label LIMIT 1"""

_PARENT = """PREFIX lgkg: <https://w3id.org/lgkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?label ?given WHERE { ?town rdfs:label ?given ; lgkg:partOf ?parent . ?parent rdfs:label ?label }
ORDER BY ?label LIMIT 1"""


def step_queries(store: str, runs: int = 5) -> dict:
    """Each named query's median time on the store (Oxigraph), with its row count."""
    import statistics

    import kg
    from kg import query
    result = {}

    def median(s, name: str, given: dict) -> tuple[float, int]:
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            rows = query.run_named(s, name, given)
            times.append(time.perf_counter() - start)
        return statistics.median(times), len(rows.rows)

    with kg.open_store(store) as s:
        params, typical = _query_params(s), _typical_params(s)
        for q in query.list_queries():
            given = {p.name: _given(params, q.name, p.name) for p in q.params}
            seconds, rows = median(s, q.name, given)
            result[q.name] = {"median_seconds": seconds, "rows": rows, "params": given}
            if q.params:
                given = {p.name: _given(typical, q.name, p.name) for p in q.params}
                seconds, rows = median(s, q.name, given)
                result[q.name]["typical"] = {"median_seconds": seconds, "rows": rows,
                                             "params": given}
    return {"queries": result, "params": params, "typical_params": typical, **_peaks()}


def step_rdflib(store: str, params: dict) -> None:
    """The same named queries on rdflib's in-memory graph of the same data (default graph
    the union of all graphs, as in Oxigraph): one JSON line per query as it finishes, so
    the parent can stop waiting after its budget."""
    import pyoxigraph
    import rdflib

    import kg
    from kg import query
    start = time.perf_counter()
    with kg.open_store(store) as s:
        dataset = rdflib.Dataset(default_union=True)
        dataset.parse(data=s.serialize("nquads"), format="nquads")
    print(json.dumps({"load_seconds": time.perf_counter() - start, **_peaks()}), flush=True)
    for q in query.list_queries():
        bindings = {}
        for p in q.params:
            name = _given(params, q.name, p.name)
            nodes = sorted({str(n) for n in dataset.subjects(rdflib.RDFS.label,
                                                             rdflib.Literal(name, lang="zh"))})
            bindings[p.name] = pyoxigraph.NamedNode(nodes[0] if nodes else "urn:none")
        # As kg.query binds them (a VALUES block in the innermost WHERE): rdflib's
        # initBindings do not reach a nested query, whose rows would then be lost.
        text = query.with_values(q.text, bindings) if bindings else q.text
        start = time.perf_counter()
        try:
            rows = len(list(dataset.query(text)))
        except Exception as exc:  # rdflib's own limits (e.g. ORDER BY over unbound values)
            print(json.dumps({"query": q.name, "error": f"{type(exc).__name__}: {exc}"}),
                  flush=True)
            continue
        print(json.dumps({"query": q.name, "seconds": time.perf_counter() - start,
                          "rows": rows}), flush=True)


# Every article of these sets once: text that never repeats, unlike the benchmark corpus,
# whose real-style half reuses 38 fixtures and whose other half reuses sentence templates.
DISTINCT_SETS = ("tests/fixtures/realstyle", "tests/fixtures/unseen", "tests/fixtures/heldout",
                 "tests/fixtures/articles", "seeds")


def step_distinct(warm_corpus: str, store: str) -> dict:
    """``kg.build --jobs 1`` against ``jieba.lcut`` on text that never repeats (CPU seconds of
    this process, so a loaded machine moves both alike). The extractor first builds a
    different corpus, so its tables are warm and none of its per-text caches holds these."""
    import jieba

    import kg
    from kg.corpus import read_paths
    paths = [str(HERE.parent / p) for p in DISTINCT_SETS]
    # Into new stores: a store left by an earlier run of the same extractor holds every
    # article already, and the build would only check hashes.
    for old in (store, store + "-warm"):
        shutil.rmtree(old, ignore_errors=True)
    kg.build([warm_corpus], store + "-warm", jobs=1)
    texts = [a.text for a in read_paths(paths)]
    jieba.initialize()
    start = time.process_time()
    for text in texts:
        jieba.lcut(text)
    jieba_cpu = time.process_time() - start
    start = time.process_time()
    report = kg.build(paths, store, jobs=1)
    build_cpu = time.process_time() - start
    return {"articles": report.articles_read, "written": report.articles_written,
            "characters": sum(map(len, texts)),
            "jieba_cpu_seconds": jieba_cpu, "build_cpu_seconds": build_cpu,
            "vs_jieba": build_cpu / jieba_cpu, "failed": len(report.failures)}


STEPS = {"build": step_build, "export": step_export, "viz": step_viz, "jieba": step_jieba,
         "queries": step_queries, "distinct": step_distinct}


def child(step: str, src: Path, **kwargs) -> dict:
    """Run one step in a fresh interpreter on the code snapshot ``src``; what it measured."""
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, __file__, "--child", step, json.dumps(kwargs)],
                          capture_output=True, text=True, cwd=HERE.parent, env=_env(src))
    if proc.returncode != 0:
        raise SystemExit(f"step {step} failed:\n{proc.stderr[-4000:]}")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result["wall_seconds"] = time.perf_counter() - start
    return result


def cold_build(src: Path, corpus: Path, store: Path, runs: int = 3) -> dict:
    """``kg build`` of ``corpus`` as a user runs it: a new process, into a new store, with the
    warm-up cache (``~/.cache/lgkg``) that the builds before filled. Wall and CPU time, the
    best of ``runs``: on a shared machine the best run is the least disturbed one."""
    walls, cpus = [], []
    for _ in range(runs):
        shutil.rmtree(store, ignore_errors=True)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "kg", "build", str(corpus), "--store", str(store)],
                              capture_output=True, text=True, cwd=src, env=_env(src))
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        if proc.returncode != 0:
            raise SystemExit(f"kg build {corpus} failed:\n{proc.stdout}{proc.stderr[-4000:]}")
    return {"wall_seconds": min(walls), "cpu_seconds": min(cpus), "runs": runs,
            "summary": proc.stdout.strip()}


def rdflib_queries(src: Path, store: Path, params: dict, budget: float) -> dict:
    """:func:`step_rdflib` in a child, stopped after ``budget`` seconds: what it finished."""
    child = subprocess.Popen([sys.executable, __file__, "--rdflib", str(store), json.dumps(params)],
                             stdout=subprocess.PIPE, text=True, cwd=HERE.parent, env=_env(src))
    found: dict = {"queries": {}, "budget_seconds": budget}
    deadline = time.monotonic() + budget
    try:
        while time.monotonic() < deadline:
            ready = select.select([child.stdout], [], [], max(0.0, deadline - time.monotonic()))[0]
            if not ready:
                break
            line = child.stdout.readline()
            if not line:
                break
            item = json.loads(line)
            if "query" in item:
                found["queries"][item["query"]] = item
            else:
                found.update(item)
    finally:
        child.kill()
        child.wait()
    return found


# --- the run ------------------------------------------------------------------------------

def dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _env(src: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(src)}


def snapshot(workdir: Path) -> tuple[Path, str]:
    """A copy of the kg package, so every step measures the same code even if the work
    tree changes during the run (a changed extractor would also defeat the unchanged
    rebuild, whose content hashes include the extractor's sources)."""
    src = workdir / "src"
    shutil.rmtree(src, ignore_errors=True)
    shutil.copytree(HERE.parent / "kg", src / "kg", ignore=shutil.ignore_patterns("__pycache__"))
    # Bytecode as an installed package has it: with PYTHONDONTWRITEBYTECODE set, every cold
    # process would otherwise compile the sources again (0.1 s of the one-article build).
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(src / "kg")], check=True)
    proc = subprocess.run(["git", "describe", "--always", "--dirty"], capture_output=True,
                          text=True, cwd=HERE.parent)
    return src, proc.stdout.strip() or "unknown"


def run(args: argparse.Namespace, workdir: Path) -> dict:
    sys.path.insert(0, str(HERE))
    from corpus import write_corpus

    jobs = args.jobs
    load_before = os.getloadavg()[1]
    src, version = snapshot(workdir)
    corpus = workdir / "corpus"
    start = time.perf_counter()
    files, chars = write_corpus(corpus, args.articles, seed=args.seed, realstyle=args.realstyle)
    results: dict = {"code": version,
                     "corpus": {"articles": files, "characters": chars, "seed": args.seed,
                                "realstyle": args.realstyle,
                                "seconds": time.perf_counter() - start}, "builds": {}}
    # Rounds of jieba and the builds, alternating: a shared machine's speed drifts by a fifth
    # or more between runs, so each ratio is taken within a round and the medians reported.
    rounds: list[dict] = []
    for _ in range(args.repeat):
        this: dict = {"jieba": child("jieba", src, corpus=str(corpus)), "builds": {}}
        for j in jobs:
            store = workdir / f"store-j{j}"
            shutil.rmtree(store, ignore_errors=True)
            this["builds"][j] = child("build", src, corpus=str(corpus), store=str(store), jobs=j)
        rounds.append(this)
    results["jieba"] = _median_run([r["jieba"] for r in rounds])
    for j in jobs:
        store = workdir / f"store-j{j}"
        runs = [r["builds"][j] for r in rounds]
        build = _median_run(runs)  # its store on disk is the last round's
        build["peak_mib"] = max(b["peak_mib"] for b in runs)
        build["worker_peak_mib"] = max(b["worker_peak_mib"] for b in runs)
        build["store_bytes"] = dir_size(store)
        build["bytes_per_char"] = build["store_bytes"] / chars
        build["articles_per_s"] = build["read"] / build["seconds"]
        build["chars_per_s"] = chars / build["seconds"]
        build["vs_jieba_runs"] = [r["builds"][j]["seconds"] / r["jieba"]["seconds"] for r in rounds]
        build["vs_jieba"] = statistics.median(build["vs_jieba_runs"])
        build["vs_first_runs"] = [r["builds"][j]["seconds"] / r["builds"][jobs[0]]["seconds"]
                                  for r in rounds]
        build["vs_first"] = statistics.median(build["vs_first_runs"])
        results["builds"][j] = build
        out = workdir / f"export-j{j}"
        out.mkdir(exist_ok=True)
        formats = ("turtle", "nquads") if j == jobs[0] else ("nquads",)
        results["builds"][j]["export"] = child("export", src, store=str(store), out=str(out),
                                               formats=formats)
    first = workdir / f"store-j{jobs[0]}"
    digests = {_digest_without_build_times(workdir / f"export-j{j}" / "graph.nq") for j in jobs}
    results["identical_stores"] = len(digests) == 1
    results["distinct"] = child("distinct", src, warm_corpus=str(corpus),
                                store=str(workdir / "store-distinct"))
    results["rebuild_unchanged"] = child("build", src, corpus=str(corpus), store=str(first),
                                         jobs=jobs[0])
    changed = sorted(corpus.glob("*.txt"))[0]
    one = workdir / "one"
    one.mkdir(exist_ok=True)
    shutil.copy(changed, one / changed.name)
    # A sentence more inside the article (appended after a blank line it could start another).
    changed.write_text(changed.read_text(encoding="utf-8").replace("。", "。该镇新建文化广场一处。", 1),
                       encoding="utf-8")
    results["rebuild_one_changed"] = child("build", src, corpus=str(corpus), store=str(first),
                                           jobs=jobs[0])
    results["cold_one_article"] = cold_build(src, one, workdir / "store-one")
    results["queries"] = child("queries", src, store=str(first))
    if args.rdflib_budget > 0:
        results["rdflib"] = rdflib_queries(src, first, results["queries"]["params"],
                                           args.rdflib_budget)
    results["load"] = (load_before, os.getloadavg()[1])
    if not args.skip_viz:
        out = workdir / "viz"
        out.mkdir(exist_ok=True)
        results["viz"] = child("viz", src, store=str(first), out=str(out),
                               focus=_a_town(first, src))
    return results


def _median_run(runs: list[dict]) -> dict:
    """The run with the median wall time (of an even number, the faster of the middle
    two), with every run's seconds."""
    ordered = sorted(runs, key=lambda r: r["seconds"])
    middle = ordered[(len(ordered) - 1) // 2]
    return {**middle, "runs": [r["seconds"] for r in runs]}


def _spread(values: list[float], fmt: str) -> str:
    """`` (a–b over n rounds)`` when there was more than one round."""
    if len(values) < 2:
        return ""
    return f" ({format(min(values), fmt)}–{format(max(values), fmt)} over {len(values)} rounds)"


def _digest_without_build_times(nquads: Path) -> str:
    """SHA-256 of a dump less each graph's prov:generatedAtTime, which records when it was
    built. Streamed: a child's peak memory counts the parent's pages it was forked from."""
    digest = hashlib.sha256()
    with nquads.open("rb") as lines:
        for line in lines:
            if b"<http://www.w3.org/ns/prov#generatedAtTime>" not in line:
                digest.update(line)
    return digest.hexdigest()


def _a_town(store: Path, src: Path) -> str | None:
    """The label of the town with most facts, for the neighbourhood view."""
    code = ("import kg, json\n"
            "with kg.open_store(%r) as s:\n"
            "    g = kg.to_networkx(s)\n"
            "towns = [n for n, d in g.nodes(data=True) if d['kind'] == 'Town']\n"
            "best = max(towns, key=g.degree, default=None)\n"
            "print(json.dumps(best and g.nodes[best]['label']))\n") % str(store)
    # -c puts the working directory first on sys.path: run it where only the snapshot is.
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          env=_env(src), cwd=src)
    return json.loads(proc.stdout)


def _mib(n: float) -> str:
    return f"{n / 2**20:.1f} MiB"


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms" if seconds < 10 else f"{seconds:,.1f} s"


def report(results: dict, args: argparse.Namespace) -> str:
    c = results["corpus"]
    builds = results["builds"]
    j1, jn = builds[args.jobs[0]], builds[args.jobs[-1]]
    jieba_s = results["jieba"]["seconds"]
    loaded = max(results["load"]) > (os.cpu_count() or 1)
    lines = [
        "# lgkg benchmark",
        "",
        f"Run {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC on {platform.machine()}, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}, {platform.system()} "
        f"{platform.release()}, code `{results['code']}`. Command: `python bench/run.py "
        f"--articles {args.articles} --jobs {' '.join(map(str, args.jobs))} --seed {args.seed} "
        f"--repeat {args.repeat} "
        f"--realstyle {args.realstyle}`. Load average (5 min) {results['load'][0]:.1f} at the "
        f"start, {results['load'][1]:.1f} after the queries"
        + (": **a loaded machine** (other work shared the CPUs), so absolute times are long; "
           "the ratios below are measured within this one run." if loaded else "."),
        "",
        f"Corpus: {c['articles']:,} articles (`bench/corpus.py`, seed {c['seed']}): a share "
        f"{c['realstyle']:.0%} are the real-style fixtures (`tests/fixtures/realstyle`) with their "
        f"towns, villages and communities renamed per copy, the rest invented county-news reports; "
        f"{c['characters']:,} characters.",
        "",
        "## The figures of issue 11",
        "",
        "| step | measured | target |",
        "| --- | ---: | ---: |",
        f"| `jieba.lcut` over the same text (dictionary loaded beforehand) | {_ms(jieba_s)}"
        f"{_spread(results['jieba']['runs'], '.2f')} | — |",
        f"| build `--jobs {args.jobs[0]}` vs `jieba.lcut` (ratio within each round, median) | "
        f"{_ms(j1['seconds'])} = **{j1['vs_jieba']:.1f}×**{_spread(j1['vs_jieba_runs'], '.1f')} "
        f"({j1['chars_per_s']:,.0f} chars/s); CPU "
        f"{j1['cpu_seconds'] / results['jieba']['cpu_seconds']:.1f}× | ≤ 3× |",
    ]
    d = results["distinct"]
    lines.append(f"| the same on text that never repeats ({d['articles']} fixture articles, "
                 f"{d['characters']:,} characters; CPU) | {_ms(d['build_cpu_seconds'])} vs "
                 f"{_ms(d['jieba_cpu_seconds'])} = **{d['vs_jieba']:.1f}×** | ≤ 3× |")
    if len(builds) > 1:
        lines.append(f"| build `--jobs {args.jobs[-1]}` | {_ms(jn['seconds'])} = "
                     f"**{jn['vs_first']:.2f}×**{_spread(jn['vs_first_runs'], '.2f')} the "
                     f"`--jobs {args.jobs[0]}` time | ≤ 0.6× |")
    r, one = results["rebuild_unchanged"], results["rebuild_one_changed"]
    cold = results["cold_one_article"]
    lines += [
        f"| one-article build, cold process (`kg build`, best of {cold['runs']}, interpreter "
        f"start and exit included) | {_ms(cold['wall_seconds'])} wall, "
        f"{_ms(cold['cpu_seconds'])} CPU | ≤ 1 s |",
        f"| unchanged rebuild | {_ms(r['seconds'])} = {r['seconds'] / j1['seconds']:.1%} of the "
        f"full build | ≤ 5 % |",
        f"| rebuild with one article changed | {_ms(one['seconds'])} "
        f"({one['written']} written, {one['unchanged']} unchanged) | — |",
        f"| store on disk | {_mib(j1['store_bytes'])} = **{j1['bytes_per_char']:.0f} bytes per "
        f"input character** | ≤ 100 |",
        f"| peak RSS, build | main {max(b['peak_mib'] for b in builds.values()):.0f} MiB, largest "
        f"worker {max(b['worker_peak_mib'] for b in builds.values()):.0f} MiB | ≤ 600 MB |",
        "",
        "## Build",
        "",
        "| jobs | seconds | articles/s | chars/s | written | failed | store size | bytes/char | "
        "peak RSS (main) | peak RSS (largest worker) |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for j, b in builds.items():
        lines.append(f"| {j} | {b['seconds']:.1f} | {b['articles_per_s']:.1f} | "
                     f"{b['chars_per_s']:,.0f} | {b['written']} | {b['failed']} | "
                     f"{_mib(b['store_bytes'])} | {b['bytes_per_char']:.0f} | "
                     f"{b['peak_mib']:.0f} MiB | {b['worker_peak_mib']:.0f} MiB |")
    lines += [
        "",
        f"Stores built with different `--jobs` are identical (N-Quads byte for byte, less "
        f"each graph's `prov:generatedAtTime`): "
        f"**{'yes' if results['identical_stores'] else 'NO'}**.",
        "",
        "## Named queries",
        "",
        f"Median of 5 runs on the `--jobs {args.jobs[0]}` store (parameters: unit "
        f"{results['queries']['params']['unit']}, entity {results['queries']['params']['entity']}, "
        f"evidence of it and {results['queries']['params']['object']}, projects in "
        f"{results['queries']['params']['per_query']['projects-in-unit']['unit']}); "
        "rdflib: one run of the same query on an rdflib `Dataset(default_union=True)` of the "
        "same quads"
        + (f" (loaded in {results['rdflib']['load_seconds']:.1f} s; queries not finished within "
           f"the {results['rdflib']['budget_seconds']:.0f} s budget are marked —)"
           if "rdflib" in results and "load_seconds" in results["rdflib"] else "") + ".",
        "",
        *([f"Queries with a parameter are timed twice: with the busiest units above, and with "
           f"a typical one (rows and Oxigraph time in the last two columns): the district and "
           f"the town in the middle of their kind by the units under them, "
           f"{results['queries']['typical_params']['unit']} and "
           f"{results['queries']['typical_params']['entity']} (evidence of it and "
           f"{results['queries']['typical_params']['object']}).", ""]
          if "typical_params" in results["queries"] else []),
        "| query | rows | Oxigraph | rdflib | rdflib / Oxigraph | rows, typical unit | "
        "Oxigraph, typical unit |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    theirs = results.get("rdflib", {}).get("queries", {})
    failed = {}
    for name, q in results["queries"]["queries"].items():
        other = theirs.get(name)
        if other and "error" in other:
            failed[name] = other["error"]
            other = None
        ratio = f"{other['seconds'] / q['median_seconds']:.0f}×" if other else "—"
        mark = "failed (below)" if name in failed else "—"
        # Different row counts would make the ratio meaningless: they are shown.
        theirs_cell = (_ms(other["seconds"]) + (f" ({other['rows']} rows)"
                                                 if other["rows"] != q["rows"] else "")
                       if other else mark)
        typical = q.get("typical")
        lines.append(f"| {name} | {q['rows']} | {_ms(q['median_seconds'])} | {theirs_cell} | "
                     f"{ratio} | {typical['rows'] if typical else '—'} | "
                     f"{_ms(typical['median_seconds']) if typical else '—'} |")
    if failed:
        lines += ["", "rdflib could not run:", "",
                  *[f"- {name}: `{error[:200]}`" for name, error in failed.items()]]
    lines += ["", "## Export", "", "| jobs | format | seconds | size |", "| ---: | --- | ---: | ---: |"]
    for j, b in builds.items():
        for fmt, e in b["export"].items():
            if isinstance(e, dict):
                lines.append(f"| {j} | {fmt} | {e['seconds']:.2f} | {_mib(e['bytes'])} |")
    if "viz" in results:
        v = results["viz"]
        lines += [
            "",
            "## Graph page",
            "",
            f"Whole graph: {v['nodes']:,} nodes, {v['edges']:,} edges. `to_networkx` "
            f"{v['to_networkx_seconds']:.2f} s, layout and page {v['to_html_seconds']:.2f} s, "
            f"page {_mib(v['bytes'])}; peak RSS {v['peak_mib']:.0f} MiB.",
        ]
        if "focus" in v:
            f = v["focus"]
            lines.append(f"Neighbourhood of {f['label']} (depth 2): {f['nodes']} nodes, "
                         f"{_mib(f['bytes'])}, {f['seconds']:.2f} s including `to_networkx`.")
    failures = [f for b in builds.values() for f in b["failures"]]
    if failures:
        lines += ["", "First failures:", "", *[f"- `{f}`" for f in failures[:5]]]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3,
                        help="rounds of jieba and the builds, alternating (medians reported)")
    parser.add_argument("--workdir", type=Path, help="keep corpus, stores and pages here")
    parser.add_argument("--out", type=Path, default=HERE / "results.md")
    parser.add_argument("--realstyle", type=float, default=0.5,
                        help="share of real-style articles in the corpus (bench/corpus.py)")
    parser.add_argument("--rdflib-budget", type=float, default=600,
                        help="seconds the rdflib comparison may take (0: skip it)")
    parser.add_argument("--skip-viz", action="store_true", help="leave out the page step")
    parser.add_argument("--child", nargs=2, metavar=("STEP", "JSON"), help=argparse.SUPPRESS)
    parser.add_argument("--rdflib", nargs=2, metavar=("STORE", "JSON"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    if args.child:
        step, kwargs = args.child
        print(json.dumps(STEPS[step](**json.loads(kwargs))))
        return 0
    if args.rdflib:
        step_rdflib(args.rdflib[0], json.loads(args.rdflib[1]))
        return 0
    if args.workdir:
        args.workdir.mkdir(parents=True, exist_ok=True)
        results = run(args, args.workdir)
    else:
        with tempfile.TemporaryDirectory(prefix="lgkg-bench-") as tmp:
            results = run(args, Path(tmp))
    args.out.write_text(report(results, args), encoding="utf-8")
    args.out.with_suffix(".json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n",
                                             encoding="utf-8")
    print(args.out.read_text(encoding="utf-8"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
