"""Bookmarks, read marks, the place in a story and copying, driven by keys."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.library.files import load_library
from reader.store.state import Store
from reader.tui.app import PaperreadApp
from reader.tui.screens.bookmarks import BookmarksScreen, NoteScreen
from reader.tui.screens.reader import ReaderScreen

SAMPLE = Path(__file__).resolve().parents[2] / "issues" / "tongliao-sample.yaml"


def make_app(*paths: Path) -> PaperreadApp:
    return PaperreadApp(load_library(list(paths) or [SAMPLE]))


def reader(app: PaperreadApp) -> ReaderScreen:
    screen = app.screen_stack[0]
    assert isinstance(screen, ReaderScreen)
    return screen


def tree_labels(screen: ReaderScreen) -> list[str]:
    section = screen.section_tree.root.children[0]
    return [str(node.label) for node in section.children]


async def test_b_bookmarks_and_marks_the_tree() -> None:
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        screen = reader(app)
        await pilot.press("n", "b")
        await pilot.pause()
        store = Store()
        keys = store.bookmarked_keys(screen.issue.identity)  # type: ignore[union-attr]
        assert {k.rsplit("#", 1)[1] for k in keys} == {"chaoketu"}
        assert "★" in tree_labels(screen)[1]
        await pilot.press("b")  # again: removed
        await pilot.pause()
        assert Store().bookmarked_keys(screen.issue.identity) == set()  # type: ignore[union-attr]
        assert "★" not in tree_labels(screen)[1]


async def test_read_marks_and_unread_counts() -> None:
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        screen = reader(app)
        await pilot.pause()
        labels = tree_labels(screen)
        assert not labels[0].startswith("●")  # opened, so read
        assert all(label.startswith("●") for label in labels[1:])
        section = str(screen.section_tree.root.children[0].label)
        assert section.endswith("(6)")
        await pilot.press("n", "n")
        await pilot.pause()
        assert str(screen.section_tree.root.children[0].label).endswith("(4)")


async def test_place_survives_a_restart_at_another_width() -> None:
    app = make_app()
    async with app.run_test(size=(100, 16)) as pilot:
        await pilot.press("n", "space", "space")
        await pilot.pause()
        screen = reader(app)
        place = screen.story.place()
        assert place[0] > 0
        sentence_block = place[0]
        await pilot.press("q")
    app = make_app()
    async with app.run_test(size=(60, 16)) as pilot:
        await pilot.pause()
        await pilot.pause()
        screen = reader(app)
        assert screen.article is not None and screen.article.id == "chaoketu"
        block, offset = screen.story.place()
        assert block == sentence_block
        assert offset <= place[1]
        assert screen.story.scroll_y > 0


async def test_bookmarks_screen_jumps_deletes_and_edits_notes() -> None:
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        screen = reader(app)
        await pilot.press("b", "n", "n", "n", "b", "p")
        await pilot.pause()
        await pilot.press("B")
        await pilot.pause()
        assert isinstance(app.screen, BookmarksScreen)
        assert [b.article_id for b in app.screen.items] == [
            "shenji-zhenggai",
            "zuozhong-dangjian-ronghe",
        ]
        await pilot.press("j", "enter")  # the older one
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert screen.article is not None and screen.article.id == "zuozhong-dangjian-ronghe"
        await pilot.press("B", "e")
        await pilot.pause()
        assert isinstance(app.screen, NoteScreen)
        await pilot.press(*"[b]ok", "enter")
        await pilot.pause()
        assert isinstance(app.screen, BookmarksScreen)
        assert app.screen.items[0].note == "[b]ok"
        await pilot.press("d")
        await pilot.pause()
        assert [b.article_id for b in app.screen.items] == ["zuozhong-dangjian-ronghe"]
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)


async def test_y_copies_the_article_text(monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_app()
    copied: list[str] = []
    monkeypatch.setattr(app, "copy_to_clipboard", copied.append)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n", "y")
        await pilot.pause()
    assert len(copied) == 1
    text = copied[0]
    assert text.startswith("人大代表风采\n朝克吐:一腔赤诚 不负青山\n本报记者 李娜\n")
    assert "以履职为重点 贡献“绿色”智慧" in text
    assert "\x1b" not in text


async def test_unwritable_data_dir_still_reads_and_b_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("PAPERREAD_DATA_DIR", str(blocker / "data"))
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = reader(app)
        await pilot.press("n", "b")
        await pilot.pause()
        assert screen.article is not None and screen.article.id == "chaoketu"
        messages = [n.message for n in app._notifications]
        assert any("cannot save" in m for m in messages), messages
