"""User settings read from ``config.yaml``.

A missing file means defaults. A broken file or a bad value never stops the
reader: each problem becomes a one-line warning and the default is used.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from reader import paths
from reader.typeset.article import DEFAULT_MEASURE, MAX_MEASURE, MIN_MEASURE

SCRIPT_MODES = ("original", "hans", "hant", "tw", "hk")
TRADITIONAL_VARIANTS = ("hant", "tw", "hk")
KNOWN_KEYS = ("library", "script", "measure", "theme", "regional-phrases", "traditional")


@dataclass(frozen=True, slots=True)
class Settings:
    """What the user chose in ``config.yaml`` (or the defaults)."""

    library: tuple[Path, ...] = ()
    script: str = "original"
    measure: int = DEFAULT_MEASURE
    theme: str | None = None
    regional_phrases: bool = False
    traditional: str = "hant"
    warnings: tuple[str, ...] = field(default=(), compare=False)


def load_settings(path: Path | None = None) -> Settings:
    """Read settings from ``path`` (default: the user's config.yaml)."""
    import yaml

    path = path or paths.config_file()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Settings()
    except OSError as error:
        return Settings(warnings=(f"{path}: cannot read settings: {error.strerror}",))
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
    values: dict[str, object] = {}
    for key in data:
        if key not in KNOWN_KEYS:
            warnings.append(f"{path}: unknown setting {key!r} ignored")
    library = data.get("library")
    if library is not None:
        if isinstance(library, str):
            library = [library]
        if isinstance(library, list) and all(isinstance(item, str) for item in library):
            base = path.parent
            values["library"] = tuple((base / Path(item).expanduser()) for item in library)
        else:
            warnings.append(f"{path}: library: expected a list of folders")
    script = data.get("script")
    if script is not None:
        if script in SCRIPT_MODES:
            values["script"] = script
        else:
            modes = ", ".join(SCRIPT_MODES)
            warnings.append(f"{path}: script: unknown mode {script!r}; valid modes: {modes}")
    measure = data.get("measure")
    if measure is not None:
        if isinstance(measure, int) and not isinstance(measure, bool):
            values["measure"] = max(MIN_MEASURE, min(MAX_MEASURE, measure))
        else:
            warnings.append(f"{path}: measure: expected a number of columns")
    theme = data.get("theme")
    if theme is not None:
        if isinstance(theme, str):
            values["theme"] = theme
        else:
            warnings.append(f"{path}: theme: expected a theme name")
    phrases = data.get("regional-phrases")
    if phrases is not None:
        if isinstance(phrases, bool):
            values["regional_phrases"] = phrases
        else:
            warnings.append(f"{path}: regional-phrases: expected true or false")
    traditional = data.get("traditional")
    if traditional is not None:
        if traditional in TRADITIONAL_VARIANTS:
            values["traditional"] = traditional
        else:
            variants = ", ".join(TRADITIONAL_VARIANTS)
            warnings.append(
                f"{path}: traditional: unknown variant {traditional!r}; valid variants: {variants}"
            )
    return Settings(warnings=tuple(warnings), **values)  # type: ignore[arg-type]
