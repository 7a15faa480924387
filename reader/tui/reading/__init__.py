"""What the reader screen owns besides its widgets: script switching and the library
check. Plain objects the screen composes; they report back with messages. (Reading
state needs no screen: :mod:`reader.reading_state`.)"""
