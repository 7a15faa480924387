"""Run paperread in a pseudo-terminal and collect every byte it writes to the terminal.

The child is ``python -m reader …`` with its standard streams on the pty's
slave side, the window size set as a terminal emulator would, and its own
config, data and cache dirs. The parent reads the master side until the child
exits; keys are typed as soon as a marker has appeared on the terminal (Textual puts
the terminal in raw mode and starts reading keys before it paints anything, so keys
typed then wait in the pty for the reader). Every wait has a deadline, so a hung
reader fails the test instead of hanging it.
"""

from __future__ import annotations

import fcntl
import os
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DEADLINE = 60.0  # seconds; generous for a loaded CI machine, never reached when all is well


@dataclass
class PtyRun:
    """What a run wrote to its terminal, and how it ended."""

    output: bytes
    returncode: int
    saw_marker: bool

    @property
    def text(self) -> str:
        """The output decoded as the terminal would (UTF-8, bad bytes shown as U+FFFD)."""
        return self.output.decode("utf-8", "replace")


def pty_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """A minimal terminal environment with paperread's folders under ``tmp_path``."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path / "home"),
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
        "COLUMNS": "100",
        "LINES": "30",
        "PYTHONPATH": str(REPO),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    for name in ("CONFIG", "DATA", "CACHE"):
        env[f"PAPERREAD_{name}_DIR"] = str(tmp_path / f"pty-{name.lower()}")
    env.update(extra)
    return {key: value for key, value in env.items() if value != ""}


# What a step waits for: a marker, one of several, or a test of all the output so far.
Marker = bytes | tuple[bytes, ...] | Callable[[bytes], bool]


def _seen(marker: Marker, since_typed: bytes | bytearray, output: bytes | bytearray) -> bool:
    if callable(marker):
        return marker(bytes(output))
    markers = marker if isinstance(marker, tuple) else (marker,)
    return any(m in since_typed for m in markers)


def run_in_pty(
    args: list[str],
    env: dict[str, str],
    *,
    size: tuple[int, int] = (100, 30),
    marker: bytes | None = None,
    keys: bytes = b"",
    cwd: Path = REPO,
    then: tuple[tuple[Marker, bytes], ...] = (),
) -> PtyRun:
    """Run ``python -m reader *args`` in a pty of ``size`` (columns, rows), in ``cwd``.

    When ``marker`` is given, ``keys`` are typed once it has been written; each
    ``(marker, keys)`` of ``then`` follows once its marker (or one of a tuple of them)
    is written after that, or, for a callable marker, once it returns true for all the
    output so far.
    """
    master, slave = os.openpty()
    columns, rows = size
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    proc = subprocess.Popen(
        [sys.executable, "-m", "reader", *args],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        cwd=cwd,
        start_new_session=True,
        close_fds=True,
    )
    os.close(slave)
    output = bytearray()
    sent = not keys
    steps = list(then)
    typed_at = 0
    deadline = time.monotonic() + DEADLINE
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.1)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # EIO: the child has gone and the slave side is closed
                    break
                if not chunk:
                    break
                output += chunk
            if not sent and marker is not None and marker in output:
                os.write(master, keys)
                sent = True
                typed_at = len(output)
            elif sent and steps and _seen(steps[0][0], output[typed_at:], output):
                os.write(master, steps.pop(0)[1])
                typed_at = len(output)
            if not ready and proc.poll() is not None:
                break
        else:
            os.killpg(proc.pid, signal.SIGKILL)
            raise AssertionError(f"paperread {args} did not finish: {bytes(output[-2000:])!r}")
        returncode = proc.wait(timeout=DEADLINE)
    finally:
        os.close(master)
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    return PtyRun(bytes(output), returncode, marker is not None and marker in output)
