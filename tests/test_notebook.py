"""The example notebook runs top to bottom (offline, with the tiny Whisper built by the
tests), so it never goes stale: every cell executes, shows its figures and writes its files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "resources" / "notebooks" / "mixscope_walkthrough.ipynb"


@pytest.mark.slow
def test_the_example_notebook_runs_top_to_bottom(tiny_whisper_dir, tmp_path, monkeypatch):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    # the kernel inherits this environment: the model, the output folder, the checkout
    monkeypatch.setenv("MIXSCOPE_MODEL", str(tiny_whisper_dir))
    monkeypatch.setenv("MIXSCOPE_DEVICE", "cpu")
    monkeypatch.setenv("MIXSCOPE_OUT", str(tmp_path / "out"))
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [
        str(ROOT), os.environ.get("PYTHONPATH")])))
    monkeypatch.setenv("OMP_NUM_THREADS", "1")
    monkeypatch.setenv("MPLBACKEND", "Agg")
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(notebook, timeout=120, kernel_name="python3",
                                     resources={"metadata": {"path": str(tmp_path)}})
    client.execute()  # raises CellExecutionError, naming the cell, when one fails

    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    errors = [o for cell in code for o in cell.outputs if o.output_type == "error"]
    assert not errors
    images = [o for cell in code for o in cell.outputs
              if o.output_type in ("display_data", "execute_result") and "image/png" in o.data]
    assert len(images) == 5  # encoder (one layer, all layers), decoder, cross, cue contribution
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert written == ["cross.pdf", "cue-contribution.pdf", "decoder.svg", "encoder.png",
                       "ils_mangent_des_pommes.scores.npz"]
    table = next(o for o in code[3].outputs if o.output_type == "execute_result")
    assert "row_label" in table.data["text/plain"] and "mangent" in table.data["text/plain"]
