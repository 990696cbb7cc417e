"""The Ray path of batch scoring: shards, the missing-extra message, and (when Ray is
installed: ``pip install 'mixscope[cluster]'``) a local Ray run equal to the local runner."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from analysis.batch.cluster import ray_shard_runner, split
from analysis.errors import MixScopeError

ROOT = Path(__file__).resolve().parents[1]


def test_shards_cover_every_key_once_with_a_similar_mix():
    keys = [f"k{i}" for i in range(10)]
    shards = split(keys, 3)
    assert sorted(k for shard in shards for k in shard) == sorted(keys)
    assert [len(s) for s in shards] == [4, 3, 3]
    assert split(keys[:2], 8) == [["k0"], ["k1"]]


def test_without_ray_the_message_says_how_to_install_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "ray", None)
    runner = ray_shard_runner("local")
    with pytest.raises(MixScopeError, match=r"mixscope\[cluster\]"):
        runner("corpus", "folder", None, ["k"])


@pytest.mark.slow
def test_local_ray_run_equals_the_local_runner(tiny_ctc_dir, tmp_path):
    """Ray runs in a child process (``batch --ray local``), so none of its threads outlive
    the test inside the test process."""
    pytest.importorskip("ray")
    from tests.support.audio import espeak_available

    if not espeak_available():
        pytest.skip("espeak-ng is not installed")
    from analysis.batch.runner import BatchOptions, run_batch
    from analysis.batch.store import RunStore
    from tests.support.homophone_corpus import write_corpus

    corpus = write_corpus(tmp_path / "corpus")
    local = run_batch(str(corpus), tmp_path / "local",
                      BatchOptions(model=str(tiny_ctc_dir), device="cpu", threads=1))
    command = [sys.executable, "main.py", "batch", "--corpus", str(corpus), "--model",
               str(tiny_ctc_dir), "--out", str(tmp_path / "ray"), "--device", "cpu",
               "--threads", "1", "--ray", "local", "--shards", "2", "--quiet"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr[-3000:]
    remote_folder = tmp_path / "ray" / local.run_folder.name
    a = RunStore(local.run_folder).results().sort_values(["example_id", "method", "layer"])
    b = RunStore(remote_folder).results().sort_values(["example_id", "method", "layer"])
    assert len(b) == len(a) and set(b["example_id"]) == set(a["example_id"])
    np.testing.assert_allclose(a["value"].to_numpy(), b["value"].to_numpy(), atol=1e-6)
