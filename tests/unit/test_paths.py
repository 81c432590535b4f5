"""Where the app writes: per-user folders, an overridden home, a portable copy."""

from __future__ import annotations

import sys
from pathlib import Path

import platformdirs
import pytest

from spplus_desk import paths


@pytest.fixture
def frozen_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A one-folder build unpacked in tmp_path: sys.frozen set, the executable inside."""
    folder = tmp_path / "SP+ Desk"
    folder.mkdir()
    executable = folder / "spplus-desk.exe"
    executable.write_bytes(b"")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(executable))
    monkeypatch.delenv(paths.HOME_ENV, raising=False)
    return folder


def test_per_user_folders_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(paths.HOME_ENV, raising=False)
    assert paths.program_folder() is None  # run from Python, not frozen
    expected = Path(platformdirs.user_data_dir("spplus-desk", appauthor=False))
    assert paths.default_database_path() == expected / "spplus-desk.db"
    assert paths.log_file().parent == Path(
        platformdirs.user_log_dir("spplus-desk", appauthor=False)
    )
    assert paths.settings_file() is None  # Qt's usual place


def test_home_variable_moves_everything(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(paths.HOME_ENV, str(tmp_path))
    assert paths.default_database_path() == tmp_path / "data" / "spplus-desk.db"
    assert paths.log_file() == tmp_path / "logs" / "spplus-desk.log"
    assert paths.settings_file() == tmp_path / "reglages.ini"


def test_installed_build_uses_per_user_folders(frozen_copy: Path) -> None:
    assert paths.program_folder() == frozen_copy.resolve()
    assert paths.portable_home() is None
    assert frozen_copy not in paths.default_database_path().parents
    assert paths.settings_file() is None


def test_portable_copy_keeps_everything_beside_the_program(frozen_copy: Path) -> None:
    (frozen_copy / "portable.txt").write_text("", encoding="utf-8")
    home = frozen_copy.resolve() / "donnees"
    assert paths.portable_home() == home
    assert paths.default_database_path() == home / "data" / "spplus-desk.db"
    assert paths.log_file() == home / "logs" / "spplus-desk.log"
    assert paths.settings_file() == home / "reglages.ini"


def test_home_variable_wins_over_portable_marker(
    frozen_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (frozen_copy / "portable.txt").write_text("", encoding="utf-8")
    monkeypatch.setenv(paths.HOME_ENV, str(tmp_path / "ailleurs"))
    assert paths.default_database_path() == tmp_path / "ailleurs" / "data" / "spplus-desk.db"


def test_a_folder_named_like_the_marker_is_not_a_marker(frozen_copy: Path) -> None:
    (frozen_copy / "portable.txt").mkdir()
    assert paths.portable_home() is None


def test_the_portable_folder_in_use_is_the_one_the_app_writes_to(
    frozen_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What « À propos » shows: never a portable folder the variable has replaced."""
    (frozen_copy / "portable.txt").write_text("", encoding="utf-8")
    assert paths.portable_home_in_use() == frozen_copy.resolve() / "donnees"
    monkeypatch.setenv(paths.HOME_ENV, str(tmp_path / "ailleurs"))
    assert paths.portable_home_in_use() is None
    assert paths.portable_home() is not None  # the marker is still there
