"""Storage: SQLite (source of truth) and LanceDB (rebuildable vector index)."""
