"""Small charts drawn with QPainter: a bar chart (comparison) and a line chart (trend).

Why not QtCharts: it ships in PySide6-Addons (a ~170 MB wheel that also brings
WebEngine, 3D, multimedia…), while GridDesk depends on PySide6-Essentials only and
needs just bars and a line, each point clickable for drill-down. These two widgets
are a few hundred lines, look the same on every platform, and are easy to test
(``bar_rect``/``point_at`` give the geometry a click lands on).
"""
from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

ACCENT = QColor("#2f5d8f")
ACCENT_LIGHT = QColor("#9db8d9")
GRID_LINE = QColor("#e5e7eb")
AXIS_TEXT = QColor("#4b5563")
EMPTY_TEXT = QColor("#6b7280")
LABEL_ANGLE = 25            # degrees, for category labels too wide to stand upright
LABEL_WIDTH = 110           # px, longer labels are elided


def nice_max(value: float, percent: bool) -> float:
    """The top of the value axis: 100 for percentages, else a round number above."""
    if percent:
        return 100.0
    if value <= 0:
        return 1.0
    exp = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * exp:
            return step * exp
    return 10 * exp


def fmt(value: float | None, percent: bool) -> str:
    if value is None:
        return "—"
    return f"{value:.1f}%" if percent else (f"{value:.1f}" if value % 1 else f"{value:.0f}")


class _Chart(QWidget):
    """Shared frame: title, value axis with grid lines, category labels, empty state."""

    clicked = Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.title = ""
        self.labels: list[str] = []
        self.values: list[float | None] = []
        self.percent = True
        self.empty_text = ""
        self.setMouseTracking(True)
        self.setMinimumHeight(120)   # the statistics page fits 1366×768 at 150 %
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)

    def set_data(self, title: str, labels: list[str], values: list[float | None], *,
                 percent: bool = True) -> None:
        self.title, self.labels, self.values, self.percent = title, list(labels), list(
            values), percent
        self.update()

    def has_data(self) -> bool:
        return any(v is not None for v in self.values)

    # geometry -------------------------------------------------------------------
    def plot_rect(self) -> QRectF:
        fm = QFontMetrics(self.font())
        left = fm.horizontalAdvance("100.0%") + 12
        top = fm.height() * 2 + 6
        if self._rotate_labels():
            widest = min(LABEL_WIDTH, max(fm.horizontalAdvance(t) for t in self.labels))
            bottom = widest * math.sin(math.radians(LABEL_ANGLE)) + fm.height() * 1.6 + 8
        else:
            bottom = fm.height() * 1.6 + 6
        return QRectF(left, top, max(10.0, self.width() - left - 14),
                      max(10.0, self.height() - top - bottom))

    def _rotate_labels(self) -> bool:
        if not self.labels:
            return False
        fm = QFontMetrics(self.font())
        slot = (self.width() - 80) / max(1, len(self.labels))
        return max(fm.horizontalAdvance(t) for t in self.labels) > slot - 4

    def top_value(self) -> float:
        vals = [v for v in self.values if v is not None]
        return nice_max(max(vals) if vals else 0.0, self.percent)

    def y_of(self, value: float) -> float:
        r = self.plot_rect()
        return r.bottom() - (value / self.top_value()) * r.height()

    # painting ---------------------------------------------------------------------
    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt name
        p = QPainter(self)
        p.setRenderHint(QPainter.Antialiasing)
        p.fillRect(self.rect(), QColor("white"))
        fm = QFontMetrics(self.font())
        bold = QFont(self.font())
        bold.setBold(True)
        p.setFont(bold)
        p.setPen(QColor("#111827"))
        p.drawText(QRectF(8, 4, self.width() - 16, fm.height() + 4),
                   Qt.AlignLeft | Qt.AlignVCenter, self.title)
        p.setFont(self.font())
        if not self.has_data():
            p.setPen(EMPTY_TEXT)
            p.drawText(self.rect(), Qt.AlignCenter, self.empty_text)
            return
        r = self.plot_rect()
        top = self.top_value()
        for i in range(5):
            value = top * i / 4
            y = self.y_of(value)
            p.setPen(QPen(GRID_LINE, 1))
            p.drawLine(QPointF(r.left(), y), QPointF(r.right(), y))
            p.setPen(AXIS_TEXT)
            p.drawText(QRectF(0, y - fm.height() / 2, r.left() - 6, fm.height()),
                       Qt.AlignRight | Qt.AlignVCenter, fmt(value, self.percent))
        self.paint_series(p, r)
        self._paint_labels(p, r, fm)

    def slot(self, i: int) -> QRectF:
        r = self.plot_rect()
        w = r.width() / max(1, len(self.labels))
        return QRectF(r.left() + i * w, r.top(), w, r.height())

    def _paint_labels(self, p: QPainter, r: QRectF, fm: QFontMetrics) -> None:
        p.setPen(AXIS_TEXT)
        rotate = self._rotate_labels()
        for i, text in enumerate(self.labels):
            s = self.slot(i)
            if rotate:
                p.save()
                p.translate(s.center().x(), r.bottom() + 6)
                p.rotate(-LABEL_ANGLE)
                elided = fm.elidedText(text, Qt.ElideRight, LABEL_WIDTH)
                p.drawText(QRectF(-fm.horizontalAdvance(elided), 0,
                                  fm.horizontalAdvance(elided) + 2, fm.height()),
                           Qt.AlignRight | Qt.AlignTop, elided)
                p.restore()
            else:
                p.drawText(QRectF(s.left(), r.bottom() + 4, s.width(), fm.height() + 2),
                           Qt.AlignHCenter | Qt.AlignTop, text)

    def paint_series(self, p: QPainter, r: QRectF) -> None:
        raise NotImplementedError

    # interaction --------------------------------------------------------------------
    def index_at(self, pos) -> int | None:
        raise NotImplementedError

    def mouseMoveEvent(self, event) -> None:  # noqa: N802 - Qt name
        i = self.index_at(event.position())
        if i is None:
            QToolTip.hideText()
            self.unsetCursor()
            return
        self.setCursor(Qt.PointingHandCursor)
        QToolTip.showText(event.globalPosition().toPoint(),
                          f"{self.labels[i]}: {fmt(self.values[i], self.percent)}", self)

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt name
        if event.button() == Qt.LeftButton:
            i = self.index_at(event.position())
            if i is not None:
                self.clicked.emit(i)


