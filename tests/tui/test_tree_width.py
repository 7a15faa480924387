"""The tree's width chosen with < and > survives restarts (a remembered choice, see
reader.choices); a stored value paperread does not offer is ignored; the narrow layout
still hides the tree whatever width was remembered."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from reader.library.files import load_library
from reader.store.state import Store
from reader.tui.app import PaperreadApp
from reader.tui.screens.reader import TREE_SHARES, ReaderScreen
from tests.conftest import WaitUntil

SAMPLE = Path(__file__).resolve().parents[2] / "issues" / "tongliao-sample.yaml"


def reader_of(app: PaperreadApp) -> ReaderScreen:
    screen = app.screen
    assert isinstance(screen, ReaderScreen)
    return screen


def tree_classes(screen: ReaderScreen) -> set[str]:
    return {f"-tree-{share}" for share in TREE_SHARES} & set(screen.classes)


async def started(app: PaperreadApp, pilot: Pilot[None], wait_until: WaitUntil) -> ReaderScreen:
    reader = reader_of(app)
    await wait_until(pilot, lambda: bool(reader.story.lines), what="the story")
    return reader


def says(reader: ReaderScreen, text: str) -> Callable[[], bool]:
    """Whether the message line says ``text`` (a condition to wait for)."""
    return lambda: reader.message_line.text == text


def remember_tree(value: str, config: str = "") -> None:
    """What an earlier run left in the store (in the test's own data dir)."""
    with Store() as store:
        store.set_settings({"tree": value, "tree.config": config})


async def test_the_width_chosen_with_the_keys_survives_a_restart(wait_until: WaitUntil) -> None:
    app = PaperreadApp(load_library([SAMPLE]))
    async with app.run_test(size=(100, 30)) as pilot:
        reader = await started(app, pilot, wait_until)
        assert tree_classes(reader) == {"-tree-30"}
        for answer in ("Tree 35 columns", "Tree 40 columns"):
            await pilot.press("greater_than_sign")
            await wait_until(pilot, says(reader, answer), what=answer)
        await pilot.press("backslash")  # hiding the tree is for this run only
        await wait_until(pilot, lambda: not reader.section_tree.display)
        await pilot.press("q")
    assert app.return_code == 0

    again = PaperreadApp(load_library([SAMPLE]))
    # The screen is made with the class: the first frame already has the width.
    assert tree_classes(again.get_default_screen()) == {"-tree-40"}
    async with again.run_test(size=(100, 30)) as pilot:
        reader = await started(again, pilot, wait_until)
        assert tree_classes(reader) == {"-tree-40"}
        assert not reader.has_class("-tree-hidden")
        assert reader.section_tree.outer_size.width == 40
        for _ in range(4):
            await pilot.press("less_than_sign")
        await wait_until(pilot, lambda: reader.message_line.text == "Tree 20 columns")
        await pilot.press("q")

    third = PaperreadApp(load_library([SAMPLE]))
    async with third.run_test(size=(100, 30)) as pilot:
        reader = await started(third, pilot, wait_until)
        assert tree_classes(reader) == {"-tree-20"}
        assert reader.section_tree.outer_size.width == 20


async def test_a_start_reads_the_remembered_choices_in_one_query(
    wait_until: WaitUntil, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Restoring the width costs no read of its own: the start reads every remembered
    choice (script, measure, theme, tree) with one query."""
    remember_tree("40")
    reads: list[str] = []
    settings, get_setting = Store.settings, Store.get_setting

    def counted_settings(store: Store) -> dict[str, str]:
        reads.append("settings")
        return settings(store)

    def counted_get(store: Store, name: str) -> str | None:
        reads.append(name)
        return get_setting(store, name)

    monkeypatch.setattr(Store, "settings", counted_settings)
    monkeypatch.setattr(Store, "get_setting", counted_get)
    app = PaperreadApp(load_library([SAMPLE]))
    async with app.run_test(size=(100, 30)) as pilot:
        reader = await started(app, pilot, wait_until)
        assert reader.section_tree.outer_size.width == 40
        assert reads == ["settings"]


@pytest.mark.parametrize(
    ("value", "config"),
    [
        ("33", ""),  # not a share paperread offers
        ("400", ""),
        ("-40", ""),
        ("0", ""),
        ("", ""),
        ("abc", ""),
        ("40.0", ""),
        (" 40", ""),
        ("４０", ""),  # full-width digits: str.isdigit() says yes, paperread no
        ("40", "35"),  # kept with a config value that is not config.yaml's (none)
    ],
)
async def test_a_damaged_or_out_of_range_width_is_ignored(
    wait_until: WaitUntil, value: str, config: str
) -> None:
    remember_tree(value, config)
    app = PaperreadApp(load_library([SAMPLE]))
    async with app.run_test(size=(100, 30)) as pilot:
        reader = await started(app, pilot, wait_until)
        assert tree_classes(reader) == {"-tree-30"}
        assert reader.section_tree.outer_size.width == 30


async def test_a_width_stored_as_bytes_is_ignored(wait_until: WaitUntil) -> None:
    remember_tree("30")  # makes the file and its tables
    with sqlite3.connect(Store().path) as conn:
        conn.execute("UPDATE setting SET value = x'ff34' WHERE name = 'tree'")
    conn.close()
    app = PaperreadApp(load_library([SAMPLE]))
    async with app.run_test(size=(100, 30)) as pilot:
        reader = await started(app, pilot, wait_until)
        assert tree_classes(reader) == {"-tree-30"}
        assert reader.section_tree.outer_size.width == 30


async def test_a_narrow_window_hides_the_tree_whatever_width_was_remembered(
    wait_until: WaitUntil,
) -> None:
    remember_tree("40")
    app = PaperreadApp(load_library([SAMPLE]))
    async with app.run_test(size=(50, 16)) as pilot:
        reader = await started(app, pilot, wait_until)
        assert reader.has_class("-narrow") and tree_classes(reader) == {"-tree-40"}
        assert not reader.section_tree.display
        assert reader.story.outer_size.width == 50
        await pilot.press("greater_than_sign")
        await wait_until(pilot, lambda: "too narrow" in reader.message_line.text)
        await pilot.press("backslash")  # shown, it takes the whole window, not 40%
        await wait_until(pilot, lambda: reader.section_tree.outer_size.width == 50)


async def test_a_remembered_width_the_bounds_hold_still_narrows_at_the_first_key(
    wait_until: WaitUntil,
) -> None:
    """Remembered at 40% in a narrower window; at 200 columns 30-40% all make the widest
    tree (56 columns): < passes over the shares that look the same."""
    remember_tree("40")
    app = PaperreadApp(load_library([SAMPLE]))
    async with app.run_test(size=(200, 30)) as pilot:
        reader = await started(app, pilot, wait_until)
        assert reader.section_tree.outer_size.width == 56
        await pilot.press("less_than_sign")
        await wait_until(pilot, lambda: reader.message_line.text == "Tree 50 columns")
        assert tree_classes(reader) == {"-tree-25"}
        await pilot.press("q")
    again = PaperreadApp(load_library([SAMPLE]))
    async with again.run_test(size=(200, 30)) as pilot:
        reader = await started(again, pilot, wait_until)
        assert tree_classes(reader) == {"-tree-25"}


async def test_wider_at_the_widest_tree_keeps_the_share_and_remembers_nothing(
    wait_until: WaitUntil,
) -> None:
    app = PaperreadApp(load_library([SAMPLE]))
    async with app.run_test(size=(200, 30)) as pilot:
        reader = await started(app, pilot, wait_until)
        await pilot.press("greater_than_sign")
        line = reader.message_line
        await wait_until(pilot, lambda: "as wide as it goes" in line.text, what="the limit")
        assert line.text == "The tree is already as wide as it goes (56 columns)"
        assert tree_classes(reader) == {"-tree-30"}
        assert reader.section_tree.outer_size.width == 56
    with Store() as store:
        assert store.get_setting("tree") is None
