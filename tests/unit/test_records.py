"""Issue 16: the model and the start-up records are plain classes, not dataclasses (cheaper to
define at import), and behave as the frozen dataclasses they replace did."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from reader.config import Settings, Source
from reader.issue.model import (
    Article,
    Credit,
    Issue,
    Note,
    Paragraph,
    Photo,
    Section,
    Subhead,
    replace,
)
from reader.library.catalogue_entry import ArticleHead
from reader.library.files import Library
from reader.reading_time import Length
from reader.record import Record
from reader.session import Jump, Marks
from reader.store.state import Bookmark, Place
from reader.typeset.article import Line, Span


def article(**changes: object) -> Article:
    values: dict[str, object] = {
        "id": "a1",
        "headline": "标题",
        "body": (
            Paragraph("正文。"),
            Subhead("小标题"),
            Photo("图说", "摄", "a.jpg"),
            Note("按", "编者按"),
        ),
        "byline": (Credit(("张三",), "记者"),),
    }
    values.update(changes)
    return Article(**values)  # type: ignore[arg-type]


def test_model_classes_are_records_not_dataclasses() -> None:
    for cls in (Article, Credit, Issue, Note, Paragraph, Photo, Section, Subhead):
        assert issubclass(cls, Record) and not dataclasses.is_dataclass(cls)
        assert not hasattr(cls, "__dict__") or "__slots__" in cls.__dict__
    assert not hasattr(Paragraph("x"), "__dict__")  # slots: no per-object dict


def test_fields_cannot_be_assigned_or_deleted() -> None:
    paragraph = Paragraph("x")
    with pytest.raises(dataclasses.FrozenInstanceError):
        paragraph.text = "y"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del paragraph.text
    with pytest.raises(AttributeError):
        paragraph.other = 1  # type: ignore[attr-defined]


def test_equality_and_hashing_compare_fields_of_the_same_class() -> None:
    assert Paragraph("x") == Paragraph("x") and hash(Paragraph("x")) == hash(Paragraph("x"))
    assert Paragraph("x") != Subhead("x")  # same fields, another class
    assert Paragraph("x") != "x"
    assert article() == article() and hash(article()) == hash(article())
    assert article() != article(kicker="引题")
    # extensions and path take no part, as with compare=False
    assert article(extensions=(("x-a", 1),)) == article()
    one = Issue("晨报", (Section("要闻", (article(),)),), path="a.yaml", extensions=(("x", 1),))
    two = Issue("晨报", (Section("要闻", (article(),)),), path="b.yaml")
    assert one == two and hash(one) == hash(two)
    assert one != Issue("晨报", (Section("要闻", (article(),)),), date=dt.date(2024, 5, 1))


def test_repr_lists_every_field_in_order() -> None:
    assert repr(Credit(("张三",), "记者")) == "Credit(names=('张三',), role='记者')"
    assert repr(Photo("c")) == "Photo(caption='c', credit=None, file=None)"
    text = repr(Issue("晨报", (), path="a.yaml"))
    assert text == (
        "Issue(paper='晨报', sections=(), format=1, date=None, edition=None, language=None, "
        "source=None, path='a.yaml', extensions=())"
    )


def test_defaults_and_keywords_as_before() -> None:
    plain = Article("a1", "标题", ())
    assert (plain.kicker, plain.byline, plain.credits, plain.url, plain.extensions) == (
        None,
        (),
        (),
        None,
        (),
    )
    issue = Issue(paper="晨报", sections=())
    assert (issue.format, issue.date, issue.path) == (1, None, None)
    assert Section("要闻", ()).page is None and Note("n").label is None


def test_replace_copies_with_changes_and_refuses_unknown_fields() -> None:
    original = article()
    changed = replace(original, id="a2")
    assert changed.id == "a2" and changed.body == original.body and original.id == "a1"
    with pytest.raises(TypeError, match="no field 'nope'"):
        replace(original, nope=1)


def test_map_text_still_converts_every_text() -> None:
    issue = Issue("晨报", (Section("要闻", (article(),), page="A1"),), edition="二版")
    upper = issue.map_text(lambda text: f"<{text}>")
    first = upper.sections[0].articles[0]
    assert upper.paper == "<晨报>" and upper.edition == "<二版>" and first.headline == "<标题>"
    assert first.body[2] == Photo("<图说>", "<摄>", "a.jpg") and first.id == "a1"


def test_map_text_keeps_every_field_it_does_not_convert() -> None:
    """map_text builds each article field by field: a field it does not list would be
    lost, so every field it leaves alone holds an object of its own here and must come
    through as that very object."""
    converted = {"headline", "body", "kicker", "subheadline", "column", "dateline"}
    converted |= {"byline", "credits"}
    kept = {name: object() for name in Article._fields if name not in converted}
    original = replace(article(kicker="肩题"), **kept)
    issue = Issue("晨报", (Section("要闻", (original,)),))
    copy = issue.map_text(lambda text: f"<{text}>").sections[0].articles[0]
    for name, value in kept.items():
        assert getattr(copy, name) is value, name
    assert (copy.headline, copy.kicker, copy.column) == ("<标题>", "<肩题>", None)
    assert copy.byline == (Credit(("<张三>",), "<记者>"),)


def test_start_up_records_behave_as_their_dataclasses_did() -> None:
    assert Settings() == Settings(warnings=("ignored in equality",))
    assert Settings().script == "original" and Settings().sources == ()
    assert Source("a", "feed", "https://x").section is None
    assert Length(1, 2, 3) == Length(1, 2, 3) and Length(4, 0, 0).minutes >= 1
    assert Place(1, 2) == Place(1, 2) and Place(1, 2) != Place(2, 1)
    assert Jump() == Jump(None, None, False)
    assert ArticleHead("s", "a", "h") == ArticleHead("s", "a", "h")
    assert Span("x", "body") == Span("x", "body")
    assert Line((Span("x", "body"),), 0, 0).plain == "x"
    assert Library((), catalogue=None) == Library(())
    assert "catalogue" not in repr(Library(()))
    mark = Bookmark("k", "i", "a", "p", None, "s", "h", "b", "", 1.0, None)
    assert replace(mark, note="n").note == "n"
    with pytest.raises(dataclasses.FrozenInstanceError):
        Settings().script = "hant"  # type: ignore[misc]
    marks = Marks()
    marks.read.add("a1")  # Marks stays mutable, each with its own sets
    assert Marks().read == set() and marks == Marks(read={"a1"})
    with pytest.raises(TypeError):
        hash(marks)


def test_records_copy_and_pickle_through_their_fields() -> None:
    import copy
    import pickle

    from reader.issue.problems import IssueFileError, Problem

    issue = Issue("晨报", (Section("要闻", (article(),)),), path="a.yaml", extensions=(("x", [1]),))
    again = pickle.loads(pickle.dumps(issue))
    assert again == issue and again.path == "a.yaml" and again.extensions == (("x", [1]),)
    assert copy.copy(issue) == issue and copy.deepcopy(issue) == issue
    problem = Problem("a.yaml", 1, 2, "paper", "missing")
    assert pickle.loads(pickle.dumps(problem)) == problem
    error = pickle.loads(pickle.dumps(IssueFileError([problem])))
    assert list(error.problems) == [problem]
    assert not dataclasses.is_dataclass(Problem)
