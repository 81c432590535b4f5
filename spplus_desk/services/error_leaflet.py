"""The right-to-error leaflet of the service, ready to print (reports.error_leaflet).

The register's screen calls this on a background thread, and previews or saves the bytes;
the print centre builds the same document through ``services.documents``.
"""

from __future__ import annotations

from spplus_desk.domain.documents import DocumentKind, DocumentOrder
from spplus_desk.services.desk import Desk
from spplus_desk.services.documents import build_document

LEAFLET_FILE_NAME = "droit-a-l-erreur.pdf"  # what the save dialog proposes


def leaflet_document(desk: Desk) -> bytes:
    """The leaflet for the service set up in this database, dated today (the service's
    day): one A4 page of PDF."""
    return build_document(desk, DocumentOrder(DocumentKind.LEAFLET)).data
