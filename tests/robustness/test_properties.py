"""Properties over generated input (hypothesis), where the unit tests have none yet.

- the loader, on generated documents and mangled ones, returns an issue or raises
  IssueFileError whose every line has the ``file:line:col: path: message`` shape,
  and what loads survives a round trip through ``cat --json``'s form;
- the typesetter never breaks the punctuation rules where a legal break exists
  (the width and lost-character properties live in tests/unit/test_typeset.py);
- search takes any query, lone surrogates and controls included, without raising.

The importer's properties (never anything but ImportFailed; what it writes
loads) live in tests/unit/test_importer.py.
"""

from __future__ import annotations

import datetime as dt
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.issue.dump import issue_to_dict
from reader.issue.load import IssueFileError, parse_issue
from reader.issue.validate import ARTICLE_KEYS, BLOCK_KEYS, PHOTO_KEYS, SECTION_KEYS, TOP_KEYS
from reader.library.files import load_library
from reader.search.index import SearchIndex
from reader.typeset.article import CLOSING, OPENING, PLACEHOLDER, wrap_text
from tests.robustness.corpus import PROBLEM_LINE, unsafe_characters

NAME = "generated.yaml"

# --- documents ----------------------------------------------------------------------

KEYS = sorted({*TOP_KEYS, *SECTION_KEYS, *ARTICLE_KEYS, *BLOCK_KEYS, *PHOTO_KEYS, "role", "names"})
texts = st.text(
    alphabet=st.one_of(
        st.characters(exclude_categories=["Cs"]),
        st.sampled_from("河湾村稻田，。「」[/]\x1b\x9b\u202e\u200b&*!:#-"),
    ),
    max_size=12,
)
scalars = st.one_of(
    texts,
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True),
    st.booleans(),
    st.none(),
    st.dates(min_value=dt.date(1, 1, 1)),
)
keys = st.one_of(st.sampled_from(KEYS), st.from_regex(r"x-[a-z]{1,4}", fullmatch=True), texts)
values: st.SearchStrategy[Any] = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=5)),
    max_leaves=25,
)


@st.composite
def near_valid(draw: st.DrawFn) -> dict[str, Any]:
    """A document shaped like an issue, with any value anywhere."""
    article = {"id": draw(st.sampled_from(["a", "b-1", "B", "a"])), "headline": draw(values)}
    article.update(draw(st.dictionaries(st.sampled_from(ARTICLE_KEYS), values, max_size=4)))
    article.setdefault("body", draw(st.lists(values, min_size=1, max_size=3)))
    section: dict[str, Any] = {"title": draw(values), "articles": [article]}
    if draw(st.booleans()):
        section["articles"].append(dict(article, id="second"))
    version = draw(st.sampled_from([1, 1, 1, 2, "1"]))
    doc: dict[str, Any] = {"paperread": version, "paper": draw(values)}
    doc["sections"] = draw(st.lists(st.just(section), min_size=0, max_size=2))
    doc.update(draw(st.dictionaries(keys, values, max_size=3)))
    return doc


PIECES = [
    "&a ",
    "*a",
    "!!python/object:os.system ",
    "!x ",
    ": ",
    "- ",
    "[",
    "]",
    "{",
    "}",
    "\t",
    "\x00",
    "\x1b]52;c;aGk=\x07",
    "\ufeff",
    "\ufffe",
    "---\n",
    "'",
    '"',
    "\\",
    "%YAML 1.1\n",
    "? ",
    "<<: *a\n",
    "\r",
    "\n  ",
    "#",
    "|\n",
    ">-\n",
    "\udcff",
    "\x85",
    "...\n",
]


def dumped(doc: Any) -> str:
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)


