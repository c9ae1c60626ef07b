"""Facts: storing extracted facts with provenance, deduplicated on write."""
