"""Running a batch on a Ray cluster (optional: ``pip install 'mixscope[cluster]'``).

The pending examples are split into shards; each shard is one Ray task that loads the model
once and calls ``runner.run_shard``, the same function the local runner uses, writing into
the run folder. The folder must therefore be on storage every node sees (NFS, a shared
disk); each example is written atomically to its own files, so tasks never conflict, and
the driver compacts the results when all tasks are done. A task that dies loses only its
example in flight: re-running the command resumes.

GPUs: each task asks for one GPU when the cluster has any (``--device auto`` then picks it),
otherwise for ``--threads`` CPUs (default 4), and torch uses exactly those threads.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from analysis.errors import MixScopeError


def split(keys: Sequence[str], shards: int) -> list[list[str]]:
    """Round-robin split, so that every shard gets a similar mix of the corpus."""
    shards = max(1, min(shards, len(keys)))
    return [list(keys[i::shards]) for i in range(shards)]


def _import_ray():
    try:
        import ray
    except ImportError as err:
        raise MixScopeError("--ray needs Ray: pip install 'mixscope[cluster]'") from err
    return ray


def ray_shard_runner(address: str = "auto", shards: int | None = None):
    """A ``shard_runner`` for ``runner.run_batch`` that fans the keys out to Ray tasks.

    ``address``: "local" starts Ray on this machine; anything else is given to ray.init."""

    def run(corpus, run_folder, options, keys):
        ray = _import_ray()
        from analysis.batch.runner import run_shard

        if not ray.is_initialized():
            ray.init(address=None if address == "local" else address,
                     include_dashboard=False, log_to_driver=True)
        resources = ray.cluster_resources()
        gpus = int(resources.get("GPU", 0))
        cpus = int(resources.get("CPU", 1))
        threads = options.threads or (1 if gpus else min(4, cpus))
        if gpus:
            count, task_options = gpus, {"num_gpus": 1, "num_cpus": threads}
        else:
            count, task_options = max(1, cpus // threads), {"num_cpus": threads}
        task = dataclasses.replace(options, threads=threads)
        remote = ray.remote(**task_options)(run_shard)
        futures = [remote.remote(corpus, str(run_folder), task, shard)
                   for shard in split(keys, shards or count)]
        records = []
        for result in ray.get(futures):
            records += result
        return records

    return run
