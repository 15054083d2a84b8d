"""Run explore.ipynb on the seed articles and save it with its outputs, as it is committed,
and copy its investment chart to docs/ for the README:

    .venv/bin/python notebooks/refresh.py
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import nbformat
from nbclient import NotebookClient

NOTEBOOK = Path(__file__).resolve().with_name("explore.ipynb")
ROOT = NOTEBOOK.parents[1]
OUT = ROOT / "out" / "notebook"  # where the notebook writes when no variable says otherwise


def main() -> None:
    # The committed outputs are those of a fresh build of seeds/, whatever this shell points at.
    for variable in ("LGKG_NOTEBOOK_STORE", "LGKG_NOTEBOOK_OUT"):
        os.environ.pop(variable, None)
    shutil.rmtree(OUT, ignore_errors=True)
    nb = nbformat.read(NOTEBOOK, as_version=4)
    # No timings and one output per stream, so an unchanged graph gives an unchanged file.
    NotebookClient(nb, timeout=600, kernel_name="python3", record_timing=False,
                   coalesce_streams=True,
                   resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    nbformat.write(nb, NOTEBOOK)
    shutil.copyfile(OUT / "investment.png", ROOT / "docs" / "notebook-investment.png")


if __name__ == "__main__":
    main()
