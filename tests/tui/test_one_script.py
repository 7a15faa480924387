"""Issue 12.3, one script everywhere: every screen and every command output, in each script
mode, shows issue text in that mode and nothing in the other script.

A library of two issues, one simplified (with a language tag) and one traditional (without
one, so its script is detected), both bookmarked. For each mode the reader is started in it
and walked through: the reader itself (status line, tree, story), the bookmarks list, the
library, the command palette (queried in both scripts) and the search screen; then
``paperread search`` and ``paperread bookmarks`` in every form. Each screen's visible
characters are read back from what would be sent to the terminal.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from textual.command import CommandInput, CommandList, CommandPalette
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, OptionList

from reader.cli.main import main
from reader.library.files import load_library
from reader.store.state import Store
from reader.tui.app import PaperreadApp
from reader.tui.screens.bookmarks import BookmarksScreen, NoteScreen
from reader.tui.screens.library import LibraryScreen
from reader.tui.screens.reader import ReaderScreen
from reader.tui.screens.search import SearchScreen
from tests.tui.screen_text import screen_text

if TYPE_CHECKING:
    from tests.conftest import WaitUntil

SIMPLIFIED = """\
paperread: 1
paper: 通辽日报
date: 2026-03-02
edition: 经济版
language: zh-Hans
sections:
  - title: 要闻
    articles:
      - id: party
        headline: 党建引领发展
        body: [街道开展党建活动。]
      - id: economy
        headline: 经济报告发布
        body: [今天天气晴朗。]
"""

TRADITIONAL = """\
paperread: 1
paper: 晨光日報
date: 2026-02-01
sections:
  - title: 國際
    articles:
      - id: older
        headline: 舊聞一則
        body: [這是一篇關於黨建工作報導的舊聞。]
"""

# (simplified, traditional): each text of the simplified issue, then of the traditional one.
SIMPLIFIED_TEXTS = {
    "paper": ("通辽日报", "通遼日報"),
    "edition": ("经济版", "經濟版"),
    "section": ("要闻", "要聞"),
    "party": ("党建引领发展", "黨建引領發展"),
    "economy": ("经济报告发布", "經濟報告發布"),
    "body": ("开展党建活动", "開展黨建活動"),
}
TRADITIONAL_TEXTS = {
    "paper": ("晨光日报", "晨光日報"),
    "section": ("国际", "國際"),
    "older": ("旧闻一则", "舊聞一則"),
    "body": ("党建工作报导", "黨建工作報導"),
}
NOTE = "我的笔记"  # the reader's own words (simplified): never converted
NOTE_CONVERTED = "我的筆記"
MODES = ("original", "hans", "hant", "tw", "hk")


def shown(mode: str, pair: tuple[str, str], original: int) -> tuple[str, str]:
    """(the form ``mode`` shows, the form it must not show) of a text written as
    ``pair[original]``."""
    index = {"original": original, "hans": 0}.get(mode, 1)
    return pair[index], pair[1 - index]


def expected(mode: str) -> tuple[dict[str, str], dict[str, str], list[str]]:
    """The simplified issue's texts and the traditional one's as ``mode`` shows them, and
    every form that must appear nowhere."""
    a = {name: shown(mode, pair, 0) for name, pair in SIMPLIFIED_TEXTS.items()}
    b = {name: shown(mode, pair, 1) for name, pair in TRADITIONAL_TEXTS.items()}
    wrong = [bad for _good, bad in (*a.values(), *b.values())] + [NOTE_CONVERTED]
    return (
        {name: good for name, (good, _bad) in a.items()},
        {name: good for name, (good, _bad) in b.items()},
        wrong,
    )


def make_library(tmp_path: Path) -> tuple[Path, Path]:
    folder = tmp_path / "library"
    folder.mkdir()
    a, b = folder / "a.yaml", folder / "b.yaml"
    a.write_text(SIMPLIFIED, encoding="utf-8")
    b.write_text(TRADITIONAL, encoding="utf-8")
    return a, b


def bookmark_both(a: Path, b: Path) -> None:
    """Bookmark the party article (with a note) and the traditional issue's article."""
    library = load_library([a, b])
    with Store() as store:
        for entry in library.entries:
            issue = entry.issue
            assert issue is not None
            section = issue.sections[0]
            store.toggle_bookmark(issue, section, section.articles[0])
            if issue.paper == "通辽日报":
                store.set_note(issue.article_identity(section.articles[0]), NOTE)