def loads_or_explains(data: str | bytes) -> None:
    """The loader's whole contract on one input."""
    try:
        issue = parse_issue(data, NAME)
    except IssueFileError as error:
        assert error.problems
        for line in str(error).splitlines():
            match = PROBLEM_LINE.match(line)
            assert match is not None and match["file"] == NAME, line
            assert unsafe_characters(line) == [], line
        return
    plain = issue_to_dict(issue)
    for text in _strings(plain):
        assert unsafe_characters(text) == [], text
    again = parse_issue(dumped(plain), NAME)
    assert again.sections == issue.sections
    assert (again.paper, again.date, again.edition) == (issue.paper, issue.date, issue.edition)


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (*_strings(k), *_strings(v))]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return []


FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(near_valid())
def test_loader_on_generated_documents(doc: dict[str, Any]) -> None:
    loads_or_explains(dumped(doc))


@FAST
@given(near_valid(), st.lists(st.tuples(st.floats(0, 1), st.sampled_from(PIECES)), max_size=4))
def test_loader_on_mangled_documents(doc: dict[str, Any], cuts: list[tuple[float, str]]) -> None:
    text = dumped(doc)
    for where, piece in cuts:
        at = int(where * len(text))
        text = text[:at] + piece + text[at:]
    loads_or_explains(text)
    loads_or_explains(text.encode("utf-8", "surrogatepass"))


@FAST
@given(st.binary(max_size=200), st.sampled_from([b"", b"\xef\xbb\xbf", b"paperread: 1\n"]))
def test_loader_on_bytes(data: bytes, prefix: bytes) -> None:
    loads_or_explains(prefix + data)


# --- typesetting: the punctuation rules ------------------------------------------------

IDEOGRAPHS = "中国河湾村稻田人民日报春耕龙"
# Wide punctuation only: the rules are about these (Rich counts “ ” … — as one cell, and the
# breaker treats such narrow marks like the punctuation of a Latin word).
OPENERS = "（「『《〈【〔"
CLOSERS = "，。、；：？！）」』》〉】〕～"
paragraphs = st.text(alphabet=st.sampled_from(IDEOGRAPHS + OPENERS + CLOSERS), max_size=200)


def legal_break(before: str, after: str) -> bool:
    """A break between two wide characters is legal unless it strands punctuation."""
    return before not in OPENING and after not in CLOSING


@settings(max_examples=300, deadline=None)
@given(text=paragraphs, width=st.integers(min_value=1, max_value=200))
def test_no_rule_is_broken_where_a_legal_break_exists(text: str, width: int) -> None:
    lines = [line for _, line in wrap_text(text, width)]
    if width >= 2:
        assert "".join(lines) == text  # no character lost, none added (no spaces here)
    else:  # a wide character cannot be shown in one cell: one placeholder a line
        assert lines == [PLACEHOLDER] * len(text)
    for line, following in pairwise(lines):
        if legal_break(line[-1], following[0]):
            continue
        # A rule is broken here: only allowed when the line had no legal break at all,
        # so that the text had to be split by force.
        inner = [legal_break(a, b) for a, b in pairwise(line)]
        assert not any(inner), f"{line!r} | {following!r} at width {width}"


# --- search --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def search_index() -> SearchIndex:
    source = Path(__file__).resolve().parents[1] / "data" / "bad"
    hostile = [source / "escapes-every-field.yaml", source / "markup-every-field.yaml"]
    index = SearchIndex(":memory:")
    index.update(load_library(hostile).entries)
    assert index.search("HEADLINE-OK")  # the hostile stories are in it
    return index


queries = st.text(
    alphabet=st.one_of(
        st.characters(),  # any code point, lone surrogates included (argv can hold them)
        st.sampled_from('"*()-^:NEARANDOR OK[/]'),
    ),
    max_size=40,
)


@settings(max_examples=200, deadline=None)
@given(query=queries)
def test_search_takes_any_query(search_index: SearchIndex, query: str) -> None:
    for hit in search_index.search(query, limit=5):
        assert unsafe_characters(hit.snippet) == []
        assert unsafe_characters(hit.headline) == []
