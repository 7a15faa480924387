"""Reading YAML nodes into plain values, with a :class:`Problem` for each that has the wrong shape.

The generic half of validation: tags, mappings with allowed and required
keys, lists, text, ``x-`` extension values as plain data. The issue format's
own rules are in :mod:`reader.issue.validate`.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import Any, ClassVar

from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from reader.issue.clean import clean_inline, clean_text
from reader.issue.problems import Mark, Problem, quote, show

_Y = "tag:yaml.org,2002:"
STR, NULL, BOOL = _Y + "str", _Y + "null", _Y + "bool"
INT, FLOAT, TIMESTAMP = _Y + "int", _Y + "float", _Y + "timestamp"
SEQ, MAP = _Y + "seq", _Y + "map"
SCALAR_TAGS = frozenset((STR, NULL, BOOL, INT, FLOAT, TIMESTAMP))
_KIND = {BOOL: "a boolean", INT: "a number", FLOAT: "a number", TIMESTAMP: "a date"}
_SCALARS = SafeConstructor()
SHARED_TEXT = 24  # texts up to this length are shared between the model's objects


def shown_tag(tag: str) -> str:
    """A tag as it is written in YAML (``!!python/object``)."""
    return "!!" + tag[len(_Y) :] if tag.startswith(_Y) else tag


def kind(node: Node) -> str:
    """What a node is, in words, for 'expected …, got …' messages."""
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    return "text" if node.tag == STR else _KIND.get(node.tag, "a " + shown_tag(node.tag))


ALIASES_ANCHORS = "YAML aliases/anchors are not allowed"
TWO_DOCUMENTS = "the file holds more than one YAML document (a '---' line starts another)"


def too_deep(max_depth: int) -> str:
    """The message for a document nested deeper than ``max_depth``."""
    return f"collections are nested more than {max_depth} levels deep"


def join(path: str, key: str | int) -> str:
    """The path of a field inside ``path``: ``a.b`` for a key, ``a[0]`` for an index."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


Fields = dict[str, tuple[ScalarNode, Node]]
"""A mapping's keys that are allowed, each with its key node and value node."""


def value_of(found: Fields, key: str) -> Node | None:
    """The value node of ``key``, or None when the key is absent."""
    pair = found.get(key)
    return None if pair is None else pair[1]


def unknown_key(key: str, allowed: tuple[str, ...], homes: Mapping[str, str]) -> str:
    """An 'unknown key' message with the most useful hint there is."""
    message = f"unknown key '{show(key)}'"
    close = difflib.get_close_matches(key.lower(), allowed, n=1)
    if close:
        return f"{message} (did you mean '{close[0]}'?)"
    home = homes.get(key)
    if home is not None:
        return f"{message} here; it belongs in {home}"
    return f"{message}; the keys allowed here are {', '.join(allowed)} (and x-… extensions)"


