"""Error panels fold long file paths at "/" so the file name stays whole."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from reader.typeset.article import wrap_text
from reader.typeset.paths import error_lines, wrap_paths

NAME = "b-broken.yaml"
FOLDERS = ("tmp", "pytest-of-tester", "pytest-12", "test_broken_file_shows0", "sub")
PATH = "/" + "/".join((*FOLDERS, NAME))
TITLE = f"{PATH} could not be opened:"
DETAIL = f"{PATH}:2:8: did not find expected ',' or ']'"


def visible(text: str) -> str:
    return "".join(ch for ch in text if not ch.isspace())


def check_lines(text: str, lines: list[tuple[int, str]], width: int) -> None:
    """Every line fits, offsets point at the line's text, and no character is lost."""
    assert all(cell_len(line) <= width for _, line in lines)
    offsets = [offset for offset, _ in lines]
    assert offsets == sorted(set(offsets))
    if width < 2:
        return  # a wide character shows as a placeholder there
    for offset, line in lines:
        assert text[offset:].startswith(line.lstrip()[:1])
    assert visible("".join(line for _, line in lines)) == visible(text)


@pytest.mark.parametrize("width", range(len(NAME), len(TITLE) + 3))
def test_title_keeps_the_file_name_whole_at_every_width(width: int) -> None:
    lines = wrap_paths(TITLE, width)
    check_lines(TITLE, lines, width)
    assert any(NAME in line for _, line in lines)


@pytest.mark.parametrize("width", range(len(NAME) + 2, len(DETAIL) + 3))
def test_detail_keeps_the_file_name_whole_at_every_width(width: int) -> None:
    lines = wrap_paths(DETAIL, width, indent="  ")
    check_lines(DETAIL, lines, width)
    assert any(NAME in line for _, line in lines)
    assert all(line.startswith("  ") for _, line in lines[1:])


@pytest.mark.parametrize("width", range(len(NAME), len(PATH) + 2))
def test_every_folder_that_fits_stays_whole(width: int) -> None:
    lines = [line for _, line in wrap_paths(TITLE, width)]
    for folder in FOLDERS:
        if len(folder) + 1 <= width:
            assert any(f"{folder}/" in line for line in lines), (folder, lines)
    if width <= max(len(folder) for folder in FOLDERS):
        return  # a folder wider than the line is split by force
    # Folding happens only after a "/": each line before the file name's ends with one.
    before_name = lines[: next(i for i, line in enumerate(lines) if NAME in line)]
    assert all(line.endswith("/") for line in before_name)


def test_the_wrapped_tui_case_of_issue_11() -> None:
    # The old wrapper cut the name as ".../b" + "-broken.yaml" when the path was this long.
    path = "/tmp/" + "x" * 33 + "/b-broken.yaml"
    plain = [line for _, line in wrap_text(f"{path} could not be opened:", 40)]
    assert not any(NAME in line for line in plain)
    folded = [line for _, line in wrap_paths(f"{path} could not be opened:", 40)]
    assert folded[0] == "/tmp/" + "x" * 33 + "/"
    assert folded[1].startswith(NAME)


def test_a_component_wider_than_the_line_is_still_split() -> None:
    text = "/" + "x" * 25 + "/" + NAME
    lines = wrap_paths(text, 10)
    check_lines(text, lines, 10)
    assert any(NAME in line for _, line in wrap_paths(text, len(NAME)))
    assert [line for _, line in lines] == ["/", "x" * 10, "x" * 10, "xxxxx/", "b-broken.y", "aml"]


def test_a_path_after_words_uses_the_room_on_the_line() -> None:
    text = f"The file at {PATH} is bad"
    lines = [line for _, line in wrap_paths(text, 30)]
    assert lines[0] == "The file at /tmp/"
    assert any(line.startswith(NAME) for line in lines)


def test_text_without_paths_wraps_as_before() -> None:
    text = "清晨六点，河湾村的稻田里已经响起了无人机的嗡嗡声。 the plain words wrap as ever"
    for width in (1, 2, 5, 11, 20, 40, 80):
        assert wrap_paths(text, width, "  ") == wrap_text(text, width, indent="  ")


def test_error_lines_roles_and_indent() -> None:
    lines = error_lines(TITLE, (DETAIL, "second problem"), 40)
    roles = [line.spans[0].role for line in lines]
    assert roles[0] == "error-title" and roles[-1] == "error"
    assert lines[-1].plain == "second problem"
    texts = [line.plain for line in lines]
    assert sum(NAME in text for text in texts) == 2
    assert all(line.block == -1 for line in lines)


COMPONENT = st.text(
    alphabet=st.sampled_from("abcxyz019-_.~@+=,中国河湾村稻田ぁアー한글"), min_size=1, max_size=30
)


@settings(max_examples=300, deadline=None)
@given(
    folders=st.lists(COMPONENT, min_size=1, max_size=8),
    name=COMPONENT,
    extra=st.integers(min_value=0, max_value=60),
    lead=st.sampled_from(["", "/", "The file "]),
)
def test_property_the_file_name_appears_whole(
    folders: list[str], name: str, extra: int, lead: str
) -> None:
    path = "/".join((*folders, name))
    if lead == "/":
        path = "/" + path
    title = f"{lead if lead != '/' else ''}{path} could not be opened:"
    width = cell_len(name) + extra
    lines = wrap_paths(title, width)
    check_lines(title, lines, width)
    assert any(name in line for _, line in lines), (title, width, lines)
    detail = f"{path}:3:1: something is wrong here"
    lines = wrap_paths(detail, width + 2, indent="  ")
    check_lines(detail, lines, width + 2)
    assert any(name in line for _, line in lines), (detail, width + 2, lines)
