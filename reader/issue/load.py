"""Reading issue files: bytes → YAML events → the model, or every problem found.

The file is read as bytes and checked as UTF-8 here, so that encoding mistakes
get a useful message. YAML is parsed with libyaml (``yaml.CSafeLoader``) when
it is there, the pure-Python safe loader otherwise. Its events are composed to
nodes, so that every value keeps its line and column, one article at a time
(:mod:`reader.issue.stream`): the nodes of a whole file are never held at once.
Anchors and aliases are refused (never followed, so an alias bomb costs
nothing), nesting is bounded, and :mod:`reader.issue.validate` turns the nodes
into the model. The format is described in ``docs/issue-format.md``.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from collections.abc import Callable

import yaml
from yaml.error import MarkedYAMLError
from yaml.nodes import ScalarNode

from reader.issue.collector import collector_paused
from reader.issue.model import Issue
from reader.issue.nodes import NULL, too_deep
from reader.issue.problems import IssueFileError, Mark, Problem
from reader.issue.stream import IssueComposer
from reader.issue.validate import IssueBuilder

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

# Characters YAML does not allow anywhere in a stream.
_NOT_YAML = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class _PureLoader(yaml.SafeLoader):
    """The pure-Python safe loader (when PyYAML is built without libyaml); only its
    parser's events are used, so its recursive composer never runs."""


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
    source: bytes | str
    if isinstance(data, bytes):
        if _Loader is _PureLoader:
            source = text = _decode(data, filename)
        else:
            # libyaml reads the bytes as they are (it skips a BOM itself) once they are
            # checked, so no decoded copy of the file is made (for Chinese text that copy was
            # twice the file, and while decoding four times).
            _check_encoding(data, filename)
            source, text = data, ""
        text_of = lambda: text or _decode(data, filename)  # noqa: E731 - only on errors
    else:
        source = _checked_text(data, filename)
        text_of = lambda: source  # noqa: E731
    with collector_paused():
        issue, problems = _build(source, text_of, filename)
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


_CHECK_CHUNK = 1 << 20


def _check_encoding(data: bytes, filename: str) -> None:
    """Raise what :func:`_decode` raises for anything but UTF-8 text, without decoding it whole."""
    if (
        len(data) > MAX_FILE_BYTES
        or b"\x00" in data
        or any(data.startswith(bom) for bom, _ in _UTF16_32)
    ):
        _decode(data, filename)  # raises with the full message
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    try:
        for start in range(0, len(data), _CHECK_CHUNK):
            decoder.decode(view[start : start + _CHECK_CHUNK])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        _decode(data, filename)  # raises with the position and a hint
        raise  # pragma: no cover - _decode found the same mistake
    finally:
        view.release()


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


def _build(
    source: bytes | str, text_of: Callable[[], str], filename: str
) -> tuple[Issue | None, list[Problem]]:
    """The issue, or the problems that stop it: YAML's, else the format's.

    ``text_of`` gives the file's text, needed only to point at characters
    YAML does not allow.
    """
    try:
        loader = _Loader(source)  # the pure loader checks the characters here
    except (yaml.YAMLError, UnicodeEncodeError):
        return None, _bad_characters(text_of(), filename)
    builder = IssueBuilder(filename, MAX_DEPTH)
    composer = IssueComposer(
        loader,
        filename,
        MAX_DEPTH,
        section=builder.section,
        article=builder.article,
        after_item=builder.forget_nodes,
    )
    try:
        root = composer.document()
    except MarkedYAMLError as err:
        if composer.anchors:  # they stop the load; what follows them is not read
            return None, composer.anchors
        if "nesting depth" in str(err.problem):  # libyaml's own bound, 1,000 levels
            return None, [_problem(filename, err.problem_mark, too_deep(MAX_DEPTH))]
        return None, [_yaml_problem(filename, err)]
    except (yaml.YAMLError, UnicodeEncodeError):  # characters YAML does not allow
        if composer.anchors:
            return None, composer.anchors
        return None, _bad_characters(text_of(), filename)
    finally:
        loader.dispose()
    if composer.anchors or composer.stops:
        return None, composer.anchors + composer.stops
    if root is None or (isinstance(root, ScalarNode) and root.tag == NULL and not root.value):
        return None, [Problem(filename, None, None, "", "the file is empty")]
    issue = builder.issue(root)
    if builder.problems:
        return None, builder.problems
    if issue is None:  # pragma: no cover - every None comes with a problem
        raise AssertionError("validation failed without a problem")
    return issue, []


def _problem(filename: str, mark: Mark | None, message: str) -> Problem:
    if mark is None:
        return Problem(filename, None, None, "", message)
    return Problem(filename, mark.line + 1, mark.column + 1, "", message)


def _yaml_problem(filename: str, err: MarkedYAMLError) -> Problem:
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
