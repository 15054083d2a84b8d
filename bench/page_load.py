"""How fast the graph page opens in headless Chromium: the demo graph and invented corpora.

    python bench/page_load.py [--articles 1000 1500] [--runs 3] [-o bench/page_load.md]

Builds the graph of seeds/ and of ``bench/corpus.py`` corpora of each size, writes their
pages, and opens each ``--runs`` times in a fresh browser context with the network cut.
Reports, as the median over the runs: *ready*, milliseconds from navigation start until the
first view is drawn and the page answers (``body[data-ready]``); *search*, milliseconds for
the search box to open a name's panel (a neighbourhood view when the name is not drawn);
*whole graph*, milliseconds to draw every node after pressing "Whole graph".
"""
from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from screenshot import CHROMIUM, CHROMIUM_ARGS, ROOT, build, write_page

MEASURE_SEARCH = """async name => {
  const t = performance.now();
  document.getElementById('search').value = name;
  document.getElementById('search-form').requestSubmit();
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  return performance.now() - t; }"""
MEASURE_WHOLE = """async () => {
  const t = performance.now();
  document.getElementById('show-all').click();
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  return performance.now() - t; }"""


def measure(browser, url: str) -> dict[str, float]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.route("**/*", lambda r: r.continue_() if r.request.url == url else r.abort())
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector("body[data-ready='1']", timeout=120_000)
    out = {"ready": page.evaluate("lgkgGraph.timing.ready"),
           "drawn": page.evaluate("lgkgGraph.nodeView.length")}
    name = page.evaluate("""() => { const d = JSON.parse(document.getElementById('lgkg-data').textContent);
                                    return d.nodes[d.nodes.length - 1].label; }""")
    out["search"] = page.evaluate(MEASURE_SEARCH, name)
    out["whole"] = page.evaluate(MEASURE_WHOLE)
    context.close()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, nargs="*", default=[1000, 1500])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("-o", "--output", type=Path, default=ROOT / "bench" / "page_load.md")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    import kg

    rows = []
    with tempfile.TemporaryDirectory(prefix="lgkg-load-") as tmp_name:
        tmp = Path(tmp_name)
        pages = []
        build(ROOT / "seeds", tmp / "demo")
        pages.append(("demo (seeds/)", tmp / "demo", write_page(tmp / "demo", tmp / "demo.html")))
        for n in args.articles:
            subprocess.run([sys.executable, str(ROOT / "bench" / "corpus.py"), str(tmp / f"c{n}"),
                            "--articles", str(n)], check=True, stdout=subprocess.DEVNULL)
            build(tmp / f"c{n}", tmp / f"s{n}")
            pages.append((f"{n} invented articles", tmp / f"s{n}", write_page(tmp / f"s{n}", tmp / f"p{n}.html")))
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for name, store, url in pages:
                with kg.open_store(store) as opened:
                    graph = kg.to_networkx(opened)
                runs = [measure(browser, url) for _ in range(args.runs)]
                rows.append((name, graph.number_of_nodes(), graph.number_of_edges(),
                             Path(url[len("file://"):]).stat().st_size, runs[0]["drawn"],
                             *(statistics.median(r[k] for r in runs) for k in ("ready", "search", "whole"))))
            browser.close()
    load = os.getloadavg()[1]
    lines = [
        "# Graph page load times",
        "",
        f"Run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {platform.machine()}, "
        f"{os.cpu_count()} CPUs, Chromium `{CHROMIUM}` headless; load average (5 min) {load:.1f}. "
        f"Command: `python bench/page_load.py --articles {' '.join(map(str, args.articles))} --runs {args.runs}`. "
        "Medians of the runs, milliseconds.",
        "",
        "| page | nodes | edges | page size | drawn at open | ready | search → panel | whole graph drawn |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, nodes, edges, size, drawn, ready, search, whole in rows:
        # A page without an overview opens on the whole graph already.
        whole_text = f"{whole:.0f}" if drawn < nodes else "(opens whole)"
        lines.append(f"| {name} | {nodes:,} | {edges:,} | {size / 2**20:.1f} MiB | {drawn} | "
                     f"{ready:.0f} | {search:.0f} | {whole_text} |")
    text = "\n".join(lines) + "\n"
    args.output.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
