"""A feed's items for one day become one format-1 issue, checked like every import.

Each item is an article: headline from the title, byline from the authors,
body from ``content:encoded`` / Atom ``content`` or else the summary, photos
for image enclosures and ``media:content`` (or ``media:thumbnail``) with their
``media:description`` and ``media:credit`` (unless the body already has
pictures of its own), and the item's link as the article's ``url``. When an
item carries only a short summary (under :data:`SHORT_SUMMARY` characters of
text) and a link, the story is fetched from the link through the one HTTP
client and extracted (:func:`reader.sources.html_text.page_story`), with the
page's lead picture (:func:`reader.sources.html_text.page_picture`) when the
item has none; at most ``max_pages`` pages a run. Sections follow the items'
first categories where the feed has them, else one section named after the feed.

Building is two steps, so that the pages are fetched once however the issue is
written: :func:`feed_draft` reads the day and fetches the stories;
:meth:`FeedDraft.finish` downloads the pictures into a folder named by the caller
(:mod:`reader.sources.feed_pictures`) and makes the checked file. Without a folder
no picture is downloaded and a photo keeps only its caption and credit.
:func:`feed_issue` does both.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reader.importer.credits import opening_dateline
from reader.importer.emit import dump_issue, unique_ids
from reader.issue.clean import clean_inline
from reader.issue.load import IssueFileError, parse_issue
from reader.issue.model import (
    Article,
    Block,
    Credit,
    Issue,
    Paragraph,
    Photo,
    Section,
    normalise_key,
)
from reader.sources.feed_pictures import Images, PictureFetcher, save_pictures
from reader.sources.feeds import Feed, FeedError, FeedItem
from reader.sources.html_text import PageStory, html_blocks, text_of

if TYPE_CHECKING:
    from reader.sources.http import Client

__all__ = [
    "DEFAULT_MAX_PAGES",
    "MAX_FEED_BYTES",
    "SHORT_SUMMARY",
    "FeedDraft",
    "FeedIssue",
    "PageFetcher",
    "feed_draft",
    "feed_issue",
    "page_fetcher",
]

MAX_FEED_BYTES = 16 * 1024 * 1024  # a feed larger than this is refused
MAX_PAGE_BYTES = 4 * 1024 * 1024  # a story page larger than this is refused
DEFAULT_MAX_PAGES = 30  # story pages fetched in one run at most

SHORT_SUMMARY = 400  # characters of text: a summary shorter than this is not the story
FETCH_THREADS = 4  # the client itself keeps to its per-host limit and delay

# url -> the story read from its page; raises FetchError-like exceptions (a one-line message).
PageFetcher = Callable[[str], PageStory]


@dataclass(frozen=True, slots=True)
class FeedIssue:
    """The issue made from a feed, its YAML text, and what to tell the user."""

    issue: Issue
    yaml_text: str
    notes: tuple[str, ...]
    images: Images = ()  # (file name inside the picture folder, bytes)
    picture_notes: tuple[str, ...] = ()  # the pictures skipped (also in notes)


@dataclass
class _Story:
    item: FeedItem
    blocks: list[Block]
    from_summary: bool
    page: PageStory | None = None  # the story as read from its page, when fetched


def _pick_day(feed: Feed, day: dt.date | None) -> tuple[dt.date | None, list[FeedItem], str]:
    """The day's items (the newest day unless ``day`` is given) and a note on the rest."""
    days = sorted({i.day for i in feed.items if i.day is not None})
    if day is None:
        if not days:
            return None, list(feed.items), ""
        day = days[-1]
    elif day not in days:
        span = f"it has items from {days[0]} to {days[-1]}" if days else "its items have no dates"
        raise FeedError(f"no item of the feed is dated {day.isoformat()} ({span})")
    newest = days[-1] if days else None
    # Undated items go with the newest day: feeds list their latest items.
    chosen = [i for i in feed.items if i.day == day or (i.day is None and day == newest)]
    others = len(feed.items) - len(chosen)
    note = ""
    if others:
        note = (
            f"{others} item(s) from other days left out (this issue is {day.isoformat()}; "
            "choose another day with --date)"
        )
    return day, chosen, note


def _unrepeated(items: list[FeedItem]) -> list[FeedItem]:
    """The items less repeats of one already taken (same id or same link)."""
    seen: set[str] = set()
    kept = []
    for item in items:
        keys = {k for k in (item.guid and "id:" + item.guid, item.link and "url:" + item.link) if k}
        if keys & seen:
            continue
        seen |= keys
        kept.append(item)
    return kept


