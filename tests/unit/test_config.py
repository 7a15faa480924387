"""Settings from config.yaml: each key read, or the default kept with a one-line warning."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.config import Settings, load_settings


def settings(tmp_path: Path, text: str) -> Settings:
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    return load_settings(path)


def test_every_key_read(tmp_path: Path) -> None:
    text = (
        "library: [a, b]\nscript: hk\nmeasure: 70\ntheme: dark\n"
        "regional-phrases: true\ntraditional: tw\n"
    )
    got = settings(tmp_path, text)
    assert got == Settings(
        library=(tmp_path / "a", tmp_path / "b"),
        script="hk",
        measure=70,
        theme="dark",
        regional_phrases=True,
        traditional="tw",
    )
    assert got.warnings == ()


def test_one_folder_and_the_measure_clamped(tmp_path: Path) -> None:
    assert settings(tmp_path, "library: a").library == (tmp_path / "a",)
    assert settings(tmp_path, "measure: 5").measure == 20
    assert settings(tmp_path, "measure: 500").measure == 200
    assert settings(tmp_path, "regional-phrases: false\nscript: null") == Settings()


@pytest.mark.parametrize(
    ("text", "warning"),
    [
        ("library: [1]", "library: expected a list of folders"),
        ("library: 3", "library: expected a list of folders"),
        ("script: xx", "script: unknown mode 'xx'; valid modes: original, hans, hant, tw, hk"),
        ("script: '{0}'", "script: unknown mode '{0}'; valid modes: original, hans, hant, tw, hk"),
        ("measure: true", "measure: expected a number of columns"),
        ("theme: 3", "theme: expected a theme name"),
        ("regional-phrases: 1", "regional-phrases: expected true or false"),
        ("traditional: zz", "traditional: unknown variant 'zz'; valid variants: hant, tw, hk"),
        ("foo: 1", "unknown setting 'foo' ignored"),
        ("[1, 2]", "settings ignored, expected a mapping of keys"),
    ],
)
def test_a_bad_value_keeps_the_default_and_warns(tmp_path: Path, text: str, warning: str) -> None:
    got = settings(tmp_path, text)
    assert got == Settings()
    assert got.warnings == (f"{tmp_path / 'config.yaml'}: {warning}",)
