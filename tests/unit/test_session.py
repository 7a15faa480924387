"""The reading session without a screen: what is open, where n/p/]/[ lead, finding again."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from reader.issue.model import Article, Issue, Paragraph, Section
from reader.library.files import Entry, Library
from reader.script import MODE_LABELS, opencc_config
from reader.session import Jump, ReadingSession, ScriptCache


def article(aid: str) -> Article:
    return Article(id=aid, headline=f"Headline {aid}", body=(Paragraph(f"Body of {aid}."),))


def issue(day: int, *sections: tuple[str, ...]) -> Issue:
    return Issue(
        paper="Test Daily",
        date=dt.date(2026, 1, day),
        sections=tuple(
            Section(title=f"S{i}", articles=tuple(article(a) for a in ids))
            for i, ids in enumerate(sections)
        ),
    )


def entry(day: int, *sections: tuple[str, ...]) -> Entry:
    return Entry(Path(f"/papers/{day}.yaml"), issue(day, *sections))


def session_on(*sections: tuple[str, ...]) -> ReadingSession:
    return ReadingSession(Library((entry(1, *sections),)))


def walk(session: ReadingSession, delta: int) -> list[tuple[int, int]]:
    """Every position ``article_step(delta)`` visits from the current one."""
    seen = []
    while (step := session.article_step(delta)) is not None:
        session.open_article(*step)
        seen.append(step)
    return seen


def test_what_is_open() -> None:
    session = session_on(("a", "b"), ("c",))
    assert session.issue is not None and session.issue.paper == "Test Daily"
    assert session.section is not None and session.section.title == "S0"
    assert session.article is not None and session.article.id == "a"
    session.open_article(1, 0)
    assert session.article is not None and session.article.id == "c"
    assert session.position == (1, 0)


def test_next_and_previous_article_cross_sections_and_stop_at_the_ends() -> None:
    session = session_on(("a", "b"), (), ("c",), ("d", "e"))
    assert walk(session, 1) == [(0, 1), (2, 0), (3, 0), (3, 1)]
    assert session.article_step(1) is None  # "No more articles"
    assert walk(session, -1) == [(3, 0), (2, 0), (0, 1), (0, 0)]
    assert session.article_step(-1) is None  # "This is the first article"


def test_reading_order_counts_every_article() -> None:
    session = session_on(("a", "b"), ("c",))
    assert session.reading_order() == (1, 3)
    session.open_article(1, 0)
    assert session.reading_order() == (3, 3)


def test_section_steps() -> None:
    session = session_on(("a", "b"), ("c", "d"), ("e",))
    assert session.section_step(1) == (1, 0)
    session.open_article(1, 1)
    assert session.section_step(-1) == (1, 0)  # back to this section's start first
    session.open_article(1, 0)
    assert session.section_step(-1) == (0, 0)
    session.open_article(2, 0)
    assert session.section_step(1) is None  # "No more sections"
    session.open_article(0, 0)
    assert session.section_step(-1) is None  # "This is the first section"


def test_section_step_skips_nothing_into_an_empty_section() -> None:
    session = session_on(("a",), ())
    assert session.section_step(1) is None


def test_a_broken_or_missing_issue_goes_nowhere() -> None:
    broken = Entry(Path("/papers/broken.yaml"))
    session = ReadingSession(Library((broken,)))
    assert session.issue is None and session.article is None
    assert session.positions() == []
    assert session.article_step(1) is None and session.section_step(1) is None
    assert session.reading_order() == (0, 0)
    empty = ReadingSession(Library(()))
    assert empty.entry is None and empty.article_step(1) is None


def test_opening_another_entry_starts_at_its_top() -> None:
    first, second = entry(2, ("x", "y")), entry(1, ("a",))
    session = ReadingSession(Library((first, second)))
    session.open_article(0, 1)
    assert session.open_entry(0) is False  # already open: the place stays
    assert session.position == (0, 1)
    assert session.open_entry(1) is True
    assert session.entry is second and session.position == (0, 0)


def test_locate_and_find_issue() -> None:
    first, second = entry(2, ("x",), ("y",)), entry(1, ("a",))
    session = ReadingSession(Library((first, second)))
    assert session.locate("y") == (1, 0)
    assert session.locate("a") is None
    assert second.issue is not None and session.locate("a", second.issue) == (0, 0)
    assert session.find_issue(second.issue.identity) == 1
    assert session.find_issue("nothing", str(first.path)) == 0
    assert session.find_issue("nothing") is None


def test_index_of_finds_the_entry_or_its_file() -> None:
    first, second = entry(2, ("x",)), entry(1, ("a",))
    session = ReadingSession(Library((first, second)))
    assert session.index_of(second) == 1
    again = Entry(second.path, second.issue)  # another object for the same file
    assert session.index_of(again) == 1
    assert session.index_of(Entry(Path("/elsewhere.yaml"))) is None


def test_add_entry_appends() -> None:
    session = ReadingSession(Library((entry(1, ("a",)),), roots=(Path("/papers"),)))
    extra = entry(9, ("z",))
    assert session.add_entry(extra) == 1
    assert session.library.entries[1] is extra and session.library.roots == (Path("/papers"),)


def test_replace_library_keeps_the_open_entry_open_wherever_it_sorts() -> None:
    old, new = entry(1, ("a", "b")), entry(2, ("n",))
    session = ReadingSession(Library((old,)))
    session.open_article(0, 1)
    moved = session.replace_library(Library((new, old)))
    assert moved is True
    assert session.entry is old and session.entry_index == 1 and session.position == (0, 1)
    assert session.replace_library(Library((new, old))) is False  # same place: nothing moves


def test_replace_library_keeps_reading_an_entry_whose_file_is_gone() -> None:
    gone, other = entry(1, ("a",)), entry(2, ("n",))
    session = ReadingSession(Library((gone,)))
    session.replace_library(Library((other,)))
    assert session.entry is gone
    assert session.library.entries == (other, gone)


def test_script_cache_shows_converted_partial_or_original() -> None:
    original = issue(1, ("a", "b"))
    converted = original.map_text(str.upper)
    key = object()
    cache = ScriptCache()
    assert cache.shown_issue(key, original, "hant") is original
    assert cache.shown_article(key, original, (0, 1), "hant") is original.sections[0].articles[1]
    early = converted.sections[0].articles[1]
    cache.partial[(key, "hant", 0, 1)] = early
    assert cache.shown_article(key, original, (0, 1), "hant") is early
    assert cache.shown_article(key, original, (0, 1), "original").headline == "Headline b"
    cache.store(key, "hant", converted)
    assert cache.has(key, "hant") and not cache.has(key, "hans")
    assert cache.partial == {}  # the early article is no longer needed
    assert cache.shown_issue(key, original, "hant") is converted
    assert cache.shown_issue(key, original, "original") is original
    assert cache.shown_article(key, original, (0, 0), "hant").headline == "HEADLINE A"


def test_script_cache_is_keyed_by_entry_object_so_it_survives_a_library_swap() -> None:
    kept = entry(1, ("a",))
    assert kept.issue is not None
    cache = ScriptCache()
    cache.store(kept, "hant", kept.issue.map_text(str.upper))
    session = ReadingSession(Library((kept,)))
    session.replace_library(Library((entry(2, ("n",)), kept)))
    assert session.entry is kept and cache.has(session.entry, "hant")


def test_jump_to_an_article_of_an_issue_in_the_library() -> None:
    first, second = entry(2, ("x",), ("y",)), entry(1, ("a",))
    session = ReadingSession(Library((first, second)))
    assert first.issue is not None
    jump = session.jump_to(first.issue.identity, "y")
    assert (jump.index, jump.position, jump.moved) == (0, (1, 0), False)
    gone = session.jump_to(first.issue.identity, "deleted-since")
    assert (gone.index, gone.position, gone.moved) == (0, (0, 0), True)
    assert session.jump_to("no such issue", "x") == Jump()  # its file is missing


def test_jump_to_loads_a_file_that_is_not_in_the_library(tmp_path: Path) -> None:
    path = tmp_path / "elsewhere.yaml"
    path.write_text(
        "paperread: 1\npaper: Other Daily\nsections:\n  - title: A\n    articles:\n"
        "      - id: far\n        headline: Far away\n        body: [Text.]\n",
        encoding="utf-8",
    )
    session = ReadingSession(Library((entry(1, ("a",)),)))
    jump = session.jump_to("Other Daily", "far", str(path))
    assert jump.index == 1 and jump.position == (0, 0) and not jump.moved
    assert session.library.entries[1].path == path
    broken = tmp_path / "broken.yaml"
    broken.write_text("paperread: 1\npaper: [\n", encoding="utf-8")
    assert session.jump_to("Broken", "x", str(broken)) == Jump(2)  # its error is shown


def test_notices_name_the_broken_files() -> None:
    good = entry(1, ("a",))
    broken = [Entry(Path(f"/papers/bad-{i}.yaml")) for i in range(5)]
    session = ReadingSession(Library((good, *broken), messages=("catalogue rebuilt",)))
    notices = session.notices()
    assert notices[0] == "catalogue rebuilt"
    assert notices[1].startswith("5 file(s) could not be opened: ")
    assert notices[1].count("bad-") == 3 and " and 2 more." in notices[1]
    assert ReadingSession(Library((broken[0],))).notices() == []  # alone: its panel says it


def test_script_cache_decides_what_to_convert_once_the_script_is_known() -> None:
    simplified = Issue(paper="晨光日报", language="zh-Hans", sections=issue(1, ("a",)).sections)
    key = object()
    cache = ScriptCache()
    # Nothing is decided before the issue's script is detected (off the UI thread).
    assert cache.known_source(key) is None
    assert cache.target(key, None, "tw") is None
    assert cache.config(key, "tw", False) is None
    assert cache.target(key, "hk", "tw") == "hk"  # a mode asked for is kept
    assert cache.source(key, simplified) == "hans"
    assert cache.known_source(key) == "hans"
    # Detected once per entry object: another issue under the same key is not looked at.
    english = Issue(paper="Daily", language="en", sections=simplified.sections)
    assert cache.source(key, english) == "hans"
    assert cache.known_source(object()) is None
    # t on a simplified issue: the traditional variant of the settings.
    assert cache.target(key, None, "tw") == "tw"
    assert cache.config(key, "tw", False) == opencc_config("tw", "hans", False) is not None
    assert cache.config(key, "tw", True) == opencc_config("tw", "hans", True)
    assert cache.config(key, "original", False) is None
    assert cache.config(key, "hans", False) is None  # already simplified
    assert cache.note(key, "hans", None) == f"The issue is already in {MODE_LABELS['hans']}"
    config = cache.config(key, "tw", False)
    assert cache.note(key, "tw", config) == (
        f"{MODE_LABELS['tw']} (OpenCC {config}; source script: language zh-Hans)"
    )


def test_script_cache_has_nothing_to_convert_in_an_issue_that_is_not_chinese() -> None:
    english = Issue(paper="Daily", language="en", sections=issue(1, ("a",)).sections)
    key = object()
    cache = ScriptCache()
    assert cache.source(key, english) == "other"
    assert cache.target(key, None, "hant") == "original"
    assert cache.config(key, "original", False) is None
    assert cache.config(key, "hant", False) is None
    assert cache.note(key, "original", None) == "This issue is not Chinese text: nothing to convert"


# --- across issues: n/p past the ends, next unread -------------------------------------


def library_of(*entries: Entry) -> ReadingSession:
    return ReadingSession(Library(entries))


def test_issue_step_goes_down_the_library_list_and_skips_broken_and_empty_issues() -> None:
    broken = Entry(Path("/papers/broken.yaml"), None)
    empty = entry(2, ())
    session = library_of(entry(3, ("a", "b")), broken, empty, entry(1, ("c",), ("d", "e")))
    assert session.issue_step(-1) is None  # the first entry: nothing before it
    forward = session.issue_step(1)
    assert forward == Jump(3, (0, 0))  # the next issue's first article
    session.open_entry(3)
    assert session.issue_step(1) is None  # the library's last
    assert session.issue_step(-1) == Jump(0, (0, 1))  # the previous issue's last article


def test_next_unread_within_the_issue_then_the_next_issues_then_round() -> None:
    newest, older, oldest = entry(3, ("a", "b"), ("c",)), entry(2, ("x", "y")), entry(1, ("z",))
    session = library_of(newest, older, oldest)
    read: dict[int, set[str]] = {3: {"a", "b"}, 2: {"x"}, 1: set()}

    def read_ids(e: Entry) -> set[str]:
        assert e.issue is not None and e.issue.date is not None
        return read[e.issue.date.day]

    assert session.next_unread(read_ids) == Jump(0, (1, 0))  # c, across a section
    session.open_article(1, 0)
    read[3].add("c")
    assert session.next_unread(read_ids) == Jump(1, (0, 1))  # y, in the next issue
    session.open_entry(2)
    read[1].add("z")
    assert session.next_unread(read_ids) == Jump(1, (0, 1))  # round the library to y
    read[2].add("y")
    assert session.next_unread(read_ids) is None  # everything read


def test_next_unread_does_not_count_the_open_article() -> None:
    session = session_on(("a", "b"))
    assert session.next_unread(lambda e: set()) == Jump(0, (0, 1))
    session.open_article(0, 1)
    assert session.next_unread(lambda e: set()) == Jump(0, (0, 0))  # round to a
    assert session.next_unread(lambda e: {"a"}) is None  # b itself does not count
