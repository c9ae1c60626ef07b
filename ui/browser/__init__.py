"""The memory browser: every level of memory, each item with its sources and curve."""
from __future__ import annotations

from remembrancer.ui.browser.browser import MemoryBrowser

__all__ = ["MemoryBrowser"]
