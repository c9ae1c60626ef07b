"""Asking questions of one's memory: recall, a quoted-data prompt, a cited answer."""
from __future__ import annotations

from remembrancer.memory.ask.engine import AskParams, ask, degraded

__all__ = ["AskParams", "ask", "degraded"]
