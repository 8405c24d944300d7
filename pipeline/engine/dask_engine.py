"""The per-article work as Dask tasks: on a LocalCluster of N worker processes, or on an existing
cluster when DASK_SCHEDULER (host:port) is given. Needs the optional extra sansan[dask]."""
from __future__ import annotations

import logging
from contextlib import contextmanager

from .executors import Executor
from .tasks import Settings

log = logging.getLogger(__name__)


class DaskMissing(RuntimeError):
    """ENGINE=dask without dask.distributed installed."""


@contextmanager
def dask_executor(*, workers: int, settings: Settings, scheduler: str | None = None):
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as exc:
        raise DaskMissing("ENGINE=dask needs dask[distributed]: pip install 'sansan[dask]'") from exc
    from .work import run_tasks

    cluster = None
    if scheduler:
        client = Client(scheduler)
        log.info("dask: running on the cluster at %s", scheduler)
    else:
        cluster = LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    try:
        # pure=False: the same batch submitted twice (a rerun) is computed again, not shared.
        yield Executor(lambda tasks: client.submit(run_tasks, tasks, settings, pure=False), max(1, workers))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
