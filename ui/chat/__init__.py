"""The chat tab: ask questions, watch the answer stream in, follow its citations."""
from __future__ import annotations

from remembrancer.ui.chat.panel import ChatPanel

__all__ = ["ChatPanel"]
