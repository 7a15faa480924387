"""Small EPUBs for the tests, built in the structure calibre's news recipes write.

Everything here is made up. :func:`news_epub` writes a calibre news EPUB: ``index.html``
(the main menu), ``feed_N/index.html`` (a section: ``h2.calibre_feed_title`` and its
``li#article_M`` > ``a.article``, ``span.article_date``, ``div.article_description``),
``feed_N/article_M/index.html`` (an article between two ``div.calibre_navbar``), the OPF
with the title ``PAPER [Sat, 05 Dec 2026]``, and an EPUB 2 ``toc.ncx`` or an EPUB 3
``nav.xhtml`` nesting articles under sections. :func:`book_epub` writes a plain book.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

# A 1x1 PNG.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)

CONTAINER = (
    '<?xml version="1.0"?>\n'
    '<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">'
    '<rootfiles><rootfile full-path="content.opf" '
    'media-type="application/oebps-package+xml"/></rootfiles></container>'
)
XHTML = (
    "<?xml version='1.0' encoding='utf-8'?>\n"
    '<html xmlns="http://www.w3.org/1999/xhtml" lang="{lang}" xml:lang="{lang}">'
    '<head><title>{title}</title></head><body class="calibre">{body}</body></html>'
)
NAVBAR_TOP = (
    '<div class="calibre_navbar">| <a href="../../feed_1/index.html">Next</a> | '
    '<a href="../index.html#article_0">Section menu</a> | '
    '<a href="../../index.html#feed_0">Main menu</a> | <hr class="calibre6"/></div>'
)
NAVBAR_BOTTOM = (
    '<div class="calibre_navbar"><hr class="calibre8"/><p class="calibre12">This article was '
    'downloaded by <strong class="calibre13">calibre</strong> from <a '
    'href="http://127.0.0.1:8765/a1.html">http://127.0.0.1:8765/a1.html</a></p>'
    ' | <a href="../index.html#article_0">Section menu</a> | '
    '<a href="../../index.html#feed_0">Main menu</a> | </div>'
)


@dataclass
class Story:
    """One article: its listing title and the HTML inside the article page's body."""

    title: str
    html: str
    description: str = ""
    date: str = ""
    images: dict[str, bytes] = field(default_factory=dict)  # names under the article folder
    more_pages: list[str] = field(default_factory=list)  # HTML of further pages


def page(title: str, body: str, lang: str = "zh") -> str:
    """A whole XHTML page."""
    return XHTML.format(lang=lang, title=escape(title), body=body)


def write_zip(path: Path, members: dict[str, bytes | str], *, mimetype: bool = True) -> Path:
    """A zip with ``mimetype`` first and stored, then ``members`` deflated, in order."""
    with zipfile.ZipFile(path, "w") as zf:
        if mimetype:
            zf.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        for name, data in members.items():
            zf.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)
    return path


def _opf(
    title: str,
    version: int,
    items: list[tuple[str, str, str]],
    spine: list[str],
    extra: str,
    lang: str,
) -> str:
    manifest = "".join(
        f'<item id="{i}" href="{escape(h)}" media-type="{t}"'
        + (' properties="nav"' if h == "nav.xhtml" else "")
        + "/>"
        for i, h, t in items
    )
    toc = ' toc="ncx"' if version == 2 else ""
    refs = "".join(f'<itemref idref="{i}"/>' for i in spine)
    return (
        "<?xml version='1.0' encoding='utf-8'?>\n"
        f'<package xmlns="http://www.idpf.org/2007/opf" version="{version}.0" '
        'unique-identifier="uid"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<dc:title>{escape(title)}</dc:title><dc:language>{lang}</dc:language>"
        '<dc:identifier id="uid">test</dc:identifier>'
        f"{extra}</metadata><manifest>{manifest}</manifest><spine{toc}>{refs}</spine></package>"
    )


