"""XML and XHTML from an EPUB, parsed with entity expansion and network access off.

lxml's parser is set up so that an entity declared in the document is never
expanded (``resolve_entities=False``: a billion-laughs document is refused by
libxml2's amplification limit, an external entity stays an unexpanded reference
that :func:`text_of` drops), no DTD is loaded and nothing is fetched
(``no_network=True``), and no huge-tree limits are lifted. A page that is not
well-formed XML is read with lxml's HTML parser (which knows no entity
declarations), unless it declares entities.
"""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

from reader.issue.clean import clean_inline
from reader.sources.container import EpubError

__all__ = [
    "UnreadablePage",
    "classes",
    "lines_of",
    "local",
    "parse_html",
    "parse_xml",
    "squeeze",
    "text_of",
]

_XML_PARSER = etree.XMLParser(
    resolve_entities=False,
    no_network=True,
    huge_tree=False,
    load_dtd=False,
    dtd_validation=False,
    remove_comments=True,
    remove_pis=True,
)
_DECLARES_ENTITIES = re.compile(rb"<!ENTITY", re.IGNORECASE)
_CJK = "\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef"
_BREAK_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK}])\s*\n\s*(?=[{_CJK}])")
_BLANKS = re.compile(r"\s+")
_BR = "\x00"  # a line break (<br>) while texts are gathered; never left in a result


class UnreadablePage(EpubError):
    """A page that is neither XML nor HTML (empty, say): left out, not fatal."""


def parse_xml(data: bytes, name: str) -> Any:
    """The root element of an XML member (OPF, NCX, container.xml); EpubError if it is not XML."""
    try:
        return etree.fromstring(data, _XML_PARSER)
    except etree.XMLSyntaxError as err:
        raise EpubError(f"{name}: not well-formed XML ({_first_line(err)})") from None


def parse_html(data: bytes, name: str) -> Any:
    """The root element of an (X)HTML page: as XML, else (no entity declarations) as HTML."""
    try:
        return etree.fromstring(data, _XML_PARSER)
    except etree.XMLSyntaxError as err:
        if _DECLARES_ENTITIES.search(data[:65536]):
            raise EpubError(
                f"refused: {name} declares XML entities that cannot be read safely "
                f"({_first_line(err)})"
            ) from None
    import lxml.html  # lazy: only sloppy pages need the HTML parser

    parser = lxml.html.HTMLParser(no_network=True, huge_tree=False, remove_comments=True)
    try:
        return lxml.html.document_fromstring(data, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as err:
        raise UnreadablePage(f"{name}: not a readable page ({_first_line(err)})") from None


def _first_line(err: Exception) -> str:
    text = str(err).strip().splitlines()
    return text[0] if text else type(err).__name__


def local(element: Any) -> str:
    """An element's tag without its namespace, lower-cased ('' for comments and entities)."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].lower()


def _texts(element: Any, out: list[str]) -> None:
    if element.text and isinstance(element.tag, str):
        out.append(element.text)
    for child in element:
        name = local(child)
        if name in ("script", "style") or not isinstance(child.tag, str):
            pass  # an entity reference (never expanded), a comment: no text of its own
        elif name == "br":
            out.append(_BR)
        else:
            _texts(child, out)
        if child.tail:
            out.append(child.tail)


def text_of(element: Any) -> str:
    """The element's text, cleaned: blanks collapsed, line breaks between CJK characters
    closed up, entity references dropped, controls and escape sequences removed."""
    out: list[str] = []
    _texts(element, out)
    return squeeze("".join(out).replace(_BR, "\n"))


def lines_of(element: Any) -> list[str]:
    """The element's text split at its ``<br>`` line breaks, each cleaned as by
    :func:`text_of`; empty lines are left out."""
    out: list[str] = []
    _texts(element, out)
    return [line for line in (squeeze(part) for part in "".join(out).split(_BR)) if line]


def squeeze(text: str) -> str:
    """Collapse blanks (a line break between two CJK characters disappears) and clean."""
    text = _BREAK_BETWEEN_CJK.sub("", text)
    return clean_inline(_BLANKS.sub(" ", text).strip())


def classes(element: Any) -> set[str]:
    """The element's class names."""
    return set((element.get("class") or "").split())
