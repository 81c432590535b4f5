"""What ``--self-test`` proves beyond a shown window: the parts an install can lack.

A frozen build gathers Qt's plugins and translations, the fonts and reportlab by hand
(packaging/spplus-desk.spec); one left out shows only when a person needs it: buttons in
English, an icon missing, a print preview that stays blank. The self-test tries each
one, on the real desk, and names what is missing in French.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QCoreApplication, QSize
from PySide6.QtGui import QImageReader
from PySide6.QtWidgets import QWidget

from spplus_desk.domain.documents import DocumentKind, DocumentOrder
from spplus_desk.domain.errors import UserError
from spplus_desk.domain.formatting import format_int
from spplus_desk.services.desk import Desk
from spplus_desk.services.documents import build_document
from spplus_desk.ui.pdf_print import pdf_document

PREVIEW_SIZE = QSize(120, 170)  # a thumbnail: enough to know QtPdf drew the page


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
    formats = {bytes(name.data()).decode("ascii") for name in QImageReader.supportedImageFormats()}
    missing = [name.upper() for name in ("svg", "pdf") if name not in formats]
    if missing:
        report.problems.append(
            f"les modules d'images de Qt pour {' et '.join(missing)} manquent : icônes et "
            "graphiques ne s'afficheraient pas"
        )
    else:
        report.checked.append("images SVG et PDF")


def _check_pdf(report: InstallationReport, desk: Desk, window: QWidget) -> None:
    """The commitments poster, built by reportlab with the bundled font, drawn by QtPdf."""
    try:
        built = build_document(desk, DocumentOrder(DocumentKind.COMMITMENTS))
    except UserError:  # a service not set up yet has no poster: nothing to draw
        report.checked.append("affiches non essayées (service pas encore configuré)")
        return
    try:
        document = pdf_document(built.data, window)
    except UserError:
        document = None
    if document is None or document.pageCount() < 1 or document.render(0, PREVIEW_SIZE).isNull():
        report.problems.append(
            "l'aperçu des documents PDF ne fonctionne pas (module QtPdf) : les affiches "
            "ne pourraient pas être vues avant impression"
        )
        return
    document.deleteLater()
    report.checked.append(
        f"affiche des engagements créée et affichée ({format_int(len(built.data))} octets)"
    )
