"""A section of hundreds of articles: the tree shows them in runs of 100, filled when opened."""

from __future__ import annotations

from pathlib import Path

from reader.library.files import load_library
from reader.tui.app import PaperreadApp
from reader.tui.screens.reader import ReaderScreen
from reader.tui.widgets.section_tree import GROUP_SIZE


def long_issue(tmp_path: Path, count: int) -> Path:
    lines = ["paperread: 1", "paper: 长报", "date: 2026-02-02", "sections:"]
    lines += ["  - title: 短讯", "    articles:"]
    for n in range(1, count + 1):
        lines += [
            f"      - id: a{n}",
            f"        headline: 第{n}条短讯",
            f"        body: [正文{n}。]",
        ]
    lines += ["  - title: 副刊", "    articles:"]
    lines += ["      - id: last", "        headline: 最后一篇", "        body: [完。]"]
    path = tmp_path / "long.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def labels(screen: ReaderScreen) -> list[str]:
    out = []

    def walk(node, depth: int) -> None:  # type: ignore[no-untyped-def]
        for child in node.children:
            out.append("  " * depth + str(child.label))
            if child.is_expanded:
                walk(child, depth + 1)

    walk(screen.section_tree.root, 0)
    return out


async def test_a_long_section_is_shown_in_runs(tmp_path: Path) -> None:
    app = PaperreadApp(load_library([long_issue(tmp_path, 450)]))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        shown = labels(screen)
        runs = [line.strip() for line in shown if line.startswith("  ") and "–" in line]
        assert [r.split()[0] for r in runs] == ["1–100", "101–200", "201–300", "301–400", "401–450"]
        # The run holding the open article is open, the others are not filled.
        assert any(line.startswith("    ") and line.endswith("第1条短讯") for line in shown)
        assert not any(line.endswith("第101条短讯") for line in shown)
        # The other section is collapsed and not built (the issue has over 200 articles).
        assert len(screen.section_tree._article_nodes) == GROUP_SIZE


async def test_n_across_a_run_opens_the_next_one(tmp_path: Path) -> None:
    app = PaperreadApp(load_library([long_issue(tmp_path, 250)]))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        screen.open_article(0, 99)
        await pilot.press("n")
        await pilot.pause()
        assert screen.article is not None and screen.article.id == "a101"
        tree = screen.section_tree
        assert tree.cursor_node is not None and tree.cursor_node.data is not None
        assert tree.cursor_node.data.article == 100
        assert any(line.endswith("第101条短讯") for line in labels(screen))


async def test_a_run_opens_from_the_keyboard(tmp_path: Path) -> None:
    app = PaperreadApp(load_library([long_issue(tmp_path, 300)]))
    async with app.run_test(size=(100, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        await pilot.press("tab")
        await pilot.pause()
        tree = screen.section_tree
        # From the open article (1 of run 1–100) up to the run itself, collapse it, go down.
        await pilot.press("shift+left")  # to the run node
        await pilot.press("enter")  # collapse it (space pages the story, as everywhere)
        await pilot.press("down")  # the run 101–200
        await pilot.pause()
        assert tree.cursor_node is not None and str(tree.cursor_node.label).startswith("101–200")
        await pilot.press("enter")  # expand: its articles are added now
        await pilot.pause()
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert screen.article is not None and screen.article.id == "a102"