def _story(item: FeedItem) -> _Story:
    blocks: list[Block] = []
    from_summary = False
    if item.content_html:
        blocks = html_blocks(item.content_html, sources=True, base=item.base)
    if not any(isinstance(b, Paragraph) for b in blocks) and item.summary_html:
        blocks = html_blocks(item.summary_html, sources=True, base=item.base)
        from_summary = True
    return _Story(item, blocks, from_summary)


def _text_length(blocks: Sequence[Block]) -> int:
    return sum(len(b.text) for b in blocks if isinstance(b, Paragraph))


def _fetch_stories(
    stories: list[_Story], fetch: PageFetcher | None, max_pages: int, notes: list[str]
) -> None:
    """Replace short summaries by the stories fetched from their links (at most max_pages)."""
    wanted = [
        s
        for s in stories
        if s.item.link
        and (s.from_summary or not s.blocks)
        and _text_length(s.blocks) < SHORT_SUMMARY
    ]
    if not wanted or fetch is None or max_pages <= 0:
        if wanted and fetch is None:
            notes.append(f"{len(wanted)} item(s) carry only a summary (pages not fetched)")
        return
    skipped = wanted[max_pages:]
    wanted = wanted[:max_pages]

    def one(story: _Story) -> tuple[_Story, PageStory | str]:
        assert story.item.link is not None
        try:
            return story, fetch(story.item.link)
        except Exception as err:  # one page failing keeps its summary, never fails the import
            return story, clean_inline(str(err)) or type(err).__name__

    with ThreadPoolExecutor(max_workers=FETCH_THREADS) as pool:
        results = list(pool.map(one, wanted))
    fetched = 0
    for story, page in results:
        title = story.item.title or story.item.link
        if isinstance(page, str):
            notes.append(f"could not fetch the story of {title!r}: {page}; kept the summary")
            continue
        paragraphs, how, picture = page.paragraphs, page.how, page.picture
        if _text_length(paragraphs) <= _text_length(story.blocks):
            notes.append(f"no longer story found on the page of {title!r}; kept the summary")
        else:
            paragraphs = _without_headline(paragraphs, story.item.title)
            photos: list[Block] = [b for b in story.blocks if isinstance(b, Photo)]
            if not photos and not story.item.pictures and picture is not None:
                photos = [Photo(caption=picture[1], file=picture[0])]
            story.blocks = [*photos, *paragraphs]
            story.from_summary = False
            story.page = page
            fetched += 1
            notes.append(f"fetched the story of {title!r} ({how})")
    if skipped:
        notes.append(
            f"{len(skipped)} more item(s) carry only a summary: not fetched "
            f"(at most {max_pages} pages a run; see --max-pages)"
        )


def _without_headline(paragraphs: list[Paragraph], headline: str) -> list[Paragraph]:
    """The page's paragraphs less a first one that repeats the headline (extractors keep it)."""
    key = normalise_key(headline)
    while paragraphs and key and normalise_key(paragraphs[0].text) == key:
        paragraphs = paragraphs[1:]
    return paragraphs


def _with_item_pictures(story: _Story) -> list[Block]:
    """The story's blocks, the item's own pictures first when the body has none."""
    blocks = list(story.blocks)
    if not any(isinstance(b, Photo) for b in blocks):
        pictures = [
            Photo(caption=p.caption, credit=p.credit, file=p.url) for p in story.item.pictures
        ]
        blocks[:0] = pictures
    return blocks


def _article(story: _Story, blocks: list[Block], article_id: str, untitled: str) -> Article:
    """The article of a feed item; from a page of a known e-paper layout, also the page's
    kicker, deck and byline (the feed's own author, when it names one, wins)."""
    item, page = story.item, story.page
    if not any(isinstance(b, Paragraph) for b in blocks):
        blocks = [*blocks, Paragraph(item.title or untitled)]
    byline = tuple(Credit(names=(name,)) for name in item.authors)
    byline = byline or (page.byline if page else ())
    dateline = None
    for k, block in enumerate(blocks):
        if isinstance(block, Paragraph):  # 本报北京1月2日电（记者 X）… may open the story
            opening = opening_dateline(block.text)
            if opening is not None:
                blocks = [*blocks[:k], Paragraph(opening.rest.strip()), *blocks[k + 1 :]]
                dateline = opening.text
                byline = byline or opening.credits
            break
    return Article(
        id=article_id,
        headline=item.title or (page.headline if page else None) or untitled,
        kicker=page.kicker if page else None,
        subheadline=page.deck if page else None,
        dateline=dateline,
        body=tuple(blocks),
        byline=byline,
        url=item.link,
    )


