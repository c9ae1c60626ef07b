"""Persona: per-person attributes aggregated from facts, each with evidence."""
