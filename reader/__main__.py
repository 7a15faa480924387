"""Run paperread as ``python -m reader``."""

from reader.cli.main import main

raise SystemExit(main())