class NodeChecker:
    """Reads values of the expected shape from nodes, collecting a problem for each that is not.

    Subclasses add the rules of a format; ``homes`` says where a key that is
    misplaced belongs, ``missing_hints`` what to add to 'missing key' messages.
    """

    homes: ClassVar[Mapping[str, str]] = {}
    missing_hints: ClassVar[Mapping[str, str]] = {}

    def __init__(self, filename: str, max_depth: int) -> None:
        self.filename = filename
        self.max_depth = max_depth
        self.problems: list[Problem] = []
        self.seen: set[int] = set()  # collection nodes met in extension values
        # One copy of each short text (names, roles, datelines, page numbers repeat in every
        # story): a large issue holds each once, not once per story.
        self.texts: dict[str, str] = {}

    # -- reporting ---------------------------------------------------------

    def add(self, mark: Mark | None, path: str, message: str) -> None:
        if mark is None:
            self.problems.append(Problem(self.filename, None, None, path, message))
        else:
            line, column = mark.line + 1, mark.column + 1
            self.problems.append(Problem(self.filename, line, column, path, message))

    def where(self, mark: Mark) -> str:
        return f"{self.filename}:{mark.line + 1}:{mark.column + 1}"

    def tag_ok(self, node: Node, path: str) -> bool:
        """False (and a problem) for a tag other than the plain safe ones."""
        tag = node.tag
        ok = (
            tag in SCALAR_TAGS
            if isinstance(node, ScalarNode)
            else tag == (MAP if isinstance(node, MappingNode) else SEQ)
        )
        if not ok and tag == _Y + "merge":
            self.add(node.start_mark, path, "merge keys (<<) are not allowed")
        elif not ok:
            self.add(node.start_mark, path, f"tag {show(shown_tag(tag))} is not allowed")
        return ok

    def expected(self, node: Node, path: str, what: str) -> None:
        if not self.tag_ok(node, path):
            return
        if isinstance(node, ScalarNode) and node.tag == NULL:
            self.add(node.start_mark, path, "missing value")
        elif isinstance(node, ScalarNode) and node.tag != STR and what == "text":
            hint = f"quote it: {quote(node.value)}"
            self.add(node.start_mark, path, f"expected text, got {kind(node)} ({hint})")
        else:
            self.add(node.start_mark, path, f"expected {what}, got {kind(node)}")

    # -- shapes --------------------------------------------------------------

    def fields(
        self,
        node: Node,
        path: str,
        depth: int,
        allowed: tuple[str, ...],
        required: tuple[str, ...],
        what: str,
    ) -> tuple[Fields, list[tuple[str, Any]]] | None:
        """The keys of a mapping at ``depth``, checked against ``allowed`` and ``required``.

        ``x-`` keys are returned apart, their values as plain data.
        """
        if not isinstance(node, MappingNode) or node.tag != MAP:
            self.expected(node, path, what)
            return None
        found: Fields = {}
        extensions: list[tuple[str, Any]] = []
        first: dict[str, Mark] = {}
        for key_node, value in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag not in SCALAR_TAGS:
                if self.tag_ok(key_node, path):
                    self.add(key_node.start_mark, path, f"a key must be text, got {kind(key_node)}")
                continue
            key = key_node.value
            if key in first:
                message = f"duplicate key '{show(key)}' (first at {self.where(first[key])})"
                self.add(key_node.start_mark, path, message)
                continue
            first[key] = key_node.start_mark
            if key in allowed:
                found[key] = (key_node, value)
            elif key.startswith("x-"):
                data = self.plain(value, join(path, key), depth + 1)
                extensions.append((clean_inline(key), data))
            else:
                self.add(key_node.start_mark, path, unknown_key(key, allowed, self.homes))
        for key in required:
            if key not in found:
                hint = self.missing_hints.get(key, "")
                self.add(node.start_mark, path, f"missing key '{key}'{hint}")
        return found, extensions

    def items(self, node: Node | None, path: str, what: str, one: str) -> list[Node]:
        """The items of a list; a problem if it is not a list or, when ``one``, is empty."""
        if node is None:
            return []
        if isinstance(node, SequenceNode) and node.tag == SEQ:
            if not node.value and one:
                self.add(node.start_mark, path, f"expected at least one {one}")
            return list(node.value)
        if isinstance(node, ScalarNode) and node.tag == NULL and not one:
            return []
        self.expected(node, path, what)
        return []

    def text(
        self, node: Node | None, path: str, *, inline: bool = True, required: bool = False
    ) -> str | None:
        """Cleaned text, or None for an absent optional value."""
        if node is None:
            return None
        if isinstance(node, ScalarNode):
            if node.tag == STR:
                value = clean_inline(node.value) if inline else clean_text(node.value).strip()
                if value:
                    if len(value) <= SHARED_TEXT:
                        return self.texts.setdefault(value, value)
                    return value
                if required:
                    self.add(node.start_mark, path, "the text is empty")
                return None
            if node.tag == NULL and not required:
                return None
        self.expected(node, path, "text")
        return None

    def plain(self, node: Node, path: str, depth: int) -> Any:
        """An extension value as plain Python data (text cleaned), checked for safety."""
        if depth > self.max_depth:
            self.add(node.start_mark, "", too_deep(self.max_depth))  # as the pure loader says
            return None
        if not self.tag_ok(node, path):
            return None
        if isinstance(node, ScalarNode):
            return self.scalar(node, path)
        if id(node) in self.seen:
            self.add(node.start_mark, path, ALIASES_ANCHORS)
            return None
        self.seen.add(id(node))
        if isinstance(node, SequenceNode):
            items = enumerate(node.value)
            return [self.plain(item, join(path, i), depth + 1) for i, item in items]
        result: dict[str, Any] = {}
        for key_node, value in node.value:
            if not self.tag_ok(key_node, path):
                continue
            if not isinstance(key_node, ScalarNode):
                self.add(key_node.start_mark, path, f"a key must be text, got {kind(key_node)}")
                continue
            key = clean_inline(key_node.value)
            if key in result:
                self.add(key_node.start_mark, path, f"duplicate key '{show(key)}'")
            result[key] = self.plain(value, join(path, key), depth + 1)
        return result

    def scalar(self, node: ScalarNode, path: str) -> Any:
        """A scalar converted as YAML would, or None (and a problem) when it cannot be."""
        if node.tag == STR:
            return clean_text(node.value)
        try:
            return SafeConstructor.yaml_constructors[node.tag](_SCALARS, node)
        except (ValueError, OverflowError) as err:
            self.add(node.start_mark, path, f"cannot read {quote(node.value)}: {show(str(err))}")
            return None
