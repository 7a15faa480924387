"""Child process of bench_huge.py and bench_memory.py: the reader started in the real order.

    python benchmarks/reader_child.py PATH

The command parses the issue first and imports Textual only after
(``reader.cli.read.run_reader``); the headless app is installed at that moment,
as ``startup_child.py`` does (``install_headless_reader``). This child adds the
parse's stamps.

Stamps, as ``STAMP name perf_counter`` lines: ``parse-start`` and
``parse-end`` around the first ``reader.issue.load.load_issue`` (the file
named on the command line), or ``cache-start`` and ``cache-end`` around the
first ``reader.issue.cache.read_cached`` that finds it (a second start),
``imported-ui``, ``first-frame`` and ``story-frame`` (as in startup_child.py);
then ``MAXRSS kb``.
"""

import sys
import time

from startup_child import STAMPS, install_headless_reader, report, stamp


def install_parse_stamps() -> None:
    """Stamp the start and end of the first ``load_issue`` (the library's loaders call it
    through the module, so the wrapper is what they call)."""
    import reader.issue.load as load

    original = load.load_issue

    def stamped(path):  # type: ignore[no-untyped-def]
        stamp("parse-start")
        try:
            return original(path)
        finally:
            stamp("parse-end")

    load.load_issue = stamped

    # A second start reads the cache instead: stamp the first read that finds the issue.
    import reader.issue.cache as cache

    read_cached = cache.read_cached

    def read_stamped(name, key):  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        found = read_cached(name, key)
        if found is not None and "cache-end" not in STAMPS:
            STAMPS["cache-start"] = started
            stamp("cache-end")
        return found

    cache.read_cached = read_stamped


def main() -> int:
    """Start the reader on the file named on the command line; print the stamps."""
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    stamp("started")
    install_parse_stamps()
    install_headless_reader(False)
    from reader.cli import main as cli

    return report(cli.main([sys.argv[1]]))


if __name__ == "__main__":
    sys.exit(main())
