"""The store: bookmarks, read marks, places, migrations, identity-based keys."""

from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
import sys
import types
from pathlib import Path

import pytest

from reader import paths
from reader.issue.model import Article, Credit, Issue, Paragraph, Section
from reader.store import schema as storeschema
from reader.store.sqlite import Trouble, classify
from reader.store.state import DB_NAME, Bookmark, Place, Store, StoreError


def make_issue(
    path: str | None = "/papers/renmin-2026-11-27.yaml",
    paper: str = "人民日报",
    date: dt.date | None = dt.date(2026, 11, 27),
    articles: int = 4,
) -> Issue:
    """A small issue: one section of ``articles`` short stories."""
    stories = tuple(
        Article(
            id=f"a{n}",
            headline=f"标题{n}",
            body=(Paragraph(f"正文{n}。"),),
            byline=(Credit(("赵彦臻",), "记者"),),
        )
        for n in range(articles)
    )
    return Issue(paper=paper, date=date, path=path, sections=(Section("要闻", stories),))


def first(issue: Issue, n: int = 0) -> tuple[Section, Article]:
    """The section and the ``n``-th article of the issue."""
    return list(issue.articles())[n]


@pytest.fixture
def store() -> Store:
    return Store()


def test_default_location_and_nothing_written_on_open() -> None:
    store = Store()
    assert store.path == paths.data_dir() / DB_NAME
    assert store.writable and store.why_not_writable is None and store.notices == []
    assert store.bookmarks() == [] and store.last_issue() is None
    assert store.read_keys("x") == set() and store.bookmarked_keys("x") == set()
    assert store.last_place("x") is None
    assert not paths.data_dir().exists()


