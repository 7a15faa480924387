"""A cache of parsed issues, so that opening an unchanged file needs neither PyYAML nor the loader.

:func:`load_issue` is :func:`reader.issue.load.load_issue` with a cache in front: a file whose
absolute path, size, modification time (ns) and inode match what was cached is rebuilt from
the cache file; anything else is parsed by the loader (imported then, with PyYAML) and, when
``store`` is true, written to the cache for the next time. Errors are never cached: a file that
does not load is parsed again each time, and raises what the loader raises.

One file per issue file in ``parsed/`` under :func:`reader.paths.cache_dir`, named by a hash
of the issue file's absolute path. A cache file is::

    MAGIC (8 bytes) | FORMAT (2 bytes, big-endian) | blake2b-256 of the payload | payload

where the payload is a run of frames, each a 4-byte big-endian length and :mod:`marshal`
data of plain tuples, strings and numbers only (never pickle: loading a pickle can run
code): first the key, the issue's own fields and each section's title, page and number of
articles; then the articles in reading order, at most :data:`FRAME_ARTICLES` a frame. So
neither writing nor reading ever holds the whole issue's encoding at once. Reading one
trusts nothing: the magic, the format version, the checksum, the framing, the key (path,
size, time, inode, paperread's version) and the type of every value are checked while the
model is rebuilt, and every text goes through :func:`reader.issue.clean.clean_text` again (a
no-op for the cleaned text that was written). Anything wrong is a miss: the file is parsed
and the cache file rewritten. Writes go to a temporary file in the same folder, then
:func:`os.replace`; a cache dir that cannot be written (read-only, full) is silently left
alone. Bump :data:`FORMAT` whenever the model or this encoding changes.

A parsed issue is written through :func:`reader.issue.deferred.submit`: at once, or, in the
reader, once its first frame is on screen, by a background thread (encoding and writing a
100,000-article issue takes about half a second); a write told to stop ends between frames,
its temporary file removed.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import marshal
import os
import stat
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from reader import __version__
from reader.issue.clean import clean_text
from reader.issue.deferred import submit
from reader.issue.model import (
    Article,
    Block,
    Credit,
    Issue,
    Note,
    Paragraph,
    Photo,
    Section,
    Subhead,
)

try:  # hashlib's own BLAKE2, without hashlib, which imports OpenSSL's bindings (~3 ms)
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - a Python built without it
    from hashlib import blake2b

__all__ = ["FOLDER", "FORMAT", "MAGIC", "cache_file", "load_issue", "read_cached", "store"]

MAGIC = b"PRDISSUE"
FORMAT = 2  # of the encoding below and of the model it rebuilds: bump on any change to either
FRAME_ARTICLES = 1000  # articles a frame holds at most (the last may hold fewer)
FOLDER = "parsed"
MAX_CACHE_BYTES = 512 * 1024 * 1024  # a cache file larger than this is not read
KEEP_FILES = 256  # cache files kept; the oldest written go first
RACY_NS = 2_000_000_000  # a file changed this recently may change again within its time's tick
_DIGEST = 32
_HEADER = len(MAGIC) + 2 + _DIGEST
_LENGTH = 4  # bytes of a frame's length
_MAX_DEPTH = 100  # of an extension value
_SUBHEAD, _PHOTO, _NOTE = 1, 2, 3  # a block's kind; a paragraph is its text alone


class _Bad(Exception):
    """The cache file is not one this version wrote: a miss."""


class _Stopped(Exception):
    """A background write was stopped (the reader is quitting): its temporary file goes."""


def load_issue(path: str | os.PathLike[str], *, store: bool = True) -> Issue:
    """The issue at ``path``, from the cache when the file is unchanged, else parsed.

    As :func:`reader.issue.load.load_issue` (the same result, the same errors); with
    ``store``, a parsed issue is written to the cache. The returned issue's ``path`` is
    ``path``, as the loader's is.
    """
    name = os.fspath(path)
    key = _key(name)
    if key is not None:
        found = read_cached(name, key)
        if found is not None:
            return found
    from reader.issue.load import load_issue as parse  # PyYAML comes with it: only on a miss

    issue = parse(name)
    if store and key is not None:
        after = _key(name)
        if after == key and time.time_ns() - key[3] >= RACY_NS:
            submit(lambda stopped: _store(issue, key, stopped))
    return issue


def store(issue: Issue, path: str | os.PathLike[str]) -> bool:
    """Cache ``issue`` as what the file at ``path`` holds now; False when it was not written."""
    key = _key(os.fspath(path))
    return key is not None and _store(issue, key)


def cache_file(path: str | os.PathLike[str]) -> Path:
    """The cache file of the issue file at ``path`` (whether it exists or not)."""
    absolute = os.path.abspath(os.fspath(path))
    digest = blake2b(absolute.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
    from reader.paths import cache_dir

    return cache_dir() / FOLDER / f"{digest}.bin"


# -- the key -------------------------------------------------------------------------


_Key = tuple[str, str, int, int, int]  # (paperread version, absolute path, size, mtime_ns, inode)


def _key(name: str) -> _Key | None:
    """What the cache file must match, or None when the file cannot be stat'ed or is not a
    regular file (the loader says why)."""
    try:
        info = os.stat(name)
    except (OSError, ValueError):
        return None
    if not stat.S_ISREG(info.st_mode):
        return None
    return (__version__, os.path.abspath(name), info.st_size, info.st_mtime_ns, info.st_ino)


# -- reading ---------------------------------------------------------------------------


def read_cached(name: str, key: _Key) -> Issue | None:
    """The cached issue of the file ``name`` if its cache file matches ``key``, else None."""
    try:
        with open(cache_file(key[1]), "rb") as file:
            if os.fstat(file.fileno()).st_size > MAX_CACHE_BYTES:
                return None
            data = file.read(MAX_CACHE_BYTES + 1)
    except (OSError, ValueError):
        return None
    try:
        return _decode(data, key, name)
    except (_Bad, ValueError, TypeError, EOFError, IndexError, OverflowError, RecursionError):
        return None


def _decode(data: bytes, key: _Key, name: str) -> Issue:
    if len(data) < _HEADER or data[: len(MAGIC)] != MAGIC:
        raise _Bad
    if int.from_bytes(data[len(MAGIC) : len(MAGIC) + 2], "big") != FORMAT:
        raise _Bad
    payload = memoryview(data)[_HEADER:]
    if blake2b(payload, digest_size=_DIGEST).digest() != data[len(MAGIC) + 2 : _HEADER]:
        raise _Bad
    frames = _frames(payload)
    loaded = _tuple(next(frames, None), 3)
    if loaded[0] != key:
        raise _Bad
    heads = [_head(head) for head in _tuple(loaded[2])]
    total = sum(count for _, count, _ in heads)
    articles: list[Article] = []
    for frame in frames:
        chunk = _tuple(frame)
        if not chunk or len(articles) + len(chunk) > total:
            raise _Bad
        articles += [_article(a) for a in chunk]
    if len(articles) != total:
        raise _Bad
    sections = []
    start = 0
    for title, count, page in heads:
        end = start + count
        sections.append(Section(_text(title), tuple(articles[start:end]), _optional(page)))
        start = end
    return _issue(loaded[1], tuple(sections), name)


def _frames(payload: memoryview) -> Iterator[object]:
    """Each frame's value, in order; a frame running past the end is :class:`_Bad`."""
    at = 0
    while at < len(payload):
        size = int.from_bytes(payload[at : at + _LENGTH], "big")
        at += _LENGTH
        if at + size > len(payload):
            raise _Bad
        yield marshal.loads(payload[at : at + size])
        at += size


