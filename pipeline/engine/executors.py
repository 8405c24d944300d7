"""Where the per-article work runs: in this process, in N local processes, or as Dask tasks on
a cluster; each yields results in page order with a bounded number of articles in flight."""
from __future__ import annotations

import logging
from collections import deque
from contextlib import contextmanager
from typing import Iterable, Iterator

from .tasks import Settings

log = logging.getLogger(__name__)

# Batches in flight per worker: enough to keep every worker busy while the parent writes,
# few enough that memory holds only a window of the corpus.
IN_FLIGHT_PER_WORKER = 4
BATCH = 16  # articles per message to a worker (amortises pickling and scheduling)


class _Done:
    """A finished result (what the serial executor and cached articles give)."""

    def __init__(self, value):
        self.value = value

    def result(self):
        return self.value


class Executor:
    def __init__(self, submit, workers: int):
        self.submit, self.workers = submit, workers

    def ordered(self, items: Iterable[tuple]) -> Iterator[tuple]:
        """(page, keys, {"new": outputs computed, "cached": outputs read}) per item of
        (page, keys, task or None, cached), in order."""
        window: deque = deque()
        batch: list = []
        limit = max(1, self.workers) * IN_FLIGHT_PER_WORKER

        def flush():
            tasks = [t for _, _, t, _ in batch if t is not None]
            future = self.submit(tasks) if tasks else _Done([])
            window.append((list(batch), future))
            batch.clear()

        def drain(n):
            while len(window) > n:
                entries, future = window.popleft()
                results = iter(future.result())
                for page, keys, task, cached in entries:
                    yield page, keys, {"new": next(results) if task is not None else {}, "cached": cached}

        for item in items:
            batch.append(item)
            if len(batch) >= BATCH:
                flush()
                yield from drain(limit)
        if batch:
            flush()
        yield from drain(0)


@contextmanager
def executor_for(engine: str, *, workers: int, settings: Settings, scheduler: str | None = None):
    """An Executor for `engine` ("local" or "dask") with `workers` processes."""
    from .work import run_tasks

    if engine == "dask":
        from .dask_engine import dask_executor

        with dask_executor(workers=workers, settings=settings, scheduler=scheduler) as ex:
            yield ex
    elif workers <= 1:
        yield Executor(lambda tasks: _Done(run_tasks(tasks, settings)), 1)
    else:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        from .work import tools_for

        # spawn: every worker starts clean and loads its own tokenizer in the initializer, as it
        # would on any platform (words added to a tokenizer in the parent never leak in).
        ctx = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(workers, mp_context=ctx, initializer=tools_for, initargs=(settings,)) as pool:
            yield Executor(lambda tasks: pool.submit(run_tasks, tasks, settings), workers)
