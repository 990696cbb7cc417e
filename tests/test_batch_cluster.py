"""The Ray path of batch scoring: shards, the missing-extra message, and (when Ray is
installed: ``pip install 'mixscope[cluster]'``) a local Ray run equal to the local runner."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from analysis.batch.cluster import ray_shard_runner, split
from analysis.errors import MixScopeError


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
    ray = pytest.importorskip("ray")
    from tests.support.audio import espeak_available

    if not espeak_available():
        pytest.skip("espeak-ng is not installed")
    from analysis.batch.runner import BatchOptions, run_batch
    from tests.support.homophone_corpus import write_corpus

    corpus = write_corpus(tmp_path / "corpus")
    options = BatchOptions(model=str(tiny_ctc_dir), device="cpu", threads=1)
    local = run_batch(str(corpus), tmp_path / "local", options)
    try:
        ray.init(num_cpus=2, include_dashboard=False)
        remote = run_batch(str(corpus), tmp_path / "ray", options,
                           shard_runner=ray_shard_runner("local", shards=2))
    finally:
        ray.shutdown()
    assert remote.processed == 3 and remote.status_counts == {"ok": 3}
    from analysis.batch.store import RunStore

    a = RunStore(local.run_folder).results().sort_values(["example_id", "method", "layer"])
    b = RunStore(remote.run_folder).results().sort_values(["example_id", "method", "layer"])
    np.testing.assert_allclose(a["value"].to_numpy(), b["value"].to_numpy(), atol=1e-6)
