"""What a start uses for the script, the measure, the theme and the tree's width: one
rule for every choice.

1. ``config.yaml`` sets the defaults (it has no key for the tree's width: 30% of the
   window is its default).
2. A choice made while reading (``t`` or a script from the command palette, ``+`` and
   ``-``, a theme from the palette, ``<`` and ``>``) is remembered, and later starts use
   it, until the value in ``config.yaml`` changes: editing ``config.yaml`` is then the
   newer choice, and it wins.
3. A command-line flag (``--script``) applies to that run only and is never remembered.

The status line always shows the script in effect. Each remembered choice is kept
with the ``config.yaml`` value it overrode (``<name>.config``), which is how a later
edit of ``config.yaml`` is recognised. A start reads them all at once
(:class:`Saved`): one query of the store for every choice.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

CHOICES = ("script", "measure", "theme", "tree")


class SettingReader(Protocol):
    """What :func:`remembered` needs: a remembered value by name."""

    def get_setting(self, name: str) -> str | None:
        """A remembered value, or None."""


class SettingStore(SettingReader, Protocol):
    """What :func:`remember` needs of :class:`reader.store.state.Store`."""

    def set_settings(self, values: dict[str, str]) -> None:
        """Remember several values at once."""


class Saved:
    """The remembered values as one read found them (``Store.settings``), so a start
    consults every choice with a single query of the store."""

    __slots__ = ("_values",)

    def __init__(self, values: Mapping[str, str]) -> None:
        self._values = dict(values)

    def get_setting(self, name: str) -> str | None:
        """A remembered value, or None."""
        return self._values.get(name)


def remembered(store: SettingReader | None, name: str, configured: str) -> str | None:
    """The choice remembered for ``name``, unless ``config.yaml`` (now ``configured``)
    changed since it was made; None when the configured default applies."""
    if store is None:
        return None
    value = store.get_setting(name)
    if value is None or store.get_setting(f"{name}.config") != configured:
        return None
    return value


def remember(store: SettingStore, name: str, value: str, configured: str) -> None:
    """Keep the reader's choice ``value`` for ``name``, with the configured value it overrides."""
    if store.get_setting(name) == value and store.get_setting(f"{name}.config") == configured:
        return
    store.set_settings({name: value, f"{name}.config": configured})
