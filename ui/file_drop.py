"""Dropping files on a window to import them, wherever on the window they land.

The window takes drops itself (`accepts` and `split_urls` for its
`dragEnterEvent` and `dropEvent`), but a text field takes a drop before it
(Qt sends the drag to the deepest widget that accepts drops) and would paste
a dropped file's path into the chat or the search box. `FileDrops` filters
the drag events of every widget in the window that accepts drops: a drag
that carries files from this computer is the window's, and becomes an
import; a drag of links only (a web page's address) is left to the text
field it is over, where pasting it is what the person meant.
"""
from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QEvent, QMimeData, QObject
from PySide6.QtWidgets import QAbstractScrollArea, QWidget

logger = logging.getLogger(__name__)

Dropped = Callable[[list[str], list[str]], None]  # local paths, other URLs (not files here: ignored, with a message)
_DRAGS = (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop)


def accepts(mime: QMimeData) -> bool:
    """Whether the window takes this drag: any URL (links that are no files are reported as ignored when dropped)."""
    return mime.hasUrls()


def split_urls(mime: QMimeData) -> tuple[list[str], list[str]]:
    """Paths of the local files and folders in a drop, and the other URLs as text."""
    local = [url.toLocalFile() for url in mime.urls() if url.isLocalFile() and url.toLocalFile()]
    other = [url.toString() for url in mime.urls() if not (url.isLocalFile() and url.toLocalFile())]
    return local, other


class FileDrops(QObject):
    """Routes drops of local files on the widgets inside `window` to `dropped(paths, ignored_urls)`."""

    def __init__(self, window: QWidget, dropped: Dropped):
        super().__init__(window)
        self.dropped = dropped
        self.watch(window)

    def watch(self, root: QWidget) -> None:
        """Filter the drags of the widgets under `root` that accept drops (call again for widgets made later)."""
        for widget in root.findChildren(QWidget):
            targets = [widget]
            if isinstance(widget, QAbstractScrollArea):  # a text edit's drops arrive at its viewport
                targets.append(widget.viewport())
            for target in targets:
                if target.acceptDrops():
                    target.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt name
        if event.type() not in _DRAGS:
            return False
        mime = event.mimeData()  # type: ignore[attr-defined]
        if not mime.hasUrls():
            return False
        local, other = split_urls(mime)
        if not local:
            return False  # links over a text field: pasted as text, as usual
        if event.type() == QEvent.Type.Drop:
            logger.info("dropped %d path(s), %d other link(s)", len(local), len(other))
            self.dropped(local, other)
        event.acceptProposedAction()  # type: ignore[attr-defined]
        return True
