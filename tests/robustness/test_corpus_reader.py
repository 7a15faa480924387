"""Every case of the hostile-input corpus in the reader (Pilot): a story or an error panel.

The reader must never crash on a file, never parse its text as markup, and never
paint anything a terminal would act on: each screen is rendered as the terminal
would receive it and searched for controls (see :mod:`tests.robustness.screen`).
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from textual.app import App
from textual.command import CommandList, CommandPalette

from reader.library.files import Library, catalogue_library, load_library
from reader.tui.app import PaperreadApp
from reader.tui.screens.reader import ReaderScreen
from reader.tui.screens.search import SearchScreen
from tests.robustness.corpus import (
    BY_NAME,
    CASES,
    EVIL_NAME,
    Case,
    many_articles_text,
    materialize,
)

if TYPE_CHECKING:
    from tests.conftest import WaitUntil

SAMPLE = Path(__file__).resolve().parents[2] / "issues" / "tongliao-sample.yaml"

# Shown by cat but not in the reader's story pane (the status line and tree hold some,
# cut to their width).
NOT_IN_STORY = ("PAPER-OK", "EDITION-OK", "SOURCE-OK", "TITLE-OK", "PAGE-OK")
BIG = {"articles-100000", "paragraph-1mb"}  # each has a test of its own below


def squeezed(text: str) -> str:
    return "".join(text.split())


def reader(app: PaperreadApp) -> ReaderScreen:
    screen = app.screen
    assert isinstance(screen, ReaderScreen)
    return screen


def story_text(app: PaperreadApp) -> str:
    return "\n".join(line.plain for line in reader(app).story.lines)


def corpus_folder(tmp_path: Path, cases: list[Case]) -> dict[str, str]:
    """Copy (or make) the cases into one library folder; file name → case name."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    names = {}
    for case in cases:
        if case.generate:  # made in place (the 65 MiB one is sparse: no copy)
            names[materialize(case, folder).name] = case.name
        else:
            source = materialize(case, folder)
            shutil.copyfile(source, folder / source.name)
            names[source.name] = case.name
    return names


def assert_shown(case: Case, app: PaperreadApp) -> None:
    """The story pane shows the case's article, or its error panel."""
    text = squeezed(story_text(app))
    if case.accepted:
        for shown in case.shows:
            if not any(hidden in shown for hidden in NOT_IN_STORY):
                assert squeezed(shown) in text, f"{case.name}: {shown!r} not in the story"
    else:
        assert "couldnotbeopened:" in text, case.name
        for expected in case.expect:
            assert squeezed(expected) in text, f"{case.name}: {expected!r} not in the panel"


async def test_every_case_in_one_library(
    tmp_path: Path, assert_screen_is_safe: Callable[[App[Any]], str], wait_until: WaitUntil
) -> None:
    """The whole corpus as a library folder, as ``paperread FOLDER`` opens it."""
    cases = [case for case in CASES if case.name not in BIG and not case.bug]
    names = corpus_folder(tmp_path, cases)
    library = catalogue_library([tmp_path / "corpus"])
    assert len(library.entries) == len(cases)
    app = PaperreadApp(library)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = reader(app)
        await pilot.pause()
        assert_screen_is_safe(app)
        for index, entry in enumerate(library.entries):
            case = BY_NAME[names[entry.label]]
            screen.open_entry(index)
            await pilot.pause()
            assert_shown(case, app)
            assert_screen_is_safe(app)
            if case.accepted:  # move about, and convert the hostile text with OpenCC
                await pilot.press("G", "g", "t")
                await pilot.pause()
                assert_screen_is_safe(app)
                await pilot.press("t")
        await pilot.press("l")  # the library screen lists every file, broken ones with a reason
        await pilot.pause()
        text = assert_screen_is_safe(app)
        assert "could not be opened" in text
        await pilot.press("escape")
        await pilot.press("slash", *"OK")  # search the hostile stories
        search = app.screen
        assert isinstance(search, SearchScreen)
        typed = time.monotonic()

        def searched() -> bool:
            running = [w for w in app.workers if w.group == "search" and not w.is_finished]
            return not running and search._searched > typed

        await wait_until(pilot, searched, what="the results for OK")
        assert_screen_is_safe(app)
        found = bool(search.hits)
        await pilot.press("enter")  # opens the first hit
        await wait_until(pilot, lambda: isinstance(app.screen, ReaderScreen) or not found)
        assert_screen_is_safe(app)
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running


SINGLE = ["binary", "alias-bomb", "markup-every-field"]