@dataclass(frozen=True, slots=True)
class FeedDraft:
    """One day of a feed read and its stories fetched; :meth:`finish` makes the issue."""

    feed: Feed
    source: str
    day: dt.date | None
    paper: str
    section: str | None
    stories: tuple[_Story, ...]
    ids: tuple[str, ...]
    untitled: str
    notes: tuple[str, ...]

    def picture_count(self) -> int:
        """How many pictures (distinct addresses) the issue's photos name."""
        return len(
            {
                b.file
                for story in self.stories
                for b in _with_item_pictures(story)
                if isinstance(b, Photo) and b.file
            }
        )

    def finish(
        self, image_folder: str | None = None, fetch_picture: PictureFetcher | None = None
    ) -> FeedIssue:
        """The checked issue; with both ``image_folder`` (the picture folder's name,
        relative to the issue file) and ``fetch_picture``, its pictures downloaded and
        referenced as ``image_folder/NAME`` (their bytes in :attr:`FeedIssue.images`)."""
        drafts = [(i, _with_item_pictures(s)) for s, i in zip(self.stories, self.ids, strict=True)]
        picture_notes: list[str] = []
        bodies, images = save_pictures(drafts, image_folder, fetch_picture, picture_notes)
        grouped: dict[str, list[Article]] = {}
        for story, article_id, body in zip(self.stories, self.ids, bodies, strict=True):
            item = story.item
            title = self.section or (item.categories[0] if item.categories else self.paper)
            grouped.setdefault(title, []).append(_article(story, body, article_id, self.untitled))
        issue = Issue(
            paper=self.paper,
            sections=tuple(Section(title=t, articles=tuple(a)) for t, a in grouped.items()),
            date=self.day,
            language=self.feed.language,
            source=self.feed.link,
        )
        header = [f"paperread issue file (format 1) made by paperread import from {self.source}"]
        text = dump_issue(issue, header=header)
        try:
            checked = parse_issue(text, "feed.yaml")
        except IssueFileError as error:
            first = error.problems[0] if error.problems else "unknown problem"
            raise FeedError(
                f"internal error: the issue file made does not check: {first}"
            ) from None
        notes = (*self.notes, *picture_notes)
        return FeedIssue(checked, text, notes, images, tuple(picture_notes))


def feed_draft(
    feed: Feed,
    *,
    source: str,
    day: dt.date | None = None,
    paper: str | None = None,
    section: str | None = None,
    fetch: PageFetcher | None = None,
    max_pages: int = DEFAULT_MAX_PAGES,
) -> FeedDraft:
    """One day of ``feed`` (the newest by default) with its short stories fetched (at most
    ``max_pages`` pages); raises :class:`FeedError`. ``source`` names the feed (its
    address or file) in the file's header comment."""
    chosen_day, items, day_note = _pick_day(feed, day)
    items = _unrepeated(items)
    notes = [day_note] if day_note else []
    stories = [_story(item) for item in items]
    _fetch_stories(stories, fetch, max_pages, notes)
    chinese = (feed.language or "").lower().startswith("zh")
    untitled = "（无标题）" if chinese else "(untitled)"
    paper_name = paper or feed.title or text_of(source.rsplit("/", 1)[-1]) or "feed"
    ids = unique_ids([s.item.title or untitled for s in stories])
    return FeedDraft(
        feed,
        source,
        chosen_day,
        paper_name,
        section,
        tuple(stories),
        tuple(ids),
        untitled,
        tuple(notes),
    )


def feed_issue(
    feed: Feed,
    *,
    source: str,
    day: dt.date | None = None,
    paper: str | None = None,
    section: str | None = None,
    fetch: PageFetcher | None = None,
    max_pages: int = DEFAULT_MAX_PAGES,
    image_folder: str | None = None,
    fetch_picture: PictureFetcher | None = None,
) -> FeedIssue:
    """The issue for one day of ``feed``: :func:`feed_draft` then :meth:`FeedDraft.finish`."""
    draft = feed_draft(
        feed,
        source=source,
        day=day,
        paper=paper,
        section=section,
        fetch=fetch,
        max_pages=max_pages,
    )
    return draft.finish(image_folder, fetch_picture)


def page_fetcher(client: Client) -> PageFetcher:
    """A :data:`PageFetcher` over ``client``: a page of a known e-paper layout read by its
    exact fields (:func:`reader.sources.html_text.epaper_story`), any other page's story
    extracted, with its lead picture."""
    from reader.sources.html_text import decode_html, epaper_story, page_picture, page_story

    def fetch(url: str) -> PageStory:
        response = client.get(url, max_bytes=MAX_PAGE_BYTES)
        html = decode_html(response.content, response.charset)
        exact = epaper_story(html, response.url)
        if exact is not None:
            return exact
        paragraphs, how = page_story(html, response.url)
        return PageStory(paragraphs, how, page_picture(html, response.url))

    return fetch