def _head(value: object) -> tuple[object, int, object]:
    """A section's title, number of articles and page (texts checked when the section is made)."""
    title, count, page = _tuple(value, 3)
    if _int(count) < 0:
        raise _Bad
    return title, count, page


def _tuple(value: object, size: int | None = None) -> tuple[Any, ...]:
    if type(value) is not tuple or (size is not None and len(value) != size):
        raise _Bad
    return value


def _text(value: object) -> str:
    if type(value) is not str:
        raise _Bad
    return clean_text(value)  # the same text back, unless someone else wrote the file


def _optional(value: object) -> str | None:
    return None if value is None else _text(value)


def _int(value: object) -> int:
    if type(value) is not int:
        raise _Bad
    return value


def _issue(value: object, sections: tuple[Section, ...], name: str) -> Issue:
    paper, version, date, edition, language, source, extensions = _tuple(value, 7)
    return Issue(
        paper=_text(paper),
        sections=sections,
        format=_int(version),
        date=None if date is None else _dt.date.fromordinal(_int(date)),
        edition=_optional(edition),
        language=_optional(language),
        source=_optional(source),
        path=name,
        extensions=_extensions(extensions),
    )


def _article(value: object) -> Article:
    (
        id_,
        headline,
        body,
        kicker,
        subheadline,
        column,
        dateline,
        byline,
        credits,
        url,
        extensions,
    ) = _tuple(value, 11)
    return Article(
        _text(id_),
        _text(headline),
        tuple([_block(b) for b in _tuple(body)]),
        _optional(kicker),
        _optional(subheadline),
        _optional(column),
        _optional(dateline),
        tuple([_credit(c) for c in _tuple(byline)]),
        tuple([_credit(c) for c in _tuple(credits)]),
        _optional(url),
        _extensions(extensions),
    )


