"""The analyst's notebook runs top to bottom on a fresh kernel, offline: on the seed articles,
which it builds itself, and on a store named by LGKG_NOTEBOOK_STORE; the committed copy
carries the outputs of a run on the seed articles."""
from __future__ import annotations

import base64
import json
import struct
from pathlib import Path

import nbformat
import pytest
import rdflib
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell

import kg

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "explore.ipynb"
HELDOUT = ROOT / "tests" / "fixtures" / "heldout"

# The tables the markdown cells promise, by the variable that holds them, with their columns.
FRAMES = {
    "tree": {"child_name", "child_class", "parent_name", "depth"},
    "honours": {"holder_name", "holder_class", "honour_name", "level", "year"},
    "by_unit": set(),
    "local": {"unit_name", "class", "projects", "亿元"},
    "projects": {"project_name", "located_in", "total_亿元"},
    "companies": {"company_name", "relation", "target_name", "settled_in"},
    "shared": {"program_name", "units", "unit_name"},
    "evidence": {"subject_name", "property", "object_name", "sentence", "article", "start", "end"},
    "centrality": {"unit", "class", "degree", "betweenness"},
    "islands": {"nodes", "units", "highest unit"},
    "similar": {"unit", "similar unit", "jaccard", "shared", "shared programs and honours"},
}
CHARTS = {"honours-chart": "honours.png", "investment-chart": "investment.png",
          "centrality": "centrality.png"}

# Appended to the executed copy only: reports every DataFrame the notebook left behind.
PROBE = """
import json as _json
print("PROBE" + _json.dumps({name: {"columns": [str(c) for c in value.columns], "rows": len(value)}
                             for name, value in list(globals().items())
                             if isinstance(value, pd.DataFrame) and not name.startswith("_")},
                            ensure_ascii=False))
"""


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def execute(monkeypatch, out: Path, store: Path | None = None):
    monkeypatch.setenv("LGKG_NOTEBOOK_OUT", str(out))
    if store is None:
        monkeypatch.delenv("LGKG_NOTEBOOK_STORE", raising=False)
    else:
        monkeypatch.setenv("LGKG_NOTEBOOK_STORE", str(store))
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nb.cells.append(new_code_cell(PROBE, id="probe"))
    NotebookClient(nb, timeout=600, kernel_name="python3", record_timing=False,
                   resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    cells = {cell.id: cell for cell in nb.cells}
    probe = "".join(o.get("text", "") for o in cells.pop("probe").outputs)
    frames = json.loads(probe.split("PROBE", 1)[1])
    return cells, frames


def check_run(cells, frames, out: Path) -> str:
    """Asserts what any run must show; returns everything the cells printed."""
    outputs = [o for cell in cells.values() if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    # matplotlib warns, on the cell's stderr, of each glyph its fonts lack (tofu in the chart).
    warnings = "".join(o.text for o in outputs if o.output_type == "stream" and o.name == "stderr")
    assert "missing from font" not in warnings
    for name, columns in FRAMES.items():
        assert name in frames, name
        assert columns <= set(frames[name]["columns"]), name
        assert frames[name]["rows"] > 0, name
    for cell_id, file_name in CHARTS.items():
        [png] = [o.data["image/png"] for o in cells[cell_id].outputs
                 if "image/png" in o.get("data", {})]
        width, height = png_size(base64.b64decode(png))
        assert 300 <= width <= 1000 and 100 <= height <= 1000, (cell_id, width, height)
        saved_width, _ = png_size((out / file_name).read_bytes())
        assert abs(saved_width - width) < 50  # the same figure, saved without the inline trim
    printed = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    components = int(printed.split(" connected components;", 1)[0].rsplit("\n", 1)[-1])
    assert components == frames["islands"]["rows"]
    focus = printed.split(", one step out:", 1)[0].rsplit("\n", 1)[-1]
    assert focus in (out / "focus.html").read_text(encoding="utf-8")
    subgraph = rdflib.Graph().parse(out / "subgraph.ttl", format="turtle")
    assert (None, rdflib.RDFS.label, rdflib.Literal(focus, lang="zh")) in subgraph
    # the shortest path is printed from its source to its target
    before, after = printed.split(" steps\n", 1)
    source, target = before.rsplit("\n", 1)[-1].rsplit(":", 1)[0].split(" → ")
    path = after.splitlines()[0]
    assert path.startswith(source + " ") and path.endswith(" " + target)
    return printed


def test_notebook_runs_on_the_seed_articles_it_builds(tmp_path, monkeypatch):
    cells, frames = execute(monkeypatch, tmp_path)
    printed = check_run(cells, frames, tmp_path)
    assert (tmp_path / "store").is_dir()
    assert "2 articles:" in printed


def test_notebook_runs_on_a_store_named_by_the_environment(tmp_path, monkeypatch):
    store = tmp_path / "heldout-store"
    report = kg.build([HELDOUT], store)
    assert report.ok and report.articles_written > 2
    cells, frames = execute(monkeypatch, tmp_path / "out", store)
    printed = check_run(cells, frames, tmp_path / "out")
    assert f"{report.articles_written} articles:" in printed
    assert not (tmp_path / "out" / "store").exists()  # it read the given store, built nothing


def test_committed_notebook_carries_the_outputs_of_a_seed_run():
    text = NOTEBOOK.read_text(encoding="utf-8")
    nb = nbformat.reads(text, as_version=4)
    nbformat.validate(nb)
    ids = [cell.id for cell in nb.cells]
    assert len(ids) == len(set(ids))
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    assert all(cell.execution_count for cell in code)
    assert [c.execution_count for c in code] == list(range(1, len(code) + 1))  # top to bottom
    cells = {cell.id: cell for cell in nb.cells}
    for cell_id in CHARTS:
        assert any("image/png" in o.get("data", {}) for o in cells[cell_id].outputs), cell_id
    printed = "".join(o.get("text", "") for cell in code for o in cell.outputs)
    assert "2 articles:" in printed
    assert str(ROOT) not in text and "/tmp/" not in text  # no machine's paths
    assert len(text.encode("utf-8")) < 600_000  # reviewable: sized figures, no page inlined
