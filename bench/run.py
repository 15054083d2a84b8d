"""Benchmark: build speed, store size, export and page times on an invented corpus.

    python bench/run.py [--articles 3000] [--jobs 1 2] [--workdir DIR] [--out bench/results.md]

Steps, each measured in a fresh child process so every figure has its own peak memory
(the child's own ``ru_maxrss``, and the largest of its worker processes):

1. write the corpus (``bench/corpus.py``, seeded: the same files every run);
2. ``kg.build`` once per ``--jobs`` value, each into a fresh store, and check that the
   stores are identical (N-Quads exports compared byte for byte, build times aside);
3. an unchanged rebuild (every article skipped by its content hash);
4. exports to Turtle and N-Quads;
5. ``kg.to_networkx`` and ``kg.write_html`` of the whole graph (the default corpus gives
   5,000+ nodes), and of one town's neighbourhood.

Results go to ``bench/results.md`` (and the raw figures to ``bench/results.json``).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import resource
import shutil
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


def step_build(corpus: str, store: str, jobs: int) -> dict:
    import kg
    start = time.perf_counter()
    report = kg.build([corpus], store, jobs=jobs)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "read": report.articles_read, "written": report.articles_written,
            "unchanged": report.articles_unchanged, "failed": len(report.failures),
            "failures": [str(f) for f in report.failures[:5]], **_peaks()}


def step_export(store: str, out: str) -> dict:
    import kg
    result: dict = {}
    with kg.open_store(store) as s:
        for fmt, suffix in (("turtle", "ttl"), ("nquads", "nq")):
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


STEPS = {"build": step_build, "export": step_export, "viz": step_viz}


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
    proc = subprocess.run(["git", "describe", "--always", "--dirty"], capture_output=True,
                          text=True, cwd=HERE.parent)
    return src, proc.stdout.strip() or "unknown"


def run(articles: int, jobs: list[int], workdir: Path, seed: int) -> dict:
    sys.path.insert(0, str(HERE))
    from corpus import write_corpus

    load_before = os.getloadavg()[1]
    src, version = snapshot(workdir)
    corpus = workdir / "corpus"
    start = time.perf_counter()
    files, chars = write_corpus(corpus, articles, seed=seed)
    results: dict = {"code": version,
                     "corpus": {"articles": files, "characters": chars, "seed": seed,
                                "seconds": time.perf_counter() - start}, "builds": {}}
    for j in jobs:
        store = workdir / f"store-j{j}"
        shutil.rmtree(store, ignore_errors=True)
        build = child("build", src, corpus=str(corpus), store=str(store), jobs=j)
        build["store_bytes"] = dir_size(store)
        build["articles_per_s"] = build["read"] / build["seconds"]
        build["chars_per_s"] = chars / build["seconds"]
        results["builds"][j] = build
        out = workdir / f"export-j{j}"
        out.mkdir(exist_ok=True)
        results["builds"][j]["export"] = child("export", src, store=str(store), out=str(out))
    first = workdir / f"store-j{jobs[0]}"
    digests = {_digest_without_build_times(workdir / f"export-j{j}" / "graph.nq") for j in jobs}
    results["identical_stores"] = len(digests) == 1
    results["rebuild_unchanged"] = child("build", src, corpus=str(corpus), store=str(first), jobs=jobs[0])
    out = workdir / "viz"
    out.mkdir(exist_ok=True)
    results["load"] = (load_before, os.getloadavg()[1])
    results["viz"] = child("viz", src, store=str(first), out=str(out), focus=_a_town(first, src))
    return results


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


def report(results: dict, args: argparse.Namespace) -> str:
    c = results["corpus"]
    lines = [
        "# lgkg benchmark",
        "",
        f"Run {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC on {platform.machine()}, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}, {platform.system()} "
        f"{platform.release()}, code `{results['code']}`. Command: `python bench/run.py "
        f"--articles {args.articles} --jobs {' '.join(map(str, args.jobs))} --seed {args.seed}`. "
        f"Load average (5 min) {results['load'][0]:.1f} at the start, {results['load'][1]:.1f} before "
        "the page step: above the CPU count, other work shared the machine and times are longer.",
        "",
        f"Corpus: {c['articles']} invented articles (`bench/corpus.py`, seed {c['seed']}), "
        f"{c['characters']:,} characters, written in {c['seconds']:.1f} s.",
        "",
        "## Build",
        "",
        "| jobs | seconds | articles/s | chars/s | written | failed | store size | peak RSS (main) | peak RSS (largest worker) |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for j, b in results["builds"].items():
        lines.append(f"| {j} | {b['seconds']:.1f} | {b['articles_per_s']:.1f} | {b['chars_per_s']:,.0f} | "
                     f"{b['written']} | {b['failed']} | {_mib(b['store_bytes'])} | {b['peak_mib']:.0f} MiB | "
                     f"{b['worker_peak_mib']:.0f} MiB |")
    r = results["rebuild_unchanged"]
    lines += [
        "",
        f"Stores built with different `--jobs` are identical (N-Quads byte for byte, less "
        f"each graph's `prov:generatedAtTime`): "
        f"**{'yes' if results['identical_stores'] else 'NO'}**.",
        f"Unchanged rebuild: {r['unchanged']} of {r['read']} articles skipped in {r['seconds']:.1f} s.",
        "",
        "## Export",
        "",
        "| jobs | format | seconds | size |",
        "| ---: | --- | ---: | ---: |",
    ]
    for j, b in results["builds"].items():
        for fmt in ("turtle", "nquads"):
            e = b["export"][fmt]
            lines.append(f"| {j} | {fmt} | {e['seconds']:.2f} | {_mib(e['bytes'])} |")
    v = results["viz"]
    lines += [
        "",
        "## Graph page",
        "",
        f"Whole graph: {v['nodes']:,} nodes, {v['edges']:,} edges. `to_networkx` "
        f"{v['to_networkx_seconds']:.2f} s, layout and page {v['to_html_seconds']:.2f} s, "
        f"page {_mib(v['bytes'])} (vis-network inlined: about 0.7 MiB of it); peak RSS "
        f"{v['peak_mib']:.0f} MiB.",
    ]
    if "focus" in v:
        f = v["focus"]
        lines.append(f"Neighbourhood of {f['label']} (depth 2): {f['nodes']} nodes, "
                     f"{_mib(f['bytes'])}, {f['seconds']:.2f} s including `to_networkx`.")
    failures = [f for b in results["builds"].values() for f in b["failures"]]
    if failures:
        lines += ["", "First failures:", "", *[f"- `{f}`" for f in failures[:5]]]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", type=Path, help="keep corpus, stores and pages here")
    parser.add_argument("--out", type=Path, default=HERE / "results.md")
    parser.add_argument("--child", nargs=2, metavar=("STEP", "JSON"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        step, kwargs = args.child
        print(json.dumps(STEPS[step](**json.loads(kwargs))))
        return 0
    if args.workdir:
        args.workdir.mkdir(parents=True, exist_ok=True)
        results = run(args.articles, args.jobs, args.workdir, args.seed)
    else:
        with tempfile.TemporaryDirectory(prefix="lgkg-bench-") as tmp:
            results = run(args.articles, args.jobs, Path(tmp), args.seed)
    args.out.write_text(report(results, args), encoding="utf-8")
    args.out.with_suffix(".json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n",
                                             encoding="utf-8")
    print(args.out.read_text(encoding="utf-8"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
