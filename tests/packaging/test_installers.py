"""The installers' scripts, run on a stand-in bundle: the Linux install.sh for real, the
menu entry and AppStream metadata through their validators, the MSI compiled by wixl
(the real Windows build uses WiX 3; wixl compiles the same source)."""

from __future__ import annotations

import importlib.util
import os
import shutil
import stat
import subprocess
import sys
import tarfile
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


SHELL = shutil.which("dash") or "sh"  # Debian's /bin/sh: POSIX, no bash-isms


def _install(
    bundle: Path, home: Path, *options: str, destdir: Path | None = None, umask: str = "022"
) -> subprocess.CompletedProcess[str]:
    environment = {"HOME": str(home), "PATH": os.environ["PATH"]}
    if destdir is not None:
        environment["DESTDIR"] = str(destdir)
    return subprocess.run(
        [SHELL, "-c", f'umask {umask}; exec {SHELL} "$0" "$@"', bundle / "install.sh", *options],
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


@pytest.mark.skipif(sys.platform == "win32", reason="the Linux installer")
def test_a_portable_copy_installs_without_its_data_and_its_data_is_never_deleted(
    bundle: Path, tmp_path: Path
) -> None:
    (bundle / "portable.txt").write_text("", encoding="utf-8")
    (bundle / "donnees" / "data").mkdir(parents=True)
    (bundle / "donnees" / "data" / "spplus-desk.db").write_bytes(b"la base portable")
    home = tmp_path / "home"
    assert _install(bundle, home).returncode == 0
    installed = home / ".local/opt/spplus-desk"
    assert not (installed / "donnees").exists()
    assert not (installed / "portable.txt").exists()
    assert (bundle / "donnees/data/spplus-desk.db").read_bytes() == b"la base portable"
    # The installed copy later used as a portable one: neither a reinstall nor an
    # uninstall may delete what it holds.
    (installed / "donnees").mkdir()
    (installed / "donnees" / "spplus-desk.db").write_bytes(b"ses donnees")
    for options in ((), ("--uninstall",)):
        result = _install(bundle, home, *options)
        assert result.returncode == 1
        assert "contient des données (donnees/, mode portable)" in result.stderr
        assert (installed / "donnees" / "spplus-desk.db").read_bytes() == b"ses donnees"


@pytest.mark.skipif(sys.platform == "win32", reason="the Linux installer")
def test_paths_with_spaces_and_a_second_run(tmp_path: Path) -> None:
    source = tmp_path / "mes téléchargements" / "spplus-desk"
    (source / "_internal").mkdir(parents=True)
    program = source / "spplus-desk"
    program.write_text("#!/bin/sh\necho 'SP+ Desk 0.0.0'\n", encoding="utf-8")
    program.chmod(0o755)
    build.add_common_files(source)
    build.add_linux_files(source)
    home = tmp_path / "dossier de Zoé"
    for _ in range(2):
        result = _install(source, home)
        assert result.returncode == 0, result.stderr
    installed = home / ".local/opt/spplus-desk/spplus-desk"
    desktop = home / ".local/share/applications/fr.spplus.Desk.desktop"
    assert f'Exec="{installed}"' in desktop.read_text(encoding="utf-8").splitlines()
    assert not (home / ".local/opt/spplus-desk.nouveau").exists()
    command = home / ".local/bin/spplus-desk"
    assert subprocess.run([command], capture_output=True, text=True, check=True).stdout == (
        "SP+ Desk 0.0.0\n"
    )


@pytest.mark.skipif(sys.platform == "win32", reason="the Linux installer")
def test_system_install_is_readable_by_every_user_and_writable_by_none(
    bundle: Path, tmp_path: Path
) -> None:
    """--system, staged under DESTDIR: whatever the umask of the admin who unpacked the
    archive and of the one installing, every user can run the program and see the menu
    entry; nobody but root can change them."""
    for path in (bundle, *bundle.rglob("*")):
        if not path.is_symlink():
            path.chmod(0o700 if path.is_dir() or os.access(path, os.X_OK) else 0o600)
    if os.geteuid() == 0:  # unpacked by another account: the copy must not stay theirs
        for path in (bundle, *bundle.rglob("*")):
            os.lchown(path, 65534, 65534)
    stage = tmp_path / "stage"
    result = _install(bundle, tmp_path / "home", "--system", destdir=stage, umask="077")
    assert result.returncode == 0, result.stderr
    program = stage / "opt/spplus-desk"
    installed = [program, *program.rglob("*")]
    installed += [stage / "usr/local/share/applications/fr.spplus.Desk.desktop"]
    installed += [stage / "usr/local/share/applications", stage / "usr/local/share/metainfo"]
    for path in installed:
        mode = path.lstat().st_mode
        assert mode & (stat.S_IWGRP | stat.S_IWOTH) == 0, path
        assert mode & stat.S_IROTH, path
        if path.is_dir() or path.name == "spplus-desk":
            assert mode & stat.S_IXOTH, path
        assert path.lstat().st_uid == os.geteuid(), path
    # The staged files name the final places, never the staging folder.
    desktop = stage / "usr/local/share/applications/fr.spplus.Desk.desktop"
    assert 'Exec="/opt/spplus-desk/spplus-desk"' in desktop.read_text(encoding="utf-8")
    assert (stage / "usr/local/bin/spplus-desk").readlink() == Path("/opt/spplus-desk/spplus-desk")

    result = _install(program, tmp_path / "home", "--system", "--uninstall", destdir=stage)
    assert result.returncode == 0, result.stderr
    assert not program.exists()
    assert not desktop.exists()


@pytest.mark.skipif(
    sys.platform == "win32" or os.geteuid() == 0, reason="the Linux installer, as a user"
)
def test_system_install_asks_for_root_in_french(bundle: Path, tmp_path: Path) -> None:
    result = _install(bundle, tmp_path / "home", "--system")
    assert result.returncode == 1
    assert "--system demande les droits d'administrateur" in result.stderr


def test_archive_belongs_to_root_whoever_built_it(
    bundle: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """sudo tar -xzf keeps the owners recorded in the archive: the build account's uid
    would hand /opt/spplus-desk to whichever local user has it."""
    monkeypatch.setattr(build, "DIST", bundle.parent)
    monkeypatch.setattr(build.sys, "platform", "linux")
    with tarfile.open(build.archive(bundle)) as archive:
        members = archive.getmembers()
    assert {(member.uid, member.gid, member.uname, member.gname) for member in members} == {
        (0, 0, "root", "root")
    }
    assert any(member.name == "spplus-desk/spplus-desk" for member in members)


def test_unknown_option_is_refused_in_french(bundle: Path, tmp_path: Path) -> None:
    result = _install(bundle, tmp_path / "home", "--everyone")
    assert result.returncode == 2
    assert "Option inconnue : --everyone" in result.stderr


def test_menu_entry_matches_the_window() -> None:
    """Qt names the window's class (X11) and app_id (Wayland) after the executable: the
    dock finds the menu entry, and its icon, through StartupWMClass."""
    lines = (LINUX / "fr.spplus.Desk.desktop").read_text(encoding="utf-8").splitlines()
    assert f"StartupWMClass={build.BUNDLE_NAME}" in lines


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
    assert shortcut[8] == properties["ARPPRODUCTICON"] == "spplusdesk.ico"
    # Uninstalling removes the installed files and nothing else: no data folder is named.
    assert _msi_table(msi, "RemoveFile") == []
    installed = {row[2].split("|")[-1] for row in _msi_table(msi, "File")}
    assert installed == {"spplus-desk.exe", "python311.dll"}


def test_wix3_commands_fit_together(tmp_path: Path) -> None:
    """heat's fragment is what the .wxs references; candle names one object per source in
    a folder; light skips ICE57, which rejects the HKMU key path a package that installs
    per user or per machine needs for its shortcut."""
    bundle = tmp_path / "dist" / "spplus-desk"
    work = tmp_path / "work"
    heat, candle, light = build.wix3_commands(bundle, tmp_path / "out.msi", work)
    wxs = (ROOT / "packaging" / "windows" / "spplus-desk.wxs").read_text(encoding="utf-8")

    assert heat[:3] == ["heat", "dir", bundle]
    group = heat[heat.index("-cg") + 1]
    assert f'<ComponentGroupRef Id="{group}" />' in wxs
    assert f'<Directory Id="{heat[heat.index("-dr") + 1]}" Name="SP+ Desk" />' in wxs
    assert heat[heat.index("-var") + 1] == "var.SourceDir"
    assert "-ag" in heat  # component GUIDs stable from one build to the next
    fragment = heat[heat.index("-out") + 1]

    assert candle[candle.index("-arch") + 1] == "x64"
    out = str(candle[candle.index("-out") + 1])
    assert out.endswith(os.sep)
    assert f"-dSourceDir={bundle}" in candle
    sources = [part for part in candle if isinstance(part, Path) and part.suffix == ".wxs"]
    assert fragment in sources
    objects = {Path(out) / f"{source.stem}.wixobj" for source in sources}

    assert "-sice:ICE57" in light
    assert {part for part in light if isinstance(part, Path) and part.suffix == ".wixobj"} == (
        objects
    )


def test_the_wixl_check_package_stays_out_of_dist(monkeypatch: pytest.MonkeyPatch) -> None:
    """wixl's MSI holds the Linux bundle: named like the real installer in dist/, it would
    end up on a Windows workstation."""
    monkeypatch.setattr(build.sys, "platform", "linux")
    assert build.DIST not in build.msi_target().parents
    monkeypatch.setattr(build.sys, "platform", "win32")
    assert build.msi_target().parent == build.DIST
