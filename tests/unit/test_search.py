"""Full-text search (reader.search.index, reader.search.text) and ``paperread search``."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from reader import paths
from reader.cli.search import LazyProgress, build_parser, hit_text, run
from reader.issue.load import load_issue
from reader.library.files import Entry, catalogue_library, load_library
from reader.search.fold import fold
from reader.search.index import INDEX_FILE, SearchHit, SearchIndex
from reader.search.text import match_positions, normalise_query, snippet, story_parts

if TYPE_CHECKING:
    from tests.unit.conftest import WriteSearchIssue


SIMPLIFIED = [
    ("dangjian", "基层党建有新意", ["城东街道把党建工作做到了楼道里。", "台湾同胞来访。"]),
    ("abc", "ABC公司开张", ["ABC公司在(新区)开了第一家店。", "Hello World from the city."]),
    ("syntax", "符号", ['他说"好"，a*b 与 key:value 和 x^2 以及 (括号) AND NEAR - 都在这里。']),
]
TRADITIONAL = [
    ("dangjian-t", "黨建引領", ["社區黨建工作在臺灣也有報道。", "巷子裏和巷子裡都很熱鬧。"]),
    ("wide", "ＡＢＣ全形", ["ＡＢＣ公司（新區）開業，HELLO WORLD。"]),
]


@pytest.fixture
def library(tmp_path: Path, write_search_issue: WriteSearchIssue) -> Path:
    root = tmp_path / "lib"
    write_search_issue(root / "s.yaml", "河畔晚报", "2024-01-02", SIMPLIFIED)
    write_search_issue(root / "t.yaml", "河畔時報", "2024-03-05", TRADITIONAL)
    return root


@pytest.fixture
def index(library: Path) -> SearchIndex:
    built = SearchIndex()
    built.update(load_library([library]).entries)
    return built


def ids(hits: list[SearchHit]) -> list[str]:
    return [hit.article_id for hit in hits]


# -- folding in search ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("党建", {"dangjian", "dangjian-t"}),
        ("黨建", {"dangjian", "dangjian-t"}),
        ("台湾", {"dangjian", "dangjian-t"}),
        ("臺灣", {"dangjian", "dangjian-t"}),
        ("巷子里", {"dangjian-t"}),
        ("裏", {"dangjian-t", "dangjian", "syntax"}),  # 楼道里, 这里: 里 too
        ("ＡＢＣ", {"abc", "wide"}),
        ("abc", {"abc", "wide"}),
        ("（新区）", {"abc", "wide"}),
        ("(新區)", {"abc", "wide"}),
        ("hello world", {"abc", "wide"}),
        ("HELLO", {"abc", "wide"}),
    ],
)
def test_queries_match_across_script_width_and_case(
    index: SearchIndex, query: str, expected: set[str]
) -> None:
    assert set(ids(index.search(query))) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("党", {"dangjian", "dangjian-t"}),  # one character
        ("黨", {"dangjian", "dangjian-t"}),
        ("符", {"syntax"}),
        ("新意", {"dangjian"}),  # two characters
        ("引領", {"dangjian-t"}),
        ("ab", {"abc", "wide"}),
        ("有新意", {"dangjian"}),  # three and more
        ("楼道里", {"dangjian"}),
        ("nothing like this", set()),
        ("鬯", set()),
        ("鬯鬯", set()),
    ],
)
def test_short_and_long_queries(index: SearchIndex, query: str, expected: set[str]) -> None:
    assert set(ids(index.search(query))) == expected


def test_a_character_at_the_very_end_of_a_story_is_found(index: SearchIndex) -> None:
    # "。" ends the last paragraph; "里。" ends one too: they start no trigram but the end marks.
    assert "dangjian" in ids(index.search("里。"))
    assert "dangjian-t" in ids(index.search("鬧。"))


@pytest.mark.parametrize(
    "query",
    ['"好"', "a*b", "key:value", "x^2", "(括号)", "AND NEAR", "NEAR", "AND", "-", '"', "*", "^"],
)
def test_fts_syntax_is_searched_as_literal_text(index: SearchIndex, query: str) -> None:
    assert ids(index.search(query)) == ["syntax"]


@pytest.mark.parametrize(
    "query", ['"unbalanced', "NEAR(a b, 2)", "a OR b", "col:x", "^start", "x*", ")(", "-x"]
)
def test_fts_syntax_never_raises(index: SearchIndex, query: str) -> None:
    assert ids(index.search(query)) == []


@pytest.mark.parametrize("query", ["", " ", "\t\n", "\u3000", "\x00"])
def test_empty_queries_find_nothing(index: SearchIndex, query: str) -> None:
    assert index.search(query) == []


def test_a_ten_thousand_character_query(
    tmp_path: Path, write_search_issue: WriteSearchIssue
) -> None:
    long_text = "".join(chr(0x4E00 + (i * 7) % 2000) for i in range(10_000))
    root = tmp_path / "long"
    write_search_issue(
        root / "l.yaml", "长文报", "2024-01-01", [("long", "长文", [long_text, "结尾"])]
    )
    index = SearchIndex()
    index.update(load_library([root]).entries)
    assert ids(index.search(long_text)) == ["long"]
    assert index.search(long_text[:-1] + "鬯") == []  # same start, different end
    assert index.search("x" * 10_000) == []


# -- results ---------------------------------------------------------------------------


def test_newest_first_and_the_current_issue_first(index: SearchIndex, library: Path) -> None:
    hits = index.search("党建")
    assert [h.date for h in hits] == [dt.date(2024, 3, 5), dt.date(2024, 1, 2)]
    older = load_issue(library / "s.yaml").identity
    hits = index.search("党建", issue_key=older)
    assert ids(hits) == ["dangjian", "dangjian-t"]
    assert index.search("党建", limit=1, issue_key=older)[0].article_id == "dangjian"


def test_hits_say_where_they_are(index: SearchIndex, library: Path) -> None:
    hit = index.search("黨建引領")[0]
    assert hit.paper == "河畔時報"
    assert hit.date == dt.date(2024, 3, 5)
    assert hit.section == "要闻"
    assert hit.headline == "黨建引領"
    assert hit.path == library / "t.yaml"
    assert hit.issue_key == load_issue(library / "t.yaml").identity


def test_snippet_spans_point_at_the_original_text(index: SearchIndex) -> None:
    for query in ("党建", "臺灣", "ＡＢＣ", "hello world", "(新區)", "里"):
        folded = normalise_query(query)
        for hit in index.search(query):
            assert hit.spans, (query, hit.snippet)
            for start, end in hit.spans:
                assert fold(hit.snippet[start:end]) == folded


def test_snippet_maps_expanded_characters_back() -> None:
    text = "前言\n㈱示例会社的ß与SS之争。"
    found = snippet(text, normalise_query("株"))
    assert [found.text[s:e] for s, e in found.spans] == ["㈱"]
    found = snippet(text, normalise_query("ss"))
    assert [found.text[s:e] for s, e in found.spans] == ["ß", "SS"]
    assert "\n" not in found.text


def test_snippet_of_a_long_text_is_short_and_marked() -> None:
    text = "甲" * 200 + "目标" + "乙" * 200
    found = snippet(text, "目标")
    assert found.text.startswith("…") and found.text.endswith("…")
    assert len(found.text) < 100
    (start, end), *_ = found.spans
    assert found.text[start:end] == "目标"


def test_match_positions_in_a_story(library: Path) -> None:
    issue = load_issue(library / "t.yaml")
    found = issue.find_article("dangjian-t")
    assert found is not None
    article = found[1]
    positions = match_positions(article, "党建")
    assert positions == [(-1, 0, 2), (0, 2, 4)]
    texts = {(p.block, p.offset): p.text for p in story_parts(article)}
    assert texts[(0, 0)][2:4] == "黨建"
    assert match_positions(article, "里") == [(1, 2, 3), (1, 6, 7)]
    assert match_positions(article, "") == []
    assert match_positions(article, "不在") == []


# -- keeping the index up to date --------------------------------------------------------


def test_update_reindexes_only_what_changed(
    library: Path, write_search_issue: WriteSearchIssue
) -> None:
    index = SearchIndex()
    assert index.update(load_library([library]).entries) == 2
    assert index.update(load_library([library]).entries) == 0
    before = dict(index._db.execute("SELECT path, id FROM issues").fetchall())
    write_search_issue(
        library / "s.yaml", "河畔晚报", "2024-01-02", [("new", "新的", ["新的党建故事"])]
    )
    assert index.update(load_library([library]).entries) == 1
    after = dict(index._db.execute("SELECT path, id FROM issues").fetchall())
    unchanged = str(library / "t.yaml")
    assert after[unchanged] == before[unchanged]  # the other issue was not touched
    assert set(ids(index.search("党建"))) == {"new", "dangjian-t"}
    assert index.search("楼道") == []  # the old text is gone from the index


def test_update_drops_vanished_and_broken_issues(library: Path) -> None:
    index = SearchIndex()
    index.update(load_library([library]).entries)
    (library / "t.yaml").unlink()
    index.update(load_library([library]).entries)
    assert ids(index.search("黨建")) == ["dangjian"]
    (library / "s.yaml").write_text("paperread: 1\npaper: [\n", encoding="utf-8")
    index.update(load_library([library]).entries)
    assert index.search("党建") == []
    assert index._db.execute("SELECT count(*) FROM docs").fetchone()[0] == 0


def test_search_looks_only_in_the_library_given(
    library: Path, tmp_path: Path, write_search_issue: WriteSearchIssue
) -> None:
    other = tmp_path / "other"
    write_search_issue(other / "o.yaml", "别报", "2023-01-01", [("o", "别处的党建", ["别处"])])
    index = SearchIndex()
    index.update(load_library([library, other]).entries)
    index.update(load_library([other]).entries)
    assert ids(index.search("党建")) == ["o"]
    assert index.update(load_library([library, other]).entries) == 0  # still indexed
    assert len(index.search("党建")) == 3


def test_update_from_lazy_catalogue_entries(library: Path) -> None:
    lib = catalogue_library([library])
    index = SearchIndex()
    index.update(lib.entries)
    assert not any(e.loaded for e in lib.entries)  # the library keeps no parsed issues
    assert set(ids(index.search("黨建"))) == {"dangjian", "dangjian-t"}


def test_progress_is_reported(library: Path) -> None:
    calls: list[tuple[int, int]] = []
    SearchIndex().update(load_library([library]).entries, lambda d, t: calls.append((d, t)))
    assert calls == [(1, 2), (2, 2)]


def test_the_index_persists_in_the_cache_dir(library: Path) -> None:
    SearchIndex().update(load_library([library]).entries)
    assert (paths.cache_dir() / INDEX_FILE).is_file()
    again = SearchIndex()
    assert again.update(load_library([library]).entries) == 0
    assert len(again.search("党建")) == 2


def test_a_damaged_index_is_rebuilt_with_a_message(library: Path) -> None:
    SearchIndex().update(load_library([library]).entries)
    cache = paths.cache_dir()
    (cache / INDEX_FILE).write_bytes(b"garbage, not SQLite" * 500)
    for name in (INDEX_FILE + "-wal", INDEX_FILE + "-shm"):
        (cache / name).unlink(missing_ok=True)
    index = SearchIndex()
    assert any("damaged" in m for m in index.messages)
    assert index.update(load_library([library]).entries) == 2
    assert len(index.search("党建")) == 2


def test_an_uncreatable_cache_dir_gives_an_index_in_memory(
    library: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    monkeypatch.setenv("PAPERREAD_CACHE_DIR", str(blocker / "cache"))
    index = SearchIndex()
    assert index.path == ":memory:"
    assert any("in memory" in m for m in index.messages)
    index.update(load_library([library]).entries)
    assert len(index.search("党建")) == 2


def test_loaded_entries_are_indexed_from_their_issue(library: Path) -> None:
    issue = load_issue(library / "s.yaml")
    index = SearchIndex()
    index.update([Entry(library / "s.yaml", issue=issue)])
    assert ids(index.search("新意")) == ["dangjian"]


# -- the command line ------------------------------------------------------------------


def _run(argv: list[str]) -> int:
    ns: argparse.Namespace = build_parser().parse_args(argv)
    return run(ns)


def test_cli_prints_hits_and_exits_0(library: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(["黨建", str(library)]) == 0
    out = capsys.readouterr().out
    assert "河畔時報 2024-03-05 · 要闻 · 黨建引領" in out
    assert "河畔晚报 2024-01-02 · 要闻 · 基层党建有新意" in out
    assert out.index("河畔時報") < out.index("河畔晚报")
    assert "\x1b[" not in out  # not a terminal: plain text


def test_cli_json(library: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(["臺灣", str(library), "--json"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert [h["article_id"] for h in hits] == ["dangjian-t", "dangjian"]
    first = hits[0]
    start, end = first["matches"][0]
    assert first["snippet"][start:end] == "臺灣"
    assert first["date"] == "2024-03-05"
    assert first["path"] == str(library / "t.yaml")


def test_cli_nothing_found_exits_1(library: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(["鬯鬯鬯", str(library)]) == 1
    assert "no matches" in capsys.readouterr().err
    assert _run(["  ", str(library)]) == 1
    assert _run(["x", str(library / "nowhere")]) == 1
    assert "no such file" in capsys.readouterr().err


def test_cli_default_library_is_the_sample(capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(["黨建"]) == 0
    assert "通辽地方新闻" in capsys.readouterr().out


def test_cli_highlights_matches_in_rich_text(index: SearchIndex) -> None:
    hit = index.search("黨建")[0]
    text = hit_text(hit)
    styled = [
        text.plain[span.start : span.end] for span in text.spans if "yellow" in str(span.style)
    ]
    assert styled and all(fold(s) == "党建" for s in styled)


def test_cli_text_is_never_markup(tmp_path: Path, write_search_issue: WriteSearchIssue) -> None:
    root = tmp_path / "m"
    write_search_issue(
        root / "m.yaml", "[bold]报[/]", "2024-01-01", [("m", "[red]标题", ["[link]正文"])]
    )
    index = SearchIndex()
    index.update(load_library([root]).entries)
    text = hit_text(index.search("正文")[0])
    assert "[bold]报[/]" in text.plain and "[red]标题" in text.plain


def test_lazy_progress_stays_quiet_for_quick_work() -> None:
    progress = LazyProgress("Indexing")
    progress(1, 2)
    progress(2, 2)
    progress.close()  # nothing was shown, nothing to stop
    slow = LazyProgress("Indexing")
    slow.started -= 10
    slow(1, 2)  # stderr is not a terminal under pytest: still nothing shown
    slow.close()


def test_an_interrupted_bulk_build_finishes_its_trigrams_later(
    library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import reader.search.updating

    monkeypatch.setattr(reader.search.updating, "BULK", 1)  # two issues make a bulk build
    monkeypatch.setattr(reader.search.updating, "COMMIT_SECONDS", 0.0)  # commit after each issue

    def stop(done: int, total: int) -> None:
        if done == 1:
            raise KeyboardInterrupt

    index = SearchIndex()
    with pytest.raises(KeyboardInterrupt):
        index.update(load_library([library]).entries, stop)
    index.update(load_library([library]).entries)  # one issue left: no longer a bulk build
    assert set(ids(index.search("党"))) == {"dangjian", "dangjian-t"}  # 1 character: trigrams
    assert set(ids(index.search("黨建"))) == {"dangjian", "dangjian-t"}


def test_snippet_never_starts_with_a_mark_that_cannot_start_a_line() -> None:
    """Issue 12.8: the context before a match was cut right after a 、 or ，."""
    for mark in "、，。」”）":
        text = "前面的话" * 5 + mark + "甲乙丙丁戊己庚辛壬癸子丑" + "目标" + "后面的话" * 20
        found = snippet(text, "目标")
        body = found.text.removeprefix("…")
        assert body[0] not in "、，。」”）", (mark, found.text)
        (start, end), *_ = found.spans
        assert found.text[start:end] == "目标"


def test_a_match_in_the_headline_alone_shows_the_story_not_the_headline_again() -> None:
    """Issue 12.8: a hit prints its headline; the snippet used to print it a second time."""
    text = "读书节\n图书馆开放夜间阅览\n市图书馆从下周起延长开放时间。"
    found = snippet(text, normalise_query("夜间"), "图书馆开放夜间阅览")
    assert found.in_headline and found.spans == ()
    assert found.text.startswith("市图书馆从下周起")
    assert "阅览" not in found.text
    # A match outside the headline is preferred to the one in it.
    found = snippet(text, normalise_query("图书馆"), "图书馆开放夜间阅览")
    assert not found.in_headline
    assert found.text.startswith("市图书馆")
    assert [found.text[s:e] for s, e in found.spans] == ["图书馆"]


def test_a_long_query_is_quoted_short() -> None:
    from reader.search.text import shown_query

    assert shown_query("党建") == "党建"
    long = shown_query("新闻\n" * 1000)
    assert len(long) == 40 and long.endswith("…") and "\n" not in long


def test_search_command_does_not_echo_a_huge_query(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from reader.cli.main import main

    (tmp_path / "a.yaml").write_text(
        "paperread: 1\npaper: 晨报\nsections:\n  - title: 要闻\n    articles:\n"
        "      - {id: a, headline: 新闻, body: [今天天气很好。]}\n",
        encoding="utf-8",
    )
    assert main(["search", "无" * 2000, str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert len(err) < 200, err


SEARCH_CHILD = """
import io, sys
from reader.cli.main import main
sys.stdout = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
code = main(["search", "党建", sys.argv[1]])
sys.__stdout__.write(f"{code} " + " ".join(sorted(sys.modules)))
"""


def test_a_warm_search_imports_only_what_it_needs(tmp_path: Path) -> None:
    """Issue 16: a search of an unchanged library parses no YAML and draws no Rich text
    (its output is a pipe here); the settings do not pull in the typesetter."""
    import os
    import subprocess
    import sys

    repo = Path(__file__).resolve().parents[2]
    library = tmp_path / "lib"
    library.mkdir()
    (library / "sample.yaml").write_bytes((repo / "issues" / "tongliao-sample.yaml").read_bytes())

    def run() -> tuple[int, set[str]]:
        done = subprocess.run(
            [sys.executable, "-c", SEARCH_CHILD, str(library)],
            cwd=repo,
            env=os.environ,
            capture_output=True,
            text=True,
            check=False,
        )
        code, _, modules = done.stdout.partition(" ")
        assert code, done.stderr
        return int(code), set(modules.split())

    first_code, first = run()  # builds the catalogue and the index: parses the file
    assert first_code == 0 and "yaml" in first
    code, modules = run()
    assert code == 0
    unwanted = {"yaml", "reader.issue.load", "reader.typeset.article", "rich", "textual"}
    unwanted |= {"importlib.resources", "reader.issue.model"}
    assert modules & unwanted == set()
