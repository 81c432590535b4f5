"""The history of a contact as a small table model: when, who, what changed."""

from __future__ import annotations

from spplus_desk.services.contact_detail import HistoryEntry
from spplus_desk.ui.rows_model import RowsModel

COL_WHEN, COL_WHO, COL_WHAT = range(3)


class HistoryModel(RowsModel):
    def __init__(self) -> None:
        super().__init__(
            [
                ("Date", _when),
                ("Agent", _who),
                ("Modification", _what),
            ]
        )


def _when(entry: HistoryEntry) -> str:
    return entry.at_text


def _who(entry: HistoryEntry) -> str:
    return entry.actor


def _what(entry: HistoryEntry) -> str:
    return entry.text
