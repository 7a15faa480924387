"""OpenCC converters: built once per configuration, shared by every thread.

OpenCC is imported on first use, never when this module is imported, and
each converter is built once and shared by every thread (OpenCC's converters
are thread-safe). Only names from ``opencc.CONFIGS`` reach OpenCC, and they
reach it as the packaged file's full path, because OpenCC would otherwise
prefer a file of that name in the current directory.

Exactness: a converter's output equals OpenCC's for the whole text. Text
reaches OpenCC in pieces of whole lines (:data:`CHUNK_CHARS`), which gives
the same result, since a newline ends every dictionary match, and keeps each
call, which holds the GIL, short. Which configuration a reader's mode needs
is :mod:`reader.script`'s business.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from types import ModuleType

__all__ = [
    "CHAIN_SEPARATOR",
    "CHUNK_CHARS",
    "QUOTE_STAGES",
    "Converter",
    "ScriptError",
    "built_converter",
    "clear_converters",
    "get_converter",
    "warm_up",
]

CHAIN_SEPARATOR = "+"  # "hk2t+t2tw": one configuration after the other
# Stages of our own that may end a chain ("s2tw+corner"): quotation marks as the
# target script's papers print them (see reader.quotes).
QUOTE_STAGES = {"corner": "to_corner", "curly": "to_curly"}


class ScriptError(Exception):
    """An unknown mode or configuration, or OpenCC missing or broken; the message is one line."""


# The most text one OpenCC call gets (whole lines permitting): about 10 ms of s2t
# or 16 ms of s2twp on a 2-core test machine, so the GIL is never held long (the
# longest UI stall on `t` stays about 50 ms, bench_toggle). Smaller pieces cost
# throughput, most for the segmenting tw/hk configurations: the whole 1,000-article
# issue in s2tw was 1.17-1.24x OpenCC on the whole text in 64 k pieces, 1.14-1.15x
# in 128 k (s2tw in 16 k pieces runs about 10% slower still).
CHUNK_CHARS = 131_072
_NAME = re.compile(r"[a-z0-9]+")
_SURROGATES = re.compile("[\ud800-\udfff]")


class Converter:
    """One OpenCC configuration, or a chain of them, ready to convert text.

    Build it with :func:`get_converter`, which keeps one per configuration.
    Text goes to OpenCC in pieces of whole lines of at most about
    :data:`CHUNK_CHARS` characters: a newline ends every dictionary match, so
    the result is the same as for the whole text, and no single call (which
    holds the GIL) runs long. A call on a short text costs several times
    what its length suggests, so many short texts are best converted
    together with :meth:`convert_many`.
    """

    __slots__ = ("_stages", "config")

    def __init__(self, config: str, stages: Sequence[Callable[[str], str]]) -> None:
        self.config = config
        self._stages = tuple(stages)

    def __repr__(self) -> str:
        return f"Converter({self.config!r})"

    def convert(self, text: str) -> str:
        """``text`` converted, equal to OpenCC's output for the whole text.

        A NUL (which some OpenCC versions take for the end of the text) and
        lone surrogates (which OpenCC refuses) are dropped, so the rest of the
        text is always converted.
        """
        if len(text) <= CHUNK_CHARS:
            return self._run(text)
        return "".join([self._run(piece) for piece in _pieces(text, CHUNK_CHARS)])

    def convert_many(self, texts: Iterable[str]) -> dict[str, str]:
        """Each distinct text mapped to its conversion, all converted in a few large calls."""
        unique = list(dict.fromkeys(texts))
        if not unique:
            return {}
        # The texts become the lines of one text: a newline ends every match.
        joined = "\n".join(unique)
        if joined.count("\n") != len(unique) - 1:  # some hold newlines: batch the others
            table = self.convert_many(text for text in unique if "\n" not in text)
            table.update((text, self.convert(text)) for text in unique if "\n" in text)
            return table
        # Split piece by piece: building one large converted text first makes s2tw
        # about 10% slower. Every piece but the last ends with a newline.
        *pieces, last = _pieces(joined, CHUNK_CHARS)
        lines: list[str] = []
        for piece in pieces:
            lines += self._run(piece[:-1]).split("\n")
        lines += self._run(last).split("\n")
        if len(lines) != len(unique):  # never seen: OpenCC keeps every newline
            lines = [self.convert(text) for text in unique]
        return dict(zip(unique, lines, strict=True))

    def _run(self, text: str) -> str:
        """One OpenCC call per stage."""
        if not text:
            return text
        if "\x00" in text:
            text = text.replace("\x00", "")
        try:
            converted = text
            for stage in self._stages:
                converted = stage(converted)
        except UnicodeEncodeError:  # a lone surrogate: OpenCC takes UTF-8 only
            return self._run(_SURROGATES.sub("", text))
        return converted


def _pieces(text: str, size: int) -> Iterator[str]:
    """``text`` in pieces of whole lines, each of at most ``size`` characters when it can be."""
    start, end = 0, len(text)
    while end - start > size:
        cut = text.rfind("\n", start, start + size)
        if cut < 0:  # one line longer than ``size``: it stays whole
            cut = text.find("\n", start + size)
            if cut < 0:
                break
        yield text[start : cut + 1]
        start = cut + 1
    yield text[start:]


_converters: dict[str, Converter] = {}
_lock = threading.Lock()


def get_converter(config: str) -> Converter:
    """The converter for an OpenCC configuration name, or ``a+b`` chain; built once.

    Raises ScriptError for a name that is not in ``opencc.CONFIGS`` and when
    OpenCC cannot be imported or cannot build the converter.
    """
    converter = _converters.get(config)
    if converter is not None:
        return converter
    names = config.split(CHAIN_SEPARATOR)
    for name in names:
        if not _NAME.fullmatch(name):
            raise ScriptError(f"not an OpenCC configuration name: {name!r}")
    with _lock:
        converter = _converters.get(config)
        if converter is None:
            opencc = _import_opencc()
            known = {c.removesuffix(".json") for c in getattr(opencc, "CONFIGS", ())}
            for name in names:
                if name not in known and name not in QUOTE_STAGES:
                    raise ScriptError(
                        f"unknown OpenCC configuration {name!r}; "
                        f"this OpenCC has: {', '.join(sorted(known))}"
                    )
            converter = Converter(config, [_stage(opencc, name) for name in names])
            _converters[config] = converter
    return converter


def built_converter(config: str) -> Converter | None:
    """The converter for ``config`` if it has been built already, else None (never builds)."""
    return _converters.get(config)


def warm_up(config: str) -> None:
    """Build the converter for ``config`` and run it once (for a worker thread)."""
    get_converter(config).convert("汉字漢字")


def clear_converters() -> None:
    """Forget every built converter (for tests, or to free their memory)."""
    with _lock:
        _converters.clear()


def _unavailable(reason: str) -> ScriptError:
    return ScriptError(f"OpenCC is not available: {reason}; reading works, conversion is off")


def _one_line(error: BaseException) -> str:
    text = " ".join(str(error).split())
    return text or type(error).__name__


def _import_opencc() -> ModuleType:
    try:
        import opencc
    except Exception as error:  # ImportError, or OSError from the C++ library
        raise _unavailable(_one_line(error)) from error
    return opencc


def _stage(opencc: ModuleType, name: str) -> Callable[[str], str]:
    """One stage of a chain: an OpenCC configuration, or a quotation-mark stage."""
    if name in QUOTE_STAGES:
        from reader import quotes

        stage: Callable[[str], str] = getattr(quotes, QUOTE_STAGES[name])
        return stage
    return _build(opencc, name)


def _build(opencc: ModuleType, name: str) -> Callable[[str], str]:
    """The ``convert`` of a new OpenCC converter, from the packaged configuration file."""
    try:
        converter = opencc.OpenCC(_packaged_file(opencc, name))
    except Exception as error:
        raise _unavailable(f"cannot load {name}: {_one_line(error)}") from error
    convert: Callable[[str], str] = converter.convert
    return convert


def _packaged_file(opencc: ModuleType, name: str) -> str:
    """The full path of configuration ``name`` inside the opencc package, else ``name``."""
    for attribute in ("_opencc_share_dir", "_opencc_configdir"):
        folder = getattr(opencc, attribute, None)
        if isinstance(folder, str):
            path = os.path.join(folder, f"{name}.json")
            if os.path.isfile(path):
                return path
    return name
