"""Key t and the script modes in the reader, and cat --script."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import opencc
import pytest
from textual.pilot import Pilot

from reader.cli.main import main
from reader.library.files import load_library
from reader.tui.app import PaperreadApp
from reader.tui.screens.reader import ReaderScreen
from reader.typeset.plain import article_as_text

if TYPE_CHECKING:
    from tests.conftest import WaitUntil

WaitForMode = Callable[[Pilot[Any], ReaderScreen, str], Awaitable[None]]

SIMPLIFIED = """\
paperread: 1
paper: 晨光日报
language: zh-Hans
sections:
  - title: 国内新闻
    articles:
      - id: one
        headline: 图书馆开放夜间阅览
        kicker: 读书节特别报道
        byline: [{role: 记者, names: [张丽华]}]
        body:
          - 市图书馆从下周起延长开放时间，读者可以在晚上继续借阅图书。
          - subhead: 志愿者参与服务
          - 这项举措得到了许多学生和上班族的欢迎。
        credits: [{role: 摄, names: [陈伟]}]
      - id: two
        headline: 公园里的银杏叶变黄了
        body: [秋天来了，游客纷纷前来拍照。]
"""

TRADITIONAL_NO_LANGUAGE = """\
paperread: 1
paper: 晨光日報
sections:
  - title: 國際新聞
    articles:
      - id: one
        headline: 臺灣學生參觀歷史博物館
        body: [這些學生認真聆聽導覽員的說明，並記錄下重要的資訊。]
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "issue.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def screen_of(app: PaperreadApp) -> ReaderScreen:
    assert isinstance(app.screen, ReaderScreen)
    return app.screen


@pytest.fixture
def wait_for_mode(wait_until: WaitUntil) -> WaitForMode:
    """``await wait_for_mode(pilot, screen, mode)``: until the conversion to ``mode`` is done."""

    async def wait(pilot: Pilot[Any], screen: ReaderScreen, mode: str) -> None:
        def done() -> bool:
            return screen.mode == mode and screen.scripts.converting is None

        await wait_until(pilot, done, what=f"mode {mode} (it is {screen.mode})")

    return wait


async def test_t_turns_a_simplified_issue_traditional_and_back(
    tmp_path: Path, wait_for_mode: WaitForMode
) -> None:
    app = PaperreadApp(load_library([write(tmp_path, SIMPLIFIED)]))
    s2t = opencc.OpenCC("s2tw")  # t's default: Taiwan forms, as most traditional papers print
    async with app.run_test(size=(100, 30)) as pilot:
        screen = screen_of(app)
        await pilot.pause()
        original = screen.story.plain_text()
        await pilot.press("t")
        await wait_for_mode(pilot, screen, "tw")
        converted = screen.story.plain_text()
        assert "圖書館開放夜間閱覽" in converted
        assert s2t.convert("市图书馆从下周起延长开放时间") in converted
        assert s2t.convert("志愿者参与服务") in converted  # subhead
        assert "記者 張麗華" in converted  # byline role and name
        assert "陳偉攝" in converted  # closing credit
        assert s2t.convert("读书节特别报道") in converted  # kicker
        status = str(screen.status.render())
        assert "臺灣正體" in status and "晨光日報" in status and "國內新聞" in status
        tree_labels = [str(node.label) for node in screen.section_tree.root.children]
        assert any(label.startswith("國內新聞") for label in tree_labels)
        await pilot.press("n")
        assert "公園裡的銀杏葉變黃了" in screen.story.plain_text()
        await pilot.press("t")
        await wait_for_mode(pilot, screen, "original")
        assert "公园里的银杏叶变黄了" in screen.story.plain_text()
        await pilot.press("p")
        assert screen.story.plain_text() == original
        assert "original" in str(screen.status.render())


@pytest.mark.parametrize("tmux", [False, True])
async def test_y_copies_the_article_as_shown(
    tmp_path: Path,
    wait_for_mode: WaitForMode,
    wait_until: WaitUntil,
    monkeypatch: pytest.MonkeyPatch,
    tmux: bool,
) -> None:
    if tmux:
        monkeypatch.setenv("TMUX", "/tmp/tmux-0/default,1,0")
    else:
        monkeypatch.delenv("TMUX", raising=False)
    app = PaperreadApp(load_library([write(tmp_path, SIMPLIFIED)]))
    async with app.run_test(size=(160, 30), notifications=True) as pilot:
        screen = screen_of(app)
        await wait_until(pilot, lambda: screen.article is not None, what="the first story")
        assert screen.article is not None
        await pilot.press("y")
        assert app.clipboard == article_as_text(screen.article)
        # Said in the message line, not a toast; and not "Copied": OSC 52 may not arrive.
        said = screen.message_line.text
        assert f"Sent {len(app.clipboard)} characters" in said and "OSC 52" in said
        assert ("set -g set-clipboard on" in said) == tmux
        assert ("paste to check" in said) != tmux
        assert not app._notifications
        await pilot.press("t")
        await wait_for_mode(pilot, screen, "tw")
        await pilot.press("y")
        assert "圖書館開放夜間閱覽" in app.clipboard  # the converted text, as on screen
        assert "图书馆" not in app.clipboard


