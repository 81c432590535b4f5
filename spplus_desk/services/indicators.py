"""The SP+ indicators of a period, from what agents already log (issue 6).

Each function reads in one unit of work and returns domain figures that keep their
numerators and denominators.
"""

from __future__ import annotations

from spplus_desk.domain.indicators import (
    ContactIndicators,
    Period,
    Ratio,
    busy_hours,
    distribution,
)
from spplus_desk.services.desk import Desk
from spplus_desk.store import indicators, requests

SHORT_WAIT_MINUTES = 15  # « part des attentes de moins de 15 minutes »


def contact_indicators(desk: Desk, period: Period) -> ContactIndicators:
    """Contacts by channel, motif and hour of the week, the phone's pick-up rate and the
    counter's waits, over ``period`` in the service's time zone."""
    period = period.checked()
    with desk.database.reading() as session:
        zone = requests.service_calendar(session).zone
        bounds = period.bounds(zone)
        by_channel = indicators.contacts_by_channel(session, bounds)
        by_motif = indicators.contacts_by_motif(session, bounds)
        hours = indicators.contacts_by_utc_hour(session, bounds)
        needed, answered = indicators.phone_pickup(session, bounds)
        waits = indicators.counter_waits(session, bounds)
    return ContactIndicators(
        period=period,
        by_channel=by_channel,
        by_motif=tuple(by_motif),
        busy_hours=busy_hours(hours, zone),
        pickup=Ratio(answered, needed),
        waits=distribution(waits, threshold=SHORT_WAIT_MINUTES),
    )
