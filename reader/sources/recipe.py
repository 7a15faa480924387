"""calibre's news recipes: ``ebook-convert NAME.recipe OUT.epub`` run as a program.

calibre is GPL: paperread never imports it, it only runs its ``ebook-convert``
command when it is installed, and says how to install it when it is not.
"""

from __future__ import annotations

import os

__all__ = ["CALIBRE_HINT", "RECIPE_TIMEOUT", "RecipeError", "convert_recipe", "recipe_file"]

RECIPE_TIMEOUT = 30 * 60  # seconds: a big paper's recipe downloads hundreds of pages
CALIBRE_HINT = (
    "--recipe needs calibre's ebook-convert, which is not on PATH: install calibre "
    "(https://calibre-ebook.com/download, or your system's package, e.g. apt install calibre)"
)


class RecipeError(Exception):
    """calibre's ``ebook-convert`` is missing or gave no EPUB; the message is one line."""


def recipe_file(name: str) -> str:
    """The recipe ``name`` as ebook-convert wants it: ``NAME.recipe``."""
    recipe = name.strip()
    return recipe if recipe.endswith(".recipe") else recipe + ".recipe"


def convert_recipe(recipe: str, epub: str) -> None:
    """Run ``ebook-convert RECIPE EPUB`` (calibre, as a program); raises :class:`RecipeError`."""
    import shutil
    import subprocess

    program = shutil.which("ebook-convert")
    if program is None:
        raise RecipeError(CALIBRE_HINT)
    try:
        done = subprocess.run(
            [program, recipe, epub],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=RECIPE_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise RecipeError(
            f"ebook-convert {recipe}: gave no EPUB within {RECIPE_TIMEOUT // 60} minutes"
        ) from None
    except OSError as err:
        raise RecipeError(f"cannot run ebook-convert: {err.strerror or err}") from None
    if done.returncode != 0 or not os.path.isfile(epub):
        lines = (done.stderr or done.stdout or b"").decode("utf-8", "replace").splitlines()
        last = next((ln.strip() for ln in reversed(lines) if ln.strip()), "")
        why = f": {last[:200]}" if last else ""
        raise RecipeError(f"ebook-convert {recipe} failed (exit {done.returncode}){why}")
