"""What ``--self-test`` proves beyond a shown window: the parts an install can lack.

A frozen build gathers Qt's plugins and translations, the fonts and reportlab by hand
(packaging/spplus-desk.spec); one left out shows only when a person needs it: buttons in
English, an icon missing, a print preview that stays blank. The self-test tries each
one, on the real desk, and names what is missing in French. A PDF is always tried: the
commitments poster once the service is set up, a test page in the bundled font before
(a fresh database, as CI's first run has), so a bundle without its fonts or QtPdf fails
either way.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QCoreApplication, QSize
from PySide6.QtGui import QColor, QImage, QImageReader, QPainter
from PySide6.QtWidgets import QWidget

from spplus_desk.domain.documents import DocumentKind, DocumentOrder
from spplus_desk.domain.errors import UserError
from spplus_desk.domain.formatting import format_int
from spplus_desk.reports.font_sample import font_sample_pdf
from spplus_desk.services.desk import Desk
from spplus_desk.services.documents import build_document
from spplus_desk.services.setup import get_service
from spplus_desk.ui.pdf_print import pdf_document

PREVIEW_SIZE = QSize(120, 170)  # a thumbnail: enough to know QtPdf drew the page
INK_LIGHTNESS = 128  # a pixel darker than this on the white page is ink


@dataclass
class InstallationReport:
    checked: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def check_installation(desk: Desk, window: QWidget) -> InstallationReport:
    report = InstallationReport()
    _check_french(report)
    _check_image_plugins(report)
    _check_pdf(report, desk, window)
    return report


def _check_french(report: InstallationReport) -> None:
    if QCoreApplication.translate("QPlatformTheme", "Cancel") == "Annuler":
        report.checked.append("textes de Qt en français")
    else:
        report.problems.append(
            "la traduction française de Qt (qtbase_fr.qm) manque : les boutons standard "
            "s'afficheraient en anglais"
        )


def _check_image_plugins(report: InstallationReport) -> None:
    """SVG and PDF (issue 9: icons, charts), then JPEG (a service's logo, in the print
    settings' preview), each named when Qt cannot read it."""
    formats = {bytes(name.data()).decode("ascii") for name in QImageReader.supportedImageFormats()}
    missing = [name.upper() for name in ("svg", "pdf") if name not in formats]
    if missing:
        report.problems.append(
            f"les modules d'images de Qt pour {' et '.join(missing)} manquent : icônes et "
            "graphiques ne s'afficheraient pas"
        )
    else:
        report.checked.append("images SVG et PDF")
    if "jpeg" not in formats:
        report.problems.append(
            "le module d'images de Qt pour JPEG manque : le logo d'un service en JPEG ne "
            "s'afficherait pas"
        )


def _check_pdf(report: InstallationReport, desk: Desk, window: QWidget) -> None:
    """A PDF built by reportlab with the bundled font, then drawn by QtPdf."""
    try:
        data, what = _pdf_to_try(desk)
    except UserError as error:  # a font file missing or unreadable, above all
        report.problems.append(
            f"les documents PDF ne peuvent pas être créés : {error.message.rstrip('.')}"
        )
        return
    try:
        document = pdf_document(data, window)
    except UserError:
        document = None
    drawn = (
        document is not None
        and document.pageCount() > 0
        and _has_ink(document.render(0, PREVIEW_SIZE))
    )
    if document is not None:
        document.deleteLater()
    if not drawn:
        report.problems.append(
            "l'aperçu des documents PDF ne fonctionne pas (module QtPdf) : les affiches "
            "ne pourraient pas être vues avant impression"
        )
        return
    report.checked.append(f"{what} créée et affichée ({format_int(len(data))} octets)")


def _pdf_to_try(desk: Desk) -> tuple[bytes, str]:
    """The commitments poster of a service set up; a test page before that (a service
    not set up has no poster)."""
    service = get_service(desk)
    if service is not None and service.is_configured:
        built = build_document(desk, DocumentOrder(DocumentKind.COMMITMENTS))
        return built.data, "affiche des engagements"
    return font_sample_pdf(), "page d'essai en DejaVu Sans (service pas encore configuré)"


def _has_ink(image: QImage) -> bool:
    """Whether a rendered page shows anything on white paper (QtPdf draws pages on a
    transparent background; a null or empty image has none)."""
    if image.isNull():
        return False
    paper = QImage(image.size(), QImage.Format.Format_RGB32)
    paper.fill(QColor("white"))
    painter = QPainter(paper)
    painter.drawImage(0, 0, image)
    painter.end()
    grey = paper.convertToFormat(QImage.Format.Format_Grayscale8)
    data, line, width = bytes(grey.constBits()), grey.bytesPerLine(), grey.width()
    return any(
        min(data[row * line : row * line + width]) < INK_LIGHTNESS for row in range(grey.height())
    )
