"""« Horaires d'affluence »: the contacts of a period on a grid of weekdays (Monday to
Saturday) by hour of opening, darker where busier, each cell also showing its count (the
shade alone would leave out who does not see it), with a legend of the shades."""

from __future__ import annotations

import math

from reportlab.graphics.shapes import String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from spplus_desk.domain.formatting import NBSP, count_text, format_int
from spplus_desk.domain.indicators import Indicators
from spplus_desk.domain.service import WEEKDAY_NAMES, OpeningHours
from spplus_desk.reports.indicator_charts_parts import (
    INK,
    NOTE_LINE,
    TEXT_SIZE,
    WIDTH,
    Chart,
    add_notes,
    box,
    chart_fonts,
    no_data,
    titled,
)

BUSY_HOURS_TITLE = "Horaires d'affluence"
DAYS = range(6)  # Monday to Saturday: the days a counter may open
DEFAULT_HOURS = range(8, 18)  # when the opening hours are not known
EMPTY = colors.HexColor("#f6f6f6")
# Light to dark blue France; the two darkest carry white figures.
SHADES = tuple(colors.HexColor(c) for c in ("#e3e3fd", "#b1b1f9", "#7b7bf1", "#3a3ad0", "#000091"))
LIGHT_TEXT = 3  # from this shade on, white text
SWATCH_EDGE = colors.HexColor("#cccccc")  # the legend's « aucun » is nearly white
CELL_HEIGHT = 20.0
HOURS_BAND = 14.0  # the hours written above the grid
LEGEND_BAND = 26.0
CELL_SIZE = 7.5


def opening_span(opening: OpeningHours) -> range:
    """The hours the service opens from Monday to Saturday, from the earliest opening to
    the latest closing (an hour begun counts): 8 h 30 – 17 h 00 gives 8 h to 16 h."""
    ranges = [r for day in opening.days[: len(DAYS)] for r in day]
    if not ranges:
        return DEFAULT_HOURS
    first = min(r.start.hour for r in ranges)
    last = max(r.end.hour + (1 if r.end.minute else 0) for r in ranges)
    return range(first, max(last, first + 1))


def shade_limits(busiest: int) -> tuple[int, ...]:
    """The upper count of each shade: five equal steps up to the busiest cell (fewer
    when it has fewer than five contacts)."""
    steps = min(len(SHADES), busiest)
    return tuple(math.ceil(busiest * step / steps) for step in range(1, steps + 1))


def shade_of(count: int, limits: tuple[int, ...]) -> int:
    """The shade's index for ``count`` (0 excluded: it has no shade)."""
    return next(index for index, limit in enumerate(limits) if count <= limit)


def hour_text(hour: int) -> str:
    return f"{hour}{NBSP}h"


def busy_hours_chart(indicators: Indicators, hours: range | None = None) -> Chart:
    """The grid over ``hours`` (the service's opening span, see ``opening_span``; by
    default 8 h to 17 h and any hour with contacts). Contacts outside it (Sunday,
    evening e-mails) are counted in a note."""
    grid = indicators.contacts.busy_hours
    total = sum(grid.values())
    if total == 0:
        return no_data(BUSY_HOURS_TITLE)
    if hours is None:
        seen = [hour for (day, hour) in grid if day in DAYS] or list(DEFAULT_HOURS)
        hours = range(min(DEFAULT_HOURS.start, *seen), max(DEFAULT_HOURS.stop, max(seen) + 1))
    shown = {(day, hour): grid.get((day, hour), 0) for day in DAYS for hour in hours}
    outside = total - sum(shown.values())
    notes = ["Nombre de contacts commencés dans chaque heure, sur toute la période."]
    if outside:
        notes.append(
            f"{count_text(outside, 'contact', 'contacts')} en dehors de cette grille "
            "(dimanche ou hors des heures d'ouverture)."
        )
    body = HOURS_BAND + len(DAYS) * CELL_HEIGHT + LEGEND_BAND + len(notes) * NOTE_LINE
    chart = titled(BUSY_HOURS_TITLE, body, _description(shown, hours, total, outside))
    limits = shade_limits(max(shown.values(), default=0))
    _draw_grid(chart, shown, hours, limits, bottom=LEGEND_BAND + len(notes) * NOTE_LINE)
    _draw_legend(chart, limits, bottom=len(notes) * NOTE_LINE + 4)
    add_notes(chart, notes)
    return chart


