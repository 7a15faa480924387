"""The issue files a reader owns: finding them, the catalogue that remembers them."""
