"""Search folding (reader.search.fold): script, width and case fold alike; offsets map back."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.search.fold import Folded, fold, fold_map, fold_version


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("党建", "黨建"),
        ("台湾", "臺灣"),
        ("里", "裏"),
        ("里", "裡"),
        ("ABC", "ＡＢＣ"),
        ("abc", "ＡＢＣ"),
        ("(", "（"),
        ("Straße", "STRASSE"),
        ("发展", "發展"),
        ("123", "１２３"),
    ],
)
def test_equivalent_texts_fold_alike(one: str, other: str) -> None:
    assert fold(one) == fold(other)


def test_fold_is_character_level_not_phrase_level() -> None:
    # Each character folds alone, so a character folds the same way in any company.
    for text in ("乾隆年间", "乾燥天气", "頭髮", "發現", "後來", "皇后"):
        assert fold(text) == "".join(fold(ch) for ch in text)


def test_distinct_texts_stay_distinct() -> None:
    assert fold("党建") != fold("建党")
    assert fold("a") != fold("b")


def test_newlines_spaces_and_plain_ascii_are_kept() -> None:
    assert fold("a b\nc\td") == "a b\nc\td"


def test_fold_map_is_identity_when_lengths_hold() -> None:
    folded = fold_map("黨建ＡＢＣ（x）")
    assert folded.text == "党建abc(x)"
    assert folded.owners is None
    assert folded.original_span(2, 5) == (2, 5)


def test_fold_map_maps_expansions_back() -> None:
    text = "㈱示例ß公司"
    folded = fold_map(text)
    assert folded.text == "(株)示例ss公司"
    assert folded.owners is not None
    assert len(folded.owners) == len(folded.text)
    # 株 sits inside the expansion of ㈱: the whole ㈱ is the original span.
    at = folded.text.index("株")
    assert folded.original_span(at, at + 1) == (0, 1)
    at = folded.text.index("示例")
    start, end = folded.original_span(at, at + 2)
    assert text[start:end] == "示例"
    at = folded.text.index("ss")
    start, end = folded.original_span(at, at + 3)
    assert text[start:end] == "ß公"


def test_original_span_of_an_empty_span() -> None:
    folded = Folded("ab", 2)
    assert folded.original_span(1, 1) == (1, 1)


def test_odd_characters_do_not_break_folding() -> None:
    for text in ("\x00", "\ud800", "\U0001f600", "\u200d", "", "\ufeff", "\U00020000"):
        assert isinstance(fold(text), str)
        assert fold(text) or not text


def test_fold_version_names_what_folding_depends_on() -> None:
    version = fold_version()
    assert "opencc" in version and "unicode" in version


@given(st.text(max_size=40))
def test_fold_map_agrees_with_fold(text: str) -> None:
    folded = fold_map(text)
    assert folded.text == fold(text)
    if folded.owners is None:
        assert len(folded.text) == len(text)
    else:
        assert len(folded.owners) == len(folded.text)
        assert list(folded.owners) == sorted(folded.owners)
        assert all(0 <= owner < len(text) for owner in folded.owners)


@given(st.text(max_size=40))
def test_fold_is_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)


@given(st.text(max_size=20), st.text(max_size=20))
def test_fold_of_a_concatenation_is_the_concatenation_of_folds(a: str, b: str) -> None:
    assert fold(a + b) == fold(a) + fold(b)


def test_corner_brackets_fold_to_curly_quotes() -> None:
    """Issue 13.5: 「黨建」 in a Taiwan paper and “党建” in a simplified one fold alike."""
    assert fold("「黨建」『引領』") == fold("“党建”‘引领’")


def test_unseen_characters_go_to_opencc_in_one_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    """A first snippet's few hundred new characters cost one OpenCC call, not one each, and
    fold exactly as one at a time (issue 16: 10 ms of every search process)."""
    from pathlib import Path

    import reader.search.fold as fold_module

    sample = Path(__file__).resolve().parents[2] / "issues" / "tongliao-sample.yaml"
    text = "黨建臺灣裏裡國際經濟發展「測試」『引』ＡＢＣ㈱Straße" + sample.read_text("utf-8")[:3000]
    convert = fold_module._build_t2s()
    calls: list[str] = []

    def counting(chunk: str) -> str:
        calls.append(chunk)
        return convert(chunk)

    monkeypatch.setattr(fold_module, "_t2s", counting)
    monkeypatch.setattr(fold_module, "_table", fold_module._FoldTable())
    monkeypatch.setattr(fold_module, "_simplified", {})
    batched = fold_module.fold_map(text)
    assert len({c for c in text if not c.isascii()}) > 300
    assert len(calls) <= 3  # the batch, and at most a character a round of NFKC brings

    monkeypatch.setattr(fold_module, "_table", fold_module._FoldTable())
    monkeypatch.setattr(fold_module, "_simplified", {})
    monkeypatch.setattr(fold_module, "_BATCH_BELOW", 0)  # one character at a time
    assert fold_module.fold_map(text) == batched
    assert fold_module.fold("黨建") == "党建"
