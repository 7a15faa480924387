"""The one rule for remembered choices (issue 12.5): config.yaml sets defaults, the
reader's last choice wins until config.yaml changes, a flag is for one run."""

from __future__ import annotations

from pathlib import Path

from reader.choices import Saved, remember, remembered
from reader.store.state import Store


def test_nothing_remembered_means_the_configured_default(tmp_path: Path) -> None:
    store = Store(tmp_path / "state.db")
    assert remembered(store, "script", "original") is None
    assert remembered(None, "script", "original") is None


def test_a_choice_is_used_while_config_is_unchanged(tmp_path: Path) -> None:
    store = Store(tmp_path / "state.db")
    remember(store, "script", "hk", "original")
    assert remembered(Store(tmp_path / "state.db"), "script", "original") == "hk"


def test_editing_config_after_a_choice_wins(tmp_path: Path) -> None:
    store = Store(tmp_path / "state.db")
    remember(store, "measure", "64", "80")
    assert remembered(store, "measure", "72") is None  # config.yaml now says 72
    remember(store, "measure", "56", "72")  # a new choice over the new default
    assert remembered(store, "measure", "72") == "56"


def test_a_value_remembered_without_its_config_is_not_trusted(tmp_path: Path) -> None:
    """Versions before the rule kept a --script run's mode: such a row no longer decides."""
    store = Store(tmp_path / "state.db")
    store.set_setting("script", "hk")
    assert remembered(store, "script", "original") is None


def test_set_settings_keeps_both_values(tmp_path: Path) -> None:
    store = Store(tmp_path / "state.db")
    store.set_settings({"theme": "nord", "theme.config": ""})
    again = Store(tmp_path / "state.db")
    assert (again.get_setting("theme"), again.get_setting("theme.config")) == ("nord", "")


def test_settings_reads_every_remembered_value_at_once(tmp_path: Path) -> None:
    store = Store(tmp_path / "state.db")
    assert store.settings() == {}  # no file yet: nothing, and no error
    remember(store, "script", "hk", "original")
    remember(store, "tree", "40", "")
    assert Store(tmp_path / "state.db").settings() == {
        "script": "hk",
        "script.config": "original",
        "tree": "40",
        "tree.config": "",
    }


def test_saved_answers_as_the_store_does(tmp_path: Path) -> None:
    store = Store(tmp_path / "state.db")
    remember(store, "measure", "64", "80")
    saved = Saved(store.settings())
    assert remembered(saved, "measure", "80") == "64"
    assert remembered(saved, "measure", "72") is None
    assert remembered(saved, "tree", "") is None
