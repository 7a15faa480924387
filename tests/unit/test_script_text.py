"""ScriptText: short issue texts (bookmarks, library, hits) in a script mode, without a screen."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.issue.model import Article, Issue, Paragraph, Section
from reader.library.files import Entry, Library
from reader.script import ScriptError, language_source, text_source
from reader.script_text import ScriptText
from reader.session import ReadingSession


def test_original_converts_nothing() -> None:
    script = ScriptText("original")
    assert not script.active
    assert script.convert(["党建", "黨建"], "key") == ["党建", "黨建"]
    assert script.sources == {}  # nothing detected either


@pytest.mark.parametrize(
    ("mode", "simplified", "traditional"),
    [
        ("hans", "党建引领发展", "党建工作报导"),
        ("hant", "黨建引領發展", "黨建工作報導"),
        ("tw", "黨建引領發展", "黨建工作報導"),
        ("hk", "黨建引領發展", "黨建工作報導"),
    ],
)
def test_texts_of_either_script_end_in_the_mode(
    mode: str, simplified: str, traditional: str
) -> None:
    script = ScriptText(mode)
    assert script.convert(["党建引领发展", ""], "a") == [simplified, ""]
    assert script.one("黨建工作報導", "b") == traditional
    assert script.sources == {"a": "hans", "b": "hant"}


def test_the_script_is_decided_once_per_issue_known_first_then_language_then_text() -> None:
    sources = {"known": "hant"}
    script = ScriptText("hans", sources=sources)
    assert script.source(["党建"], "known") == "hant"  # what the reader detected wins
    assert script.source(["党建"], "tagged", "zh-Hant-HK") == "hk"  # then the language tag
    assert script.source(["發展"], "plain") == "hant"  # then the texts themselves
    assert script.source(["发展"], "plain") == "hant"  # decided once for the issue
    assert sources == {"known": "hant", "tagged": "hk", "plain": "hant"}  # kept for next time
    asked: list[str] = []

    def sample() -> list[str]:
        asked.append("sample")
        return ["舊聞一則"]

    assert script.source(["晨光"], "sampled", None, sample) == "hant"
    assert asked == ["sample"]
    assert script.source(["晨光"], "tagged2", "zh-Hans", sample) == "hans"
    assert asked == ["sample"]  # a language tag decides without the sample


def test_language_and_text_sources() -> None:
    assert language_source("zh-TW") == "tw"
    assert language_source("en") == "other"
    assert language_source("") is None and language_source(None) is None
    assert language_source("not a tag!") is None
    assert text_source("党建") == "hans" and text_source("黨建") == "hant"
    assert text_source("English only") == "other"


def test_marked_keeps_the_spans_on_the_same_words() -> None:
    script = ScriptText("tw", regional_phrases=True)
    text = "买了U盘和软件"
    spans = [(2, 4), (5, 7)]  # U盘, 软件
    shown, moved = script.marked(text, spans, "s2twp")
    assert shown == "買了隨身碟和軟體"  # a phrase of another length
    assert [shown[a:b] for a, b in moved] == ["隨身碟", "軟體"]
    shown, moved = script.marked("街道开展党建活动", [(4, 6)], "s2t")
    assert shown == "街道開展黨建活動" and moved == [(4, 6)]
    assert script.marked("党建", [(0, 2)], None) == ("党建", [(0, 2)])


def test_an_unknown_mode_is_refused() -> None:
    with pytest.raises(ScriptError):
        ScriptText("klingon")


def _entry(path: Path, paper: str) -> Entry:
    article = Article("a", "标题", (Paragraph("正文。"),))
    return Entry(path, Issue(paper=paper, sections=(Section("要闻", (article,)),)))


def test_can_open_by_file_or_by_key(tmp_path: Path) -> None:
    there = tmp_path / "there.yaml"
    there.write_text("x", encoding="utf-8")
    entry = _entry(there, "晨光日报")
    key = entry.identity
    assert key is not None
    session = ReadingSession(Library((entry,)))
    assert session.can_open("another issue", str(there))  # its file is there
    assert session.can_open(key, str(tmp_path / "gone.yaml"))  # found by its key
    assert not session.can_open("another issue", str(tmp_path / "gone.yaml"))
    assert not session.can_open("another issue", None)
