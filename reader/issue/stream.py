"""Composing an issue file's YAML one article at a time, so no node graph of the whole file is held.

PyYAML's composer (libyaml's too) builds the node graph of the whole document
before anything looks at it: for 100,000 short articles that graph is 25× the
file (every node with its tag, value and two marks). Here the parser's events
are composed into nodes by :class:`IssueComposer`, except for the two long
lists of the format: each section's ``articles`` item is composed alone and
handed to the validator (:class:`reader.issue.validate.IssueBuilder`) at
once, then its nodes are dropped; each ``sections`` item likewise. What
stays is the model being built, and a :class:`StreamedList` in place of each
list, holding what was built from its items.

The composer also enforces what the loader used to check in a separate pass
or while composing: every anchor and alias is recorded (an alias is never
followed, so an alias bomb costs nothing), collections are nested at most
``max_depth`` levels, and the file holds one document.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from reader.issue.nodes import (
    ALIASES_ANCHORS,
    MAP,
    NULL,
    SCALAR_TAGS,
    SEQ,
    STR,
    TWO_DOCUMENTS,
    too_deep,
)
from reader.issue.problems import Mark, Problem

__all__ = ["IssueComposer", "StreamedList"]


class StreamedList(SequenceNode):
    """A list whose items were validated as they were read: how many there were, and what
    they built (``None`` left out). Its ``value`` stays empty."""

    def __init__(self, start_mark: Any) -> None:
        super().__init__(SEQ, [], start_mark, None)
        self.count = 0
        self.built: list[Any] = []


class _Stop(Exception):
    """Composing cannot go on: nested too deep, or a second document."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


ItemHandler = Callable[[Node, str], Any]


