"""The cache of parsed issues (issue 16): hits, misses, and caches that must not be trusted."""

from __future__ import annotations

import datetime as dt
import marshal
import os
import subprocess
import sys
from pathlib import Path

import pytest

import reader.issue.load as loader
from reader.issue import cache
from reader.issue.cache import FORMAT, MAGIC, cache_file
from reader.issue.load import load_issue as parse
from reader.issue.problems import IssueFileError

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
    """A cache file with a valid header and checksum around ``value`` as the issue."""
    from reader.issue.cache import blake2b

    key = cache._key(str(issue_file))
    payload = marshal.dumps((key, value))
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
