"""Reading issue files: bytes → YAML nodes → the model, or every problem found.

The file is read as bytes and decoded as UTF-8 here, so that encoding mistakes
get a useful message. YAML is parsed with libyaml (``yaml.CSafeLoader``) when
it is there, the pure-Python safe loader otherwise, and composed to nodes so
that every value keeps its line and column. Anchors and aliases are refused
before composing (an alias bomb composes in milliseconds and then expands
without end), nesting is bounded, and :mod:`reader.issue.validate` turns the nodes
into the model. The format is described in ``docs/issue-format.md``.
"""

from __future__ import annotations

import os
import re
import stat
from typing import Any

import yaml
from yaml.error import MarkedYAMLError
from yaml.events import (
    AliasEvent,
    CollectionStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)
from yaml.nodes import Node, ScalarNode

from reader.issue.collector import collector_paused
from reader.issue.model import Issue
from reader.issue.nodes import NULL, too_deep
from reader.issue.problems import IssueFileError, Mark, Problem
from reader.issue.validate import build_issue

__all__ = [
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "IssueFileError",
    "Problem",
    "load_issue",
    "parse_issue",
]

MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_DEPTH = 64
MAX_PROBLEMS = 200  # a damaged file can have a problem on every line; say so, then stop

_ALIASES_ANCHORS = "YAML aliases/anchors are not allowed"
# An anchor (&a) or alias (*a) is & or * followed by a name character...
_ANCHOR_SIGN = re.compile(r"[&*][^\s\[\]{},]")
# ...at the start of a node: first on its line, or after an indicator or a tag.
_NODE_OPENERS = frozenset("\n\r\x85\u2028\u2029-?:[{,")
_STARTS = frozenset((SequenceStartEvent, MappingStartEvent))
_ENDS = frozenset((SequenceEndEvent, MappingEndEvent))
# Characters YAML does not allow anywhere in a stream.
_NOT_YAML = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class _TooDeep(yaml.YAMLError):
    def __init__(self, mark: Mark) -> None:
        super().__init__("too deep")
        self.mark = mark


class _PureLoader(yaml.SafeLoader):
    """The pure-Python safe loader, with the nesting bounded while composing.

    Its composer is recursive, so without a bound a deep document raises
    RecursionError. (libyaml refuses more than 1,000 levels by itself.)
    """

    max_depth = MAX_DEPTH
    _depth = 0

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        self._depth += 1
        try:
            if self._depth > self.max_depth and self.check_event(CollectionStartEvent):
                raise _TooDeep(self.peek_event().start_mark)  # type: ignore[no-untyped-call]
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


_Loader: type[yaml.SafeLoader] | type[yaml.CSafeLoader]
try:

    class _CLoader(yaml.CSafeLoader):
        """libyaml's safe loader; subclassed so nothing registered on it leaks out."""

    _Loader = _CLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = _PureLoader


def load_issue(path: str | os.PathLike[str]) -> Issue:
    """Read and validate the issue file at ``path``.

    Raises :class:`IssueFileError` listing every problem found, including a
    file that cannot be read (missing, a directory, no permission, too large).
    """
    name = os.fspath(path)

    def fail(message: str) -> IssueFileError:
        return IssueFileError([Problem(name, None, None, "", message)])

    try:
        info = os.stat(name)
        if stat.S_ISDIR(info.st_mode):
            raise fail("is a directory, not an issue file")
        if info.st_size > MAX_FILE_BYTES:
            raise fail(_too_large(info.st_size))
        with open(name, "rb") as file:
            data = file.read(MAX_FILE_BYTES + 1)  # bounded even if the file grows
    except FileNotFoundError:
        raise fail("no such file") from None
    except IsADirectoryError:
        raise fail("is a directory, not an issue file") from None
    except PermissionError:
        raise fail("cannot read the file: permission denied") from None
    except OSError as err:
        raise fail(f"cannot read the file: {err.strerror or err}") from None
    return parse_issue(data, name)


def parse_issue(data: bytes | str, filename: str) -> Issue:
    """Validate an issue file's contents held in memory; ``filename`` names it in problems.

    The returned issue's ``path`` is ``filename``. Raises :class:`IssueFileError`.
    """
    text = _decode(data, filename) if isinstance(data, bytes) else _checked_text(data, filename)
    problems: list[Problem]
    if _may_hold_anchors(text):
        problems = _scan_events(text, filename)
        if problems:
            raise _error(problems)
    with collector_paused():
        root, problems = _compose(text, filename)
        if problems:
            raise _error(problems)
        if root is None or (isinstance(root, ScalarNode) and root.tag == NULL and not root.value):
            raise _error([Problem(filename, None, None, "", "the file is empty")])
        issue, problems = build_issue(root, filename, MAX_DEPTH)
    if issue is None:
        raise _error(problems)
    return issue


