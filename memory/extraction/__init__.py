"""Fact extraction: turning messages into short standalone facts with provenance."""
