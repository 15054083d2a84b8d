"""A screenshot of the graph page for the docs, taken in headless Chromium with the network cut.

    python bench/screenshot.py [--store out/store | --page out/graph.html] [-o docs/graph.png]
                               [--select LABEL] [--focus LABEL --depth N]

Opens the page (written from ``--store`` into a temporary file unless ``--page`` is
given), waits until the layout is drawn, finds ``--select`` with the page's own search
box (default: the best-connected unit) so the evidence panel is open, and saves the
picture. Every request other than the page is refused and reported. Chinese labels need a
CJK font (Debian: ``fonts-noto-cjk`` or ``fonts-wqy-zenhei``); without one they come out as
boxes, and the script says so.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
_UNITS = ("Province", "City", "District", "Town", "Subdistrict", "Village", "Community")


def has_cjk_font() -> bool:
    try:
        out = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True)
    except FileNotFoundError:
        return False
    return bool(out.stdout.strip())


def best_connected_unit(page) -> str:
    return page.evaluate(
        """units => { const g = lgkgGraph, degree = new Map();
                      g.edges.forEach(e => { degree.set(e.from, (degree.get(e.from) || 0) + 1);
                                             degree.set(e.to, (degree.get(e.to) || 0) + 1); });
                      const nodes = g.nodes.get({filter: n => units.includes(n.kind)});
                      nodes.sort((a, b) => (degree.get(b.id) || 0) - (degree.get(a.id) || 0));
                      return nodes.length ? nodes[0].label : ""; }""", list(_UNITS))


def shoot(url: str, out: Path, select: str | None, width: int, height: int) -> list[str]:
    from playwright.sync_api import sync_playwright

    refused: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": width, "height": height},
                                      device_scale_factor=1)

        def route(r):
            if r.request.url == url:
                r.continue_()
            else:
                refused.append(r.request.url)
                r.abort()

        context.route("**/*", route)
        page = context.new_page()
        page.goto(url)
        page.wait_for_selector("body[data-ready='1']", timeout=120_000)
        label = select or best_connected_unit(page)
        if label:
            page.fill("#search", label)
            page.press("#search", "Enter")
            page.wait_for_timeout(600)  # the focus animation
        out.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(out))
        browser.close()
    return refused


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--store", default="out/store")
    source.add_argument("--page", type=Path)
    parser.add_argument("-o", "--output", type=Path, default=Path("docs/graph.png"))
    parser.add_argument("--select", help="open the evidence panel of this name")
    parser.add_argument("--focus", help="only this entity's neighbourhood (with --store)")
    parser.add_argument("--depth", type=int, default=2)
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
        page = args.page
        if page is None:
            import kg
            page = Path(tmp) / "graph.html"
            with kg.open_store(args.store) as store:
                kg.write_html(store, page, focus=args.focus, depth=args.depth)
        refused = shoot(page.resolve().as_uri(), args.output, args.select, width, height)
    if refused:
        print(f"the page tried to reach {len(refused)} URL(s), refused: {refused[:5]}", file=sys.stderr)
        return 1
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
