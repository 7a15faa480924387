"""User settings read from ``config.yaml``.

A missing file means defaults. A broken file or a bad value never stops the
reader: each problem becomes a one-line warning and the default is used.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from reader import paths
from reader.typeset.measure import DEFAULT_MEASURE, MAX_MEASURE, MIN_MEASURE

SCRIPT_MODES = ("original", "hans", "hant", "tw", "hk")
TRADITIONAL_VARIANTS = ("hant", "tw", "hk")
_T = TypeVar("_T")
KNOWN_KEYS = ("library", "script", "measure", "theme", "regional-phrases", "traditional")


@dataclass(frozen=True, slots=True)
class Settings:
    """What the user chose in ``config.yaml`` (or the defaults)."""

    library: tuple[Path, ...] = ()
    script: str = "original"
    measure: int = DEFAULT_MEASURE
    theme: str | None = None
    regional_phrases: bool = False
    traditional: str = "tw"  # what t turns simplified text into (see the README)
    warnings: tuple[str, ...] = field(default=(), compare=False)


def load_settings(path: Path | None = None) -> Settings:
    """Read settings from ``path`` (default: the user's config.yaml)."""
    path = path or paths.config_file()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Settings()
    except OSError as error:
        return Settings(warnings=(f"{path}: cannot read settings: {error.strerror}",))
    import yaml  # only for a file that is there: PyYAML costs ~14 ms of a start

    try:
        data = yaml.safe_load(raw.decode("utf-8-sig")) if raw.strip() else {}
    except (UnicodeDecodeError, yaml.YAMLError, RecursionError) as error:  # deep nesting
        first = str(error).splitlines()[0] if str(error) else type(error).__name__
        return Settings(warnings=(f"{path}: settings ignored, not valid YAML: {first}",))
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return Settings(warnings=(f"{path}: settings ignored, expected a mapping of keys",))

    warnings: list[str] = []
    for key in data:
        if key not in KNOWN_KEYS:
            warnings.append(f"{path}: unknown setting {key!r} ignored")

    def setting(key: str, read: Callable[[Any], _T | None], problem: str, default: _T) -> _T:
        """``data[key]`` as ``read`` makes it; the default, and a warning, when it cannot."""
        raw = data.get(key)
        if raw is None:
            return default
        value = read(raw)
        if value is None:
            warnings.append(f"{path}: {key}: {problem.format(raw)}")
            return default
        return value

    defaults = Settings()
    modes, variants = ", ".join(SCRIPT_MODES), ", ".join(TRADITIONAL_VARIANTS)
    return Settings(
        library=setting(
            "library",
            partial(_folders, path.parent),
            "expected a list of folders",
            defaults.library,
        ),
        script=setting(
            "script",
            partial(_one_of, SCRIPT_MODES),
            "unknown mode {!r}; valid modes: " + modes,
            defaults.script,
        ),
        measure=setting("measure", _measure, "expected a number of columns", defaults.measure),
        theme=setting("theme", _text, "expected a theme name", defaults.theme),
        regional_phrases=setting(
            "regional-phrases", _flag, "expected true or false", defaults.regional_phrases
        ),
        traditional=setting(
            "traditional",
            partial(_one_of, TRADITIONAL_VARIANTS),
            "unknown variant {!r}; valid variants: " + variants,
            defaults.traditional,
        ),
        warnings=tuple(warnings),
    )


def _folders(base: Path, raw: Any) -> tuple[Path, ...] | None:
    """One folder or a list of them, relative to ``base`` (the config file's folder)."""
    items = [raw] if isinstance(raw, str) else raw
    if isinstance(items, list) and all(isinstance(item, str) for item in items):
        return tuple(base / Path(item).expanduser() for item in items)
    return None


def _one_of(choices: tuple[str, ...], raw: Any) -> str | None:
    return raw if isinstance(raw, str) and raw in choices else None


def _measure(raw: Any) -> int | None:
    if isinstance(raw, int) and not isinstance(raw, bool):
        return max(MIN_MEASURE, min(MAX_MEASURE, raw))
    return None


def _text(raw: Any) -> str | None:
    return raw if isinstance(raw, str) else None


def _flag(raw: Any) -> bool | None:
    return raw if isinstance(raw, bool) else None
