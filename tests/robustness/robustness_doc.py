"""Writes docs/robustness.md from the corpus manifest and the tables below.

Run ``python -m tests.robustness.robustness_doc`` from the repository root after
changing ``tests/data/bad/cases.json`` or a table here; test_robustness_doc.py
fails while the committed page differs from what this prints.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

from tests.robustness.corpus import CASES, Case

REPO = Path(__file__).resolve().parents[2]
DOC = REPO / "docs" / "robustness.md"

INTRO = """\
# Robustness: hostile files, broken terminals, failing disks

Issue files come from anywhere and paperread runs where terminals, locales and
disks misbehave. This page lists every adversarial case the test suite runs and
what paperread does with it. It is generated from `tests/data/bad/cases.json`
and the tables in `tests/robustness/robustness_doc.py` (run
`python -m tests.robustness.robustness_doc`); a test fails when it is out of date.
See also [SECURITY.md](../SECURITY.md) for the threat model.

No case may end in a traceback, a hang, lost data, or a sequence reaching the
terminal. Where a case still fails one of these, it is listed under
[open problems](#open-problems) and its test is marked `xfail(strict=True)`, so
the fix turns it into an ordinary test.
"""

CORPUS_INTRO = """\
## Hostile issue files

{count} cases, in `tests/data/bad/` (the big ones, and a file name no repository
should hold, are made at test time). Each runs through:

- **check** — `paperread check FILE`: a rejected file prints one
  `file:line:col: path: message` line per problem (line, column and path when
  known) and exits 1; an accepted one exits 0. No line may hold a control
  character. (`tests/robustness/test_corpus_cli.py`)
- **cat** — `paperread cat FILE`: a rejected file prints the same lines on
  standard error and exits 1 with nothing on standard output; an accepted one
  prints its text with every escape sequence and invisible control removed and
  markup-like text exactly as written; `--json` holds only clean text.
- **reader** — the reader (Pilot) opens the whole corpus as one library folder
  and every case in turn: a story, or an error panel with the problems. Each
  screen (tree, status line, story, library and search screens, notices) is
  rendered as the terminal would receive it and must hold no control character.
  (`tests/robustness/test_corpus_reader.py`)
"""

# (situation, what paperread does, test) — the test as file::function under tests/.
TERMINALS: list[tuple[str, str, str]] = [
    (
        "a story full of OSC 52 (with a payload), OSC 0, CSI 2J, 8-bit CSI, OSC 8, DCS, NUL, "
        "U+202E, read in a real pseudo-terminal",
        "none of them in the bytes written to the terminal, by the reader or by `cat`",
        "robustness/test_pty.py::test_reader_in_a_pty, robustness/test_pty.py::test_cat_in_a_pty",
    ),
    (
        "`TERM=xterm-256color`, `xterm` with `NO_COLOR=1`, `linux` with `LANG=C`, `vt100`, "
        "`dumb` with `LC_ALL=C`",
        "the reader starts, shows the story, quits on `q` with exit 0; `cat` prints it "
        "(no escape at all under `NO_COLOR`)",
        "robustness/test_pty.py::test_reader_in_a_pty, robustness/test_pty.py::test_cat_in_a_pty",
    ),
    (
        "`NO_COLOR=1`, `TERM=dumb`, `xterm` with `NO_COLOR=yes`: the reader with the tree "
        "and help open",
        "not one colour sequence (no 24-bit, 256-colour, basic or bright colour): bars and "
        "cursors in bold and reverse",
        "robustness/test_no_colour.py::test_no_colour_sequence_reaches_the_terminal",
    ),
    (
        "a terminal that reports a size of 0×0 and no `COLUMNS`",
        "`cat` sets 80 columns (it set 1 before this campaign); the reader starts",
        "robustness/test_pty.py::test_cat_in_a_terminal_that_reports_no_size",
    ),
    (
        "`PYTHONIOENCODING=ascii` or `latin-1` (an output that is not UTF-8)",
        "the reader, `cat`, `check`, `bookmarks` and `search` print one line saying so and "
        "how to fix it (`export LANG=C.UTF-8`), exit 1, no traceback",
        "robustness/test_terminals.py::test_a_terminal_that_is_not_utf8_gets_one_clear_line",
    ),
    (
        "`paperread import` with a `latin-1` output",
        "the issue file is still written as UTF-8 (it is data); the report is escaped",
        "robustness/test_terminals.py::test_import_still_writes_utf8_yaml_to_a_latin1_pipe",
    ),
    (
        "sizes 1×1, 2×2, 10×3, 40×12, 300×100",
        "no crash, keys work",
        "tui/test_reader.py::test_any_size_does_not_crash",
    ),
    (
        "the help, library, bookmarks and search screens and the command palette at "
        "1×1 and 300×100",
        "no crash; nothing unsafe on screen",
        "robustness/test_terminals.py::test_every_screen_at_extreme_sizes",
    ),
    (
        "16 random sizes from 1×1 to 300×100 in a row (and more while modal screens are "
        "open), keys between",
        "no crash; the last frame holds nothing unsafe",
        "robustness/test_terminals.py::test_rapid_resizing_with_keys_between",
    ),
]

STORAGE: list[tuple[str, str, str]] = [
    (
        "`config.yaml` cannot be read (the config dir is under a regular file, or "
        "`config.yaml` is a folder)",
        "the reader starts on the defaults and says why in a notice",
        "robustness/test_storage_faults.py::"
        "test_reader_starts_with_a_warning_when_settings_cannot_be_read",
    ),
    (
        "`config.yaml` nested 10,000 deep, with a Python tag, with aliases, or binary",
        "a warning, the defaults; the real reader starts (a deep file stopped it before "
        "this campaign)",
        "robustness/test_storage_faults.py::test_the_real_reader_starts_over_a_deeply_nested_config",
    ),
    (
        "the data dir is a regular file",
        "the reader reads; `b` says bookmarks cannot be saved and why; `bookmarks`, "
        "`cat` and `search` work; the file is untouched",
        "robustness/test_storage_faults.py::test_a_data_dir_that_is_a_file",
    ),
    (
        "`paperread` alone with data and cache dirs that are regular files",
        "the bundled sample opens (catalogue and index in memory), `q` exits 0",
        "robustness/test_storage_faults.py::"
        "test_the_default_library_with_data_and_cache_dirs_that_are_files",
    ),
    (
        "a read-only data dir (simulated: the tests run as root)",
        "the store reads, refuses writes with a one-line reason",
        "unit/test_store_reliability.py::test_a_read_only_store_still_reads",
    ),
    (
        "a damaged `paperread.db`",
        "moved aside as `paperread.db.broken-<time>` with a notice; reading and bookmarking "
        "go on in a fresh store",
        "robustness/test_storage_faults.py::"
        "test_a_damaged_database_is_moved_aside_and_reading_goes_on",
    ),
    (
        "`paperread.db` locked by another program",
        "reading goes on; a notice says it is locked; once released, `b` saves",
        "robustness/test_storage_faults.py::test_a_locked_database",
    ),
    (
        "a full disk (the database may not grow)",
        "`disk full: bookmark not saved`; earlier bookmarks intact; with space again `b` saves; "
        "the file passes `integrity_check`",
        "robustness/test_storage_faults.py::test_a_full_disk",
    ),
    (
        "two writer processes adding 500 bookmarks each; four creating the store at once; "
        "`SIGKILL` at random moments",
        "nothing committed is lost, the file stays sound",
        "unit/test_store_reliability.py::test_two_processes_adding_500_bookmarks_each",
    ),
    (
        "four processes toggling the same 20 bookmarks 1, 2, 3 and 3 times at once",
        "every toggle counted (9: all bookmarked)",
        "robustness/test_storage_faults.py::test_four_processes_toggling_the_same_bookmarks",
    ),
    (
        "two readers in two terminals at once, each bookmarking an article",
        "both bookmarks kept",
        "robustness/test_storage_faults.py::test_two_readers_at_once_keep_both_bookmarks",
    ),
    (
        "the open issue file deleted, then rewritten as garbage, while it is read",
        "the reader keeps showing what it loaded; bookmarks still save",
        "robustness/test_storage_faults.py::test_the_open_file_deleted_or_rewritten",
    ),
    (
        "library files deleted or rewritten after the scan, before they are opened",
        "an error panel (`no such file`, or the new problems); the other issues open",
        "robustness/test_storage_faults.py::"
        "test_library_files_deleted_or_rewritten_before_they_are_opened",
    ),
    (
        "`paperread cat` / `check` of a deleted file",
        "one line (`…: no such file`), exit 1",
        "robustness/test_storage_faults.py::test_cat_and_check_of_a_deleted_file",
    ),
    (
        "a bookmark whose issue file is gone",
        "`paperread bookmarks` lists it as `(file missing)`",
        "robustness/test_storage_faults.py::test_a_bookmark_whose_file_is_gone",
    ),
]

PROPERTIES: list[tuple[str, str]] = [
    (
        "the loader on generated issue-shaped documents, on the same mangled with YAML "
        "syntax, anchors, tags, controls and surrogates, and on arbitrary bytes: an issue or "
        "IssueFileError, every line in the `file:line:col: path: message` shape, and what "
        "loads survives the round trip through `cat --json`'s form",
        "robustness/test_properties.py::test_loader_on_mangled_documents",
    ),
    (
        "the typesetter on any Unicode at widths 1–200: no line wider than the width, no "
        "character lost",
        "unit/test_typeset.py::test_wrap_property_fits_and_keeps_text",
    ),
    (
        "the typesetter on Chinese text and wide punctuation at widths 1–200: a line starts "
        "with closing or ends with opening punctuation only when the line had no legal break",
        "robustness/test_properties.py::test_no_rule_is_broken_where_a_legal_break_exists",
    ),
    (
        "the importer on arbitrary text and bytes: ImportFailed (one line) or an issue file "
        "that loads to the same issue",
        "unit/test_importer.py::test_any_text_imports_or_fails_clearly",
    ),
    (
        "search on any query (FTS syntax, controls, lone surrogates): no exception, clean snippets",
        "robustness/test_properties.py::test_search_takes_any_query",
    ),
]

OPEN_PROBLEMS = """\
## Open problems

Found by this campaign in the reader (`reader/tui/`). The first two are fixed
and their tests now run as ordinary tests:

- **Fixed: a file's name reached the terminal raw in the error panel.** A broken
  issue file whose name holds escape sequences (`evil-filename` above) had its
  full path painted in the title of its error panel; the path now goes through
  `reader.issue.clean.clean_inline`. Test:
  `robustness/test_corpus_reader.py::test_a_file_name_full_of_escape_sequences`.
- **Fixed: the command palette parsed section titles as markup.** Each
  article's help text held the section title and Textual's palette parses help
  text as markup, so a title with `[/]` stopped the reader on `ctrl+p`. The
  section now goes into the hit's plain `Text` label and the help text holds no
  file text. Test:
  `robustness/test_corpus_reader.py::test_command_palette_over_markup_like_titles`.
- **Fixed: a section of 100,000 articles was slow to open in the reader**:
  about 10 s from the command to the first frame, most of it spent building
  the section tree, a node per article. The tree now shows a section of more
  than 200 articles in runs of 100, each filled when opened, and the reader
  opens the file in about the time `check` and `cat` take to load it (3–4 s).
  Test: `robustness/test_corpus_reader.py::test_a_section_of_many_articles`
  (all 100,000), and `tui/test_long_sections.py`.
- **Fixed: a file name that is not UTF-8 stopped the reader** (found after
  the campaign, in review): the catalogue, the store and the search index
  could not hold the name and raised. Such files are now listed, opened,
  bookmarked and searched; their names show the bytes as `\\xff`. Test:
  `robustness/test_corpus_reader.py::test_a_file_name_that_is_not_utf8`.
"""


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _check(case: Case) -> str:
    if case.accepted:
        return "exit 0"
    count = f"{case.problems} line{'s' if case.problems != 1 else ''}" if case.problems else ""
    first = f"`{_cell(case.expect[0])}`" if case.expect else ""
    return f"exit 1{', ' + count if count else ''}: {first}"


def _cat(case: Case) -> str:
    if not case.accepted:
        return "exit 1, the same lines"
    if case.group == "Hostile text":
        verbatim = "markup" in case.name
        return "exit 0, shown as written" if verbatim else "exit 0, sequences removed"
    return "exit 0" + (f" (article `{case.cat_article}`)" if case.cat_article else "")


def _reader(case: Case) -> str:
    if case.bug:
        return "error panel; **open bug**: its title shows the raw path (see below)"
    shown = "story" if case.accepted else "error panel"
    return f"{shown}; {case.note}" if case.note else shown


def _rows(rows: Iterable[tuple[str, str, str]], headers: tuple[str, str, str]) -> list[str]:
    lines = [f"| {' | '.join(headers)} |", "|---|---|---|"]
    for situation, outcome, tests in rows:
        named = ", ".join(f"`{test.strip()}`" for test in tests.split(","))
        lines.append(f"| {_cell(situation)} | {_cell(outcome)} | {named} |")
    return lines


def render() -> str:
    """The whole page."""
    out = [INTRO, CORPUS_INTRO.format(count=len(CASES))]
    groups: dict[str, list[Case]] = {}
    for case in CASES:
        groups.setdefault(case.group, []).append(case)
    for group, cases in groups.items():
        out.append(f"### {group}\n")
        out.append("| case | what | check | cat | reader |")
        out.append("|---|---|---|---|---|")
        for case in cases:
            made = " (made at test time)" if case.generate else ""
            out.append(
                f"| `{case.name}` | {_cell(case.what)}{made} | {_check(case)} | "
                f"{_cat(case)} | {_reader(case)} |"
            )
        out.append("")
    out.append("## Terminals\n")
    out += _rows(TERMINALS, ("situation", "what paperread does", "test (under tests/)"))
    out.append("")
    out.append("## Storage faults\n")
    out += _rows(STORAGE, ("situation", "what paperread does", "test (under tests/)"))
    out.append("")
    out.append("## Properties (hypothesis)\n")
    out.append("| property | test (under tests/) |")
    out.append("|---|---|")
    out += [f"| {_cell(text)} | `{test}` |" for text, test in PROPERTIES]
    out.append("")
    out.append(OPEN_PROBLEMS)
    return "\n".join(out).rstrip("\n") + "\n"


def referenced_tests() -> list[str]:
    """Every ``file::function`` the tables name."""
    tables = [row[2] for row in (*TERMINALS, *STORAGE)] + [test for _, test in PROPERTIES]
    return [test.strip() for tests in tables for test in tests.split(",")]


if __name__ == "__main__":
    DOC.write_text(render(), encoding="utf-8")
    sys.stdout.write(f"wrote {DOC.relative_to(REPO)}\n")