def _ncx(title: str, tree: list[tuple[str, str, list[tuple[str, str]]]]) -> str:
    points = []
    n = 0
    for label, href, children in tree:
        n += 1
        inner = ""
        for child_label, child_href in children:
            n += 1
            inner += (
                f'<navPoint id="num_{n}" playOrder="{n}"><navLabel><text>{escape(child_label)}'
                f'</text></navLabel><content src="{escape(child_href)}"/></navPoint>'
            )
        points.append(
            f'<navPoint id="num_{n}" playOrder="{n}"><navLabel><text>{escape(label)}</text>'
            f'</navLabel><content src="{escape(href)}"/>{inner}</navPoint>'
        )
    return (
        "<?xml version='1.0' encoding='utf-8'?>\n"
        '<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1">'
        f"<docTitle><text>{escape(title)}</text></docTitle><navMap>{''.join(points)}</navMap></ncx>"
    )


def _nav(tree: list[tuple[str, str, list[tuple[str, str]]]]) -> str:
    items = ""
    for label, href, children in tree:
        inner = "".join(f'<li><a href="{escape(h)}">{escape(lab)}</a></li>' for lab, h in children)
        items += f'<li><a href="{escape(href)}">{escape(label)}</a>'
        items += f"<ol>{inner}</ol></li>" if inner else "</li>"
    return (
        "<?xml version='1.0' encoding='utf-8'?>\n"
        '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">'
        '<head><title>Navigation</title></head><body><nav epub:type="toc">'
        f"<ol>{items}</ol></nav></body></html>"
    )


def news_epub(
    path: Path,
    sections: list[tuple[str, list[Story]]],
    *,
    title: str = "示例日报 [Sat, 05 Dec 2026]",
    version: int = 2,
    lang: str = "zh",
    feed_pages: bool = True,
    dc_date: str = "2026-12-04T10:13:50+00:00",
) -> Path:
    """A calibre news EPUB at ``path`` (EPUB 2 with ``toc.ncx`` or EPUB 3 with ``nav.xhtml``)."""
    paper, _, _ = title.partition(" [")
    members: dict[str, bytes | str] = {"META-INF/container.xml": CONTAINER}
    items: list[tuple[str, str, str]] = []
    spine: list[str] = []
    tree: list[tuple[str, str, list[tuple[str, str]]]] = []
    menu = "".join(
        f'<li id="feed_{n}"><a href="feed_{n}/index.html" class="feed">{escape(t)}</a></li>'
        for n, (t, _) in enumerate(sections)
    )
    members["index.html"] = page(
        paper,
        f'<div class="calibre1"><p class="calibre2"><img src="mastheadImage.png" alt="masthead"/>'
        f'</p><p class="calibre4"> [Sat, 05 Dec 2026]</p><ul class="calibre_feed_list">{menu}'
        "</ul></div>",
        lang,
    )
    members["mastheadImage.png"] = PNG
    items += [("index", "index.html", "application/xhtml+xml")]
    items += [("masthead", "mastheadImage.png", "image/png")]
    spine.append("index")
    for n, (section_title, stories) in enumerate(sections):
        feed = f"feed_{n}/index.html"
        listing = "".join(
            f'<li id="article_{m}" class="calibre7"><a href="article_{m}/index.html" '
            f'class="article">{escape(s.title)}</a><span class="article_date">{escape(s.date)}'
            f'</span><div class="article_description">{escape(s.description)}</div></li>'
            for m, s in enumerate(stories)
        )
        members[feed] = page(
            section_title,
            '<div class="calibre_navbar">| <a href="../index.html">Main menu</a> |</div>'
            f'<div class="calibre1"><h2 class="calibre_feed_title">{escape(section_title)}</h2>'
            f'<ul class="calibre_feed_list">{listing}</ul>'
            '<div class="calibre_navbar">| <a href="../index.html">Main menu</a> |</div></div>',
            lang,
        )
        if feed_pages:
            items.append((f"f{n}", feed, "application/xhtml+xml"))
            spine.append(f"f{n}")
        children = []
        for m, story in enumerate(stories):
            folder = f"feed_{n}/article_{m}"
            pages = [story.html, *story.more_pages]
            for p, html in enumerate(pages):
                name = f"{folder}/index.html" if p == 0 else f"{folder}/index_{p + 1}.html"
                members[name] = page(story.title, NAVBAR_TOP + html + NAVBAR_BOTTOM, lang)
                items.append((f"a{n}_{m}_{p}", name, "application/xhtml+xml"))
                spine.append(f"a{n}_{m}_{p}")
            for image, data in story.images.items():
                members[f"{folder}/{image}"] = data
                items.append((f"i{n}_{m}_{image}", f"{folder}/{image}", "image/png"))
            children.append((story.title, f"{folder}/index.html"))
        tree.append((section_title, feed, children))
    if version == 2:
        members["toc.ncx"] = _ncx(title, tree)
        items.append(("ncx", "toc.ncx", "application/x-dtbncx+xml"))
    else:
        members["nav.xhtml"] = _nav(tree)
        items.append(("nav", "nav.xhtml", "application/xhtml+xml"))
    extra = (
        f"<dc:date>{dc_date}</dc:date>"
        f'<meta name="calibre:publication_type" content="periodical:unknown:{escape(paper)}"/>'
    )
    members["content.opf"] = _opf(title, version, items, spine, extra, lang)
    return write_zip(path, members)


