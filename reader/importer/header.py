"""The headline group above a story: which short line is the kicker, the headline, the deck
and the column label.

—— opening a line marks a deck, a line holding —— or ending in ： is a kicker, a bracketed
or column-worded line a column label, and for plain lines their order, their length and
what they say decide.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from reader.importer.labels import split_headline_label
from reader.importer.tokens import Tok, is_column_label

__all__ = ["Header", "classify_header"]


@dataclass(slots=True)
class Header:
    """The headline group of one story, and the guesses made reading it."""

    headline: str | None = None
    kicker: str | None = None
    deck: str | None = None
    column: str | None = None
    guesses: list[tuple[int, str]] = field(default_factory=list)
    trace: list[tuple[int, str]] = field(default_factory=list)  # (line, field) for --explain


# -- the headline group ----------------------------------------------------------------

_DECK = re.compile(r"^[—─–－-]{1,3}\s*")
_KICKER_MARK = re.compile(r"(?<=\S)(?:——|──)(?=\S)|(?:——|──|：|:)$")
_SAYS = re.compile(
    r"(?:强调|強調|指出|表示|要求|提出|宣布|发表|發表|讲话|講話|致信|致辞|致辭|寄语|寄語|回信|会见|會見"
    r"|会谈|會談|主持|召开|召開|出席|考察|调研|調研|之际|之際|期间|期間|时|時)$"
)
_BODY_NAME = re.compile(
    r"(?:局|厅|廳|部|委|委员会|委員會|办|辦|办公室|辦公室|院|所|站|中心|公司|集团|集團|银行|銀行|学校|學校"
    r"|大学|大學|学院|學院|医院|醫院|协会|協會|旗|县|縣|市|区|區|镇|鎮|乡|鄉|村|街道|社区|社區|盟|州|省"
    r"|队|隊|处|處|馆|館|厂|廠|党委|黨委|政府|法院|检察院|檢察院|分局|支行|分行|基地|园区|園區|管委会"
    r"|管委會|联合会|聯合會|商会|商會|工会|工會|妇联|婦聯|团委|團委)$"
)
_INNER_PUNCT = re.compile(r"[，,；;、]")


def classify_header(lines: list[Tok]) -> Header:
    """Kicker, headline, deck and column label from the short lines above a story."""
    header = Header()
    roles: list[str | None] = [None] * len(lines)
    texts = [t.text for t in lines]
    labels: list[str] = []
    labelled: set[int] = set()
    for k, text in enumerate(texts):
        bare, label = split_headline_label(text)
        if label is not None:
            texts[k] = bare
            labels.append(label)
            labelled.add(k)
            header.trace.append((lines[k].line, f"label: {label}"))
            lines = [*lines[:k], replace(lines[k], text=bare), *lines[k + 1 :]]
            header.guesses.append(
                (lines[k].line, f"label {label!r} printed with the headline line {text!r}")
            )
    for k, text in enumerate(texts):
        if _DECK.match(text) and len(text) > 3:
            roles[k] = "deck"
        elif is_column_label(text) is not None:
            roles[k] = "column"
        elif _KICKER_MARK.search(text):
            roles[k] = "kicker"
    plain = [k for k, r in enumerate(roles) if r is None]
    if not plain:  # every line is marked: the least marked one is the headline
        for wanted in ("kicker", "column", "deck"):
            found = [k for k, r in enumerate(roles) if r == wanted]
            if found:
                pick = found[-1] if wanted == "kicker" else found[0]
                roles[pick] = None
                plain = [pick]
                break
    if len(plain) == 1:
        roles[plain[0]] = "headline"
    elif len(plain) == 2:
        _pair(lines, plain, roles, header, labelled)
    else:
        _many(lines, plain, roles, header)
    for k, role in enumerate(roles):
        text = texts[k]
        named = "headline" if role == "headline-join" else role
        header.trace.append((lines[k].line, {"deck": "subheadline"}.get(str(named), str(named))))
        if role == "deck":
            header.deck = text if header.deck is None else f"{header.deck} {text}"
        elif role == "column":
            label = is_column_label(text) or text
            if header.column is None:
                header.column = label
            else:
                header.kicker = text if header.kicker is None else f"{header.kicker} {text}"
        elif role == "kicker":
            header.kicker = text if header.kicker is None else f"{header.kicker} {text}"
        elif role == "headline":
            header.headline = text if header.headline is None else f"{header.headline} {text}"
        elif role == "headline-join":
            assert header.headline is not None
            header.headline += text
    for label in labels:
        if header.column is None:
            header.column = label
        elif label != header.column:
            header.kicker = label if header.kicker is None else f"{header.kicker} {label}"
    return header


def _pair(
    lines: list[Tok],
    plain: list[int],
    roles: list[str | None],
    header: Header,
    labelled: set[int],
) -> None:
    """Two plain lines: kicker + headline, headline + deck, or one headline in two lines.

    ``labelled``: the lines a series label was printed with (……【新春走基层】): the label
    goes with the headline, so the plain line above such a line is its kicker.
    """
    a, b = plain
    ta, tb = lines[a].text, lines[b].text
    has_kicker = "kicker" in roles
    has_deck = "deck" in roles
    named = _BODY_NAME.search(ta) or _SAYS.search(ta)
    if not has_kicker and b == a + 1 and named and len(ta) <= 16 and " " not in ta:
        roles[a], roles[b] = "kicker", "headline"
        what = "a name of a body or place" if _BODY_NAME.search(ta) else "a 'said' line"
        header.guesses.append((lines[a].line, f"kicker {ta!r}: {what} above the headline"))
        return
    if not has_kicker and b in labelled and a not in labelled:
        roles[a], roles[b] = "kicker", "headline"
        header.guesses.append(
            (lines[a].line, f"kicker {ta!r}: above the headline printed with a label")
        )
        return
    if not has_deck and _INNER_PUNCT.search(tb) and len(tb) > len(ta) + 2:
        roles[a], roles[b] = "headline", "deck"
        header.guesses.append((lines[b].line, f"deck {tb!r}: a longer line under the headline"))
        return
    if not has_kicker and len(ta) + 3 <= len(tb):
        roles[a], roles[b] = "kicker", "headline"
        header.guesses.append(
            (lines[a].line, f"kicker {ta!r}: a shorter line above the headline {tb!r}")
        )
        return
    if (
        not has_kicker
        and " " in ta
        and (len(ta) > len(tb) + 3 or (" " not in tb and len(ta) >= len(tb)))
    ):
        roles[a], roles[b] = "kicker", "headline"
        header.guesses.append(
            (lines[a].line, f"kicker {ta!r}: a line in two parts above the headline {tb!r}")
        )
        return
    roles[a] = "headline"
    joined = len(ta) > len(tb) + 1 and not ta.isascii()
    roles[b] = "headline-join" if joined else "headline"
    header.guesses.append(
        (
            lines[a].line,
            f"headline printed over two lines (lines {lines[a].line} and {lines[b].line})",
        )
    )


def _many(lines: list[Tok], plain: list[int], roles: list[str | None], header: Header) -> None:
    """Three or more plain lines: kicker, headline, deck (and the rest of the deck)."""
    has_kicker = "kicker" in roles
    rest = list(plain)
    if not has_kicker:
        roles[rest.pop(0)] = "kicker"
    roles[rest.pop(0)] = "headline"
    for k in rest:
        roles[k] = "deck"
    header.guesses.append(
        (
            lines[plain[0]].line,
            f"{len(plain)} short lines above the story read as "
            + ", ".join(str(roles[k]) for k in plain),
        )
    )
