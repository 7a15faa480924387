"""The hostile-input corpus of ``tests/data/bad/``: its manifest, and the cases made at test time.

``cases.json`` names every case and what paperread must do with it (see its
``about``). Small cases are files in the repository; big ones, and a file name
no repository should hold, are generated into a temporary folder by
:func:`materialize`.
"""

from __future__ import annotations

import json
import random
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

BAD = Path(__file__).resolve().parents[1] / "data" / "bad"
MANIFEST = BAD / "cases.json"

# ``file:line:col: path: message`` with line, column and path each optional. File names in
# the tests hold no colon; a path is a dotted field name with [n] indexes.
PROBLEM_LINE = re.compile(
    r"^(?P<file>[^:\n]+)(?::(?P<line>\d+)(?::(?P<col>\d+))?)?: "
    r"(?:(?P<path>[A-Za-z_x-][\w.\[\]-]*): )?(?P<message>\S.*)$"
)
# What must never reach a terminal: C0 controls but newline, DEL, C1 controls, Unicode
# format characters but ZWJ and ZWNJ, lone surrogates.
_ALLOWED_FORMAT = {"\u200c", "\u200d"}


@dataclass(frozen=True)
class Case:
    """One case of the corpus."""

    name: str
    group: str
    what: str
    check: str  # "reject" or "accept"
    expect: tuple[str, ...] = ()
    shows: tuple[str, ...] = ()
    problems: int | None = None
    generate: str | None = None
    size: int = 0
    reader_size: int | None = None  # the reader is tested on a smaller version
    cat_article: str | None = None  # cat prints only this article (the whole is slow to set)
    note: str = ""
    bug: str = ""
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def accepted(self) -> bool:
        """True when the file is valid (perhaps after cleaning)."""
        return self.check == "accept"

    @property
    def file(self) -> Path | None:
        """The fixture file, for cases kept in the repository."""
        return None if self.generate else BAD / f"{self.name}.yaml"


def load_cases() -> list[Case]:
    """Every case of the manifest, in its order."""
    data = json.loads(MANIFEST.read_text(encoding="utf-8"))
    cases = []
    for raw in data["cases"]:
        known = {k: v for k, v in raw.items() if k in Case.__dataclass_fields__}
        for key in ("expect", "shows"):
            if key in known:
                known[key] = tuple(known[key])
        extra = {k: v for k, v in raw.items() if k not in Case.__dataclass_fields__}
        cases.append(Case(**known, extra=extra))
    return cases


CASES = load_cases()
BY_NAME = {case.name: case for case in CASES}

MINIMAL_HEAD = "paperread: 1\npaper: 测试晚报\n"
MINIMAL_SECTIONS = """\
sections:
  - title: 要闻
    articles:
      - id: first-story
        headline: 第一条新闻
        body:
          - 第一段。
"""


def _deep_lists(size: int) -> str:
    return MINIMAL_HEAD + "x-deep: " + "[" * size + "]" * size + "\n" + MINIMAL_SECTIONS


def _deep_mappings(size: int) -> str:
    return MINIMAL_HEAD + "x-deep: " + "{a: " * size + "1" + "}" * size + "\n" + MINIMAL_SECTIONS


def many_articles_text(size: int) -> str:
    """One section of ``size`` short articles; the last headline ends in LASTMARKER."""
    parts = [MINIMAL_HEAD, "sections:\n  - title: 全部\n    articles:\n"]
    parts += (
        f"      - {{id: a{n}, headline: 第{n}条, body: [正文{n}。]}}\n" for n in range(size - 1)
    )
    last = size - 1
    parts.append(f"      - {{id: a{last}, headline: 第{last}条 LASTMARKER, body: [正文{last}。]}}")
    parts.append("\n")
    return "".join(parts)


def _long_paragraph(size: int) -> str:
    chooser = random.Random(7)
    chars = "中国河湾村稻田人民日报春耕龙，。、“”《》（）…"
    count = size // 3  # three bytes a character in UTF-8
    text = "".join(chooser.choices(chars, k=count)).replace("\n", "")
    head = (
        MINIMAL_HEAD + "sections:\n  - title: 要闻\n    articles:\n      - id: long\n"
        "        headline: 一段一兆字节 LONGMARKER\n        body:\n          - "
    )
    return f'{head}"{text}"\n'


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _sparse(folder: Path, name: str, size: int) -> Path:
    path = folder / name
    with path.open("wb") as file:
        file.write(MINIMAL_HEAD.encode())
        file.truncate(size)  # a hole: no disk space, no time
    return path


EVIL_NAME = "evil-\x1b]0;EVIL TITLE\x07-\x1b]52;c;ZXZpbA==\x07-\u202e.yaml"

GENERATORS: dict[str, Callable[[Case, Path], Path]] = {
    "deep_lists": lambda case, folder: _write(folder, f"{case.name}.yaml", _deep_lists(case.size)),
    "deep_mappings": lambda case, folder: _write(
        folder, f"{case.name}.yaml", _deep_mappings(case.size)
    ),
    "many_articles": lambda case, folder: _write(
        folder, f"{case.name}.yaml", many_articles_text(case.size)
    ),
    "long_paragraph": lambda case, folder: _write(
        folder, f"{case.name}.yaml", _long_paragraph(case.size)
    ),
    "sparse_oversize": lambda case, folder: _sparse(folder, f"{case.name}.yaml", case.size),
    "evil_filename": lambda case, folder: _write(folder, EVIL_NAME, MINIMAL_HEAD),
}


_made: dict[tuple[str, Path], Path] = {}


def materialize(case: Case, folder: Path) -> Path:
    """The case as a file: the fixture itself, or one generated into ``folder`` (once)."""
    if case.generate is None:
        assert case.file is not None
        return case.file
    made = _made.get((case.name, folder))
    if made is None or not made.exists():
        folder.mkdir(parents=True, exist_ok=True)
        made = _made[(case.name, folder)] = GENERATORS[case.generate](case, folder)
    return made


def unsafe_characters(text: str) -> list[str]:
    """The characters of ``text`` that must never reach a terminal (as reprs)."""
    found = set()
    for char in text:
        if char in "\n\t" or char in _ALLOWED_FORMAT:
            continue
        if unicodedata.category(char) in ("Cc", "Cf", "Cs"):
            found.add(repr(char))
    return sorted(found)
