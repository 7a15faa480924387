"""Model to lines: the newspaper typesetting shared by the reader and `cat`."""
