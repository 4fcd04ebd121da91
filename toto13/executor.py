"""Independent pieces of work on this machine's cores or on a Dask cluster, the results in order.

One small abstraction for every command that replays many rounds (``backtest``, ``calibrate``):
:func:`run_tasks` calls ``task(context, item)`` for every item and returns the results in the items'
order, however the work was spread. ``context`` (the rounds, the strategy, ...) is sent to each worker
once, not with every item: a local process pool (:class:`concurrent.futures.ProcessPoolExecutor`) gets
it through its initializer, a Dask cluster (``distributed``, the optional extra ``toto13[dask]``) as
one scattered object. A task that builds something expensive from the context (a strategy's player,
its fits) keeps it per worker with :func:`per_worker`.

The results do not depend on how the work is spread as long as each task depends only on its context
and its item (so a task draws its random numbers from a seed derived from the item, never from a
generator shared across items).
"""
from __future__ import annotations

import importlib.util
import os
import signal
import threading
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from typing import Any, Callable, Sequence, TypeVar

__all__ = ["Workers", "available_cores", "run_tasks", "per_worker"]

C = TypeVar("C")
T = TypeVar("T")
R = TypeVar("R")

#: Installing the optional Dask support.
DASK_INSTALL = "pip install 'toto13[dask]'"


def available_cores() -> int:
    """Cores this process may run on (its CPU affinity where the system reports it).

    Examples
    --------
    >>> available_cores() >= 1
    True
    """
    if hasattr(os, "sched_getaffinity"):
        return max(len(os.sched_getaffinity(0)), 1)
    return os.cpu_count() or 1  # pragma: no cover - macOS and Windows


@dataclass(frozen=True)
class Workers:
    """Where the work runs: ``jobs`` local processes, or the Dask scheduler at ``scheduler``.

    Parameters
    ----------
    jobs : int
        Local worker processes; 1 runs everything in this process, 0 means every core the process may
        use (:func:`available_cores`).
    scheduler : str, optional
        Address of a Dask distributed scheduler (``tcp://host:8786``); ``jobs`` is then ignored.

    Raises
    ------
    ValueError
        ``jobs`` is not a whole number >= 0; ``scheduler`` is given but Dask distributed is not
        installed.

    Examples
    --------
    >>> Workers(0).jobs == available_cores()
    True
    >>> Workers(-1)
    Traceback (most recent call last):
    ...
    ValueError: jobs (-1) must be a whole number >= 0 (0: every core)
    """

    jobs: int = 1
    scheduler: str | None = None

    def __post_init__(self) -> None:
        jobs = self.jobs
        if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 0:
            raise ValueError(f"jobs ({jobs!r}) must be a whole number >= 0 (0: every core)")
        object.__setattr__(self, "jobs", jobs or available_cores())
        if self.scheduler is not None:
            if not str(self.scheduler).strip():
                raise ValueError(f"scheduler ({self.scheduler!r}) must be the address of a Dask "
                                 "scheduler")
            if importlib.util.find_spec("distributed") is None:
                raise ValueError(f"scheduler ({self.scheduler!r}) needs Dask distributed: "
                                 f"{DASK_INSTALL}")

    @property
    def local(self) -> bool:
        """Whether everything runs in this process."""
        return self.scheduler is None and self.jobs == 1


def run_tasks(task: Callable[[C, T], R], context: C, items: Sequence[T], workers: Workers = Workers(),
              *, done: Callable[[int], None] | None = None) -> list[R]:
    """``[task(context, item) for item in items]``, spread over ``workers``.

    Parameters
    ----------
    task : callable
        A module-level function (it is pickled by name), ``task(context, item) -> result``.
    context
        What every task reads; sent once to each worker (it must pickle).
    items : sequence
    workers : Workers
    done : callable, optional
        Called with the index of each item as its task finishes (in the order they finish), e.g. to
        advance a progress bar.

    Returns
    -------
    list
        The results in the order of ``items``.

    Notes
    -----
    Ctrl-C (``KeyboardInterrupt`` in this process) cancels the work not started and stops the workers
    before it is raised again: the local workers ignore SIGINT themselves and are terminated; on Dask
    the tasks are cancelled.

    Examples
    --------
    >>> import operator
    >>> run_tasks(operator.mul, 10, [1, 2, 3])
    [10, 20, 30]
    """
    if workers.scheduler is not None:
        return _on_dask(task, context, items, workers.scheduler, done)
    if workers.local or len(items) <= 1:
        out = []
        try:
            for i, item in enumerate(items):
                out.append(task(context, item))
                if done is not None:
                    done(i)
        finally:
            with _LOCK:
                _BUILT.clear()  # what the tasks built here is not kept after the run
        return out
    return _on_processes(task, context, items, min(workers.jobs, len(items)), done)