def _draw_grid(
    chart: Chart,
    shown: dict[tuple[int, int], int],
    hours: range,
    limits: tuple[int, ...],
    bottom: float,
) -> None:
    fonts = chart_fonts()
    names = [WEEKDAY_NAMES[day].capitalize() for day in DAYS]
    left = max(stringWidth(name, fonts.regular, TEXT_SIZE) for name in names) + 8
    cell_width = (WIDTH - left) / len(hours)
    top = bottom + len(DAYS) * CELL_HEIGHT
    for column, hour in enumerate(hours):
        chart.add(
            String(
                left + (column + 0.5) * cell_width,
                top + 4,
                hour_text(hour),
                fontName=fonts.regular,
                fontSize=TEXT_SIZE - 1,
                fillColor=INK,
                textAnchor="middle",
            )
        )
    for row, day in enumerate(DAYS):
        y = top - (row + 1) * CELL_HEIGHT
        chart.add(
            String(
                left - 6,
                y + CELL_HEIGHT / 2 - TEXT_SIZE / 3,
                names[row],
                fontName=fonts.regular,
                fontSize=TEXT_SIZE,
                fillColor=INK,
                textAnchor="end",
            )
        )
        for column, hour in enumerate(hours):
            count = shown[(day, hour)]
            x = left + column * cell_width
            shade = shade_of(count, limits) if count else None
            fill = EMPTY if shade is None else SHADES[shade]
            # White lines between the cells: the grid reads without a border colour.
            chart.add(box(x, y, cell_width, CELL_HEIGHT, fill=fill, stroke=colors.white))
            if count:
                chart.add(
                    String(
                        x + cell_width / 2,
                        y + CELL_HEIGHT / 2 - CELL_SIZE / 3,
                        format_int(count),
                        fontName=fonts.regular,
                        fontSize=CELL_SIZE,
                        fillColor=INK if shade is None or shade < LIGHT_TEXT else colors.white,
                        textAnchor="middle",
                    )
                )


def _draw_legend(chart: Chart, limits: tuple[int, ...], bottom: float) -> None:
    """« Contacts par heure : [ ] aucun [■] 1 à 3 [■] 4 à 6 … »."""
    fonts = chart_fonts()
    entries = [(EMPTY, "aucun")]
    low = 1
    for shade, limit in zip(SHADES, limits, strict=False):
        span = format_int(low) if low == limit else f"{format_int(low)} à {format_int(limit)}"
        entries.append((shade, span))
        low = limit + 1
    x = 0.0
    caption = "Contacts par heure :"
    chart.add(String(x, bottom + 3, caption, fontName=fonts.regular, fontSize=TEXT_SIZE - 1))
    x += stringWidth(caption, fonts.regular, TEXT_SIZE - 1) + 8
    for fill, text in entries:
        chart.add(box(x, bottom, 14, 12, fill=fill, stroke=SWATCH_EDGE))
        chart.add(String(x + 18, bottom + 3, text, fontName=fonts.regular, fontSize=TEXT_SIZE - 1))
        x += 18 + stringWidth(text, fonts.regular, TEXT_SIZE - 1) + 12


def _description(shown: dict[tuple[int, int], int], hours: range, total: int, outside: int) -> str:
    """In words, for who does not see the grid: the busiest hour and each day's total."""
    # The first of the busiest hours, in the week's order.
    (day, hour), busiest = max(shown.items(), key=lambda item: item[1])
    per_day = [f"{WEEKDAY_NAMES[d]} {format_int(sum(shown[(d, h)] for h in hours))}" for d in DAYS]
    parts = [f"{count_text(total, 'contact', 'contacts')} sur la période."]
    if busiest:
        parts.append(
            f"Heure la plus chargée : {WEEKDAY_NAMES[day]} de {hour_text(hour)} à "
            f"{hour_text(hour + 1)} ({count_text(busiest, 'contact', 'contacts')})."
        )
    parts.append(f"Par jour : {', '.join(per_day)}.")
    if outside:
        parts.append(f"{format_int(outside)} en dehors de la grille.")
    return " ".join(parts)
