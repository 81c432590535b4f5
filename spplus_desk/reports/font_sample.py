"""A one-page PDF in the bundled font, regular and bold, as the posters embed it: what
the self-test draws before a service is set up (a service without a name has no poster)."""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from spplus_desk.reports.fonts import register_fonts

SAMPLE_TEXT = "SP+ Desk — page d'essai : « Écoute des usagers », délais à l'œil"


def font_sample_pdf() -> bytes:
    """A ``UserError`` when the bundled font files are missing or unreadable."""
    fonts = register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    width, height = A4
    canvas.setFont(fonts.bold, 40)
    canvas.drawCentredString(width / 2, height * 0.7, "SP+ Desk")
    canvas.setFont(fonts.regular, 14)
    canvas.drawCentredString(width / 2, height * 0.6, SAMPLE_TEXT)
    canvas.rect(width * 0.1, height * 0.1, width * 0.8, height * 0.3, fill=1)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
