"""The cache of parsed issues (issue 16): hits, misses, and caches that must not be trusted."""

from __future__ import annotations

import datetime as dt
import marshal
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

import reader.issue.load as loader
from reader.issue import cache, deferred
from reader.issue.cache import FORMAT, MAGIC, cache_file
from reader.issue.load import load_issue as parse
from reader.issue.problems import IssueFileError

if TYPE_CHECKING:
    from tests.conftest import PollUntil

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "issues" / "tongliao-sample.yaml"
HOUR_NS = 3600 * 10**9

EXTENDED = """\
paperread: 1
paper: 晨报
date: 2024-05-01
edition: 第二版
x-when: 2024-05-01T08:30:00+08:00
x-day: 2024-05-02
x-data: {list: [1, 2.5, true, null, 文字], nested: {deep: [[]]}, nan: .nan}
sections:
  - title: 要闻
    page: A1
    articles:
      - id: a1
        headline: 标题
        kicker: 引题
        subheadline: 副题
        column: 专栏
        dateline: 北京5月1日电
        url: https://example.org/a1
        byline: [{role: 记者, names: [张三, 李四]}]
        credits: [{names: [王五], role: 摄}]
        x-note: 扩展
        body:
          - 第一段。
          - subhead: 小标题
          - photo: {caption: 图说, credit: 王五摄, file: a.jpg}
          - {note: 编者按的内容, label: 编者按}
          - 第二段。
"""


def aged(path: Path) -> Path:
    """Date the file an hour back: a file changed within the last seconds is not cached."""
    then = path.stat().st_mtime_ns - HOUR_NS
    os.utime(path, ns=(then, then))
    return path


@pytest.fixture
def issue_file(tmp_path: Path) -> Path:
    path = tmp_path / "issue.yaml"
    path.write_text(EXTENDED, encoding="utf-8")
    return aged(path)


@pytest.fixture
def no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    """The loader fails the test if called: what comes back came from the cache."""

    def refuse(path: object) -> None:
        raise AssertionError(f"parsed {path}")

    monkeypatch.setattr(loader, "load_issue", refuse)


