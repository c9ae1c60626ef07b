"""Scenes: pure functions that cluster facts into titled, summarised episodes (no storage)."""