def _error(problems: list[Problem]) -> IssueFileError:
    problems.sort(key=lambda p: (p.line or 0, p.column or 0))
    if len(problems) > MAX_PROBLEMS:
        more = len(problems) - MAX_PROBLEMS
        last = Problem(problems[0].file, None, None, "", f"… and {more} more problems")
        problems = [*problems[:MAX_PROBLEMS], last]
    return IssueFileError(problems)


# -- bytes to text -------------------------------------------------------------

_UTF16_32 = (
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\xfe\xff", "UTF-16"),
    (b"\xff\xfe", "UTF-16"),
)


def _decode(data: bytes, filename: str) -> str:
    """The file's text, or IssueFileError for anything but UTF-8 text."""

    bom = 3 if data.startswith(b"\xef\xbb\xbf") else 0

    def fail(message: str, offset: int | None = None) -> IssueFileError:
        line = column = None
        if offset is not None:
            start = max(data.rfind(b"\n", 0, offset) + 1, bom)
            line = data.count(b"\n", 0, offset) + 1
            column = len(data[start:offset].decode("utf-8", "replace")) + 1
        return IssueFileError([Problem(filename, line, column, "", message)])

    if len(data) > MAX_FILE_BYTES:
        raise fail(_too_large(len(data)))
    encoding = next((name for bom, name in _UTF16_32 if data.startswith(bom)), None)
    if encoding is None:
        encoding = _utf16_32_without_bom(data)
    if encoding is not None:
        raise fail(f"file is {encoding}, not UTF-8: convert it with iconv -f {encoding} -t UTF-8")
    nul = data.find(b"\x00")
    if nul >= 0:
        message = f"the file contains NUL bytes (the first at byte {nul}): it is binary, not text"
        raise fail(message, nul)
    try:
        return data[bom:].decode("utf-8")
    except UnicodeDecodeError as err:
        offset = bom + err.start  # counted from the start of the file, from 0
        raise fail(f"invalid UTF-8 at byte {offset}{_legacy_hint(data)}", offset) from None


def _utf16_32_without_bom(data: bytes) -> str | None:
    """UTF-16 or UTF-32 told by where the NULs fall around ASCII (as YAML itself does)."""
    head = data[:4]
    if len(head) < 4 or b"\x00" not in head:
        return None
    codec = None
    if head[:3] == b"\x00\x00\x00":
        codec = "utf-32-be"
    elif head[1:] == b"\x00\x00\x00":
        codec = "utf-32-le"
    elif head[0] == 0 and head[2] == 0:
        codec = "utf-16-be"
    elif head[1] == 0 and head[3] == 0:
        codec = "utf-16-le"
    if codec is None:
        return None
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None  # binary data that merely starts with NULs
    return None if "\x00" in text else codec.replace("-", "").upper().replace("UTF", "UTF-")


def _legacy_hint(data: bytes) -> str:
    for codec, name in (("gb18030", "GB18030 (GBK)"), ("big5", "Big5")):
        try:
            data.decode(codec)
        except UnicodeDecodeError:
            continue
        return f"; if it is {name}, convert it with iconv -f {codec.upper()} -t UTF-8"
    return ""


def _checked_text(text: str, filename: str) -> str:
    if len(text) * 4 > MAX_FILE_BYTES:
        size = len(text.encode("utf-8", "surrogatepass"))
        if size > MAX_FILE_BYTES:
            raise IssueFileError([Problem(filename, None, None, "", _too_large(size))])
    return text[1:] if text.startswith("\ufeff") else text


def _too_large(size: int) -> str:
    return f"the file is too large ({_bytes(size)}; the limit is {_bytes(MAX_FILE_BYTES)})"


def _bytes(size: int) -> str:
    for unit, scale in (("MiB", 1 << 20), ("KiB", 1 << 10)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}".replace(".0 ", " ")
    return f"{size} bytes"


# -- YAML ----------------------------------------------------------------------


