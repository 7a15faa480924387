"""Series and format labels printed on a headline's line: 【深阅读】……, ……（在现场）."""

from __future__ import annotations

import re

from reader.importer.tokens import is_column_label

__all__ = ["split_headline_label"]


_LABEL_BEFORE = re.compile(r"^[【〔［\[](?P<label>[^】〕］\]]{1,10})[】〕］\]]\s*(?P<rest>\S.*)$")
_LABEL_AFTER = re.compile(
    r"^(?P<rest>.*\S)\s*[（(【〔［\[](?P<label>[^（）()【】]{1,10})[）)】〕］\]]$"
)


def split_headline_label(text: str) -> tuple[str, str | None]:
    """A headline line without the series or format label printed with it, and the label.

    ``【深阅读】一条老街的新生`` and ``夜巡雪场（在现场）`` (a label in parentheses
    after the headline must read as one: 在现场, 记者手记, 人大代表风采 …).
    """
    match = _LABEL_BEFORE.match(text)
    if match is not None and len(match.group("rest")) >= 4:
        return match.group("rest"), match.group("label").strip()
    match = _LABEL_AFTER.match(text)
    if match is not None and len(match.group("rest")) >= 4:
        label = match.group("label").strip()
        if text.endswith(("】", "〕", "］", "]")) or is_column_label(label) is not None:
            return match.group("rest"), label
    return text, None
