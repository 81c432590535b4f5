"""The right-to-error leaflet of the service, ready to print (reports.error_leaflet).

The screens may not import ``reports``: they call this, on a background thread, and
preview or save the bytes.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from spplus_desk.domain.errors import UserError
from spplus_desk.domain.service import SP_2023_REFERENTIAL
from spplus_desk.reports.error_leaflet import leaflet_pdf
from spplus_desk.services.desk import Desk
from spplus_desk.services.referential import load_referential
from spplus_desk.services.setup import get_service
from spplus_desk.store.requests import NOT_CONFIGURED

LEAFLET_FILE_NAME = "droit-a-l-erreur.pdf"  # what the save dialog proposes
# Engagement n° 1 of the SP+ referential is the one that promises the right to error;
# the built-in list is quoted so the leaflet prints it word for word.
RIGHT_TO_ERROR_ENGAGEMENT = 0


def leaflet_document(desk: Desk) -> bytes:
    """The leaflet for the service set up in this database, dated today (the service's
    day): one A4 page of PDF."""
    service = get_service(desk)
    if service is None or not service.is_configured:
        raise UserError(NOT_CONFIGURED)
    engagement = load_referential(SP_2023_REFERENTIAL).engagements[RIGHT_TO_ERROR_ENGAGEMENT]
    today = desk.clock.now().astimezone(ZoneInfo(service.time_zone)).date()
    return leaflet_pdf(service, engagement=engagement, printed_on=today)
