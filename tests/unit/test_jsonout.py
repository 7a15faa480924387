"""JSON for a terminal: controls escaped as \\uXXXX, the strings unchanged."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from reader.cli import jsonout

REPO = Path(__file__).resolve().parents[2]

ESCAPED = [
    "\x7f",  # DEL
    "\x80",
    "\x9b",  # CSI, 8-bit
    "\x9d",  # OSC, 8-bit
    "\x9f",
    "\u00ad",  # soft hyphen (Cf)
    "\u061c",  # ALM
    "\u200b",  # zero-width space
    "\u200e",  # LRM
    "\u200f",  # RLM
    "\u202a",  # LRE
    "\u202e",  # RLO
    "\u2028",  # line separator
    "\u2029",  # paragraph separator
    "\u2066",  # LRI
    "\u2069",  # PDI
    "\ufeff",  # BOM
    "\udcff",  # a lone surrogate, as a non-UTF-8 file name decodes
    "\U000e0041",  # tag character (astral Cf)
]
KEPT = ["人民日报", "\u3000", "臺灣", "ＡＢＣ", "é", "\u00a0", "\u200c", "\u200d", "👩\u200d💻"]


@pytest.mark.parametrize("ch", ESCAPED)
def test_controls_are_escaped_and_round_trip(ch: str) -> None:
    data = {"k" + ch: ["a" + ch + "b", 1, None]}
    text = jsonout.dumps(data)
    assert ch not in text
    assert json.loads(text) == data
    text.encode("utf-8")  # writable to a UTF-8 stream, lone surrogates included


@pytest.mark.parametrize("text", KEPT)
def test_printable_text_stays_as_itself(text: str) -> None:
    out = jsonout.dumps([text])
    assert text in out and json.loads(out) == [text]


def test_astral_controls_become_a_surrogate_pair() -> None:
    assert jsonout.dumps("\U000e0041") == '"\\udb40\\udc41"'


def test_structure_and_c0_are_json_s_own() -> None:
    data = {"a": ["\x1b[31m", "\n\t\r", "\\\x9b"], "b": 1.5, "c": True}
    text = jsonout.dumps(data)
    assert text == json.dumps(data, ensure_ascii=False, indent=2).replace("\x9b", "\\u009b")
    assert json.loads(text) == data
    assert jsonout.dumps(data, indent=None).count("\n") == 0


def test_skipped_ranges_hold_nothing_to_escape() -> None:
    """The fast path's skipped ranges agree with this Python's unicodedata."""
    skipped = re.compile(f"[{jsonout._SKIPPED}]")
    for code in range(0x110000):
        ch = chr(code)
        if ch in "\t\n\r" or not skipped.match(ch):
            continue
        assert unicodedata.category(ch) not in jsonout._ESCAPED_CATEGORIES, hex(code)


def test_does_not_import_textual_or_rich() -> None:
    code = (
        "import sys; import reader.cli.jsonout; "
        "print(','.join(m for m in ('textual', 'rich') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