def test_a_second_load_comes_from_the_cache(
    issue_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = cache.load_issue(issue_file)
    assert cache_file(issue_file).is_file()
    assert first == parse(issue_file)
    monkeypatch.setattr(loader, "load_issue", lambda path: pytest.fail(f"parsed {path}"))
    again = cache.load_issue(str(issue_file))
    assert again == first
    assert again.path == str(issue_file)  # the name asked for, as the loader gives it


def test_everything_the_model_holds_comes_back(issue_file: Path) -> None:
    parsed = parse(issue_file)
    cache.load_issue(issue_file)
    hit = cache.read_cached(str(issue_file), cache._key(str(issue_file)))  # type: ignore[arg-type]
    assert hit is not None
    assert hit == parsed
    # equality leaves these out: compare them too, values and types
    assert hit.extensions[:2] == parsed.extensions[:2]
    assert hit.extensions[0][1] == dt.datetime(
        2024, 5, 1, 8, 30, tzinfo=dt.timezone(dt.timedelta(hours=8))
    )
    assert type(hit.extensions[1][1]) is dt.date
    data = dict(hit.extensions)["x-data"]
    assert data["list"] == [1, 2.5, True, None, "文字"] and data["nested"] == {"deep": [[]]}
    assert data["nan"] != data["nan"]  # NaN survives
    assert [a.extensions for _, a in hit.articles()] == [a.extensions for _, a in parsed.articles()]
    assert repr(hit.sections) == repr(parsed.sections)
    assert hit.identity == parsed.identity and hit.date == dt.date(2024, 5, 1)


def test_the_sample_comes_back_equal(tmp_path: Path) -> None:
    cache.load_issue(SAMPLE)
    key = cache._key(str(SAMPLE))
    assert key is not None
    hit = cache.read_cached(str(SAMPLE), key)
    assert hit == parse(SAMPLE) and hit is not None
    assert hit.extensions == parse(SAMPLE).extensions


def test_a_changed_file_is_parsed_again(issue_file: Path) -> None:
    cache.load_issue(issue_file)
    issue_file.write_text(EXTENDED.replace("标题", "新的标题"), encoding="utf-8")
    aged(issue_file)
    assert cache.load_issue(issue_file).sections[0].articles[0].headline == "新的标题"


def test_a_file_changed_in_place_with_the_same_size_and_time_is_told_by_its_inode(
    issue_file: Path,
) -> None:
    cache.load_issue(issue_file)
    info = issue_file.stat()
    replacement = issue_file.with_name("new.yaml")
    replacement.write_text(EXTENDED.replace("标题", "别题"), encoding="utf-8")
    os.utime(replacement, ns=(info.st_atime_ns, info.st_mtime_ns))
    os.replace(replacement, issue_file)
    assert cache.load_issue(issue_file).sections[0].articles[0].headline == "别题"


def test_a_file_written_just_now_is_not_cached(tmp_path: Path) -> None:
    path = tmp_path / "fresh.yaml"
    path.write_text(EXTENDED, encoding="utf-8")
    cache.load_issue(path)
    assert not cache_file(path).exists()  # its time may not change on the next write
    cache.load_issue(aged(path))
    assert cache_file(path).exists()


def test_errors_are_not_cached(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("paper: [", encoding="utf-8")
    aged(path)
    for _ in range(2):
        with pytest.raises(IssueFileError):
            cache.load_issue(path)
    assert not cache_file(path).exists()
    with pytest.raises(IssueFileError, match="no such file"):
        cache.load_issue(tmp_path / "missing.yaml")


def test_a_scan_reads_the_cache_but_does_not_fill_it(issue_file: Path, tmp_path: Path) -> None:
    cache.load_issue(issue_file, store=False)
    assert not cache_file(issue_file).exists()


def _damage(path: Path, how: str) -> None:
    data = bytearray(path.read_bytes())
    if how == "flipped":
        data[-10] ^= 0x01
    elif how == "truncated":
        del data[len(data) // 2 :]
    elif how == "empty":
        data.clear()
    elif how == "foreign":
        data = bytearray(b"SQLite format 3\x00" + bytes(200))
    elif how == "version":
        data[len(MAGIC) : len(MAGIC) + 2] = (FORMAT + 1).to_bytes(2, "big")
    elif how == "magic":
        data[0:1] = b"X"
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("how", ["flipped", "truncated", "empty", "foreign", "version", "magic"])
def test_a_damaged_or_foreign_cache_file_is_ignored_and_rewritten(
    issue_file: Path, how: str
) -> None:
    expected = cache.load_issue(issue_file)
    stored = cache_file(issue_file)
    _damage(stored, how)
    damaged = stored.read_bytes()
    assert cache.load_issue(issue_file) == expected
    rewritten = stored.read_bytes()
    assert rewritten != damaged and rewritten.startswith(MAGIC)
    key = cache._key(str(issue_file))
    assert key is not None and cache.read_cached(str(issue_file), key) == expected


def _forge(path: Path, issue_file: Path, value: object) -> None:
    """A cache file with a valid header, framing and checksum around ``value`` as the issue,
    given as one tuple (paper, sections, format, date, edition, language, source,
    extensions), each section (title, articles, page): split into the head frame and one
    frame of articles as the cache writes them. A ``value`` of another shape is the head."""
    key = cache._key(str(issue_file))
    frames: list[object] = [(key, value, ())]
    if type(value) is tuple and len(value) == 8:
        paper, sections, *rest = value
        heads, articles = [], []
        for section in sections if isinstance(sections, tuple) else ():
            title, held, page = section
            heads.append((title, len(held), page))
            articles += held
        frames = [(key, (paper, *rest), tuple(heads))]
        if articles:
            frames.append(tuple(articles))
        if not isinstance(sections, tuple):
            frames.append(sections)
    _forge_frames(path, frames)


def _forge_frames(path: Path, frames: list[object], tail: bytes = b"") -> None:
    """A cache file with a valid header and checksum holding these frames (and ``tail``)."""
    from reader.issue.cache import blake2b

    payload = b""
    for value in frames:
        data = marshal.dumps(value)
        payload += len(data).to_bytes(4, "big") + data
    payload += tail
    digest = blake2b(payload, digest_size=32).digest()
    path.write_bytes(MAGIC + FORMAT.to_bytes(2, "big") + digest + payload)


ARTICLE = ("a1", "标题", ("正文。",), None, None, None, None, (), (), None, ())


@pytest.mark.parametrize(
    "value",
    [
        None,
        (),
        ("晨报",),
        ("晨报", (), 1, None, None, None, None, (), "extra"),
        (1, (), 1, None, None, None, None, ()),  # paper not text
        ("晨报", [], 1, None, None, None, None, ()),  # a list for the sections
        ("晨报", (("要闻", (ARTICLE[:-1],), None),), 1, None, None, None, None, ()),
        (
            "晨报",
            (("要闻", ((*ARTICLE[:2], ((9, "x"),), *ARTICLE[3:]),), None),),
            1,
            None,
            None,
            None,
            None,
            (),
        ),
        (
            "晨报",
            (("要闻", ((*ARTICLE[:2], ((),), *ARTICLE[3:]),), None),),
            1,
            None,
            None,
            None,
            None,
            (),
        ),
        (
            "晨报",
            (("要闻", ((*ARTICLE[:2], (b"bytes",), *ARTICLE[3:]),), None),),
            1,
            None,
            None,
            None,
            None,
            (),
        ),
        ("晨报", (), 1, 10**9, None, None, None, ()),  # no such date
        ("晨报", (), 1, "2024-05-01", None, None, None, ()),
        ("晨报", (), True, None, None, None, None, ()),  # a bool is no format number
        ("晨报", (), 1, None, None, None, None, (("x-a", {1: 2}),)),  # a key that is not text
        ("晨报", (), 1, None, None, None, None, (("x-a", ("set", "1")),)),
        ("晨报", (), 1, None, None, None, None, (("x-a", {1, 2}),)),
        ("晨报", (), 1, None, None, None, None, (("x-a", 3j),)),
        ("晨报", (), 1, None, None, None, None, (("x-a", ("date", "not a date")),)),
    ],
)
def test_a_well_formed_cache_file_holding_the_wrong_shapes_is_a_miss(
    issue_file: Path, value: object
) -> None:
    expected = cache.load_issue(issue_file)
    _forge(cache_file(issue_file), issue_file, value)
    assert cache.load_issue(issue_file) == expected


def test_a_cache_file_for_another_file_or_version_is_a_miss(
    issue_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = cache.load_issue(issue_file)
    other = issue_file.with_name("other.yaml")
    other.write_text(EXTENDED.replace("标题", "别的"), encoding="utf-8")
    cache.load_issue(aged(other))
    # the other file's cache file, copied where this file's would be: its key does not match
    cache_file(issue_file).write_bytes(cache_file(other).read_bytes())
    assert cache.load_issue(issue_file) == expected
    monkeypatch.setattr(cache, "__version__", "0.0.0-other")  # another paperread wrote it
    monkeypatch.setattr(loader, "load_issue", lambda path: parse(path))
    assert cache.load_issue(issue_file) == expected


def test_text_from_a_forged_cache_file_is_cleaned_again(issue_file: Path) -> None:
    cache.load_issue(issue_file)
    article = (
        "a1",
        "标\x1b[2J题",
        ("正\x1b]0;x\x07文。",),
        None,
        None,
        None,
        None,
        (),
        (),
        None,
        (),
    )
    _forge(
        cache_file(issue_file),
        issue_file,
        ("晨\u202e报", (("要闻", (article,), None),), 1, None, None, None, None, ()),
    )
    key = cache._key(str(issue_file))
    assert key is not None
    hit = cache.read_cached(str(issue_file), key)
    assert hit is not None
    assert hit.paper == "晨报"
    article_ = hit.sections[0].articles[0]
    assert article_.headline == "标题" and article_.body[0].text == "正文。"  # type: ignore[union-attr]


HEAD = ("晨报", 1, None, None, None, None, ())


@pytest.mark.parametrize(
    ("frames", "tail"),
    [
        ([("other", HEAD, ())], b""),  # another key
        ([HEAD], b""),  # no key at all
        ([None, HEAD], b""),
        ([(None, HEAD, (("要闻", 2, None),)), (ARTICLE,)], b""),  # fewer articles than said
        ([(None, HEAD, (("要闻", 1, None),)), (ARTICLE, ARTICLE)], b""),  # more
        ([(None, HEAD, (("要闻", 1, None),)), (ARTICLE,), (ARTICLE,)], b""),  # a frame more
        ([(None, HEAD, (("要闻", 1, None),)), ()], b""),  # an empty frame
        ([(None, HEAD, (("要闻", 1, None),)), [ARTICLE]], b""),  # a list, not a tuple
        ([(None, HEAD, (("要闻", -1, None),))], b""),  # a negative count
        ([(None, HEAD, (("要闻", True, None),)), (ARTICLE,)], b""),  # a bool for a count
        ([(None, HEAD, (("要闻", None),)), (ARTICLE,)], b""),  # a section head too short
        ([(None, HEAD, (("要闻", 1, None),)), (ARTICLE,)], b"\x00\x00\x00\x09abc"),  # past the end
        ([(None, HEAD, (("要闻", 1, None),)), (ARTICLE,)], b"\x00\x00"),  # half a length
    ],
)
def test_a_cache_file_framed_wrongly_is_a_miss(
    issue_file: Path, frames: list[object], tail: bytes
) -> None:
    expected = cache.load_issue(issue_file)
    key = cache._key(str(issue_file))
    assert key is not None
    framed = [
        (key, *frame[1:]) if type(frame) is tuple and frame[:1] == (None,) else frame
        for frame in frames
    ]
    _forge_frames(cache_file(issue_file), framed, tail)
    assert cache.read_cached(str(issue_file), key) is None
    assert cache.load_issue(issue_file) == expected
    assert cache.read_cached(str(issue_file), key) == expected  # rewritten


def test_a_well_framed_forged_file_is_read(issue_file: Path) -> None:
    """The forging helpers write what the cache reads (so the misses above are the shapes)."""
    cache.load_issue(issue_file)
    key = cache._key(str(issue_file))
    assert key is not None
    _forge_frames(cache_file(issue_file), [(key, HEAD, (("要闻", 1, None),)), (ARTICLE,)])
    hit = cache.read_cached(str(issue_file), key)
    assert hit is not None and hit.sections[0].articles[0].headline == "标题"


def test_an_issue_of_many_frames_comes_back_equal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Articles are written a few to a frame, across sections: they come back in order."""
    monkeypatch.setattr(cache, "FRAME_ARTICLES", 3)
    copy = aged_copy(SAMPLE, tmp_path)
    expected = parse(copy)
    assert expected.article_count() > 3 * 2
    cache.load_issue(copy)
    data = cache_file(copy).read_bytes()
    key = cache._key(str(copy))
    assert key is not None
    assert len(list(cache._frames(memoryview(data)[cache._HEADER :]))) == 1 + -(
        -expected.article_count() // 3
    )
    hit = cache.read_cached(str(copy), key)
    assert hit == expected and hit is not None
    assert [len(s.articles) for s in hit.sections] == [len(s.articles) for s in expected.sections]


def aged_copy(source: Path, folder: Path) -> Path:
    """A copy of ``source`` in ``folder``, dated an hour back."""
    copy = folder / source.name
    copy.write_bytes(source.read_bytes())
    return aged(copy)


# -- writes held back until the first frame, then written in a thread ------------------


@pytest.fixture
def held() -> Iterator[None]:
    """Cache writes held; whatever a test leaves is finished (and writes not held) after."""
    deferred.hold_writes()
    try:
        yield
    finally:
        deferred.finish_writes(0)


@pytest.mark.usefixtures("held")
def test_held_writes_wait_for_the_release_then_come_from_a_thread(
    issue_file: Path, monkeypatch: pytest.MonkeyPatch, poll_until: PollUntil
) -> None:
    import threading

    writers: list[str] = []
    store = cache._store

    def recording(*args: Any) -> bool:
        writers.append(threading.current_thread().name)
        return store(*args)

    monkeypatch.setattr(cache, "_store", recording)
    issue = cache.load_issue(issue_file)
    assert not cache_file(issue_file).exists() and writers == []
    deferred.release_writes()
    poll_until(cache_file(issue_file).exists, what="the held write")
    assert writers == ["paperread cache writes"]
    key = cache._key(str(issue_file))
    assert key is not None and cache.read_cached(str(issue_file), key) == issue
    other = aged_copy(SAMPLE, issue_file.parent)
    cache.load_issue(other)  # released: later writes go to the thread too
    poll_until(cache_file(other).exists, what="a write after the release")
    deferred.finish_writes()
    assert writers == ["paperread cache writes"] * 2
    folder = cache_file(issue_file).parent
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [cache_file(issue_file).name, cache_file(other).name]
    )


@pytest.mark.usefixtures("held")
def test_finishing_before_the_release_writes_what_was_held(issue_file: Path) -> None:
    issue = cache.load_issue(issue_file)
    assert not cache_file(issue_file).exists()
    deferred.finish_writes()
    key = cache._key(str(issue_file))
    assert key is not None and cache.read_cached(str(issue_file), key) == issue
    stored = cache_file(issue_file)
    stored.unlink()
    cache.load_issue(issue_file)  # finished: not held any more, written at once
    assert stored.exists()


@pytest.mark.usefixtures("held")
def test_finishing_stops_a_long_write_between_frames_and_leaves_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, poll_until: PollUntil
) -> None:
    """Quitting while a huge issue is being written: the write stops at its next frame,
    its temporary file is removed, no cache file is left, and quitting does not hang."""
    import threading

    monkeypatch.setattr(cache, "FRAME_ARTICLES", 1)
    encode = cache._encode_article
    started = threading.Event()
    encoded = [0]

    def slow(article: Any) -> object:  # the second article waits until quitting
        encoded[0] += 1
        if encoded[0] == 2:
            started.set()
            assert deferred._WRITES.stop is not None
            assert deferred._WRITES.stop.wait(30), "never told to stop"
        return encode(article)

    monkeypatch.setattr(cache, "_encode_article", slow)
    copy = aged_copy(SAMPLE, tmp_path)
    cache.load_issue(copy)
    deferred.release_writes()
    poll_until(started.is_set, what="the write under way")
    folder = cache_file(copy).parent
    assert [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]  # half written
    deferred.finish_writes(0)
    assert deferred._WRITES.thread is None and not deferred._WRITES.held
    assert encoded[0] == 2  # stopped at the frame after the one under way
    assert list(folder.iterdir()) == []


def test_a_cache_dir_that_cannot_be_written_falls_back_to_parsing(
    issue_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("PAPERREAD_CACHE_DIR", str(blocker))  # mkdir fails, even as root
    assert cache.load_issue(issue_file) == parse(issue_file)
    assert cache.load_issue(issue_file) == parse(issue_file)
    assert blocker.read_text() == ""


def test_a_full_cache_dir_falls_back_to_parsing_and_leaves_no_temporary_file(
    issue_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    assert cache.load_issue(issue_file) == parse(issue_file)
    folder = cache_file(issue_file).parent
    assert list(folder.iterdir()) == []


def test_a_read_only_cache_file_is_still_read(
    issue_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = cache.load_issue(issue_file)
    cache_file(issue_file).chmod(0o444)
    cache_file(issue_file).parent.chmod(0o555)
    try:
        monkeypatch.setattr(loader, "load_issue", lambda path: pytest.fail("parsed"))
        assert cache.load_issue(issue_file) == expected
    finally:
        cache_file(issue_file).parent.chmod(0o755)


def test_only_the_newest_cache_files_are_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "KEEP_FILES", 2)
    paths = []
    for number in range(4):
        path = tmp_path / f"i{number}.yaml"
        path.write_text(EXTENDED, encoding="utf-8")
        paths.append(aged(path))
        cache.load_issue(path)
        stored = cache_file(path)
        then = stored.stat().st_mtime_ns - (10 - number) * 10**9
        os.utime(stored, ns=(then, then))
    left = sorted(p.name for p in cache_file(paths[0]).parent.iterdir())
    assert left == sorted(cache_file(p).name for p in paths[2:])


def test_the_library_opens_issues_through_the_cache(
    issue_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.library.files import load_library

    first = load_library([issue_file]).entries[0].issue
    assert cache_file(issue_file).exists()
    monkeypatch.setattr(loader, "load_issue", lambda path: pytest.fail("parsed"))
    assert load_library([issue_file]).entries[0].issue == first


# -- whole starts, in a child process ---------------------------------------------------

START = """
import sys
import reader.cli.read as read
import reader.tui.app as app_module

product = app_module.PaperreadApp
css = product.CSS_PATH
here = __import__("pathlib").Path(app_module.__file__).parent
opened = []


class Headless(product):
    CSS_PATH = [here / p for p in (css if isinstance(css, list) else [css])]

    def run(self, *args, **kwargs):
        return super().run(headless=True, size=(100, 30))

    def index_library(self, library):
        pass

    def on_mount(self):
        super().on_mount()
        self.set_interval(0.01, self._shown)

    def _shown(self):
        story = self.screen.query("#story")
        if story and story.first().lines and not opened:
            # What was imported by the time the story is on screen: the library's check
            # runs after the first frame and may parse files the catalogue lacks.
            opened.append(" ".join(sorted(sys.modules)))
            self.exit()


app_module.PaperreadApp = Headless
read.require_terminal = lambda: None
from reader.cli.main import main

code = main(sys.argv[1:])
print(code, bool(opened), opened[0] if opened else "")
"""


def _start(args: list[str]) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", START, *args],
        cwd=REPO,
        env=os.environ,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    code, shown, modules = [*done.stdout.strip().split(" ", 2), "", "", ""][:3]
    assert (code, shown) == ("0", "True"), done.stderr + done.stdout
    return set(modules.split())


@pytest.mark.parametrize("how", ["file", "folder", "no arguments"])
def test_a_start_that_hits_the_cache_imports_neither_yaml_nor_the_loader(
    tmp_path: Path, how: str
) -> None:
    library = tmp_path / "library"
    library.mkdir()
    copy = library / "sample.yaml"
    copy.write_bytes(SAMPLE.read_bytes())
    aged(copy)
    then = library.stat().st_mtime_ns - HOUR_NS
    os.utime(library, ns=(then, then))
    args = {"file": [str(copy)], "folder": [str(library)], "no arguments": []}[how]
    if how == "no arguments":  # the library is the data dir's issues/ (and the bundled sample)
        data = Path(os.environ["PAPERREAD_DATA_DIR"])
        data.mkdir(parents=True)
        library.rename(data / "issues")
    first = _start(args)
    assert "yaml" in first
    again = _start(args)
    assert {"yaml", "reader.issue.load", "reader.issue.validate"} & again == set()