def book_epub(
    path: Path,
    chapters: list[tuple[str, str]],
    *,
    title: str = "A Made-up Book",
    lang: str = "en",
    dc_date: str = "1999-03-04",
) -> Path:
    """A plain EPUB 3 book: a cover page, then one page per chapter (label, body HTML)."""
    members: dict[str, bytes | str] = {"META-INF/container.xml": CONTAINER}
    members["cover.png"] = PNG
    members["cover.xhtml"] = page("Cover", '<div><img src="cover.png" alt="cover"/></div>', lang)
    items = [
        ("coverimg", "cover.png", "image/png"),
        ("cover", "cover.xhtml", "application/xhtml+xml"),
    ]
    spine = ["cover"]
    tree: list[tuple[str, str, list[tuple[str, str]]]] = []
    for n, (label, html) in enumerate(chapters, 1):
        name = f"text/ch{n}.xhtml"
        members[name] = page(label, html, lang)
        items.append((f"c{n}", name, "application/xhtml+xml"))
        spine.append(f"c{n}")
        tree.append((label, name, []))
    members["nav.xhtml"] = _nav(tree)
    items.append(("nav", "nav.xhtml", "application/xhtml+xml"))
    spine.append("nav")
    members["content.opf"] = _opf(title, 3, items, spine, f"<dc:date>{dc_date}</dc:date>", lang)
    return write_zip(path, members)


# Made-up stories used across the tests.
ZH_LEAD = Story(
    title="城区治理开新局",
    description="这是摘要一。",
    date="2026-12-05",
    html=(
        '<div class="article"><h3>引题：老街坊的新日子</h3><h1>城区治理开新局</h1>'
        "<h2>副题：三个社区试点议事会</h2>"
        '<p class="byline">本报记者 王小明</p><p class="date">2026年12月05日</p>'
        "<p>　　东城区三个社区本月起试点居民议事会。</p><p>议事会每月开一次。</p>"
        "<h4>下一步怎么走</h4><p>试点结束后将总结经验。</p>"
        '<img src="images/img1.png" alt="议事会现场"/></div>'
    ),
    images={"images/img1.png": PNG},
)
ZH_WORLD = Story(
    title="港口貨運量回升",
    description="這是摘要二。",
    html="<h1>港口貨運量回升</h1><p>記者 陳大文／台北報導</p><p>本月港口貨運量較上月回升。</p>",
)
EN_STORY = Story(
    title="Harbour ferries return",
    description="Ferries are back.",
    html=(
        "<h1>Harbour ferries return</h1><p>By Jane Roe</p>"
        "<p>The ferries came back on Monday.</p><h3>Timetable</h3><p>Every twenty minutes.</p>"
        '<figure><img src="images/f.png" alt="ferry"/><figcaption>A ferry at the pier.'
        "</figcaption></figure>"
    ),
    images={"images/f.png": PNG},
)