def _compose(text: str, filename: str) -> tuple[Node | None, list[Problem]]:
    """The document's node graph, or the problems that stop YAML reading it."""
    try:
        loader = _Loader(text)  # the pure loader checks the characters here
    except (yaml.YAMLError, UnicodeEncodeError):
        return None, _bad_characters(text, filename)
    if isinstance(loader, _PureLoader):
        loader.max_depth = MAX_DEPTH
    try:
        return loader.get_single_node(), []
    except _TooDeep as err:
        return None, [_problem(filename, err.mark, too_deep(MAX_DEPTH))]
    except MarkedYAMLError as err:
        if "nesting depth" in str(err.problem):  # libyaml's own bound, 1,000 levels
            problems = _scan_events(text, filename)  # finds where level 65 starts, mostly
            if not any(p.message == too_deep(MAX_DEPTH) for p in problems):
                problems.append(_problem(filename, err.problem_mark, too_deep(MAX_DEPTH)))
            return None, problems
        return None, [_yaml_problem(filename, err)]
    except (yaml.YAMLError, UnicodeEncodeError):  # characters YAML does not allow
        return None, _bad_characters(text, filename)
    finally:
        loader.dispose()


def _may_hold_anchors(text: str) -> bool:
    """Whether the text may hold an anchor or alias: a cheap, conservative test.

    Ordinary text such as "AT&T", "a * b" or "注 *1" is not mistaken for one;
    what may be one (say "*注" opening a line) gets the exact check from the
    parser's event stream, which is slower.
    """
    if "&" not in text and "*" not in text:
        return False
    for match in _ANCHOR_SIGN.finditer(text):
        start = match.start()
        before = text[max(0, start - 256) : start].rstrip(" \t")
        if not before or before[-1] in _NODE_OPENERS or before.split()[-1].startswith("!"):
            return True
    return False


def _scan_events(text: str, filename: str) -> list[Problem]:
    """Every anchor and alias, and the first place nested too deeply, from the event stream."""
    problems: list[Problem] = []
    depth = 0
    deep = False
    try:
        loader = _Loader(text)
    except (yaml.YAMLError, UnicodeEncodeError):
        return problems  # composing reports the characters YAML does not allow
    check, get = loader.check_event, loader.get_event
    try:
        while check():
            event: Any = get()
            kind = type(event)
            if kind is AliasEvent or getattr(event, "anchor", None) is not None:
                problems.append(_problem(filename, event.start_mark, _ALIASES_ANCHORS))
            if kind in _STARTS:
                depth += 1
                if depth > MAX_DEPTH and not deep:
                    deep = True
                    problems.append(_problem(filename, event.start_mark, too_deep(MAX_DEPTH)))
            elif kind in _ENDS:
                depth -= 1
    except yaml.YAMLError:
        pass  # composing reports it, unless what was found already stops the load
    finally:
        loader.dispose()
    return problems


def _problem(filename: str, mark: Mark | None, message: str) -> Problem:
    if mark is None:
        return Problem(filename, None, None, "", message)
    return Problem(filename, mark.line + 1, mark.column + 1, "", message)


def _yaml_problem(filename: str, err: MarkedYAMLError) -> Problem:
    if err.context == "expected a single document in the stream":
        message = "the file holds more than one YAML document (a '---' line starts another)"
        return _problem(filename, err.problem_mark, message)
    message = f"invalid YAML: {err.problem or err.context}"
    if err.problem and err.context:
        message += f" ({err.context}"
        if err.context_mark is not None and err.context_mark is not err.problem_mark:
            mark = err.context_mark
            message += f" at line {mark.line + 1}, column {mark.column + 1}"
        message += ")"
    return _problem(filename, err.problem_mark or err.context_mark, message)


def _bad_characters(text: str, filename: str) -> list[Problem]:
    problems: list[Problem] = []
    for match in _NOT_YAML.finditer(text):
        if len(problems) > MAX_PROBLEMS:
            break
        pos = match.start()
        line = text.count("\n", 0, pos) + 1
        column = pos - (text.rfind("\n", 0, pos) + 1) + 1
        code = ord(match.group())
        what = "lone surrogate" if 0xD800 <= code <= 0xDFFF else "control character"
        if code in (0xFFFE, 0xFFFF):
            what = "non-character"
        message = f"{what} U+{code:04X} is not allowed in YAML; delete it from the file"
        problems.append(Problem(filename, line, column, "", message))
    if not problems:  # pragma: no cover - the loader refused something else
        problems.append(Problem(filename, None, None, "", "the file is not valid YAML text"))
    return problems
