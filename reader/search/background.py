"""Indexing a library for search in a child process, so the reader never waits for it.

A library of years holds hundreds of millions of characters: indexing it the
first time takes minutes of CPU. Done in the reader's own process it would
compete with the interface for the interpreter lock; in a child process
(:mod:`reader.search.worker`, at a lower priority) it uses another core, and
the reader searches what has been committed so far. Later starts find the
index up to date and the child has little to do.

:class:`BackgroundIndex` starts the child and follows its report from a
thread of its own, calling back with progress and at the end. Callbacks run
on that thread; a user interface hands them over to its own. The end says
whether the index is up to date (the child said it is done), with the
child's messages and, when it failed without a word, the last line it wrote
on stderr (read as it comes, so a child writing much there never stalls).
When the child gave up because another process kept the index locked,
:attr:`BackgroundIndex.busy` says so by then. A run that is stopped reports
nothing more.
"""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, Any

import reader

__all__ = ["BackgroundIndex"]

Progress = Callable[[int, int], None]
Finished = Callable[[bool, list[str]], None]
"""Called once: whether the index is now up to date, and messages to show."""

LAST_LINE = 300  # characters of the child's last line on stderr kept for the message

# The child finds this very package even when it is run from a checkout, not installed:
# the folder is appended to its path, so an installed paperread is never shadowed.
_CHILD = (
    "import sys; sys.path.append({folder!r}); "
    "from reader.search.worker import main; sys.exit(main(sys.argv[1:]))"
)


class BackgroundIndex:
    """One run of the indexing child for a library's roots."""

    def __init__(
        self,
        roots: Sequence[Path],
        index_path: str,
        catalogue_path: str,
        progress: Progress,
        finished: Finished,
    ) -> None:
        self.roots = list(roots)
        self.index_path = index_path
        self.catalogue_path = catalogue_path
        self._progress = progress
        self._finished = finished
        self._process: subprocess.Popen[str] | None = None
        self._thread: threading.Thread | None = None
        self._stopping = False
        # True once the child said another process kept the index locked throughout
        # (set before the end is called back): a later run may do better.
        self.busy = False

    @property
    def running(self) -> bool:
        """True from :meth:`start` until the child has ended and been reported."""
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        """Start the child and the thread that follows it (once; not after :meth:`stop`)."""
        if self._process is not None or self._stopping:
            return
        folder = str(Path(reader.__file__).resolve().parent.parent)
        command = [
            sys.executable,
            "-c",
            _CHILD.format(folder=folder),
            "--index",
            self.index_path,
            "--catalogue",
            self.catalogue_path,
            *(str(root) for root in self.roots),
        ]
        try:
            self._process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                encoding="utf-8",
                errors="replace",
                start_new_session=True,  # keys and signals meant for the reader are not its
            )
        except (OSError, ValueError) as error:  # ValueError: a path with a NUL in it
            self._finished(False, [f"cannot start indexing the library: {error}"])
            return
        self._thread = threading.Thread(target=self._follow, name="paperread-index", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop the child (what it committed stays in the index); returns when it is gone.

        May be called at any time, more than once, and from a callback (on
        the following thread). No callback starts once it has returned; one
        already under way may still end afterwards (it cannot be waited for
        when it is itself waiting for the thread that called this).
        """
        self._stopping = True
        process = self._process
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=2)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=2)

    def _follow(self) -> None:
        process = self._process
        assert process is not None and process.stdout is not None and process.stderr is not None
        # stderr is read as it comes, on a thread of its own: a child that fills the pipe
        # would otherwise wait for us while we wait for its stdout to end.
        errors: list[str] = []
        drain = threading.Thread(
            target=_last_line,
            args=(process.stderr, errors),
            name="paperread-index-errors",
            daemon=True,
        )
        drain.start()
        messages: list[str] = []
        done = False
        for line in process.stdout:
            report = _report(line)
            if "progress" in report:
                counts = _counts(report["progress"])
                if counts is not None and not self._stopping:
                    self._progress(*counts)
            elif "message" in report:
                messages.append(str(report["message"]))
                if report.get("busy") is True:
                    self.busy = True
            elif "done" in report:
                done = True
        code = process.wait()
        drain.join(timeout=5)  # stderr ends with the child (unless it left it to another)
        process.stdout.close()
        if not drain.is_alive():
            process.stderr.close()
        if self._stopping:
            return
        if not done and (code != 0 or not messages):
            # Ended without a word of why (a child that gave up says so in its messages).
            if errors:
                why = errors[0]
            elif code < 0:
                why = f"killed by signal {-code}"
            else:
                why = f"exit status {code}"
            messages.append(f"indexing the library stopped: {why}")
        self._finished(done, messages)


def _report(line: str) -> dict[str, Any]:
    """One line of the child's report as a dict; empty for anything else."""
    try:
        report = json.loads(line)
    except ValueError:
        return {}
    return report if isinstance(report, dict) else {}


def _counts(progress: object) -> tuple[int, int] | None:
    """``[done, total]`` from a progress report, or None if it is not that."""
    if not isinstance(progress, list) or len(progress) != 2:
        return None
    try:
        return int(progress[0]), int(progress[1])
    except (TypeError, ValueError):
        return None


def _last_line(stream: IO[str], last: list[str]) -> None:
    """Read ``stream`` to its end, keeping its last line with text in ``last``."""
    with contextlib.suppress(OSError, ValueError):  # ValueError: closed under us
        for line in stream:
            text = line.strip()
            if text:
                if len(text) > LAST_LINE:
                    text = text[: LAST_LINE - 1] + "…"
                last[:] = [text]