def _block(value: object) -> Block:
    if type(value) is str:  # the usual block, a paragraph, is its text alone
        return Paragraph(clean_text(value))
    kind = _int(_tuple(value)[0])
    if kind == _SUBHEAD:
        return Subhead(_text(_tuple(value, 2)[1]))
    if kind == _PHOTO:
        _, caption, credit, file = _tuple(value, 4)
        return Photo(_optional(caption), _optional(credit), _optional(file))
    if kind == _NOTE:
        _, text, label = _tuple(value, 3)
        return Note(_text(text), _optional(label))
    raise _Bad


def _credit(value: object) -> Credit:
    names, role = _tuple(value, 2)
    return Credit(tuple([_text(n) for n in _tuple(names)]), _optional(role))


def _extensions(value: object) -> tuple[tuple[str, Any], ...]:
    return tuple([_extension(item) for item in _tuple(value)])


def _extension(item: object) -> tuple[str, Any]:
    key, data = _tuple(item, 2)
    return _text(key), _plain(data, 0)


def _plain(value: object, depth: int) -> Any:
    """An extension value: the plain data the loader makes, dates tagged as tuples."""
    if depth > _MAX_DEPTH:
        raise _Bad
    kind = type(value)
    if value is None or kind in (bool, int, float):
        return value
    if kind is str:
        return _text(value)
    if isinstance(value, list):
        return [_plain(v, depth + 1) for v in value]
    if isinstance(value, dict):
        return {_text(k): _plain(v, depth + 1) for k, v in value.items()}
    tag, text = _tuple(value, 2)
    if tag == "date":
        return _dt.date.fromisoformat(_text(text))
    if tag == "datetime":
        return _dt.datetime.fromisoformat(_text(text))
    raise _Bad


# -- writing ---------------------------------------------------------------------------


def _store(issue: Issue, key: _Key, stopped: Callable[[], bool] | None = None) -> bool:
    """Write the cache file of ``issue``; False when it was not written. ``stopped`` is asked
    between frames: true, and the write ends, its temporary file removed."""
    target = cache_file(key[1])
    try:
        _write(target, lambda file: _write_frames(file, issue, key, stopped))
    except (_Bad, ValueError):
        return False  # something this encoding does not know: not cached
    except _Stopped:
        return False
    except OSError:
        return False  # a read-only or full cache dir: parsing next time is all it costs
    _prune(target.parent)
    return True


