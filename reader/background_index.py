"""Indexing a library for search in a child process, so the reader never waits for it.

A library of years holds hundreds of millions of characters: indexing it the
first time takes minutes of CPU. Done in the reader's own process it would
compete with the interface for the interpreter lock; in a child process
(:mod:`reader.index_worker`, at a lower priority) it uses another core, and
the reader searches what has been committed so far. Later starts find the
index up to date and the child has little to do.

:class:`BackgroundIndex` starts the child and follows its report from a
thread of its own, calling back with progress and at the end. Callbacks run
on that thread; a user interface hands them over to its own.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

import reader

__all__ = ["BackgroundIndex"]

Progress = Callable[[int, int], None]
Finished = Callable[[bool, list[str]], None]
"""Called once: whether the index is now up to date, and messages to show."""

# The child finds this very package even when it is run from a checkout, not installed:
# the folder is appended to its path, so an installed paperread is never shadowed.
_CHILD = (
    "import sys; sys.path.append({folder!r}); "
    "from reader.index_worker import main; sys.exit(main(sys.argv[1:]))"
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

    @property
    def running(self) -> bool:
        """True from :meth:`start` until the child has ended and been reported."""
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        """Start the child and the thread that follows it."""
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
        """Stop the child (what it committed stays in the index); returns when it is gone."""
        self._stopping = True
        process = self._process
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=2)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=2)

    def _follow(self) -> None:
        process = self._process
        assert process is not None and process.stdout is not None
        messages: list[str] = []
        done = False
        for line in process.stdout:
            try:
                report = json.loads(line)
            except ValueError:
                continue
            if not isinstance(report, dict):
                continue
            if "progress" in report:
                finished, total = report["progress"]
                if not self._stopping:
                    self._progress(int(finished), int(total))
            elif "message" in report:
                messages.append(str(report["message"]))
            elif "done" in report:
                done = True
        errors = process.stderr.read() if process.stderr is not None else ""
        code = process.wait()
        if self._stopping:
            return
        if not done:
            last = [line for line in errors.splitlines() if line.strip()][-1:]
            why = last[0] if last else f"exit status {code}"
            messages.append(f"indexing the library stopped: {why}")
        self._finished(done, messages)
