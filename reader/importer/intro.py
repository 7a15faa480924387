"""An editor's introduction before the pieces it introduces (see docs/importing.md).

A page prints an introduction under a column label (代表之声), signed ——编者, then
several signed pieces. They are imported as one article per piece: the introduction
becomes a note at the start of the first piece, its label the column of the pieces.
"""

from __future__ import annotations

from reader.importer.body import Draft
from reader.issue.model import Note, Paragraph

__all__ = ["introductions"]

_SIGNED = ("——编者", "——編者")


def _is_introduction(draft: Draft) -> bool:
    """A story that is only an editor's introduction: notes or paragraphs signed ——编者,
    with no dateline and no credits of its own."""
    if draft.dateline or draft.byline or draft.credits or not draft.blocks:
        return False
    if not all(isinstance(b, (Note, Paragraph)) for b in draft.blocks):
        return False
    last = draft.blocks[-1]
    assert isinstance(last, (Note, Paragraph))
    return last.text.endswith(_SIGNED) or (
        isinstance(last, Note) and (last.label or "") in ("编者按", "編者按")
    )


def introductions(drafts: list[Draft]) -> list[Draft]:
    """An editor's introduction before the pieces it introduces becomes a note on the first.

    Its heading (代表之声) is the column label the pieces share: it becomes the
    ``column`` of every following piece that has neither a column nor a dateline of
    its own. See docs/importing.md ("Introductions").
    """
    result: list[Draft] = []
    k = 0
    while k < len(drafts):
        intro = drafts[k]
        if k + 1 >= len(drafts) or not _is_introduction(intro):
            result.append(intro)
            k += 1
            continue
        first = drafts[k + 1]
        notes = [
            b if isinstance(b, Note) else Note(b.text)
            for b in intro.blocks
            if isinstance(b, (Note, Paragraph))
        ]
        first.blocks[:0] = notes
        first.first_line = intro.first_line
        first.trace[:0] = [
            (a, b, "column of the pieces" if w == "headline" else w) for a, b, w in intro.trace
        ]
        first.guesses.extend(intro.guesses)
        label = intro.headline if intro.headline and len(intro.headline) <= 12 else None
        if intro.headline and label is None:
            first.guesses.append(
                (intro.first_line, f"{intro.headline!r} above an introduction: left out")
            )
        what = "the note opening the next story"
        if label is not None:
            pieces = 0
            for piece in drafts[k + 1 :]:
                if piece.column is not None or piece.dateline is not None:
                    break
                piece.column = label
                pieces += 1
            what += f"; {label!r} is the column of the {pieces} pieces after it"
        first.guesses.append((intro.first_line, f"an editor's introduction: {what}"))
        k += 1
    return result