@pytest.mark.parametrize("name", SINGLE)
async def test_one_file_alone(
    name: str, tmp_path: Path, assert_screen_is_safe: Callable[[App[Any]], str]
) -> None:
    """``paperread FILE``: a broken file alone gives the error panel, a good one its story."""
    case = BY_NAME[name]
    library = load_library([materialize(case, tmp_path)])
    app = PaperreadApp(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert_shown(case, app)
        assert_screen_is_safe(app)
        await pilot.press("n", "p", "tab", "j", "enter", "question_mark")
        await pilot.pause()
        assert_screen_is_safe(app)
        await pilot.press("escape", "q")
    assert app.return_code == 0


async def test_a_one_megabyte_paragraph(
    tmp_path: Path, assert_screen_is_safe: Callable[[App[Any]], str]
) -> None:
    case = BY_NAME["paragraph-1mb"]
    app = PaperreadApp(load_library([materialize(case, tmp_path)]))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        story = reader(app).story
        assert "LONGMARKER" in story_text(app)
        assert len(story.lines) > 5_000
        await pilot.press("G", "pageup", "j")
        await pilot.pause()
        assert story.scroll_y > 5_000
        await pilot.resize_terminal(40, 12)
        await pilot.pause()
        await pilot.press("minus", "g", "end")
        await pilot.pause()
        assert_screen_is_safe(app)


async def test_a_section_of_many_articles(
    tmp_path: Path, assert_screen_is_safe: Callable[[App[Any]], str]
) -> None:
    """100,000 articles in one section: the reader opens them (the tree in runs of 100)."""
    case = BY_NAME["articles-100000"]
    size = case.reader_size or case.size
    path = tmp_path / "many.yaml"
    path.write_text(many_articles_text(size), encoding="utf-8")
    app = PaperreadApp(load_library([path]))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = reader(app)
        assert "第0条" in story_text(app)
        await pilot.press("n", "n", "p")
        await pilot.pause()
        assert screen.article is not None and screen.article.id == "a1"
        screen.open_article(0, size - 1)
        await pilot.pause()
        assert "LASTMARKER" in story_text(app)
        assert f"article {size} of {size}" in str(screen.status.render())
        assert_screen_is_safe(app)


async def _open_library_with(tmp_path: Path, extra: Path) -> tuple[PaperreadApp, Library]:
    folder = tmp_path / "library"
    folder.mkdir()
    shutil.copyfile(BY_NAME["crlf"].file or "", folder / "good.yaml")
    shutil.copyfile(extra, folder / extra.name)
    library = catalogue_library([folder])
    return PaperreadApp(library), library


async def test_a_file_name_full_of_escape_sequences(
    tmp_path: Path, assert_screen_is_safe: Callable[[App[Any]], str]
) -> None:
    evil = materialize(BY_NAME["evil-filename"], tmp_path / "made")
    assert evil.name == EVIL_NAME
    app, library = await _open_library_with(tmp_path, evil)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        assert_screen_is_safe(app)
        reader(app).open_entry(len(library.entries) - 1)  # the broken one sorts last
        await pilot.pause()
        assert_screen_is_safe(app)
        await pilot.press("l")
        await pilot.pause()
        assert_screen_is_safe(app)


async def test_command_palette_over_markup_like_titles(
    assert_screen_is_safe: Callable[[App[Any]], str], wait_until: WaitUntil
) -> None:
    case = BY_NAME["markup-every-field"]
    assert case.file is not None
    app = PaperreadApp(load_library([case.file]))
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette))
        palette = app.screen
        await pilot.press(*"HEAD")

        def found() -> bool:
            gathering = [w for w in app.workers if w.node is palette]
            hits = palette.query_one(CommandList)
            return all(w.is_finished for w in gathering) and hits.option_count > 0

        await wait_until(pilot, found, what="the palette's hits for HEAD")
        assert_screen_is_safe(app)
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_a_file_name_that_is_not_utf8(
    tmp_path: Path, assert_screen_is_safe: Callable[[App[Any]], str], wait_until: WaitUntil
) -> None:
    """Such a name decodes to lone surrogates, which SQLite cannot hold: nothing may raise."""
    folder = tmp_path / "library"
    folder.mkdir()
    odd = folder / os.fsdecode(b"odd-\xff.yaml")
    shutil.copyfile(SAMPLE, odd)  # undated: its identity is made from the file name
    library = catalogue_library([folder])
    app = PaperreadApp(library)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        screen = reader(app)
        assert screen.issue is not None and "\\xff" in screen.issue.identity
        await pilot.press("n", "b")
        await pilot.pause()
        assert screen.marks_for(screen.issue).bookmarked
        for key in ("l", "escape", "B", "escape"):
            await pilot.press(key)
            await pilot.pause()
            assert_screen_is_safe(app)
        await pilot.press("slash")
        await pilot.pause()
        await pilot.press(*"党建")
        await wait_until(pilot, lambda: getattr(app.screen, "hits", None), what="search hits")
        assert app.screen.hits  # type: ignore[attr-defined]
        assert_screen_is_safe(app)
        await pilot.press("escape", "q")
        await pilot.pause()
    assert app.return_code == 0
