"""Helpers shared by the benchmark scripts: statistics, verdicts, environment, results.

Each benchmark prints its own report and can also write its headline figures
as JSON (``--json FILE``) for :mod:`run_all` to collect into one table.
"""

from __future__ import annotations

import gc
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
SAMPLE = REPO / "issues" / "tongliao-sample.yaml"


def use_repo_checkout() -> None:
    """Make ``reader`` importable from this checkout when it is not installed."""
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))


def median(values: Sequence[float]) -> float:
    """The median."""
    return statistics.median(values)


def p90(values: Sequence[float]) -> float:
    """The 90th percentile (inclusive method; the maximum below ten samples)."""
    if len(values) < 2:
        return values[0]
    return statistics.quantiles(values, n=10, method="inclusive")[-1]


def compile_checkout() -> None:
    """Byte-compile ``reader/`` as an installed package is: a shell with
    ``PYTHONDONTWRITEBYTECODE=1`` would otherwise compile every edited module at each start."""
    import compileall

    compileall.compile_dir(REPO / "reader", quiet=1)


def alternate(
    runs: int, variants: Mapping[str, Callable[[], float]], *, warmup: int = 1
) -> dict[str, list[float]]:
    """The one timing loop: each variant ``runs`` times, interleaved, after ``warmup``
    unmeasured rounds; each call returns its own time. The order rotates every round, so
    no variant always follows the same one; the collector is off while timing.
    """
    names = list(variants)
    for _ in range(warmup):
        for name in names:
            variants[name]()
    samples: dict[str, list[float]] = {name: [] for name in names}
    collecting = gc.isenabled()
    gc.disable()
    try:
        for round_ in range(runs):
            shift = round_ % len(names)
            for name in names[shift:] + names[:shift]:
                samples[name].append(variants[name]())
    finally:
        if collecting:
            gc.enable()
    return samples


def time_process(args: Sequence[str], env: Mapping[str, str] | None = None) -> float:
    """Wall time of one whole process (``sys.executable`` with ``args``); it must succeed."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, *args],
        env=None if env is None else dict(env),
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        check=False,
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed ({done.returncode}): {done.stderr.decode()}")
    return elapsed


def ms(seconds: float) -> str:
    """Seconds as milliseconds for a report: ``412.3 ms``."""
    return f"{seconds * 1000:.1f} ms"


def verdict(value: float, limit: float) -> str:
    """``PASS`` when ``value`` is at most ``limit``, else ``OVER``."""
    return "PASS" if value <= limit else "OVER"


@dataclass(frozen=True)
class Result:
    """One headline figure: what was measured, against what, and the verdict."""

    name: str
    value: str
    baseline: str = ""
    ratio: str = ""
    target: str = ""
    verdict: str = ""


def write_results(path: str | None, results: Sequence[Result]) -> None:
    """Write results as JSON to ``path`` (nothing when ``path`` is None)."""
    if path:
        Path(path).write_text(json.dumps([asdict(r) for r in results], ensure_ascii=False))


def read_results(path: Path) -> list[Result]:
    """Results written by :func:`write_results`."""
    return [Result(**item) for item in json.loads(path.read_text())]


def machine() -> str:
    """One line about the machine and the software measured."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count() or 0
    versions = []
    for name in ("textual", "rich", "PyYAML", "opencc"):
        try:
            versions.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            versions.append(f"{name} missing")
    try:
        from yaml import CSafeLoader  # noqa: F401

        libyaml = "libyaml yes"
    except ImportError:
        libyaml = "libyaml NO"
    cpu = platform.processor() or platform.machine()
    load = f", load average {os.getloadavg()[0]:.2f}" if hasattr(os, "getloadavg") else ""
    return (
        f"{platform.system()} {platform.release()} {cpu}, {usable} usable cores "
        f"(of {os.cpu_count()}), Python {platform.python_version()}, "
        + ", ".join(versions)
        + f", {libyaml}{load}"
    )


@contextmanager
def isolated_dirs() -> Iterator[dict[str, str]]:
    """A temporary folder and an environment whose paperread dirs point into it."""
    with tempfile.TemporaryDirectory(prefix="paperread-bench-") as tmp:
        env = dict(os.environ)
        for name in ("CONFIG", "DATA", "CACHE"):
            folder = Path(tmp) / name.lower()
            folder.mkdir()
            env[f"PAPERREAD_{name}_DIR"] = str(folder)
        env.pop("NO_COLOR", None)
        env["PYTHONPATH"] = os.pathsep.join([str(REPO), *filter(None, [env.get("PYTHONPATH")])])
        env.setdefault("LANG", "C.UTF-8")
        env["PYTHONIOENCODING"] = "utf-8"
        env["_PAPERREAD_BENCH_TMP"] = tmp
        yield env


@contextmanager
def isolated_process_dirs() -> Iterator[Path]:
    """Point this process's paperread dirs at a temporary folder while inside."""
    with isolated_dirs() as env:
        saved = {k: os.environ.get(k) for k in env if k.startswith("PAPERREAD_")}
        for key in saved:
            os.environ[key] = env[key]
        try:
            yield Path(env["_PAPERREAD_BENCH_TMP"])
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value


def print_table(rows: Sequence[Sequence[str]], header: Sequence[str]) -> None:
    """Print rows as an aligned plain-text table."""
    widths = [max(len(str(c)) for c in col) for col in zip(header, *rows, strict=True)]
    for index, row in enumerate([header, *rows]):
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
        if index == 0:
            print("  ".join("-" * w for w in widths))