_CONTEXT: Any = None
_BUILT: dict[tuple[str, int], Any] = {}
_LOCK = threading.Lock()


def _start_worker(context: Any, threads: str) -> None:
    """Process-pool initializer: keep the context; leave Ctrl-C to the parent, which stops us; share
    the cores with the other workers (the compiled transform's threads, ``TOTO13_THREADS``, unless
    the user set them)."""
    global _CONTEXT
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    os.environ["TOTO13_THREADS"] = threads
    _CONTEXT = context


def _call(task: Callable[[Any, Any], Any], item: Any) -> Any:
    return task(_CONTEXT, item)


def _on_processes(task: Callable[[C, T], R], context: C, items: Sequence[T], jobs: int,
                  done: Callable[[int], None] | None) -> list[R]:
    import multiprocessing

    # fork where the system has it: the workers start with the package imported and its compiled
    # kernels loaded, instead of importing (and loading numba's cache) again. Not from a process
    # running threads (a progress bar's monitor, a Dask client): a forked child inherits their locks
    # in whatever state they are; then a fresh interpreter per worker (forkserver or spawn)
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        method = "fork"
    else:
        method = "forkserver" if "forkserver" in methods else "spawn"
    ctx = multiprocessing.get_context(method)
    # (decided here: a worker started by a fork server has that server's environment, not ours)
    threads = os.environ.get("TOTO13_THREADS") or str(max(available_cores() // jobs, 1))
    pool = ProcessPoolExecutor(jobs, mp_context=ctx, initializer=_start_worker,
                               initargs=(context, threads))
    try:
        futures = {pool.submit(_call, task, item): i for i, item in enumerate(items)}
        pending: set[Future[R]] = set(futures)
        while pending:
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            for f in finished:
                f.result()  # a task's error ends the run here
                if done is not None:
                    done(futures[f])
        out = [f.result() for f in futures]
    except BaseException:
        _stop(pool)
        raise
    pool.shutdown()
    return out


def _stop(pool: ProcessPoolExecutor) -> None:
    """Drop the queued tasks and end the running ones now (a round may take seconds). SIGKILL, not
    SIGTERM: a worker inherits the command's SIGTERM handler, which only acts once the numpy call under
    way returns (10 s on two loaded cores); the workers write nothing, so nothing is lost."""
    processes = list(getattr(pool, "_processes", {}).values())  # no public way before Python 3.14
    pool.shutdown(wait=False, cancel_futures=True)
    for p in processes:
        p.kill()
    for p in processes:
        p.join()


def _on_dask(task: Callable[[C, T], R], context: C, items: Sequence[T], address: str,
             done: Callable[[int], None] | None) -> list[R]:
    import distributed

    try:
        client = distributed.Client(address, timeout=10)
    except OSError as exc:
        raise ValueError(f"scheduler ({address!r}) cannot be reached: {exc}") from None
    with client:
        shared = client.scatter(context, broadcast=True, hash=False)
        futures = [client.submit(task, shared, item, pure=False) for item in items]
        index = {f.key: i for i, f in enumerate(futures)}
        try:
            for f in distributed.as_completed(futures):
                f.result()
                if done is not None:
                    done(index[f.key])
            return [f.result() for f in futures]
        except BaseException:
            client.cancel(futures)
            raise


def per_worker(key: str, build: Callable[[], R]) -> R:
    """``build()`` once per worker process for ``key``, then the same object again.

    One per thread, too (a Dask worker may run tasks in several threads, and what is built need not
    be thread-safe); only the most recent ``key`` is kept: a worker serves one run at a time.
    """
    slot = (key, threading.get_ident())
    with _LOCK:
        if slot in _BUILT:
            return _BUILT[slot]
    built = build()
    with _LOCK:
        for old in [k for k in _BUILT if k[0] != key]:
            del _BUILT[old]
        _BUILT[slot] = built
    return built
