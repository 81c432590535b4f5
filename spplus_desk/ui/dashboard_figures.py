"""The dashboard's pieces on screen: a figure's card, a chart (SVG, kept in proportion,
its text as large as the screen's where there is room), and a grid that puts as many
of them side by side as the width allows (fewer at a large text size).

A card and a chart take the focus with Tab and carry the whole figure, or the chart's
description in words, as their accessible name: a screen reader reads them one by one.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFont, QFontInfo, QResizeEvent
from PySide6.QtSvgWidgets import QSvgWidget
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from spplus_desk.reports.indicator_charts_parts import TEXT_SIZE
from spplus_desk.ui.dashboard_data import ChartImage, Figure, Section

BLUE = "#000091"
# A tile of the State's design system: a light frame, a blue line under it, and a
# thicker blue frame when it has the focus.
CARD_STYLE = f"""
QFrame[card="true"] {{ background: white; border: 1px solid #dddddd;
    border-bottom: 3px solid {BLUE}; }}
QFrame[card="true"]:focus {{ border: 2px solid {BLUE}; border-bottom: 3px solid {BLUE}; }}
"""
CARD_COLUMNS = 26  # a card is about this many characters wide
VALUE_SCALE = 1.8  # the value's size, from the text's
# A chart is never narrower than its drawing at 80 % of its size in print (its text at
# about 7 pt), so that it fits a laptop's half screen at any text size; with room, it
# grows up to 1.5 times the size at which its text matches the screen's.
CHART_SCALE = 0.8
CHART_MAX_SCALE = 1.15  # no bigger: the chart's words stay near the size of the window's
SPACING = 12
POINTS_PER_INCH = 72


def selectable(text: str, name: str) -> QLabel:
    """A label whose text can be selected with the mouse (and copied)."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setAccessibleName(name)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class FigureCard(QFrame):
    """« Taux de décroché » / « 92 % » / « 46 sur 50 appels à décrocher » / ⚠ warning."""

    def __init__(self, figure: Figure, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.figure = figure
        self.setObjectName(f"figure_{figure.key}")
        self.setProperty("card", True)
        self.setStyleSheet(CARD_STYLE)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setAccessibleName(figure.spoken())
        self.setToolTip(figure.spoken())
        self.label = selectable(figure.label, self.tr("Indicateur"))
        self.value_label = selectable(figure.value, figure.label)
        big = QFont(self.font())
        big.setPointSizeF(big.pointSizeF() * VALUE_SCALE)
        big.setBold(True)
        self.value_label.setFont(big)
        self.value_label.setStyleSheet(f"color: {BLUE}; border: none")
        self.value_label.setWordWrap(False)  # « 1 234 567 » on one line
        self.detail_label = selectable(
            figure.detail, self.tr("Détail : %1").replace("%1", figure.label)
        )
        self.detail_label.setStyleSheet("color: #3a3a3a; border: none")
        self.warning_label = selectable(f"⚠ {figure.warning}", self.tr("Avertissement"))
        self.warning_label.setStyleSheet("color: #a4000f; border: none")
        self.label.setStyleSheet("border: none")
        layout = QVBoxLayout(self)
        for widget in (self.label, self.value_label, self.detail_label, self.warning_label):
            layout.addWidget(widget)
        layout.addStretch(1)
        # Hidden once in its layout: shown before, a parentless label is a window.
        self.warning_label.setVisible(bool(figure.warning))
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * CARD_COLUMNS * 3 // 4)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)

    def sizeHint(self) -> QSize:
        # Never narrower than the value on its line (« +100 points » in large).
        width = max(
            self.fontMetrics().averageCharWidth() * CARD_COLUMNS, self.minimumSizeHint().width()
        )
        return QSize(width, super().sizeHint().height())


class ChartView(QSvgWidget):
    """A chart in proportion to the width it is given; its title and description are
    its accessible name and description (and its tooltip)."""

    def __init__(self, image: ChartImage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.image = image
        self.setObjectName(f"chart_{image.key}")
        self.load(image.svg)
        self.renderer().setAspectRatioMode(Qt.AspectRatioMode.KeepAspectRatio)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setAccessibleName(image.title)
        self.setAccessibleDescription(image.description)
        self.setToolTip(image.description)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        smallest = round(image.width * CHART_SCALE * self.logicalDpiX() / POINTS_PER_INCH)
        self.setMinimumSize(smallest, self.heightForWidth(smallest))
        self.setMaximumWidth(max(smallest, self._width(CHART_MAX_SCALE)))

    def _width(self, scale: float) -> int:
        """The width at which the chart's text shows at ``scale`` times the screen's."""
        return round(self.image.width * scale * QFontInfo(self.font()).pixelSize() / TEXT_SIZE)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt's name)
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt's name)
        return round(width * self.image.height / self.image.width)

    def sizeHint(self) -> QSize:
        width = self._width(1.0)
        return QSize(width, self.heightForWidth(width))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # In proportion: a grid row as tall as the chart at this width, no taller.
        height = self.heightForWidth(self.width())
        if self.minimumHeight() != height:
            self.setMinimumHeight(height)
            self.setMaximumHeight(height)


class FlowGrid(QWidget):
    """``widgets`` in rows of as many columns of ``column_width`` as fit (at most
    ``max_columns``), laid out again when the width changes."""

    def __init__(
        self,
        widgets: Sequence[QWidget],
        column_width: int,
        max_columns: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._widgets = list(widgets)
        self._column_width = column_width
        self._max_columns = max_columns
        self._columns = 0
        self._fillers: list[QWidget] = []
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(SPACING)
        self._place(1)

    @property
    def columns(self) -> int:
        return self._columns

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        fitting = (self.width() + SPACING) // (self._column_width + SPACING)
        # A lone chart keeps the width of one column: the same size in every section.
        columns = max(1, min(self._max_columns, fitting))
        if columns != self._columns:
            self._place(columns)

    def _place(self, columns: int) -> None:
        for widget in self._widgets:
            self._grid.removeWidget(widget)
        for filler in self._fillers:
            self._grid.removeWidget(filler)
            filler.deleteLater()
        # Empty cells hold a blank widget: a grid gives no width to an empty column,
        # and two cards alone would take the width of four.
        self._fillers = [QWidget() for _ in range(-len(self._widgets) % columns)]
        for position, widget in enumerate([*self._widgets, *self._fillers]):
            self._grid.addWidget(widget, position // columns, position % columns)
        for column in range(max(columns, self._columns)):
            self._grid.setColumnStretch(column, 1 if column < columns else 0)
        self._columns = columns


class SectionView(QWidget):
    """A section's heading, its cards, then its charts."""

    def __init__(self, section: Section, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(section.title)
        heading = QLabel(section.title)
        heading.setAccessibleName(self.tr("Rubrique"))
        font = QFont(heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        heading.setFont(font)
        heading.setStyleSheet(f"color: {BLUE}")
        self.cards = [FigureCard(figure) for figure in section.figures]
        self.charts = [ChartView(image) for image in section.charts]
        card_width = max(card.sizeHint().width() for card in self.cards)
        # Two charts a row when both show their text at the screen's size.
        chart_width = max(chart.sizeHint().width() for chart in self.charts)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, SPACING)
        layout.addWidget(heading)
        layout.addWidget(FlowGrid(self.cards, card_width, max_columns=4))
        layout.addWidget(FlowGrid(self.charts, chart_width, max_columns=2))

    def focusable(self) -> list[QWidget]:
        """Its cards then its charts, in reading order."""
        return [*self.cards, *self.charts]
