"""Sending purges to cache targets: every target of a save at once in parallel within a short deadline (the editor's
click waits on no slow node), or one target fully, from a worker.

``send`` sends a target its keys batch by batch and stops at the first failure: a node that refuses or hangs costs
one timeout, not one per batch. ``at_once`` runs each target in a thread of a small per-process pool, with a few
quick tries while the deadline allows (a node answering 503 as it restarts is tried again at once; a hung one uses
its whole share), and returns when all have answered or the deadline passed. A request still running then finishes
in the background (its own timeout ends it) and its answer is ignored: the outbox still owes that purge, and a
purge sent twice is harmless.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass, field

from .backends import Backend, PurgeFailed

logger = logging.getLogger(__name__)

AT_ONCE_SECONDS = 0.5  # the most a save waits on its purges, whatever the targets do
QUICK_TRIES = 3
_POOL_SIZE = 8


@dataclass
class Outcome:
    sent: set[str] = field(default_factory=set)  # the keys the target acknowledged
    error: str = ""
    receipt: int | None = None  # Django's page cache: the purge's stamp

    @property
    def ok(self) -> bool:
        return not self.error


def send(target: Backend, keys: list[str], *, deadline: float, timeout: float | None = None) -> Outcome:
    """``keys`` to ``target``, batch by batch, stopping at the first failure or when ``deadline`` (a
    ``time.monotonic()`` value) has passed."""
    outcome = Outcome()
    for batch in target.batches(keys):
        left = deadline - time.monotonic()
        if left <= 0:
            outcome.error = "no time left to send it"
            break
        try:
            receipt = target.purge(batch, timeout=min(timeout, left) if timeout else left)
        except PurgeFailed as exc:
            outcome.error = str(exc) or type(exc).__name__
            break
        outcome.sent.update(batch)
        if isinstance(receipt, int):
            outcome.receipt = max(receipt, outcome.receipt or 0)
    return outcome


def at_once(jobs: list[tuple[Backend, list[str]]], *, seconds: float = AT_ONCE_SECONDS) -> dict[str, Outcome]:
    """Each (target, keys) sent in parallel, with quick tries, for at most ``seconds``; an outcome per target name
    (a target that did not answer in time has an error)."""
    if not jobs:
        return {}
    deadline = time.monotonic() + seconds
    futures = {_pool().submit(_quick_tries, target, keys, deadline): target.name for target, keys in jobs}
    wait(futures, timeout=max(0.0, deadline - time.monotonic()) + 0.05)
    outcomes = {}
    for future, name in futures.items():
        if not future.done():
            outcomes[name] = Outcome(error=f"no answer within {seconds} s")
        elif future.exception() is not None:
            outcomes[name] = Outcome(error=f"{type(future.exception()).__name__}: {future.exception()}")
        else:
            outcomes[name] = future.result()
    return outcomes


def _quick_tries(target: Backend, keys: list[str], deadline: float) -> Outcome:
    done = Outcome()
    for attempt in range(1, QUICK_TRIES + 1):
        outcome = send(target, [key for key in keys if key not in done.sent], deadline=deadline)
        done.sent |= outcome.sent
        done.error = outcome.error
        done.receipt = max(filter(None, (done.receipt, outcome.receipt)), default=None)
        pause = 0.05 * attempt
        if outcome.ok or attempt == QUICK_TRIES or time.monotonic() + pause >= deadline:
            break
        time.sleep(pause)
    return done


_pools: dict[int, ThreadPoolExecutor] = {}
_pool_lock = threading.Lock()


def _pool() -> ThreadPoolExecutor:
    """This process's pool (a fork inherits no threads: a child makes its own)."""
    pid = os.getpid()
    with _pool_lock:
        if pid not in _pools:
            _pools.clear()
            _pools[pid] = ThreadPoolExecutor(max_workers=_POOL_SIZE, thread_name_prefix="purge")
        return _pools[pid]
