"""User settings read from ``config.yaml``.

A missing file means defaults. A broken file or a bad value never stops the
reader: each problem becomes a one-line warning and the default is used.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from reader import paths
from reader.record import Record, set_field
from reader.typeset.measure import DEFAULT_MEASURE, MAX_MEASURE, MIN_MEASURE

SCRIPT_MODES = ("original", "hans", "hant", "tw", "hk")
TRADITIONAL_VARIANTS = ("hant", "tw", "hk")
_T = TypeVar("_T")
KNOWN_KEYS = (
    "library",
    "script",
    "measure",
    "theme",
    "regional-phrases",
    "traditional",
    "sources",
)
SOURCE_KINDS = ("feed", "epaper", "recipe")  # what a subscription fetches (``paperread update``)


class Source(Record):
    """One subscription of ``sources:``: a feed or e-paper address, or a calibre recipe.

    ``kind`` is one of SOURCE_KINDS; ``target`` the address (feed, epaper) or the recipe's
    name; ``section``: every article into one section of this name; ``script``: a script
    mode noted for the source (conversion is the reader's).
    """

    _fields = _compared = ("name", "kind", "target", "section", "script")
    __slots__ = _fields
    name: str
    kind: str
    target: str
    section: str | None
    script: str | None

    def __init__(
        self,
        name: str,
        kind: str,
        target: str,
        section: str | None = None,
        script: str | None = None,
    ) -> None:
        set_field(self, "name", name)
        set_field(self, "kind", kind)
        set_field(self, "target", target)
        set_field(self, "section", section)
        set_field(self, "script", script)


class Settings(Record):
    """What the user chose in ``config.yaml`` (or the defaults). ``traditional``: what t
    turns simplified text into (see the README). ``warnings`` take no part in equality."""

    _fields = (
        "library",
        "script",
        "measure",
        "theme",
        "regional_phrases",
        "traditional",
        "sources",
        "warnings",
    )
    _compared = _fields[:-1]
    __slots__ = _fields
    library: tuple[Path, ...]
    script: str
    measure: int
    theme: str | None
    regional_phrases: bool
    traditional: str
    sources: tuple[Source, ...]
    warnings: tuple[str, ...]

    def __init__(
        self,
        library: tuple[Path, ...] = (),
        script: str = "original",
        measure: int = DEFAULT_MEASURE,
        theme: str | None = None,
        regional_phrases: bool = False,
        traditional: str = "tw",
        sources: tuple[Source, ...] = (),
        warnings: tuple[str, ...] = (),
    ) -> None:
        set_field(self, "library", library)
        set_field(self, "script", script)
        set_field(self, "measure", measure)
        set_field(self, "theme", theme)
        set_field(self, "regional_phrases", regional_phrases)
        set_field(self, "traditional", traditional)
        set_field(self, "sources", sources)
        set_field(self, "warnings", warnings)


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
        sources=_sources(path, data.get("sources"), warnings),
        warnings=tuple(warnings),
    )


def _sources(path: Path, raw: Any, warnings: list[str]) -> tuple[Source, ...]:
    """The usable entries of ``sources:``; each bad one is a warning naming it."""
    if raw is None:
        return ()
    if not isinstance(raw, list):
        warnings.append(f"{path}: sources: expected a list of sources")
        return ()
    sources: list[Source] = []
    for number, entry in enumerate(raw, 1):
        source = _source(entry)
        if isinstance(source, str):
            name = entry.get("name") if isinstance(entry, dict) else None
            label = f"{name!r}" if isinstance(name, str) and name.strip() else f"#{number}"
            warnings.append(f"{path}: sources: entry {label} ignored: {source}")
        elif any(s.name == source.name for s in sources):
            warnings.append(f"{path}: sources: entry {source.name!r} ignored: the name is taken")
        else:
            sources.append(source)
    return tuple(sources)


def _source(entry: Any) -> Source | str:
    """The source ``entry`` describes, or what is wrong with it."""
    if not isinstance(entry, dict):
        return "expected a mapping with a name and one of feed, epaper, recipe"
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        return "needs a name"
    unknown = sorted(str(k) for k in entry if k not in ("name", "section", "script", *SOURCE_KINDS))
    if unknown:
        return f"unknown key {unknown[0]!r}"
    kinds = [kind for kind in SOURCE_KINDS if kind in entry]
    if len(kinds) != 1:
        return "needs exactly one of feed, epaper, recipe"
    target = entry[kinds[0]]
    if not isinstance(target, str) or not target.strip():
        return f"{kinds[0]}: expected " + (
            "a recipe name" if kinds[0] == "recipe" else "an address"
        )
    if kinds[0] != "recipe" and not target.strip().lower().startswith(("http://", "https://")):
        return f"{kinds[0]}: expected an http or https address"
    section = entry.get("section")
    if section is not None and (not isinstance(section, str) or not section.strip()):
        return "section: expected a section name"
    script = entry.get("script")
    if script is not None and script not in SCRIPT_MODES:
        return f"script: unknown mode {script!r}; valid modes: " + ", ".join(SCRIPT_MODES)
    return Source(
        name.strip(),
        kinds[0],
        target.strip(),
        section.strip() if section else None,
        script,
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
