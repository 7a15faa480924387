"""What paperread writes: the reader's state and the caches, all in SQLite."""
