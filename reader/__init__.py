"""paperread: a terminal newspaper reader."""

__version__ = "0.1.0"
