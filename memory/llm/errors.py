"""Errors of the model runtime, kept apart from `InputError` on purpose.

`ModelError` means "no model can answer right now" (missing file, failed load,
a crash mid-generation). Callers such as `ask` and the LLM extractor catch it
and degrade to what they can do without a model; it is never the user's bad
input, so the CLI maps it to exit 1 only where nothing could degrade.
"""
from __future__ import annotations


class ModelError(RuntimeError):
    """The language model is unavailable or failed while generating."""
