"""Finding stories: script folding, story text, the full-text index and its builder."""
