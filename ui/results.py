"""The list of recalled items: a small model and a delegate that draws cards.

A delegate rather than a widget per row, because a row is only pixels: it
stays cheap when k grows, and selection and keyboard navigation come from
QListView for free. Each card shows who said it and when, a few wrapped lines
of the text, and the ids it rests on, which is what a user scans for.
"""
from __future__ import annotations

import logging
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

if TYPE_CHECKING:
    from remembrancer.app.service import RecallItem

logger = logging.getLogger(__name__)

ItemRole = Qt.ItemDataRole.UserRole + 1
TEXT_LINES = 3
PAD = 8
GAP = 3

Index = QModelIndex | QPersistentModelIndex


def format_time(value: str | None) -> str:
    """`2023-05-08 13:56` from ISO 8601; the raw string if it does not parse."""
    if not value:
        return ""
    try:
        return datetime.fromisoformat(value).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return value


class ResultsModel(QAbstractListModel):
    """Holds the last recall's items; `ItemRole` hands the delegate a whole item."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._items: list[RecallItem] = []

    def set_items(self, items: list[RecallItem]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def item(self, row: int) -> RecallItem:
        return self._items[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{item.speaker or ''}: {item.text}"  # also what accessibility tools read
        if role == Qt.ItemDataRole.ToolTipRole:
            return item.text
        if role == ItemRole:
            return item
        return None


def wrap_lines(text: str, metrics: QFontMetrics, width: int, max_lines: int) -> list[str]:
    """Greedy word wrap to at most `max_lines`, the last one elided.

    Done by words in Python rather than with QTextLayout offsets, which count
    UTF-16 units and would split emoji in the middle.
    """
    words = text.split()
    lines: list[str] = []
    current: list[str] = []
    for index, word in enumerate(words):
        if current and metrics.horizontalAdvance(" ".join([*current, word])) > width:
            lines.append(" ".join(current))
            current = [word]
            if len(lines) == max_lines - 1:
                lines.append(elide_words(words[index:], metrics, width))
                return lines
        else:
            current.append(word)
    if current:
        lines.append(elide_words(current, metrics, width))
    return lines


def elide_words(words: list[str], metrics: QFontMetrics, width: int) -> str:
    """The words that fit in `width`, then "…" after the last whole one (never half a word).

    Only a single word wider than the line (a URL) is cut inside, by Qt.
    """
    text = " ".join(words)
    if metrics.horizontalAdvance(text) <= width:
        return text
    kept = list(words)
    while len(kept) > 1:
        kept.pop()
        candidate = " ".join(kept).rstrip(",;:") + "…"
        if metrics.horizontalAdvance(candidate) <= width:
            return candidate
    return metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)


def origin_line(item: RecallItem) -> str:
    """Where a result comes from in words: who said it and when, not message ids."""
    parts = []
    if item.speaker:
        parts.append(f"said by {item.speaker}")
    if item.time:
        parts.append(f"on {item.time[:10]}")
    count = len(item.sources)
    parts.append(f"{count} source message" + ("" if count == 1 else "s"))
    return " · ".join(parts)


class ResultDelegate(QStyledItemDelegate):
    """Draws one recalled item as a card: header, wrapped text, sources."""

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont, QFont]:
        base = QFont(option.font)
        bold = QFont(base)
        bold.setBold(True)
        small = QFont(base)
        small.setPointSizeF(max(base.pointSizeF() * 0.85, 7.0))
        return base, bold, small

    def _text_width(self, option: QStyleOptionViewItem) -> int:
        widget = option.widget
        width = widget.viewport().width() if widget is not None and hasattr(widget, "viewport") else option.rect.width()
        return max(width - 2 * PAD, 80)

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        item = index.data(ItemRole)
        base, bold, small = self._fonts(option)
        lines = wrap_lines(item.text, QFontMetrics(base), self._text_width(option), TEXT_LINES) if item else [""]
        height = QFontMetrics(bold).height() + GAP + len(lines) * QFontMetrics(base).lineSpacing() + GAP + QFontMetrics(small).height()
        return QSize(self._text_width(option) + 2 * PAD, height + 2 * PAD)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        item = index.data(ItemRole)
        if item is None:
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        group = QPalette.ColorGroup.Active if option.state & QStyle.StateFlag.State_Active else QPalette.ColorGroup.Inactive
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        ink = option.palette.color(group, text_role)
        muted = QColor(ink)
        muted.setAlphaF(0.62)
        base, bold, small = self._fonts(option)
        width = self._text_width(option)
        rect = option.rect.adjusted(PAD, PAD, -PAD, -PAD)

        painter.save()
        painter.setFont(bold)
        painter.setPen(ink)
        bold_metrics = QFontMetrics(bold)
        speaker = bold_metrics.elidedText(item.speaker or "—", Qt.TextElideMode.ElideRight, width // 2)
        painter.drawText(QRect(rect.left(), rect.top(), width, bold_metrics.height()), Qt.AlignmentFlag.AlignLeft, speaker)
        painter.setFont(small)
        painter.setPen(muted)
        header_right = f"{format_time(item.time)}   score {item.score:.3f}"
        painter.drawText(QRect(rect.left(), rect.top(), width, bold_metrics.height()), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, header_right)

        top = rect.top() + bold_metrics.height() + GAP
        painter.setFont(base)
        painter.setPen(ink)
        metrics = QFontMetrics(base)
        for line in wrap_lines(item.text, metrics, width, TEXT_LINES):
            painter.drawText(QRect(rect.left(), top, width, metrics.height()), Qt.AlignmentFlag.AlignLeft, line)
            top += metrics.lineSpacing()

        painter.setFont(small)
        painter.setPen(muted)
        small_metrics = QFontMetrics(small)
        sources = elide_words(origin_line(item).split(), small_metrics, width)
        painter.drawText(QRect(rect.left(), top + GAP, width, small_metrics.height()), Qt.AlignmentFlag.AlignLeft, sources)
        painter.restore()
