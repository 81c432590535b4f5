"""French number formatting for messages and documents."""

NARROW_NBSP = "\u202f"  # French thousands separator and space before ; : ! ?


def format_int(value: int) -> str:
    """1234567 -> '1 234 567' with narrow no-break spaces."""
    return f"{value:,}".replace(",", NARROW_NBSP)


def format_percent(numerator: int, denominator: int) -> str:
    if denominator == 0:
        return "–"
    return f"{round(100 * numerator / denominator)}{NARROW_NBSP}%"
