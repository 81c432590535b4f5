"""French number formatting for messages and documents."""

NARROW_NBSP = "\u202f"  # French thousands separator and space before ; : ! ?
NBSP = "\u00a0"  # between a number and its unit: "12 min" never breaks


def format_int(value: int) -> str:
    """1234567 -> '1 234 567' with narrow no-break spaces."""
    return f"{value:,}".replace(",", NARROW_NBSP)


def format_percent(numerator: int, denominator: int) -> str:
    if denominator == 0:
        return "–"
    return f"{round(100 * numerator / denominator)}{NARROW_NBSP}%"


def format_decimal(value: float, digits: int = 1) -> str:
    """2.5 -> '2,5': the French decimal comma."""
    return f"{value:.{digits}f}".replace(".", ",")


def count_text(count: int, singular: str, plural: str) -> str:
    """'1 demande', '0 demande', '2 demandes' (French: 0 and 1 take the singular)."""
    return f"{format_int(count)} {singular if count < 2 else plural}"


def duration_text(seconds: int) -> str:
    """45 -> '45 s', 720 -> '12 min', 3900 -> '1 h 05': how French counters say it."""
    if seconds < 60:
        return f"{seconds}{NBSP}s"
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"{minutes}{NBSP}min"
    return f"{minutes // 60}{NBSP}h{NBSP}{minutes % 60:02d}"


def clock_text(hour: int, minute: int) -> str:
    """9, 5 -> '09 h 05', the French way of writing a time of day."""
    return f"{hour:02d}{NBSP}h{NBSP}{minute:02d}"
