"""Immutable records without :mod:`dataclasses`' cost at import.

A frozen dataclass generates and compiles its ``__init__``, ``__eq__``, ``__hash__``,
``__repr__``, ``__setattr__`` and ``__delattr__`` when its module is imported: about
0.4 ms a class, and the reader's first frame needs a few dozen of them. A
:class:`Record` subclass writes its ``__init__`` by hand (setting each field with
:func:`set_field`) and names its fields; the rest is shared here. Records behave as
frozen dataclasses do: assigning a field raises
:class:`dataclasses.FrozenInstanceError`, equality (same class only) and hashing
compare ``_compared``, the repr lists ``_fields``, and :func:`replace` copies one
with some fields changed.
"""

from __future__ import annotations

from dataclasses import FrozenInstanceError
from typing import Any, ClassVar, TypeVar

__all__ = ["Record", "replace", "set_field"]

set_field = object.__setattr__
"""How a record's ``__init__`` sets its fields (its own ``__setattr__`` refuses)."""

_R = TypeVar("_R", bound="Record")


class Record:
    """Fixed fields, set once, compared by value. Subclasses set ``__slots__``,
    ``_fields`` (in ``__init__``'s order) and ``_compared``, and write ``__init__``."""

    __slots__ = ()
    _fields: ClassVar[tuple[str, ...]] = ()
    _compared: ClassVar[tuple[str, ...]] = ()

    def __setattr__(self, name: str, value: object) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{type(self).__qualname__}({shown})"

    def _key(self) -> tuple[object, ...]:
        return tuple([getattr(self, name) for name in self._compared])

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __reduce__(self) -> tuple[type[Record], tuple[object, ...]]:
        # Copied and pickled through __init__ (every record takes its fields in
        # ``_fields`` order): the default would set slots through __setattr__, which refuses.
        return type(self), tuple([getattr(self, name) for name in self._fields])


def replace(record: _R, /, **changes: Any) -> _R:
    """A copy of ``record`` with the fields named in ``changes`` changed (as
    :func:`dataclasses.replace` does for a dataclass)."""
    unknown = set(changes) - set(record._fields)
    if unknown:
        raise TypeError(f"{type(record).__qualname__} has no field {sorted(unknown)[0]!r}")
    values = {name: changes.get(name, getattr(record, name)) for name in record._fields}
    return type(record)(**values)