async def test_traditional_setting_chooses_the_variant(
    tmp_path: Path, wait_for_mode: WaitForMode
) -> None:
    from reader.config import Settings

    settings = Settings(traditional="tw")
    app = PaperreadApp(load_library([write(tmp_path, SIMPLIFIED)]), settings)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = screen_of(app)
        await pilot.press("t")
        await wait_for_mode(pilot, screen, "tw")
        expected = opencc.OpenCC("s2tw").convert("市图书馆从下周起延长开放时间")
        assert expected in screen.story.plain_text()


async def test_t_on_a_traditional_issue_without_language_detects_it(
    tmp_path: Path, wait_for_mode: WaitForMode
) -> None:
    app = PaperreadApp(load_library([write(tmp_path, TRADITIONAL_NO_LANGUAGE)]))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = screen_of(app)
        await pilot.press("t")
        await wait_for_mode(pilot, screen, "hans")
        text = screen.story.plain_text()
        assert opencc.OpenCC("t2s").convert("臺灣學生參觀歷史博物館") in text
        assert "简体" in str(screen.status.render())


@pytest.mark.parametrize("mode", ["hk", "tw", "hans"])
async def test_start_in_a_mode(tmp_path: Path, mode: str, wait_for_mode: WaitForMode) -> None:
    app = PaperreadApp(load_library([write(tmp_path, SIMPLIFIED)]), mode=mode)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = screen_of(app)
        await wait_for_mode(pilot, screen, mode)
        headline = "图书馆开放夜间阅览"
        config = {"hk": "s2hk", "tw": "s2tw", "hans": None}[mode]
        expected = opencc.OpenCC(config).convert(headline) if config else headline
        assert expected in screen.story.plain_text()


def test_cat_script_matches_opencc(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, SIMPLIFIED)
    assert main(["cat", str(path), "one", "--script", "tw", "--width", "200"]) == 0
    out = capsys.readouterr().out
    s2tw = opencc.OpenCC("s2tw")
    for text in [
        "市图书馆从下周起延长开放时间，读者可以在晚上继续借阅图书。",
        "图书馆开放夜间阅览",
        "记者",
    ]:
        assert s2tw.convert(text) in out


def test_unknown_script_mode_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--script", "klingon"]) == 2
    err = capsys.readouterr().err
    assert "original, hans, hant, tw, hk" in err


async def test_the_last_mode_and_measure_are_remembered(
    tmp_path: Path, wait_for_mode: WaitForMode
) -> None:
    path = write(tmp_path, SIMPLIFIED)
    app = PaperreadApp(load_library([path]))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = screen_of(app)
        await pilot.press("t")
        await wait_for_mode(pilot, screen, "tw")
        await pilot.press("minus")
        measure = screen.measure
        await pilot.press("q")
    app = PaperreadApp(load_library([path]))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = screen_of(app)
        await wait_for_mode(pilot, screen, "tw")
        assert "圖書館開放夜間閱覽" in screen.story.plain_text()
        assert screen.measure == measure
    app = PaperreadApp(load_library([path]), mode="original")  # --script wins
    async with app.run_test(size=(100, 30)) as pilot:
        screen = screen_of(app)
        await pilot.pause()
        assert screen.mode == "original"
        assert "图书馆开放夜间阅览" in screen.story.plain_text()


async def test_regional_phrases_use_the_phrase_config_and_warn(
    tmp_path: Path, wait_for_mode: WaitForMode
) -> None:
    from reader.config import Settings

    settings = Settings(traditional="tw", regional_phrases=True)
    app = PaperreadApp(load_library([write(tmp_path, SIMPLIFIED)]), settings)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = screen_of(app)
        await pilot.press("t")
        await wait_for_mode(pilot, screen, "tw")
        expected = opencc.OpenCC("s2twp").convert("市图书馆从下周起延长开放时间")
        assert expected in screen.story.plain_text()
        messages = [n.message for n in app._notifications]
        assert any("can be wrong" in m for m in messages)


async def test_t_twice_quickly_stays_in_the_original(tmp_path: Path, wait_until: WaitUntil) -> None:
    app = PaperreadApp(load_library([write(tmp_path, SIMPLIFIED)]))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = screen_of(app)
        await pilot.press("t", "t")  # back before the whole issue is converted

        def conversion_over() -> bool:
            return all(w.is_finished for w in app.workers if w.group == "script")

        # The first t's conversion ends in the background; it must not switch the mode.
        await wait_until(pilot, conversion_over, what="the script worker finished")
        await pilot.pause()
        assert screen.mode == "original"
        assert "图书馆开放夜间阅览" in screen.story.plain_text()
        assert "original" in str(screen.status.render())


async def test_the_converter_for_t_is_built_while_idle(
    tmp_path: Path, wait_until: WaitUntil
) -> None:
    from reader import script

    script.clear_converters()
    app = PaperreadApp(load_library([write(tmp_path, SIMPLIFIED)]))
    async with app.run_test(size=(100, 30)) as pilot:
        assert script.built_converter("s2tw+corner") is None
        await wait_until(pilot, lambda: script.built_converter("s2tw+corner") is not None)
        assert script.built_converter("s2tw+corner") is not None
        assert screen_of(app).mode == "original"  # warming up changes nothing on screen
