"""Reading state without a screen: read marks, saved places, bookmarks, a failing store."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from reader.issue.model import Article, Issue, Paragraph, Section
from reader.reading_state import ReadingState
from reader.session import Marks
from reader.store.state import Place, Store, StoreError


def make_issue() -> Issue:
    """Two sections of two short stories each."""

    def story(name: str) -> Article:
        return Article(id=name, headline=name.upper(), body=(Paragraph(f"{name}."),))

    return Issue(
        paper="Test Daily",
        path="/papers/test.yaml",
        sections=(
            Section("Front", (story("a"), story("b"))),
            Section("Back", (story("c"), story("d"))),
        ),
    )


class Told:
    """A ``notify`` that keeps what it was told."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, dict[str, Any]]] = []

    def __call__(self, message: str, **options: Any) -> None:
        self.messages.append((message, options))


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "paperread.db")


def test_without_a_store_reading_goes_on_and_bookmarks_say_why() -> None:
    told = Told()
    state = ReadingState(lambda: None, told)
    issue = make_issue()
    article = issue.sections[0].articles[0]
    assert state.marks_for(issue) == Marks()
    assert not state.marks_for(issue).tracking  # nothing shows as unread
    assert state.resume_point(issue) is None
    state.record_open(issue, article)
    state.save_place(issue, article, (0, 3))
    assert told.messages == []
    assert state.toggle_bookmark(issue, 0, article) is None
    assert told.messages == [
        ("Bookmarks are not available", {"severity": "error", "markup": False})
    ]


def test_opening_marks_read_and_resumes_there(store: Store) -> None:
    state = ReadingState(lambda: store, Told())
    issue = make_issue()
    c = issue.sections[1].articles[0]
    state.record_open(issue, c)
    assert state.marks_for(issue) == Marks(read={"c"}, bookmarked=set(), tracking=True)
    assert state.resume_point(issue) == (1, 0, (-1, 0))
    state.save_place(issue, c, (0, 12))
    assert state.resume_point(issue) == (1, 0, (0, 12))
    assert store.last_place(issue.identity) == ("c", Place(0, 12))


def test_a_place_is_saved_only_when_it_moved(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    state = ReadingState(lambda: store, Told())
    issue = make_issue()
    a = issue.sections[0].articles[0]
    saved: list[tuple[str, Place]] = []
    real_save = store.save_place

    def counting(issue: Issue, article: Article, place: Place) -> None:
        saved.append((article.id, place))
        real_save(issue, article, place)

    monkeypatch.setattr(store, "save_place", counting)
    state.record_open(issue, a)  # opening saves the top of the story
    state.save_place(issue, a, (-1, 0))  # not moved since
    state.save_place(issue, a, (0, 5))
    state.save_place(issue, a, (0, 5))
    state.save_place(issue, None, (0, 9))  # nothing open: nothing saved
    assert saved == [("a", Place(-1, 0)), ("a", Place(0, 5))]


def test_a_place_whose_article_is_gone_resumes_nowhere(store: Store) -> None:
    state = ReadingState(lambda: store, Told())
    issue = make_issue()
    state.record_open(issue, issue.sections[0].articles[1])
    shorter = Issue(paper=issue.paper, path=issue.path, sections=issue.sections[1:])
    assert shorter.identity == issue.identity
    assert state.resume_point(shorter) is None


def test_bookmark_toggles_and_shows_in_the_marks(store: Store) -> None:
    state = ReadingState(lambda: store, Told())
    issue = make_issue()
    d = issue.sections[1].articles[1]
    assert state.toggle_bookmark(issue, 1, d) is True
    assert state.marks_for(issue).bookmarked == {"d"}
    assert state.toggle_bookmark(issue, 1, d) is False
    assert state.marks_for(issue).bookmarked == set()


def test_b_again_keeps_the_bookmark_and_undo_restores_it_whole(store: Store) -> None:
    told = Told()
    state = ReadingState(lambda: store, told)
    issue = make_issue()
    a, d = issue.sections[0].articles[0], issue.sections[1].articles[1]
    state.toggle_bookmark(issue, 0, a)
    state.toggle_bookmark(issue, 1, d)
    store.set_note(issue.article_identity(d), "a note")
    before = store.bookmarks()
    assert state.toggle_bookmark(issue, 1, d) is False
    assert state.toggle_bookmark(issue, 0, a) is False
    assert len(state.removed) == 2 and store.bookmarks() == []
    restored = state.undo_removal()  # the last removed first
    assert restored is not None and restored.article_id == "a"
    restored = state.undo_removal()
    assert restored is not None and restored.note == "a note"
    assert store.bookmarks() == before
    assert state.marks_for(issue).bookmarked == {"a", "d"}
    assert state.undo_removal() is None and told.messages == []


def test_an_undo_that_cannot_be_written_keeps_the_bookmark_for_later(store: Store) -> None:
    told = Told()
    state = ReadingState(lambda: store, told)
    issue = make_issue()
    d = issue.sections[1].articles[1]
    state.toggle_bookmark(issue, 1, d)
    store.set_note(issue.article_identity(d), "keep me")
    state.toggle_bookmark(issue, 1, d)
    store.writable = False
    store.why_not_writable = "the data folder is read-only"
    assert state.undo_removal() is None
    assert told.messages[-1][0] == "the data folder is read-only"
    assert len(state.removed) == 1
    store.writable = True
    restored = state.undo_removal()
    assert restored is not None and restored.note == "keep me"
    assert len(state.removed) == 0


def test_a_read_only_store_says_why_a_bookmark_was_not_saved(store: Store) -> None:
    told = Told()
    state = ReadingState(lambda: store, told)
    issue = make_issue()
    store.writable = False
    store.why_not_writable = "the data folder is read-only"
    assert state.toggle_bookmark(issue, 0, issue.sections[0].articles[0]) is None
    assert told.messages == [
        ("the data folder is read-only", {"severity": "error", "markup": False, "timeout": 8})
    ]


def test_a_failing_write_is_told_and_reading_goes_on(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    told = Told()
    state = ReadingState(lambda: store, told)
    issue = make_issue()

    def fails(*args: object) -> None:
        raise StoreError("reading place not saved: disk full")

    monkeypatch.setattr(store, "save_place", fails)
    state.save_place(issue, issue.sections[0].articles[0], (0, 1))
    assert told.messages == [
        ("reading place not saved: disk full", {"severity": "error", "markup": False, "timeout": 8})
    ]
