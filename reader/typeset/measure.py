"""The line measure's bounds: plain numbers, for the settings to check without importing the
typesetter (and Rich) when no story is set."""

from __future__ import annotations

DEFAULT_MEASURE = 80  # cells, about 40 Chinese characters
MIN_MEASURE = 20
MAX_MEASURE = 200
MEASURE_STEP = 8
