"""A progress bar on stderr that appears only for slow work.

On the start-up path of the reader (the first scan of a big library), so it
imports rich only when a bar is actually shown.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress, TaskID

PROGRESS_DELAY = 0.5  # seconds of work before a progress bar appears


class LazyProgress:
    """A ``progress(done, total)`` callback that shows a rich progress bar on stderr.

    Nothing appears for work that ends within :data:`PROGRESS_DELAY` seconds,
    nor when stderr is not a terminal.
    """

    def __init__(self, label: str, console: Console | None = None) -> None:
        self.label = label
        self.started = time.monotonic()
        self._console = console
        self._progress: Progress | None = None
        self._task: TaskID | None = None

    def __call__(self, done: int, total: int) -> None:
        """Note that ``done`` of ``total`` items are finished."""
        if self._progress is None:
            if done >= total or time.monotonic() - self.started < PROGRESS_DELAY:
                return
            if not self._start(total):
                return
        assert self._progress is not None and self._task is not None
        self._progress.update(self._task, completed=done, total=total)

    def _start(self, total: int) -> bool:
        # Lazy for start-up speed: rich.progress is needed only once a bar is due.
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

        console = self._console or Console(stderr=True)
        if not console.is_terminal:
            self.started = float("inf")  # never start
            return False
        self._progress = Progress(
            f"[bold]{self.label}[/]",
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=console,
            transient=True,
        )
        self._progress.start()
        self._task = self._progress.add_task(self.label, total=total)
        return True

    def close(self) -> None:
        """Take the bar away, if it was shown."""
        if self._progress is not None:
            self._progress.stop()
            self._progress = None
