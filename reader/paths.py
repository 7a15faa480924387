"""Where paperread keeps things: platformdirs locations and their overrides.

``PAPERREAD_CONFIG_DIR``, ``PAPERREAD_DATA_DIR`` and ``PAPERREAD_CACHE_DIR``
replace the platform locations (the tests point them at temporary folders).
Nothing here creates a folder; callers create what they write into.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "paperread"


def _override(variable: str) -> Path | None:
    value = os.environ.get(variable, "").strip()
    return Path(value).expanduser() if value else None


def config_dir() -> Path:
    """The user config dir (``config.yaml`` lives here)."""
    override = _override("PAPERREAD_CONFIG_DIR")
    if override is not None:
        return override
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def data_dir() -> Path:
    """The user data dir (``paperread.db`` and the ``issues/`` library folder)."""
    override = _override("PAPERREAD_DATA_DIR")
    if override is not None:
        return override
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def cache_dir() -> Path:
    """The user cache dir (search index and catalogue; rebuildable)."""
    override = _override("PAPERREAD_CACHE_DIR")
    if override is not None:
        return override
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def config_file() -> Path:
    """The settings file."""
    return config_dir() / "config.yaml"


def user_issues_dir() -> Path:
    """The library folder inside the data dir that is always searched."""
    return data_dir() / "issues"


def bundled_issues_dir() -> Path:
    """The folder of sample issues shipped with the package.

    Installed, it is the ``reader.issues`` package, a folder beside this module
    (looked for first: ``importlib.resources`` costs a few milliseconds of every
    start); in a source checkout that has not been installed it is the top-level
    ``issues/`` folder. Only a package that is no folder on disk (a zip) asks
    ``importlib.resources``.
    """
    here = Path(__file__).resolve().parent
    for folder in (here / "issues", here.parent / "issues"):
        if folder.is_dir():
            return folder
    try:
        from importlib.resources import files

        bundled = Path(str(files("reader.issues")))
        if bundled.is_dir():
            return bundled
    except (ModuleNotFoundError, TypeError):
        pass
    return here.parent / "issues"
