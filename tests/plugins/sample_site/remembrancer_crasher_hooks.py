"""A plugin that loads but fails in every hook it implements."""
from __future__ import annotations

from remembrancer.plugins.hookspecs import hookimpl

CALLS = {"memory_did_add": 0}


@hookimpl
def register_importers(register):
    raise RuntimeError("crashy importer registration")


@hookimpl
def memory_did_add(summary, path):
    CALLS["memory_did_add"] += 1
    raise RuntimeError("crashy event")
