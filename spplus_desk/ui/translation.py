"""French for Qt's own texts (standard buttons say « Annuler ») and for dates and numbers."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator


def install_french(app: QCoreApplication) -> bool:
    """Load qtbase_fr and make French the default locale; False if Qt's file is missing."""
    QLocale.setDefault(QLocale(QLocale.Language.French, QLocale.Country.France))
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load(QLocale(QLocale.Language.French), "qtbase", "_", folder):
        return False
    return QCoreApplication.installTranslator(translator)