class BarChart(_Chart):
    """One bar per category; ``highlight`` marks one bar (e.g. the selected unit)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.highlight: int | None = None

    def bar_rect(self, i: int) -> QRectF | None:
        value = self.values[i] if 0 <= i < len(self.values) else None
        if value is None:
            return None
        s = self.slot(i)
        width = min(56.0, s.width() * 0.62)
        y = self.y_of(value)
        return QRectF(s.center().x() - width / 2, y, width, max(1.0, s.bottom() - y))

    def paint_series(self, p: QPainter, r: QRectF) -> None:
        fm = QFontMetrics(self.font())
        for i, value in enumerate(self.values):
            rect = self.bar_rect(i)
            if rect is None:
                p.setPen(EMPTY_TEXT)
                s = self.slot(i)
                p.drawText(QRectF(s.left(), r.bottom() - fm.height() - 2, s.width(),
                                  fm.height()), Qt.AlignCenter, "—")
                continue
            p.setPen(Qt.NoPen)
            p.setBrush(ACCENT if self.highlight in (None, i) else ACCENT_LIGHT)
            p.drawRoundedRect(rect, 2, 2)
            p.setPen(QColor("#111827"))
            p.drawText(QRectF(rect.center().x() - 40, rect.top() - fm.height() - 2, 80,
                              fm.height()), Qt.AlignCenter, fmt(value, self.percent))

    def index_at(self, pos) -> int | None:
        for i in range(len(self.values)):
            rect = self.bar_rect(i)
            if rect is not None and rect.adjusted(-4, -fm_pad(self), 4, 0).contains(pos):
                return i
        return None


def fm_pad(widget) -> float:
    return QFontMetrics(widget.font()).height() + 2


class LineChart(_Chart):
    """A line through the values (gaps where a value is None), a dot per point."""

    RADIUS = 4.5

    def point_at(self, i: int) -> QPointF | None:
        value = self.values[i] if 0 <= i < len(self.values) else None
        if value is None:
            return None
        return QPointF(self.slot(i).center().x(), self.y_of(value))

    def paint_series(self, p: QPainter, r: QRectF) -> None:
        fm = QFontMetrics(self.font())
        path = QPainterPath()
        started = False
        for i in range(len(self.values)):
            pt = self.point_at(i)
            if pt is None:
                started = False
                continue
            if started:
                path.lineTo(pt)
            else:
                path.moveTo(pt)
                started = True
        p.setPen(QPen(ACCENT, 2.2))
        p.setBrush(Qt.NoBrush)
        p.drawPath(path)
        for i in range(len(self.values)):
            pt = self.point_at(i)
            if pt is None:
                continue
            p.setPen(QPen(ACCENT, 2))
            p.setBrush(QColor("white"))
            p.drawEllipse(pt, self.RADIUS, self.RADIUS)
            p.setPen(QColor("#111827"))
            p.drawText(QRectF(pt.x() - 40, pt.y() - fm.height() - 6, 80, fm.height()),
                       Qt.AlignCenter, fmt(self.values[i], self.percent))

    def index_at(self, pos) -> int | None:
        best, best_d = None, 14.0
        for i in range(len(self.values)):
            pt = self.point_at(i)
            if pt is None:
                continue
            d = math.hypot(pt.x() - pos.x(), pt.y() - pos.y())
            if d < best_d:
                best, best_d = i, d
        if best is None:               # anywhere in the point's column also counts
            for i in range(len(self.values)):
                if self.values[i] is not None and self.slot(i).contains(pos):
                    return i
        return best
