"""A huge issue's tree builds and measures only what it shows (issue 16, item 4)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reader.library.files import load_library
from reader.tui.app import PaperreadApp
from reader.tui.screens.reader import ReaderScreen
from reader.tui.widgets.section_tree import LAZY_ARTICLES, SectionTree


def big_issue(tmp_path: Path, sections: int, per_section: int) -> Path:
    """An issue of ``sections`` sections of ``per_section`` one-paragraph articles."""
    lines = ["paperread: 1", "paper: 大报", "date: 2026-03-03", "sections:"]
    for s in range(1, sections + 1):
        lines += [f"  - title: 第{s}版", "    articles:"]
        for a in range(1, per_section + 1):
            lines += [
                f"      - id: s{s}a{a}",
                f"        headline: 第{s}版第{a}篇",
                f"        body: [正文{s}-{a}。]",
            ]
    path = tmp_path / "big.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def shown_lines(tree: SectionTree) -> list[str]:
    return [str(line.node.label) for line in tree._tree_lines]


async def test_a_huge_issue_builds_only_the_open_section(tmp_path: Path) -> None:
    app = PaperreadApp(load_library([big_issue(tmp_path, 50, 20)]))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        tree = screen.section_tree
        assert LAZY_ARTICLES < 50 * 20
        # 50 section nodes and the open section's 20 articles, not 1,050 nodes.
        assert len(tree._article_nodes) == 20
        assert len(tree._tree_nodes) == 1 + 50 + 20
        sections = [tree._section_nodes[(0, s)] for s in range(50)]
        assert sections[0].is_expanded
        assert not any(node.is_expanded for node in sections[1:])
        assert len(shown_lines(tree)) == 50 + 20


async def test_a_small_issue_is_built_whole(tmp_path: Path) -> None:
    app = PaperreadApp(load_library([big_issue(tmp_path, 3, 4)]))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        tree = screen.section_tree
        assert len(tree._article_nodes) == 12
        assert all(tree._section_nodes[(0, s)].is_expanded for s in range(3))


async def test_n_into_a_collapsed_section_fills_and_opens_it(
    tmp_path: Path, wait_until: Any
) -> None:
    app = PaperreadApp(load_library([big_issue(tmp_path, 50, 20)]))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        tree = screen.section_tree
        screen.open_article(0, 19)
        await pilot.press("n")
        await wait_until(
            pilot,
            lambda: (
                tree.cursor_node is not None
                and tree.cursor_node.data is not None
                and (tree.cursor_node.data.section, tree.cursor_node.data.article) == (1, 0)
            ),
        )
        assert len(tree._article_nodes) == 40
        assert "第2版第1篇" in " ".join(shown_lines(tree))


async def test_a_section_opens_from_the_keyboard(tmp_path: Path, wait_until: Any) -> None:
    app = PaperreadApp(load_library([big_issue(tmp_path, 50, 20)]))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        tree = screen.section_tree
        await pilot.press("tab")
        await pilot.press("shift+left", "enter")  # to section 1 and collapse it
        await pilot.press("down")  # section 2, collapsed and empty
        await wait_until(pilot, lambda: tree.cursor_node is tree._section_nodes[(0, 1)])
        assert len(tree._section_nodes[(0, 1)].children) == 0
        await pilot.press("enter")
        await wait_until(pilot, lambda: len(tree._section_nodes[(0, 1)].children) == 20)
        await pilot.press("down", "enter")
        await wait_until(pilot, lambda: screen.article is not None and screen.article.id == "s2a1")


async def test_n_does_not_lay_the_tree_out_again(tmp_path: Path, wait_until: Any) -> None:
    app = PaperreadApp(load_library([big_issue(tmp_path, 50, 20)]))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        tree = screen.section_tree
        lines = tree._tree_lines  # laid out for the first frame
        await pilot.press("n")
        await wait_until(
            pilot,
            lambda: (
                tree.cursor_node is not None
                and tree.cursor_node.data is not None
                and tree.cursor_node.data.article == 1
            ),
        )
        await pilot.pause()
        # The same layout: relabelling one article and moving the cursor re-measure nothing.
        assert tree._tree_lines is lines


async def test_laying_the_tree_out_renders_no_label(tmp_path: Path) -> None:
    app = PaperreadApp(load_library([big_issue(tmp_path, 3, 4)]))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        tree = screen.section_tree
        rendered: list[object] = []
        original = tree.render_label

        def counting(node: Any, base: Any, style: Any) -> Any:
            rendered.append(node)
            return original(node, base, style)

        tree.render_label = counting  # type: ignore[method-assign]
        tree._invalidate()
        assert len(tree._tree_lines) == 3 + 12
        assert rendered == []  # the widths come from the room, not from rendering labels
        assert tree.virtual_size.width <= tree.scrollable_content_region.width
