"""Hostile EPUBs (issue 14.6): each ends in one clear line, expands nothing, writes nothing
outside its own folder. A zip bomb, a header that lies about a member's size, too many
members, a truncated file, a billion-laughs page, an external entity, ``../`` paths, a zip
that is not an EPUB, XML that is not XML."""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

import pytest

from reader.cli.import_page import build_parser, run
from reader.sources import container
from reader.sources.epub import EpubError, import_epub
from tests.unit.epub_fixtures import CONTAINER, PNG, ZH_WORLD, Story, news_epub, write_zip

BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE html [\n <!ENTITY lol "lol">\n'
    + "".join(
        f' <!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">\n'
        for n in range(1, 10)
    )
    + ']>\n<html xmlns="http://www.w3.org/1999/xhtml"><body><h1>笑</h1><p>&lol9;</p></body></html>'
)


def call(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run(build_parser().parse_args(list(args)))
    out, err = capsys.readouterr()
    return code, out, err


def one_line_failure(capsys: pytest.CaptureFixture[str], path: Path, out: Path) -> str:
    """Import through the command line: exit 1, one line on stderr, nothing written."""
    before = sorted(p.name for p in out.parent.iterdir())
    code, stdout, err = call(capsys, str(path), "-o", str(out))
    assert code == 1
    assert stdout == ""
    assert len(err.splitlines()) == 1, err
    assert err.startswith("paperread import: ")
    assert sorted(p.name for p in out.parent.iterdir()) == before
    return err


def bomb(path: Path, size: int) -> Path:
    """An EPUB-looking zip with a member of ``size`` zero bytes, deflated (about 1000:1)."""
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        zf.writestr("META-INF/container.xml", CONTAINER)
        info = zipfile.ZipInfo("content.opf")
        info.compress_type = zipfile.ZIP_DEFLATED
        with zf.open(info, "w", force_zip64=True) as member:
            chunk = bytes(1024 * 1024)
            for _ in range(size // len(chunk)):
                member.write(chunk)
    return path


def test_zip_bomb(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = bomb(tmp_path / "bomb.epub", container.MAX_TOTAL_BYTES + 1024 * 1024)
    assert path.stat().st_size < container.MAX_TOTAL_BYTES // 200
    err = one_line_failure(capsys, path, tmp_path / "out.yaml")
    assert "zip bomb" in err and "bomb.epub" in err


def test_member_larger_than_its_cap(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(container, "MAX_MEMBER_BYTES", 512 * 1024)
    path = bomb(tmp_path / "big.epub", 1024 * 1024)
    with pytest.raises(EpubError, match=r"content\.opf would unpack to .*zip bomb"):
        import_epub(str(path))


def test_header_that_lies_about_the_size(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A member whose headers claim 100 bytes but which inflates to 8 MiB is refused."""
    path = write_zip(
        tmp_path / "liar.epub",
        {"META-INF/container.xml": CONTAINER, "content.opf": bytes(8 * 1024 * 1024)},
    )
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("content.opf")
    struct.pack_into("<I", data, info.header_offset + 22, 100)  # the local header's size
    central = data.rfind(b"PK\x01\x02")  # content.opf is the last member
    assert data[central + 46 : central + 46 + 11] == b"content.opf"
    struct.pack_into("<I", data, central + 24, 100)  # the central directory's size
    path.write_bytes(bytes(data))
    err = one_line_failure(capsys, path, tmp_path / "out.yaml")
    assert "content.opf is truncated or damaged" in err


def test_too_many_members(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(container, "MAX_MEMBERS", 10)
    path = write_zip(tmp_path / "many.epub", {f"f{n}.txt": "x" for n in range(20)})
    with pytest.raises(EpubError, match=r"holds 21 files \(at most 10\)"):
        import_epub(str(path))


@pytest.mark.parametrize("keep", [0.5, 0.9, 0.999])
def test_truncated_epub(capsys: pytest.CaptureFixture[str], tmp_path: Path, keep: float) -> None:
    whole = news_epub(tmp_path / "whole.epub", [("要闻", [ZH_WORLD])]).read_bytes()
    folder = tmp_path / "cut"
    folder.mkdir()
    path = folder / "cut.epub"
    path.write_bytes(whole[: int(len(whole) * keep)])
    err = one_line_failure(capsys, path, folder / "out.yaml")
    assert "truncated or damaged" in err


def test_damaged_member(tmp_path: Path) -> None:
    """A member whose compressed bytes are garbage (its CRC fails) is one line too."""
    path = news_epub(tmp_path / "p.epub", [("要闻", [ZH_WORLD])])
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("feed_0/article_0/index.html")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start : start + info.compress_size] = bytes(info.compress_size)
    path.write_bytes(bytes(data))
    with pytest.raises(EpubError, match="truncated or damaged"):
        import_epub(str(path))


def test_billion_laughs_is_refused_without_expanding(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    story = Story(title="笑", html="")
    path = news_epub(tmp_path / "lol.epub", [("要闻", [story])])
    members = _members(path)
    members["feed_0/article_0/index.html"] = BILLION_LAUGHS.encode()
    write_zip(path, members, mimetype=False)
    err = one_line_failure(capsys, path, tmp_path / "out.yaml")
    assert "feed_0/article_0/index.html" in err and "entit" in err
    assert "lollol" not in err


def test_external_entity_is_not_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-MARKER", encoding="utf-8")
    page = (
        f'<?xml version="1.0"?>\n<!DOCTYPE html [ <!ENTITY xxe SYSTEM "{secret.as_uri()}">'
        ' <!ENTITY web SYSTEM "http://127.0.0.1:9/x"> <!ENTITY inner "INNER-MARKER"> ]>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml"><body><h1>标题</h1>'
        "<p>前&xxe;中&web;后&inner;。</p></body></html>"
    )
    path = news_epub(tmp_path / "entities.epub", [("要闻", [Story(title="标题", html="")])])
    members = _members(path)
    members["feed_0/article_0/index.html"] = page.encode()
    write_zip(path, members, mimetype=False)
    result = import_epub(str(path))
    (article,) = result.issue.sections[0].articles
    assert [b.text for b in article.body] == ["前中后。"]  # type: ignore[union-attr]
    assert "MARKER" not in result.yaml_text and "&xxe;" not in result.yaml_text


def test_paths_never_leave_the_zip_or_the_image_folder(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    story = Story(
        title="路径",
        html=(
            '<h1>路径</h1><p>正文。</p><img src="../../../../evil.png" alt="上面"/>'
            '<img src="/etc/passwd" alt="绝对"/><img src="file:///etc/passwd" alt="网址"/>'
            '<img src="images/ok.png" alt="好的"/>'
        ),
        images={"images/ok.png": PNG},
    )
    path = news_epub(tmp_path / "paths.epub", [("要闻", [story])])
    members = _members(path)
    members["../evil.png"] = PNG
    members["../../outside.yaml"] = "paperread: 1"
    opf = members["content.opf"]
    assert isinstance(opf, bytes)
    members["content.opf"] = opf.replace(
        b"</manifest>",
        b'<item id="up" href="../../outside.html" media-type="text/html"/></manifest>',
    ).replace(b"</spine>", b'<itemref idref="up"/></spine>')
    write_zip(path, members, mimetype=False)
    work = tmp_path / "work"
    out = work / "deep" / "issue.yaml"
    out.parent.mkdir(parents=True)
    code, _, err = call(capsys, str(path), "-o", str(out))
    assert code == 0, err
    written = sorted(str(p.relative_to(work)) for p in work.rglob("*"))
    aid = [line.split(": ")[1] for line in out.read_text("utf-8").splitlines() if "- id:" in line]
    assert written == [
        "deep",
        "deep/issue-images",
        f"deep/issue-images/{aid[0]}-1.png",
        "deep/issue.yaml",
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["paths.epub", "work"]


def test_a_zip_that_is_not_an_epub(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write_zip(tmp_path / "notes.zip", {"a.txt": "hello"}, mimetype=False)
    err = one_line_failure(capsys, path, tmp_path / "out.yaml")
    assert "not an EPUB: the zip has no META-INF/container.xml" in err


def test_an_epub_name_on_a_text_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "fake.epub"
    path.write_text("这不是电子书", encoding="utf-8")
    err = one_line_failure(capsys, path, tmp_path / "out.yaml")
    assert "not a readable EPUB" in err


def test_package_that_is_not_xml(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write_zip(
        tmp_path / "bad.epub",
        {"META-INF/container.xml": CONTAINER, "content.opf": "<package><unclosed></package>"},
    )
    err = one_line_failure(capsys, path, tmp_path / "out.yaml")
    assert "content.opf: not well-formed XML" in err


def test_epub_without_articles(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    opf = (
        '<package xmlns="http://www.idpf.org/2007/opf" version="2.0"><metadata/>'
        "<manifest/><spine/></package>"
    )
    path = write_zip(
        tmp_path / "empty.epub", {"META-INF/container.xml": CONTAINER, "content.opf": opf}
    )
    err = one_line_failure(capsys, path, tmp_path / "out.yaml")
    assert "no article found" in err


def _members(path: Path) -> dict[str, bytes | str]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist()}
