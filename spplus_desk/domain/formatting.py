"""French number formatting for messages and documents."""

NARROW_NBSP = "\u202f"  # French thousands separator and space before ; : ! ?


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
