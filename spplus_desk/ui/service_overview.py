"""The home panel: who we are, when we are open, and what we promise (the engagements)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from spplus_desk.domain.service import ServiceInfo
from spplus_desk.services.referential import Referential

if TYPE_CHECKING:  # the services are imported when read: the window appears before them
    from spplus_desk.services.desk import Desk


class ServiceOverview(QScrollArea):
    def __init__(
        self,
        service: ServiceInfo,
        referential: Referential,
        local_engagements: Sequence[str] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.service, self.referential = service, referential
        self.local_engagements = tuple(local_engagements)
        self.setWidgetResizable(True)
        self.setAccessibleName(self.tr("Présentation du service"))
        content = QWidget()
        layout = QVBoxLayout(content)

        self.title = QLabel(service.name or self.tr("Service sans nom"))
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setAccessibleName(self.tr("Nom du service"))
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.title)

        identity = QGroupBox(self.tr("Votre service"))
        form = QFormLayout(identity)
        form.addRow(self.tr("Département :"), self._value(service.departement.display))
        form.addRow(self.tr("Fuseau horaire :"), self._value(service.time_zone))
        form.addRow(self.tr("Adresse :"), self._value(service.address or self.tr("non renseignée")))
        hours = "\n".join(service.opening_hours.describe())
        form.addRow(self.tr("Horaires d'ouverture :"), self._value(hours))
        form.addRow(
            self.tr("Lundi de Pentecôte :"),
            self._value(
                self.tr("travaillé (journée de solidarité)")
                if service.whit_monday_worked
                else self.tr("férié")
            ),
        )
        layout.addWidget(identity)

        promises = QGroupBox(self.tr("Nos engagements — %1").replace("%1", referential.title))
        promises_layout = QVBoxLayout(promises)
        # A label, not a list widget: no scroll area inside the page's own, so every
        # engagement stays readable at 200 % text size.
        self.engagements = self._value(
            "\n".join(
                f"{number}. {text}" for number, text in enumerate(referential.engagements, start=1)
            )
        )
        self.engagements.setAccessibleName(self.tr("Engagements du service"))
        promises_layout.addWidget(self.engagements)
        layout.addWidget(promises)
        if self.local_engagements:
            own = QGroupBox(self.tr("Nos engagements locaux"))
            own_layout = QVBoxLayout(own)
            self.own_engagements = self._value("\n".join(f"• {t}" for t in self.local_engagements))
            self.own_engagements.setAccessibleName(self.tr("Engagements locaux du service"))
            own_layout.addWidget(self.own_engagements)
            layout.addWidget(own)
        layout.addStretch(1)
        self.setWidget(content)

    @classmethod
    def read(cls, desk: Desk, service: ServiceInfo, referential: Referential) -> ServiceOverview:
        """The panel with the local engagements the lead set for the posters."""
        from spplus_desk.services.print_settings import local_engagements

        return cls(service, referential, local_engagements(desk))

    def reread(self, desk: Desk) -> ServiceOverview | None:
        """A new panel when the service's details or engagements changed, else None."""
        from spplus_desk.services.print_settings import local_engagements
        from spplus_desk.services.setup import get_service

        service = get_service(desk)
        local = local_engagements(desk)
        if service is None or (service, local) == (self.service, self.local_engagements):
            return None
        return ServiceOverview(service, self.referential, local)

    def _value(self, text: str) -> QLabel:
        label = QLabel(text)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label
