"""A small forgetting-curve plot, painted with QPainter (no QtCharts in the wheel).

It draws what the core computed (`memory.retention_curve.RetentionCurve`,
reached through the service): the past as a solid line, the projected decay
dashed, reviews as dots, "now" as a vertical line and the archive threshold
as a faint horizontal one. No maths beyond mapping numbers to pixels.
"""
from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPainterPath, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

logger = logging.getLogger(__name__)

MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 34, 10, 8, 20
PAST = QColor("#1c71d8")
FUTURE = QColor("#e66100")


def _days_label(days: float) -> str:
    if abs(days) < 1:
        return "now"
    if abs(days) >= 60:
        return f"{days / 30.4:+.0f} mo"
    return f"{days:+.0f} d"


class RetentionPlot(QWidget):
    """Retention 0..1 over days relative to now; empty until `set_curve`."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.curve: Any = None
        self.setMinimumHeight(120)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setToolTip("Retention over time: solid is the past, dashed the projected decay; dots are when it was learned or reviewed.")

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt name
        return QSize(320, 140)

    def set_curve(self, curve: Any) -> None:
        self.curve = curve
        self.update()

    def _span(self) -> tuple[float, float]:
        xs = [x for x, _ in self.curve.past + self.curve.projected] or [0.0, 1.0]
        low, high = min(xs), max(xs)
        return (low, high) if high > low else (low - 1.0, high + 1.0)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt name
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        ink = palette.color(QPalette.ColorRole.Text)
        faint = QColor(ink)
        faint.setAlphaF(0.25)
        area = QRectF(MARGIN_LEFT, MARGIN_TOP, self.width() - MARGIN_LEFT - MARGIN_RIGHT, self.height() - MARGIN_TOP - MARGIN_BOTTOM)
        painter.setPen(QPen(faint, 1))
        painter.drawRect(area)
        small = painter.font()
        small.setPointSizeF(max(small.pointSizeF() * 0.8, 6.5))
        painter.setFont(small)
        metrics = QFontMetrics(small)
        painter.setPen(ink)
        for value in (0.0, 0.5, 1.0):
            y = area.bottom() - value * area.height()
            painter.drawText(QRectF(0, y - metrics.height() / 2, MARGIN_LEFT - 4, metrics.height()), Qt.AlignmentFlag.AlignRight, f"{value:.1f}")
        if self.curve is None:
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter, "Pick a memory to see its retention")
            painter.end()
            return
        low, high = self._span()

        def point(x: float, r: float) -> QPointF:
            return QPointF(area.left() + (x - low) / (high - low) * area.width(), area.bottom() - max(0.0, min(1.0, r)) * area.height())

        threshold_y = point(low, self.curve.threshold).y()
        painter.setPen(QPen(faint, 1, Qt.PenStyle.DotLine))
        painter.drawLine(QPointF(area.left(), threshold_y), QPointF(area.right(), threshold_y))
        now_x = point(0.0, 0.0).x()
        painter.drawLine(QPointF(now_x, area.top()), QPointF(now_x, area.bottom()))
        for points, color, style in ((self.curve.past, PAST, Qt.PenStyle.SolidLine), (self.curve.projected, FUTURE, Qt.PenStyle.DashLine)):
            if len(points) < 2:
                continue
            path = QPainterPath(point(*points[0]))
            for x, r in points[1:]:
                path.lineTo(point(x, r))
            painter.setPen(QPen(color, 2, style))
            painter.drawPath(path)
        painter.setPen(QPen(PAST, 1))
        painter.setBrush(PAST)
        for x, r in self.curve.reviews:
            painter.drawEllipse(point(x, r), 3.5, 3.5)
        painter.setPen(ink)
        label_y = area.bottom() + 2
        left, right = _days_label(low), _days_label(high)
        painter.drawText(QRectF(area.left(), label_y, 80, metrics.height()), Qt.AlignmentFlag.AlignLeft, left)
        painter.drawText(QRectF(area.right() - 80, label_y, 80, metrics.height()), Qt.AlignmentFlag.AlignRight, right)
        room = metrics.horizontalAdvance("now") / 2 + 6
        if now_x - area.left() > metrics.horizontalAdvance(left) + room and area.right() - now_x > metrics.horizontalAdvance(right) + room:
            painter.drawText(QRectF(now_x - 30, label_y, 60, metrics.height()), Qt.AlignmentFlag.AlignHCenter, "now")
        painter.end()