def test_first_write_creates_folder_and_wal_file(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "er" / DB_NAME
    store = Store(path)
    issue = make_issue()
    assert store.toggle_bookmark(issue, *first(issue))
    assert path.is_file()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == len(storeschema.MIGRATIONS)


def test_toggle_adds_then_removes(store: Store) -> None:
    issue = make_issue()
    section, article = first(issue)
    key = issue.article_identity(article)
    assert store.toggle_bookmark(issue, section, article) is True
    assert store.is_bookmarked(key)
    assert store.bookmarked_keys(issue.identity) == {key}
    assert store.toggle_bookmark(issue, section, article) is False
    assert not store.is_bookmarked(key)
    assert store.bookmarks() == []


def test_bookmark_records_what_to_show(store: Store) -> None:
    issue = make_issue()
    section, article = first(issue, 2)
    store.toggle_bookmark(issue, section, article, note="读完")
    [mark] = store.bookmarks()
    assert mark.article_key == issue.article_identity(article)
    assert mark.issue_key == issue.identity
    assert (mark.article_id, mark.paper, mark.date) == ("a2", "人民日报", "2026-11-27")
    assert (mark.section, mark.headline, mark.byline) == ("要闻", "标题2", "记者 赵彦臻")
    assert mark.note == "读完"
    assert mark.path == "/papers/renmin-2026-11-27.yaml"
    assert mark.created > 0


def test_bookmarks_newest_first_across_issues(store: Store) -> None:
    one, two = make_issue(), make_issue(paper="光明日报")
    store.toggle_bookmark(one, *first(one, 0))
    store.toggle_bookmark(two, *first(two, 1))
    store.toggle_bookmark(one, *first(one, 3))
    assert [(m.paper, m.article_id) for m in store.bookmarks()] == [
        ("人民日报", "a3"),
        ("光明日报", "a1"),
        ("人民日报", "a0"),
    ]
    assert store.bookmarked_keys(two.identity) == {two.article_identity("a1")}


def test_bookmarks_saved_in_one_clock_tick_keep_their_order(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("reader.store.state.time", types.SimpleNamespace(time=lambda: 1000.0))
    issue = make_issue()
    for n in (2, 0, 1):
        store.toggle_bookmark(issue, *first(issue, n))
    assert [m.article_id for m in store.bookmarks()] == ["a1", "a0", "a2"]


def test_delete_and_notes(store: Store) -> None:
    issue = make_issue()
    store.toggle_bookmark(issue, *first(issue, 0))
    store.toggle_bookmark(issue, *first(issue, 1), note="first note")
    key0, key1 = issue.article_identity("a0"), issue.article_identity("a1")
    store.set_note(key0, "多行\n笔记")
    assert {m.article_id: m.note for m in store.bookmarks()} == {
        "a0": "多行\n笔记",
        "a1": "first note",
    }
    store.delete_bookmark(key1)
    store.delete_bookmark(key1)  # already gone: nothing happens
    assert [m.article_id for m in store.bookmarks()] == ["a0"]
    with pytest.raises(StoreError, match="no longer exists"):
        store.set_note(key1, "lost?")


def test_removing_a_bookmark_returns_it_and_restore_puts_it_back_exactly(store: Store) -> None:
    issue = make_issue()
    store.toggle_bookmark(issue, *first(issue, 0))
    store.toggle_bookmark(issue, *first(issue, 1), note="多行\n笔记 [b]")
    store.toggle_bookmark(issue, *first(issue, 2))
    before = store.bookmarks()
    key1 = issue.article_identity("a1")
    removed = store.delete_bookmark(key1)
    assert removed is not None and removed == store_bookmark(before, key1)
    assert store.delete_bookmark(key1) is None  # already gone
    assert [m.article_id for m in store.bookmarks()] == ["a2", "a0"]
    store.restore_bookmark(removed)
    assert store.bookmarks() == before  # the note, the saved time, the order
    assert store.bookmark(key1) == removed


def test_flip_bookmark_returns_what_it_removed(store: Store) -> None:
    issue = make_issue()
    section, article = first(issue, 3)
    assert store.flip_bookmark(issue, section, article, note="读完") is None
    [mark] = store.bookmarks()
    assert store.flip_bookmark(issue, section, article) == mark
    assert store.bookmarks() == []
    store.restore_bookmark(mark)
    assert store.bookmarks() == [mark]
    assert store.bookmarked_keys(issue.identity) == {issue.article_identity("a3")}


def test_restore_when_the_issue_row_is_gone_keeps_what_to_show(store: Store) -> None:
    issue = make_issue()
    store.toggle_bookmark(issue, *first(issue), note="n")
    [mark] = store.bookmarks()
    assert store.delete_bookmark(mark.article_key) == mark
    assert store._conn is not None
    store._conn.execute("DELETE FROM issue")  # not done by paperread; the restore copes
    store.restore_bookmark(mark)
    assert store.bookmarks() == [mark]


def test_restore_over_a_new_bookmark_of_the_same_article(store: Store) -> None:
    issue = make_issue()
    section, article = first(issue, 1)
    store.toggle_bookmark(issue, section, article, note="old note")
    old = store.flip_bookmark(issue, section, article)
    assert old is not None
    store.toggle_bookmark(issue, section, article)  # bookmarked again, no note
    store.restore_bookmark(old)  # the note comes back, nothing of the reader's is lost
    assert store.bookmarks() == [old]
    store.set_note(old.article_key, "new note")
    with pytest.raises(StoreError, match="bookmarked again, with another note"):
        store.restore_bookmark(old)
    assert [m.note for m in store.bookmarks()] == ["new note"]


def test_restore_on_a_store_that_cannot_be_written(store: Store) -> None:
    issue = make_issue()
    store.toggle_bookmark(issue, *first(issue), note="n")
    [mark] = store.bookmarks()
    store.delete_bookmark(mark.article_key)
    store.writable = False
    store.why_not_writable = "cannot save bookmarks: read-only"
    with pytest.raises(StoreError, match="read-only"):
        store.restore_bookmark(mark)


def store_bookmark(marks: list[Bookmark], key: str) -> Bookmark:
    [mark] = [m for m in marks if m.article_key == key]
    return mark


def test_read_marks(store: Store) -> None:
    one, two = make_issue(), make_issue(date=dt.date(2026, 11, 28))
    store.mark_read(one, first(one, 0)[1])
    store.mark_read(one, first(one, 0)[1])
    store.mark_read(one, first(one, 2)[1])
    store.mark_read(two, first(two, 1)[1])
    assert store.read_keys(one.identity) == {one.article_identity("a0"), one.article_identity("a2")}
    assert store.read_keys(two.identity) == {two.article_identity("a1")}
    assert store.read_keys("no such issue") == set()


def test_places_and_last_issue(store: Store) -> None:
    one, two = make_issue(), make_issue(date=dt.date(2026, 11, 28))
    store.save_place(one, first(one, 1)[1], Place(3, 120))
    assert store.last_place(one.identity) == ("a1", Place(3, 120))
    assert store.last_issue() == one.identity
    store.save_place(two, first(two, 0)[1], Place(0, 0))
    assert store.last_issue() == two.identity
    store.save_place(one, first(one, 2)[1], Place(7, 5))
    assert store.last_place(one.identity) == ("a2", Place(7, 5))
    assert store.last_issue() == one.identity
    store.mark_read(two, first(two, 3)[1])  # opening an article is reading the issue
    assert store.last_issue() == two.identity
    assert store.last_place(two.identity) == ("a0", Place(0, 0))
    assert store.last_place("never read") is None


def test_bookmarking_alone_does_not_make_an_issue_the_last_read(store: Store) -> None:
    one, two = make_issue(), make_issue(paper="光明日报")
    store.mark_read(one, first(one)[1])
    store.toggle_bookmark(two, *first(two))
    assert store.last_issue() == one.identity
    assert store.last_place(two.identity) is None


def test_everything_survives_reopening(store: Store) -> None:
    issue = make_issue()
    store.toggle_bookmark(issue, *first(issue), note="n")
    store.mark_read(issue, first(issue)[1])
    store.save_place(issue, first(issue, 1)[1], Place(2, 9))
    store.close()
    again = Store()
    assert [m.note for m in again.bookmarks()] == ["n"]
    assert again.read_keys(issue.identity) == {issue.article_identity("a0")}
    assert again.last_place(issue.identity) == ("a1", Place(2, 9))
    assert again.last_issue() == issue.identity
    assert again.notices == []


def test_keys_survive_moving_and_renaming_the_file(store: Store) -> None:
    before = make_issue(path="/old/place/today.yaml")
    after = make_issue(path="/new/place/renamed.yml")
    assert before.identity == after.identity
    store.toggle_bookmark(before, *first(before, 1))
    store.mark_read(before, first(before, 1)[1])
    store.save_place(before, first(before, 1)[1], Place(1, 4))
    assert store.bookmarked_keys(after.identity) == {after.article_identity("a1")}
    assert store.read_keys(after.identity) == {after.article_identity("a1")}
    assert store.last_place(after.identity) == ("a1", Place(1, 4))
    store.mark_read(after, first(after, 0)[1])
    [mark] = store.bookmarks()
    assert mark.path == "/new/place/renamed.yml"  # where it was last seen


def test_bookmark_of_a_vanished_file_is_still_listed(store: Store, tmp_path: Path) -> None:
    file = tmp_path / "issue.yaml"
    file.write_text("paper: x\n", encoding="utf-8")
    issue = make_issue(path=str(file))
    store.toggle_bookmark(issue, *first(issue))
    file.unlink()
    [mark] = store.bookmarks()
    assert mark.path == str(file) and mark.headline == "标题0"


def test_relative_paths_are_recorded_absolute(store: Store, tmp_path: Path) -> None:
    issue = make_issue(path="issue.yaml")
    store.toggle_bookmark(issue, *first(issue))
    assert store.bookmarks()[0].path == str(Path.cwd() / "issue.yaml")


# --- migrations ---------------------------------------------------------------


def test_a_version_0_database_is_upgraded(tmp_path: Path) -> None:
    path = tmp_path / DB_NAME
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE unrelated (x)")  # a file with content but no schema version
    conn.commit()
    conn.close()
    store = Store(path)
    assert store.writable and store.notices == []
    version = sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0]
    assert version == len(storeschema.MIGRATIONS)
    issue = make_issue()
    assert store.toggle_bookmark(issue, *first(issue))


def test_an_empty_file_is_a_new_database(tmp_path: Path) -> None:
    path = tmp_path / DB_NAME
    path.write_bytes(b"")
    store = Store(path)
    assert store.notices == [] and store.writable
    issue = make_issue()
    assert store.toggle_bookmark(issue, *first(issue))
    assert len(Store(path).bookmarks()) == 1


def test_forward_migration_keeps_the_data(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    issue = make_issue()
    store.toggle_bookmark(issue, *first(issue), note="kept")
    store.close()

    def add_colour(conn: sqlite3.Connection) -> None:
        conn.execute("ALTER TABLE bookmark ADD COLUMN colour TEXT NOT NULL DEFAULT 'red'")

    monkeypatch.setattr(storeschema, "MIGRATIONS", [*storeschema.MIGRATIONS, add_colour])
    again = Store()
    assert again.writable
    conn = sqlite3.connect(again.path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == len(storeschema.MIGRATIONS)
    assert conn.execute("SELECT note, colour FROM bookmark").fetchall() == [("kept", "red")]
    assert [m.note for m in again.bookmarks()] == ["kept"]


def test_a_newer_schema_is_read_but_not_written(store: Store) -> None:
    issue = make_issue()
    store.toggle_bookmark(issue, *first(issue))
    store.close()
    conn = sqlite3.connect(store.path)
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()
    newer = Store()
    assert not newer.writable
    assert newer.why_not_writable is not None and "newer paperread" in newer.why_not_writable
    assert len(newer.bookmarks()) == 1
    with pytest.raises(StoreError, match="newer paperread"):
        newer.toggle_bookmark(issue, *first(issue, 1))


# --- start-up cost --------------------------------------------------------------


def test_start_up_queries_use_indexes(store: Store) -> None:
    """What the reader asks at start-up is an index search, never a table scan."""
    issue = make_issue()
    store.toggle_bookmark(issue, *first(issue))
    store.mark_read(issue, first(issue)[1])
    store.save_place(issue, first(issue)[1], Place(0, 1))
    store.close()
    opened = Store()
    seen: list[str] = []
    assert opened._conn is not None
    opened._conn.set_trace_callback(seen.append)
    opened.last_issue()
    opened.read_keys(issue.identity)
    opened.bookmarked_keys(issue.identity)
    opened.last_place(issue.identity)
    opened.is_bookmarked(issue.article_identity("a0"))
    opened._conn.set_trace_callback(None)
    assert len(seen) == 5
    for sql in seen:
        plan = " / ".join(row[3] for row in opened._conn.execute("EXPLAIN QUERY PLAN " + sql))
        assert "SCAN" not in plan, f"{sql}: {plan}"


# --- errors -----------------------------------------------------------------------


def test_a_locked_database_gives_a_clear_error(store: Store) -> None:
    issue = make_issue()
    store.toggle_bookmark(issue, *first(issue))
    quick = Store(busy_timeout=0.05)
    holder = sqlite3.connect(store.path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StoreError, match="locked by another program: bookmark not saved"):
            quick.toggle_bookmark(issue, *first(issue, 1))
        assert len(quick.bookmarks()) == 1  # readers are not blocked under WAL
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert quick.toggle_bookmark(issue, *first(issue, 1))
    assert len(store.bookmarks()) == 2


def test_a_second_store_sees_the_file_another_one_created() -> None:
    reader_, writer = Store(), Store()
    issue = make_issue()
    writer.toggle_bookmark(issue, *first(issue))
    assert len(reader_.bookmarks()) == 1


def test_take_notices_empties_the_list(tmp_path: Path) -> None:
    path = tmp_path / DB_NAME
    path.write_bytes(b"not a database at all" * 10)
    store = Store(path)
    taken = store.take_notices()
    assert len(taken) == 1 and store.notices == []


@pytest.mark.parametrize(
    ("message", "kind"),
    [
        ("database is locked", Trouble.BUSY),
        ("database or disk is full", Trouble.FULL),
        ("attempt to write a readonly database", Trouble.READ_ONLY),
        ("database disk image is malformed", Trouble.DAMAGED),
        ("file is not a database", Trouble.DAMAGED),
        ("no such table: bookmark", Trouble.OTHER),
    ],
)
def test_error_kinds_from_messages(message: str, kind: Trouble) -> None:
    """Python 3.10 has no error codes on exceptions: the message decides."""
    assert classify(sqlite3.OperationalError(message)) is kind


def test_the_store_does_not_import_textual() -> None:
    code = (
        "import sys, reader.store.state, reader.cli.bookmarks; "
        "print(','.join(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))"
    )
    repo = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-c", code], cwd=repo, capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.strip() == ""


def test_a_version_1_database_gains_the_setting_table(tmp_path: Path) -> None:
    path = tmp_path / DB_NAME
    conn = sqlite3.connect(path)
    storeschema.MIGRATIONS[0](conn)
    conn.execute("PRAGMA user_version = 1")
    conn.execute(
        "INSERT INTO bookmark (article_key, issue_key, article_id, section, headline, created)"
        " VALUES ('k#a', 'k', 'a', 's', 'h', 1.0)"
    )
    conn.commit()
    conn.close()
    store = Store(path)
    assert [b.article_key for b in store.bookmarks()] == ["k#a"]
    assert store.get_setting("script") is None
    store.set_setting("script", "tw")
    store.set_setting("script", "hk")
    assert Store(path).get_setting("script") == "hk"


def test_an_issue_whose_file_name_is_not_utf8_can_be_bookmarked(tmp_path: Path) -> None:
    name = str(tmp_path) + "/x" + "\udcff" + ".yaml"  # how Python spells a non-UTF-8 name
    article = Article(id="a1", headline="标题", body=())
    issue = Issue(paper="报", sections=(Section(title="要闻", articles=(article,)),), path=name)
    assert "\\xff" in issue.identity and "\udcff" not in issue.identity
    store = Store(tmp_path / "p.db")
    assert store.toggle_bookmark(issue, issue.sections[0], article) is True
    (mark,) = store.bookmarks()
    assert mark.issue_key == issue.identity and mark.path is None


def test_set_read_marks_and_unmarks_in_one_go_and_the_counts_follow(store: Store) -> None:
    issue = make_issue()
    store.set_read(issue, ["a0", "a1", "a2"])
    assert store.read_keys(issue.identity) == {issue.article_identity(f"a{n}") for n in range(3)}
    assert store.read_counts() == {issue.identity: 3}
    store.set_read(issue, ["a1"], read=False)
    assert store.read_counts() == {issue.identity: 2}
    store.set_read(issue, ["a0", "a3"])  # a0 again: still one mark
    assert store.read_counts() == {issue.identity: 3}
    store.set_read(issue, ["a0", "a2", "a3"], read=False)
    assert store.read_counts() == {}