def assert_in_script(text: str, wanted: list[str], wrong: list[str], where: str) -> None:
    flat = text.replace("\n", "")
    for good in wanted:
        assert good in flat, f"{where}: {good!r} not shown:\n{text}"
    for bad in wrong:
        assert bad not in flat, f"{where}: {bad!r} shown:\n{text}"


async def start(pilot: Pilot[Any], app: PaperreadApp, mode: str, wait_until: WaitUntil) -> None:
    screen = app.screen
    assert isinstance(screen, ReaderScreen)

    def ready() -> bool:
        return (
            screen.article is not None
            and screen.mode == mode
            and screen.scripts.converting is None
            and screen.library.verified
        )

    await wait_until(pilot, ready, what=f"the reader in mode {mode}")
    await pilot.pause()


async def palette_hits(
    pilot: Pilot[Any], app: PaperreadApp, query: str, wait_until: WaitUntil
) -> list[str]:
    """The palette's hits for ``query`` as plain text."""
    palette = app.screen
    assert isinstance(palette, CommandPalette)
    palette.query_one(CommandInput).value = query
    hits = palette.query_one(CommandList)

    def texts() -> list[str]:
        return [str(hits.get_option_at_index(i).prompt) for i in range(hits.option_count)]

    def settled() -> bool:
        # The search has replaced the list shown before anything was typed (which has
        # the script modes and every article).
        gathering = [w for w in app.workers if w.node is palette]
        found = texts()
        return all(w.is_finished for w in gathering) and bool(found) and "Script" not in str(found)

    await wait_until(pilot, settled, what=f"the palette's hits for {query!r}")
    return [text.splitlines()[0] for text in texts()]


@pytest.mark.parametrize("mode", MODES)
async def test_every_screen_shows_issue_text_in_the_script_mode(
    mode: str, tmp_path: Path, wait_until: WaitUntil
) -> None:
    a, b = make_library(tmp_path)
    bookmark_both(a, b)
    first, second, wrong = expected(mode)
    app = PaperreadApp(load_library([a.parent]), mode=mode)
    async with app.run_test(size=(120, 32)) as pilot:
        await start(pilot, app, mode, wait_until)
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        # The reader itself: status line (paper, edition, section), tree, story.
        assert_in_script(screen_text(app), list(first.values()), wrong, "reader")

        await pilot.press("B")
        await wait_until(pilot, lambda: isinstance(app.screen, BookmarksScreen))
        await pilot.pause()
        wanted = [first["party"], first["paper"], first["section"]]
        wanted += [second["older"], second["paper"], second["section"], NOTE]
        assert_in_script(screen_text(app), wanted, wrong, "bookmarks")
        marks = app.screen
        assert isinstance(marks, BookmarksScreen)
        party = next(i for i, m in enumerate(marks.items) if m.article_id == "party")
        marks.query_one(DataTable).move_cursor(row=party)
        await pilot.press("e")  # the note of the party article
        await wait_until(pilot, lambda: isinstance(app.screen, NoteScreen))
        await pilot.pause()
        assert app.screen.query_one(Input).value == NOTE
        assert_in_script(screen_text(app), [f"Note for: {first['party']}"], wrong, "note")
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, BookmarksScreen))
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is reader)

        await pilot.press("l")
        await wait_until(pilot, lambda: isinstance(app.screen, LibraryScreen))
        await pilot.pause()
        wanted = [first["paper"], first["edition"], second["paper"]]
        assert_in_script(screen_text(app), wanted, wrong, "library")
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is reader)

        # The palette finds the article by either script, and shows it in the mode.
        for query in ("党建", "黨建"):
            await pilot.press("ctrl+p")
            await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette))
            hits = await palette_hits(pilot, app, query, wait_until)
            assert hits == [f"{first['party']}  ·  {first['section']}"], (query, hits)
            assert_in_script(screen_text(app), [first["party"]], wrong, f"palette {query}")
            await pilot.press("escape")
            await wait_until(pilot, lambda: app.screen is reader)

        await pilot.press("slash")
        await wait_until(pilot, lambda: isinstance(app.screen, SearchScreen))
        search = app.screen
        assert isinstance(search, SearchScreen)
        search.query_one(Input).value = "党建"
        results = search.query_one(OptionList)
        await wait_until(
            pilot,
            lambda: search.indexed and len(search.hits) == 2 and results.option_count == 2,
            what="both stories found",
        )
        await pilot.pause()
        wanted = [first["party"], first["paper"], first["section"]]
        wanted += [second["older"], second["paper"], second["section"], second["body"]]
        assert_in_script(screen_text(app), wanted, wrong, "search")
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is reader)

        await pilot.press("question_mark")
        await pilot.pause()
        assert_in_script(screen_text(app), [], wrong, "help")


