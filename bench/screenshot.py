"""Screenshots of the graph page for the docs, taken in headless Chromium with the network cut.

    python bench/screenshot.py --docs
        regenerates the README's three pictures: docs/graph.png (the demo graph of seeds/ as
        it opens), docs/graph-overview.png (1,000 invented articles from bench/corpus.py as
        they open, on the overview) and docs/graph-drilldown.png (that page after a
        double-click on its best-connected town, with the town's panel open)
    python bench/screenshot.py [--store out/store | --page out/graph.html] [-o docs/graph.png]
                               [--select LABEL] [--link LABEL] [--expand]
        one picture: as the page opens, or with ``--select`` found by the page's search box
        (its panel open), ``--link`` opened as a deep link (#focus=LABEL), ``--expand``
        after a double-click on the best-connected town or subdistrict

Every request other than the page is refused and reported. Chinese labels need a CJK font
(Debian: ``fonts-noto-cjk`` or ``fonts-wqy-zenhei``); without one they come out as boxes,
and the script says so.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
DOCS_ARTICLES = 1000


def has_cjk_font() -> bool:
    try:
        out = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True)
    except FileNotFoundError:
        return False
    return bool(out.stdout.strip())


def best_connected_town(page) -> int:
    """The drawn town or subdistrict with the most facts, else the district (an overview of
    many towns stops at districts)."""
    return page.evaluate(
        """() => { const degree = new Map();
                   JSON.parse(document.getElementById('lgkg-data').textContent).edges.forEach(e => {
                     degree.set(e.from, (degree.get(e.from) || 0) + 1);
                     degree.set(e.to, (degree.get(e.to) || 0) + 1); });
                   const drawn = lgkgGraph.nodeView.get();
                   let towns = drawn.filter(n => n.kind === 'Town' || n.kind === 'Subdistrict');
                   if (!towns.length) towns = drawn.filter(n => n.kind === 'District');
                   towns.sort((a, b) => (degree.get(b.id) || 0) - (degree.get(a.id) || 0));
                   return towns[0].id; }""")


def shoot(url: str, out: Path, *, select: str | None = None, expand: bool = False,
          width: int = 1400, height: int = 900) -> list[str]:
    from playwright.sync_api import sync_playwright

    refused: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": width, "height": height},
                                      device_scale_factor=1)

        def route(r):
            if r.request.url == url.split("#")[0]:
                r.continue_()
            else:
                refused.append(r.request.url)
                r.abort()

        context.route("**/*", route)
        page = context.new_page()
        page.goto(url)
        page.wait_for_selector("body[data-ready='1']", timeout=120_000)
        if select:
            page.fill("#search", select)
            page.press("#search", "Enter")
        if expand:
            town = best_connected_town(page)
            box = page.locator("#graph").bounding_box()
            at = page.evaluate("id => { const n = lgkgGraph.network; return n.canvasToDOM(n.getPositions([id])[id]); }",
                               town)
            page.mouse.dblclick(box["x"] + at["x"], box["y"] + at["y"])
        page.wait_for_timeout(400)  # labels are placed shortly after the last view change
        out.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(out))
        browser.close()
    return refused


def build(articles: Path, store: Path) -> None:
    subprocess.run([sys.executable, "-m", "kg", "build", str(articles), "--store", str(store)],
                   check=True, stdout=subprocess.DEVNULL)


def write_page(store: Path, page: Path) -> str:
    import kg

    with kg.open_store(store) as opened:
        kg.write_html(opened, page)
    return page.resolve().as_uri()


def docs(tmp: Path) -> list[tuple[Path, list[str]]]:
    build(ROOT / "seeds", tmp / "demo")
    demo = write_page(tmp / "demo", tmp / "demo.html")
    subprocess.run([sys.executable, str(ROOT / "bench" / "corpus.py"), str(tmp / "corpus"),
                    "--articles", str(DOCS_ARTICLES)], check=True, stdout=subprocess.DEVNULL)
    build(tmp / "corpus", tmp / "big")
    big = write_page(tmp / "big", tmp / "big.html")
    shots = [(ROOT / "docs" / "graph.png", demo, False), (ROOT / "docs" / "graph-overview.png", big, False),
             (ROOT / "docs" / "graph-drilldown.png", big, True)]
    return [(out, shoot(url, out, expand=expand)) for out, url, expand in shots]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", action="store_true", help="regenerate the README's pictures")
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--store", type=Path, default=Path("out/store"))
    source.add_argument("--page", type=Path)
    parser.add_argument("-o", "--output", type=Path, default=Path("docs/graph.png"))
    parser.add_argument("--select", help="find this name with the search box (its panel opens)")
    parser.add_argument("--link", help="open the page as a deep link to this name or IRI")
    parser.add_argument("--expand", action="store_true",
                        help="double-click the best-connected town or subdistrict")
    parser.add_argument("--size", default="1400x900", help="viewport, WIDTHxHEIGHT")
    args = parser.parse_args(argv)
    width, height = (int(v) for v in args.size.split("x"))
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} is missing: install Debian's chromium (`make browser`)", file=sys.stderr)
        return 1
    if not has_cjk_font():
        print("warning: no CJK font installed (apt-get install fonts-noto-cjk); "
              "Chinese labels will show as boxes", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="lgkg-shot-") as tmp:
        if args.docs:
            results = docs(Path(tmp))
        else:
            url = args.page.resolve().as_uri() if args.page else write_page(args.store, Path(tmp) / "graph.html")
            if args.link:
                url += "#focus=" + quote(args.link, safe="")
            results = [(args.output, shoot(url, args.output, select=args.select, expand=args.expand,
                                           width=width, height=height))]
    failed = False
    for out, refused in results:
        if refused:
            print(f"{out}: the page tried to reach {len(refused)} URL(s), refused: {refused[:5]}",
                  file=sys.stderr)
            failed = True
        else:
            print(f"wrote {out}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
