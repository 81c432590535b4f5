"""The charts of the SP+ indicators (issue 6), drawn with reportlab's graphics from
``domain.indicators.Indicators``: each function returns a ``Chart`` (a reportlab
``Drawing`` with a title and a description in words) that the results poster puts in a
PDF and the dashboard shows as SVG (``svg_bytes``).

A chart without data says « Aucune donnée sur la période » rather than drawing an empty
axis; a rate from fewer than 20 cases is drawn in grey and marked « * ».
"""

from __future__ import annotations

from spplus_desk.domain.error_case import OUTCOME_LABELS, CaseOutcome
from spplus_desk.domain.formatting import (
    NARROW_NBSP,
    NBSP,
    count_text,
    format_int,
    format_percent,
)
from spplus_desk.domain.indicators import (
    FEW_CASES,
    MIN_SAMPLE,
    SATISFACTION_LABELS,
    Indicators,
    Ratio,
    Satisfaction,
)
from spplus_desk.domain.labels import CHANNEL_LABELS
from spplus_desk.reports.indicator_charts_hours import busy_hours_chart, opening_span
from spplus_desk.reports.indicator_charts_parts import (
    BLUE,
    LIGHT_GREY,
    RED,
    Bar,
    Chart,
    bar_rows,
    no_data,
    svg_bytes,
)

__all__ = [
    "Chart",
    "busy_hours_chart",
    "channel_chart",
    "dashboard_charts",
    "error_cases_chart",
    "on_time_chart",
    "opening_span",
    "satisfaction_chart",
    "svg_bytes",
]

CHANNELS_TITLE = "Contacts par canal"
SATISFACTION_TITLE = "Satisfaction des usagers"
ON_TIME_TITLE = "Demandes traitées dans les délais annoncés, par type"
ERROR_CASES_TITLE = "Droit à l'erreur : cas par issue"
MAX_KINDS = 8  # more would not fit half a poster's column: the others are counted
FEW_MARK = " *"
FEW_NOTE = f"* moins de {MIN_SAMPLE} cas : {FEW_CASES}."
SATISFACTION_COLOURS = {
    Satisfaction.SATISFIED: BLUE,
    Satisfaction.MIXED: LIGHT_GREY,
    Satisfaction.DISSATISFIED: RED,
}


def dashboard_charts(indicators: Indicators, hours: range | None = None) -> tuple[Chart, ...]:
    """Every chart, in the dashboard's order; ``hours``: the busy hours' columns."""
    return (
        channel_chart(indicators),
        busy_hours_chart(indicators, hours),
        on_time_chart(indicators),
        satisfaction_chart(indicators),
        error_cases_chart(indicators),
    )


def counts_text(ratio: Ratio) -> str:
    """'92 % (46 sur 50)' without the warning Ratio.text() adds: charts mark it « * »."""
    counts = f"{format_int(ratio.numerator)} sur {format_int(ratio.denominator)}"
    return f"{format_percent(ratio.numerator, ratio.denominator)} ({counts})"


def share_text(count: int, total: int) -> str:
    """'52 %', or '< 1 %' for a few among many: '0 %' would read as none."""
    if count and round(100 * count / total) == 0:
        return f"<{NBSP}1{NARROW_NBSP}%"
    return format_percent(count, total)


def _described(bars: list[Bar]) -> str:
    return " ; ".join(f"{bar.label} : {bar.text}" for bar in bars) + "."


def _sentences(notes: list[str]) -> str:
    return " ".join(note if note.endswith(".") else f"{note}." for note in notes)


def channel_chart(indicators: Indicators) -> Chart:
    """Contacts by channel, the most used first, with their count and share."""
    by_channel = indicators.contacts.by_channel
    total = sum(by_channel.values())
    if total == 0:
        return no_data(CHANNELS_TITLE)
    ordered = sorted(
        ((channel, n) for channel, n in by_channel.items() if n),
        key=lambda item: (-item[1], list(CHANNEL_LABELS).index(item[0])),
    )
    bars = [
        Bar(CHANNEL_LABELS[channel], n, f"{format_int(n)} ({share_text(n, total)})")
        for channel, n in ordered
    ]
    total_text = f"{count_text(total, 'contact', 'contacts')} sur la période."
    return bar_rows(CHANNELS_TITLE, bars, f"{total_text} {_described(bars)}", notes=[total_text])


def satisfaction_chart(indicators: Indicators) -> Chart:
    """The three answers with their counts and shares, the rate and the net score."""
    counts = indicators.feedback.satisfaction
    answers = counts.answers
    if answers == 0:
        return no_data(SATISFACTION_TITLE)
    values = {
        Satisfaction.SATISFIED: counts.satisfied,
        Satisfaction.MIXED: counts.mixed,
        Satisfaction.DISSATISFIED: counts.dissatisfied,
    }
    bars = [
        Bar(
            SATISFACTION_LABELS[answer],
            n,
            f"{format_int(n)} ({share_text(n, answers)})",
            SATISFACTION_COLOURS[answer],
        )
        for answer, n in values.items()
    ]
    summary = (
        f"Taux de satisfaction : {counts_text(counts.satisfaction)} · "
        f"satisfaction nette : {counts.net_text()}"
    )
    notes = [summary]
    if answers < MIN_SAMPLE:
        notes.append(f"Moins de {MIN_SAMPLE} réponses : {FEW_CASES}.")
    return bar_rows(
        SATISFACTION_TITLE, bars, f"{_described(bars)} {_sentences(notes)}", notes=notes
    )


def on_time_chart(indicators: Indicators) -> Chart:
    """Each kind's share of requests answered within the announced delay (0–100 %),
    with its numerator and denominator; grey and « * » below 20 requests."""
    requests = indicators.requests
    if requests.on_time.denominator == 0:
        return no_data(ON_TIME_TITLE)
    shown = requests.on_time_by_kind[:MAX_KINDS]
    bars = [
        Bar(
            label,
            ratio.rate or 0.0,
            counts_text(ratio) + ("" if ratio.reliable else FEW_MARK),
            BLUE if ratio.reliable else LIGHT_GREY,
        )
        for label, ratio in shown
    ]
    notes = [f"Toutes les demandes : {counts_text(requests.on_time)}"]
    others = len(requests.on_time_by_kind) - len(shown)
    if others:
        notes.append(
            "+ 1 autre type, non montré"
            if others == 1
            else f"+ {format_int(others)} autres types, non montrés"
        )
    if any(not ratio.reliable for _, ratio in shown):
        notes.append(FEW_NOTE)
    return bar_rows(
        ON_TIME_TITLE,
        bars,
        f"{_described(bars)} {_sentences(notes)}",
        scale=100,
        notes=notes,
        track=True,
    )


def error_cases_chart(indicators: Indicators) -> Chart:
    """The right-to-error cases of the period by outcome, every outcome shown."""
    total = indicators.error_cases_total
    if total == 0:
        return no_data(ERROR_CASES_TITLE)
    bars = [
        Bar(OUTCOME_LABELS[outcome], n, format_int(n))
        for outcome in CaseOutcome
        for n in [indicators.error_cases.get(outcome, 0)]
    ]
    total_text = f"{format_int(total)} cas sur la période (cas annulés exclus)."
    return bar_rows(ERROR_CASES_TITLE, bars, f"{total_text} {_described(bars)}", notes=[total_text])
