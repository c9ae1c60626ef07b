"""Features that ship with Remembrancer, registered through the plugin hooks.

They go through the same plugin manager as third-party plugins (the datasette
pattern), so the hooks are exercised by the app itself, and are always on.
"""
from __future__ import annotations

from remembrancer.plugins.builtin import extractors, importers

BUILTIN_PLUGINS = (importers, extractors)

__all__ = ["BUILTIN_PLUGINS"]
