"""The installers' scripts, run on a stand-in bundle: the Linux install.sh for real, the
menu entry and AppStream metadata through their validators, the MSI compiled by wixl
(the real Windows build uses WiX 3; wixl compiles the same source)."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "packaging" / "linux"


def _load_build_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("spplus_build", ROOT / "packaging" / "build.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build = _load_build_script()


def needs(tool: str) -> pytest.MarkDecorator:
    return pytest.mark.skipif(shutil.which(tool) is None, reason=f"{tool} is not installed")


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    """A one-folder build's shape: the program, its _internal folder, the Linux files."""
    folder = tmp_path / "dist" / "spplus-desk"
    (folder / "_internal").mkdir(parents=True)
    (folder / "_internal" / "base_library.zip").write_bytes(b"stand-in")
    program = folder / "spplus-desk"
    program.write_text("#!/bin/sh\necho 'SP+ Desk 0.0.0'\n", encoding="utf-8")
    program.chmod(0o755)
    build.add_common_files(folder)
    build.add_linux_files(folder)
    return folder


def _install(bundle: Path, home: Path, *options: str) -> subprocess.CompletedProcess[str]:
    environment = {"HOME": str(home), "PATH": os.environ["PATH"]}
    return subprocess.run(
        ["sh", str(bundle / "install.sh"), *options],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.skipif(sys.platform == "win32", reason="the Linux installer")
def test_per_user_install_then_uninstall_keeps_the_data(bundle: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    result = _install(bundle, home)
    assert result.returncode == 0, result.stderr
    program = home / ".local/opt/spplus-desk/spplus-desk"
    assert "SP+ Desk est installé dans" in result.stdout
    command = home / ".local/bin/spplus-desk"
    assert subprocess.run([command], capture_output=True, text=True, check=True).stdout == (
        "SP+ Desk 0.0.0\n"
    )
    desktop = home / ".local/share/applications/fr.spplus.Desk.desktop"
    # The menu names the program by its full path: ~/.local/bin may not be on its PATH.
    assert f'Exec="{program}"' in desktop.read_text(encoding="utf-8").splitlines()
    assert (home / ".local/share/metainfo/fr.spplus.Desk.metainfo.xml").is_file()
    assert (home / ".local/share/icons/hicolor/scalable/apps/spplus-desk.svg").is_file()

    data = home / ".local/share/spplus-desk/spplus-desk.db"  # what the app wrote meanwhile
    data.parent.mkdir(parents=True)
    data.write_bytes(b"la base du service")
    result = _install(program.parent, home, "--uninstall")
    assert result.returncode == 0, result.stderr
    assert "Les données n'ont pas été touchées" in result.stdout
    assert not program.parent.exists()
    assert not command.exists()
    assert not command.is_symlink()
    assert not desktop.exists()
    assert data.read_bytes() == b"la base du service"


@pytest.mark.skipif(sys.platform == "win32", reason="the Linux installer")
def test_a_new_version_replaces_the_old_one_whole(bundle: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert _install(bundle, home).returncode == 0
    leftover = home / ".local/opt/spplus-desk/_internal/old-library.so"
    leftover.write_bytes(b"from the previous version")
    assert _install(bundle, home).returncode == 0
    assert not leftover.exists()


def test_unknown_option_is_refused_in_french(bundle: Path, tmp_path: Path) -> None:
    result = _install(bundle, tmp_path / "home", "--everyone")
    assert result.returncode == 2
    assert "Option inconnue : --everyone" in result.stderr


@needs("desktop-file-validate")
def test_menu_entry_is_valid() -> None:
    result = subprocess.run(
        ["desktop-file-validate", str(LINUX / "fr.spplus.Desk.desktop")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@needs("appstreamcli")
def test_appstream_metadata_is_valid() -> None:
    result = subprocess.run(
        ["appstreamcli", "validate", "--no-net", str(LINUX / "fr.spplus.Desk.metainfo.xml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _msi_table(msi: Path, table: str) -> list[list[str]]:
    exported = subprocess.run(
        ["msiinfo", "export", str(msi), table], capture_output=True, text=True, check=True
    )
    return [line.split("\t") for line in exported.stdout.splitlines()[3:]]  # after headers


@needs("wixl")
def test_msi_installs_per_user_or_per_machine(tmp_path: Path) -> None:
    folder = tmp_path / "spplus-desk"
    (folder / "_internal").mkdir(parents=True)
    (folder / "spplus-desk.exe").write_bytes(b"MZ stand-in")
    (folder / "_internal" / "python311.dll").write_bytes(b"stand-in")
    work = tmp_path / "work"
    work.mkdir()
    msi = build.build_msi(folder, tmp_path / "spplus-desk.msi", work)

    properties = {row[0]: row[1] for row in _msi_table(msi, "Property")}
    # A dual-purpose package: per user by default, per machine with ALLUSERS=1.
    assert properties["ALLUSERS"] == "2"
    assert properties["MSIINSTALLPERUSER"] == "1"
    assert properties["ProductLanguage"] == "1036"
    assert properties["UpgradeCode"].lower() == "{35ee25cc-a735-4a09-8c1c-6ddea23bba88}"
    directories = {row[0]: row for row in _msi_table(msi, "Directory")}
    assert directories["INSTALLDIR"][1] == "ProgramFiles64Folder"  # AppLocker's allowed place
    assert directories["INSTALLDIR"][2].endswith("SP+ Desk")
    (shortcut,) = _msi_table(msi, "Shortcut")
    assert shortcut[1:5] == ["ProgramMenuFolder", "SP+ Desk", "StartMenuShortcut",
                             "[INSTALLDIR]spplus-desk.exe"]  # fmt: skip
    assert shortcut[8] == "SpplusDeskIcon"
    # Uninstalling removes the installed files and nothing else: no data folder is named.
    assert _msi_table(msi, "RemoveFile") == []
    installed = {row[2].split("|")[-1] for row in _msi_table(msi, "File")}
    assert installed == {"spplus-desk.exe", "python311.dll"}
