"""A portable copy opens its database beside the program, or says why it cannot."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from spplus_desk import paths
from spplus_desk.domain.errors import UserError
from spplus_desk.services.desk import locate, open_desk


@pytest.fixture
def portable_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "Lecteur partagé" / "SP+ Desk"
    folder.mkdir(parents=True)
    (folder / "spplus-desk.exe").write_bytes(b"")
    (folder / "portable.txt").write_text("", encoding="utf-8")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(folder / "spplus-desk.exe"))
    monkeypatch.delenv(paths.HOME_ENV, raising=False)
    return folder


def test_portable_copy_creates_its_database_beside_the_program(portable_copy: Path) -> None:
    report = open_desk(locate(None, None))
    try:
        assert report.created
    finally:
        report.desk.close()
    assert (portable_copy / "donnees" / "data" / "spplus-desk.db").is_file()


def test_portable_folder_that_cannot_be_made_is_explained(portable_copy: Path) -> None:
    # What a portable.txt in Program Files gives; a file in the way fails even as root.
    (portable_copy / "donnees").write_text("", encoding="utf-8")
    with pytest.raises(UserError) as raised:
        open_desk(locate(None, None))
    message = raised.value.message
    assert message.startswith(
        "Mode portable (portable.txt à côté du programme) : impossible de créer le dossier "
        f"des données {portable_copy / 'donnees' / 'data'} ("
    )
    assert "ou retirez portable.txt" in message


def test_an_explicit_database_ignores_the_portable_folder(
    portable_copy: Path, tmp_path: Path
) -> None:
    (portable_copy / "donnees").write_text("", encoding="utf-8")
    report = open_desk(locate(str(tmp_path / "ailleurs.db"), None))
    report.desk.close()
    assert (tmp_path / "ailleurs.db").is_file()