class IssueComposer:
    """Composes one YAML document from a loader's events, validating its long lists item by item.

    ``section`` and ``article`` are called with each item's node and path
    (``sections[2]``, ``sections[2].articles[7]``) as soon as the item is
    read; ``after_item`` after each call (the validator forgets the item's
    nodes there). Problems that stop the load are in :attr:`stops`; anchors
    and aliases in :attr:`anchors`.
    """

    def __init__(
        self,
        loader: Any,
        filename: str,
        max_depth: int,
        *,
        section: ItemHandler,
        article: ItemHandler,
        after_item: Callable[[], None],
    ) -> None:
        self._get = loader.get_event
        # The implicit tags of plain scalars (int, bool, null, …), by first character, as
        # PyYAML's resolver finds them (``Resolver.resolve``), without a call per scalar.
        table: dict[str | None, list[tuple[str, Any]]] = type(loader).yaml_implicit_resolvers
        wild = table.get(None, [])
        self._resolvers = {
            first: [*found, *wild] for first, found in table.items() if first is not None
        }
        self._wild = wild
        self.filename = filename
        self.max_depth = max_depth
        self._section = section
        self._article = article
        self._after_item = after_item
        self._depth = 0
        self.anchors: list[Problem] = []
        self.stops: list[Problem] = []

    def _problem(self, mark: Mark, message: str) -> Problem:
        return Problem(self.filename, mark.line + 1, mark.column + 1, "", message)

    # -- the document --------------------------------------------------------

    def document(self) -> Node | None:
        """The document's root node (None for a file without one).

        Raises the loader's YAML errors. On return, :attr:`stops` and
        :attr:`anchors` say whether the root may be used.
        """
        get = self._get
        get()  # stream start
        event = get()
        if type(event) is StreamEndEvent:
            return None
        root: Node | None = None
        try:
            root = self._root(get())
            get()  # document end
            event = get()
            if type(event) is not StreamEndEvent:
                raise _Stop(self._problem(event.start_mark, TWO_DOCUMENTS))
        except _Stop as stop:
            self.stops.append(stop.problem)
            self._scan_rest()
        return root

    def _scan_rest(self) -> None:
        """Record the anchors and aliases in the rest of the stream, up to its end or an error."""
        get = self._get
        try:
            while (event := get()) is not None and type(event) is not StreamEndEvent:
                if type(event) is AliasEvent or getattr(event, "anchor", None) is not None:
                    self.anchors.append(self._problem(event.start_mark, ALIASES_ANCHORS))
        except yaml.YAMLError:
            pass  # what was found already stops the load

    def _root(self, event: Any) -> Node:
        if type(event) is MappingStartEvent and self._tag(event, MAP) == MAP:
            return self._mapping(event, "sections", self._sections)
        return self._node(event)

    # -- the streamed lists --------------------------------------------------

    def _sections(self, start: Any) -> StreamedList:
        return self._list(start, "sections", self._one_section)

    def _one_section(self, event: Any, path: str) -> Node:
        if type(event) is MappingStartEvent and self._tag(event, MAP) == MAP:
            apath = path + ".articles"
            return self._mapping(event, "articles", lambda start: self._articles(start, apath))
        return self._node(event)

    def _articles(self, start: Any, path: str) -> StreamedList:
        return self._list(start, path, lambda event, _: self._node(event))

    def _list(self, start: Any, path: str, compose: Callable[[Any, str], Node]) -> StreamedList:
        """Compose and validate a list's items one by one; only the results are kept."""
        self._enter(start)
        handle = self._section if path == "sections" else self._article
        result = StreamedList(start.start_mark)
        built = result.built
        get = self._get
        index = 0
        while type(event := get()) is not SequenceEndEvent:
            item_path = f"{path}[{index}]"
            value = handle(compose(event, item_path), item_path)
            self._after_item()
            if value is not None:
                built.append(value)
            index += 1
        result.count = index
        self._depth -= 1
        return result

    # -- nodes ---------------------------------------------------------------

    def _enter(self, event: Any) -> None:
        if event.anchor is not None:
            self.anchors.append(self._problem(event.start_mark, ALIASES_ANCHORS))
        self._depth += 1
        if self._depth > self.max_depth:
            raise _Stop(self._problem(event.start_mark, too_deep(self.max_depth)))

    def _tag(self, event: Any, default: str) -> str:
        tag: str | None = event.tag
        return default if tag is None or tag == "!" else tag

    def _mapping(self, start: Any, streamed: str, compose_list: Callable[[Any], Node]) -> Node:
        """A mapping; the first value of the key ``streamed`` that is a list goes to
        ``compose_list``."""
        self._enter(start)
        node = MappingNode(MAP, [], start.start_mark, None)
        pairs = node.value
        get = self._get
        pending = True
        while type(event := get()) is not MappingEndEvent:
            key = self._node(event)
            event = get()
            if (
                pending
                and type(event) is SequenceStartEvent
                and isinstance(key, ScalarNode)
                and key.value == streamed
                and key.tag in SCALAR_TAGS
                and self._tag(event, SEQ) == SEQ
            ):
                pending = False
                pairs.append((key, compose_list(event)))
            else:
                if isinstance(key, ScalarNode) and key.value == streamed:
                    pending = False  # a later one is a duplicate key: composed, never streamed
                pairs.append((key, self._node(event)))
        self._depth -= 1
        return node

    def _node(self, event: Any) -> Node:
        """The node an event starts, with everything in it."""
        kind = type(event)
        if kind is ScalarEvent:
            if event.anchor is not None:
                self.anchors.append(self._problem(event.start_mark, ALIASES_ANCHORS))
            tag = event.tag
            value = event.value
            if tag is None or tag == "!":
                tag = STR
                if event.implicit[0]:
                    for candidate, pattern in self._resolvers.get(value[:1], self._wild):
                        if pattern.match(value):
                            tag = candidate
                            break
            return ScalarNode(tag, value, event.start_mark, None, event.style)
        get = self._get
        if kind is SequenceStartEvent:
            self._enter(event)
            items: list[Node] = []
            node: Node = SequenceNode(self._tag(event, SEQ), items, event.start_mark, None)
            while type(item := get()) is not SequenceEndEvent:
                items.append(self._node(item))
            self._depth -= 1
            return node
        if kind is MappingStartEvent:
            self._enter(event)
            pairs: list[tuple[Node, Node]] = []
            node = MappingNode(self._tag(event, MAP), pairs, event.start_mark, None)
            while type(key := get()) is not MappingEndEvent:
                pairs.append((self._node(key), self._node(get())))
            self._depth -= 1
            return node
        # An alias: recorded, never followed (the load fails on it).
        self.anchors.append(self._problem(event.start_mark, ALIASES_ANCHORS))
        return ScalarNode(NULL, "", event.start_mark, None)
