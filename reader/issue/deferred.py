"""Writes held back until the reader's first frame, then done by one background thread.

Used by the cache of parsed issues (:mod:`reader.issue.cache`): encoding and writing a
100,000-article issue takes about half a second, which the reader would otherwise spend
before its first frame. Not held (the default, what commands and tests get), a job runs at
once, in the caller's thread. The reader holds them (:func:`hold_writes`) before it loads
its library, releases them (:func:`release_writes`) once its first frame is on screen, and
finishes them (:func:`finish_writes`) when it ends: what is left gets :data:`EXIT_WAIT`
seconds, then is told to stop. A job is a function of one argument, ``stopped``, which it
asks between steps of its work, ending (and cleaning up) when it says true.

``threading`` is imported only on release, when the reader has loaded it already: the
start-up path imports nothing for this.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = ["EXIT_WAIT", "Job", "finish_writes", "hold_writes", "release_writes", "submit"]

EXIT_WAIT = 1.0  # seconds the writes left at exit may take before they are told to stop
STOP_WAIT = 10.0  # seconds a stopped job may take to end (one step; a stuck disk aside)
THREAD_NAME = "paperread cache writes"

Job = Callable[[Callable[[], bool]], object]


class _Writes:
    """The jobs: run at once, or held, then run in order by one daemon thread."""

    def __init__(self) -> None:
        self._reset()

    def _reset(self) -> None:
        self.held = False
        self.queue: list[Job] = []
        self.lock: Any = None  # a threading.Lock once released
        self.stop: Any = None  # a threading.Event once released: set, the jobs end
        self.thread: Any = None  # the thread running jobs now, if any

    def submit(self, job: Job) -> None:
        if not self.held:
            job(_never)
        elif self.lock is None:  # held: kept until the first frame
            self.queue.append(job)
        else:
            with self.lock:
                self.queue.append(job)
                self._start()

    def release(self) -> None:
        if not self.held or self.lock is not None:
            return
        import threading  # lazy: start-up does not need it; the reader has it by now

        self.lock = threading.Lock()
        self.stop = threading.Event()
        with self.lock:
            self._start()

    def _start(self) -> None:
        """Under the lock: a thread for the queue, unless one is running."""
        if self.queue and self.thread is None:
            import threading

            self.thread = threading.Thread(target=self._drain, name=THREAD_NAME, daemon=True)
            self.thread.start()

    def _drain(self) -> None:
        lock, stop = self.lock, self.stop
        while True:
            with lock:
                if not self.queue or stop.is_set():
                    self.queue.clear()
                    self.thread = None
                    return
                job = self.queue.pop(0)
            job(stop.is_set)

    def finish(self, wait: float) -> None:
        if not self.held:
            return
        self.release()  # ending before the first frame: what is held is written now
        with self.lock:
            thread = self.thread
        if thread is not None:
            thread.join(wait)
            self.stop.set()
            thread.join(STOP_WAIT)  # one step of a job; a daemon past that
        self._reset()  # not held again: later jobs run at once


def _never() -> bool:
    return False


_WRITES = _Writes()


def submit(job: Job) -> None:
    """Run ``job`` now, or, while writes are held, queue it for the background thread."""
    _WRITES.submit(job)


def hold_writes() -> None:
    """Queue jobs instead of running them, until :func:`release_writes`.

    The reader calls it before loading its library: the issue it opens is shown first.
    """
    _WRITES.held = True


def release_writes() -> None:
    """Run the queued jobs, and any later ones, in a background thread (once the reader's
    first frame is on screen). Nothing happens unless writes are held."""
    _WRITES.release()


def finish_writes(wait: float = EXIT_WAIT) -> None:
    """Give the background jobs ``wait`` seconds, then tell them to stop (a cache write
    stops between frames, its temporary file removed) and wait for that; jobs are not
    held any more after. What was still held runs first."""
    _WRITES.finish(wait)
