"""What the reader screen owns besides its widgets: script switching, reading state,
the library check. Plain objects the screen composes; they report back with messages."""