def run_cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(argv)
    out = capsys.readouterr().out
    return code, out


def search_values(out: str) -> tuple[str, list[dict[str, Any]]]:
    """The --json hits: their issue text joined, and the hits."""
    hits = json.loads(out)
    texts = [hit[key] for hit in hits for key in ("paper", "section", "headline", "snippet")]
    return "\n".join(texts), hits


@pytest.mark.parametrize("mode", MODES)
def test_commands_print_issue_text_in_the_script_mode(
    mode: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b = make_library(tmp_path)
    bookmark_both(a, b)
    first, second, wrong = expected(mode)
    script = ["--script", mode]

    code, out = run_cli(["search", "党建", str(a.parent), *script], capsys)
    wanted = [first["party"], first["paper"], first["section"]]
    wanted += [second["older"], second["paper"], second["section"], second["body"]]
    assert code == 0
    assert_in_script(out, wanted, wrong, "paperread search")

    code, out = run_cli(["search", "黨建", str(a.parent), "--json", *script], capsys)
    text, hits = search_values(out)
    assert code == 0
    assert_in_script(text, wanted, wrong, "paperread search --json")
    assert sorted(h["article_id"] for h in hits) == ["older", "party"]
    assert sorted(h["path"] for h in hits) == [str(a), str(b)]
    for hit in hits:  # the match spans still mark 党建 (or 黨建) in the shown snippet
        for start, end in hit["matches"]:
            assert hit["snippet"][start:end] in ("党建", "黨建")
    assert set(hits[0]) == {
        "paper",
        "date",
        "section",
        "headline",
        "issue_key",
        "article_id",
        "path",
        "snippet",
        "matches",
    }

    wanted = [first["party"], first["paper"], first["section"]]
    wanted += [second["older"], second["paper"], second["section"], NOTE]
    for form in ([], ["--markdown"]):
        code, out = run_cli(["bookmarks", *form, *script], capsys)
        assert code == 0
        assert_in_script(out, wanted, wrong, f"paperread bookmarks {form}")
    code, out = run_cli(["bookmarks", "--json", *script], capsys)
    marks = json.loads(out)
    assert code == 0
    text = "\n".join(m[k] for m in marks for k in ("paper", "section", "headline", "note"))
    assert_in_script(text, wanted, wrong, "paperread bookmarks --json")
    assert {m["path"] for m in marks} == {str(a), str(b)}
    assert {m["article_id"] for m in marks} == {"party", "older"}
    original = load_library([a, b])
    keys = {e.issue.article_identity(e.issue.sections[0].articles[0]) for e in original.entries}
    assert {m["article_key"] for m in marks} == keys  # keys are the original issue's


@pytest.mark.parametrize(("setting", "mode"), [("hk", "hk"), ("hans", "hans"), (None, "original")])
def test_commands_default_to_the_configured_script(
    setting: str | None,
    mode: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    a, b = make_library(tmp_path)
    bookmark_both(a, b)
    if setting is not None:
        config = tmp_path / "paperread-config"
        config.mkdir(exist_ok=True)
        (config / "config.yaml").write_text(f"script: {setting}\n", encoding="utf-8")
    first, second, wrong = expected(mode)
    code, out = run_cli(["search", "党建", str(a.parent)], capsys)
    assert code == 0
    assert_in_script(out, [first["party"], second["older"]], wrong, "search")
    code, out = run_cli(["bookmarks"], capsys)
    assert code == 0
    assert_in_script(out, [first["party"], second["older"], NOTE], wrong, "bookmarks")
    # --script original overrides the setting: the texts as the files have them.
    first, second, wrong = expected("original")
    code, out = run_cli(["bookmarks", "--script", "original"], capsys)
    assert_in_script(out, [first["party"], second["older"]], wrong, "bookmarks original")


@pytest.mark.parametrize("command", ["search", "bookmarks"])
def test_help_documents_the_script_option(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([command, "--help"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "--script MODE" in out and "config.yaml" in out
    assert "hant (繁體)" in out