def _write_frames(
    file: BinaryIO, issue: Issue, key: _Key, stopped: Callable[[], bool] | None
) -> None:
    """The cache file's bytes, one frame at a time; the checksum is filled in at the end."""
    hasher = blake2b(digest_size=_DIGEST)
    file.write(MAGIC + FORMAT.to_bytes(2, "big") + bytes(_DIGEST))

    def frame(value: object) -> None:
        data = marshal.dumps(value)  # type: ignore[arg-type]
        size = len(data).to_bytes(_LENGTH, "big")
        hasher.update(size)
        hasher.update(data)
        file.write(size)
        file.write(data)

    heads = tuple([(s.title, len(s.articles), s.page) for s in issue.sections])
    frame((key, _encode_head(issue), heads))
    chunk: list[object] = []
    for section in issue.sections:
        for article in section.articles:
            chunk.append(_encode_article(article))
            if len(chunk) >= FRAME_ARTICLES:
                frame(tuple(chunk))
                chunk = []
                if stopped is not None and stopped():
                    raise _Stopped
    if chunk:
        frame(tuple(chunk))
    file.seek(len(MAGIC) + 2)
    file.write(hasher.digest())


def _write(target: Path, fill: Callable[[BinaryIO], None]) -> None:
    import tempfile  # lazy: only a miss writes

    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            fill(file)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _prune(folder: Path) -> None:
    """Keep the newest :data:`KEEP_FILES` cache files; drop temporary files left by a crash."""
    try:
        found = []
        now = time.time()
        with os.scandir(folder) as entries:
            for entry in entries:
                info = entry.stat(follow_symlinks=False)
                if entry.name.endswith(".tmp"):
                    if now - info.st_mtime > 3600:
                        os.unlink(entry.path)
                elif entry.name.endswith(".bin"):
                    found.append((info.st_mtime_ns, entry.path))
        found.sort(reverse=True)
        for _, path in found[KEEP_FILES:]:
            os.unlink(path)
    except OSError:
        pass


def _encode_head(issue: Issue) -> tuple[object, ...]:
    """The issue's own fields (its sections go separately)."""
    return (
        issue.paper,
        issue.format,
        None if issue.date is None else issue.date.toordinal(),
        issue.edition,
        issue.language,
        issue.source,
        _encode_extensions(issue.extensions),
    )


def _encode_article(a: Article) -> tuple[object, ...]:
    return (
        a.id,
        a.headline,
        tuple([_encode_block(b) for b in a.body]),
        a.kicker,
        a.subheadline,
        a.column,
        a.dateline,
        tuple([(c.names, c.role) for c in a.byline]),
        tuple([(c.names, c.role) for c in a.credits]),
        a.url,
        _encode_extensions(a.extensions),
    )


def _encode_block(block: Block) -> object:
    if isinstance(block, Paragraph):
        return block.text
    if isinstance(block, Subhead):
        return (_SUBHEAD, block.text)
    if isinstance(block, Photo):
        return (_PHOTO, block.caption, block.credit, block.file)
    if isinstance(block, Note):
        return (_NOTE, block.text, block.label)
    raise _Bad


def _encode_extensions(extensions: tuple[tuple[str, Any], ...]) -> tuple[object, ...]:
    return tuple([(key, _encode_plain(value, 0)) for key, value in extensions])


def _encode_plain(value: object, depth: int) -> object:
    if depth > _MAX_DEPTH:
        raise _Bad
    if value is None or type(value) in (bool, int, float, str):
        return value
    if isinstance(value, list):
        return [_encode_plain(v, depth + 1) for v in value]
    if isinstance(value, dict):
        if not all(type(k) is str for k in value):
            raise _Bad
        return {k: _encode_plain(v, depth + 1) for k, v in value.items()}
    if isinstance(value, _dt.datetime):
        return ("datetime", value.isoformat())
    if isinstance(value, _dt.date):
        return ("date", value.isoformat())
    raise _Bad
