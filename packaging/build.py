"""Build SP+ Desk's one-folder bundle and its archive: ``python3 packaging/build.py``.

The build runs in its own virtual environment (``build/bundle-venv``) holding a normal,
non-editable install of the checkout and PyInstaller, so the bundle carries exactly what
the wheel carries. Output, in ``dist/``:

- ``spplus-desk/``: the one-folder program (``spplus-desk`` or ``spplus-desk.exe``);
- Linux: ``spplus-desk-VERSION-linux-ARCH.tar.gz``, with the menu entry, the AppStream
  metadata, the icon and ``install.sh`` inside;
- Windows: ``spplus-desk-VERSION-windows-ARCH.zip`` and, with ``--msi``, the installer
  built by the WiX toolset (``windows/spplus-desk.wxs``).

``--msi`` on Linux compiles the same WiX source with msitools' ``wixl``: the package it
makes holds Linux files and is only a check that the installer script builds.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
DIST = ROOT / "dist"
WORK = ROOT / "build"
VENV = WORK / "bundle-venv"
BUNDLE_NAME = "spplus-desk"
PYINSTALLER = "pyinstaller>=6.10,<7"
WXS_SOURCE = PACKAGING / "windows" / "spplus-desk.wxs"
WINDOWS_ICON = PACKAGING / "windows" / "spplus-desk.ico"


def version() -> str:
    namespace: dict[str, str] = {}
    init = (ROOT / "spplus_desk" / "__init__.py").read_text(encoding="utf-8")
    exec(compile(init, "__init__.py", "exec"), namespace)  # only assigns __version__
    return namespace["__version__"]


def run(*command: str | Path, cwd: Path = ROOT) -> None:
    print("+", " ".join(str(part) for part in command), flush=True)
    subprocess.run([str(part) for part in command], cwd=cwd, check=True)


def venv_python() -> Path:
    folder = "Scripts" if sys.platform == "win32" else "bin"
    return VENV / folder / ("python.exe" if sys.platform == "win32" else "python")


def prepare_venv(fresh: bool) -> Path:
    if fresh and VENV.exists():
        shutil.rmtree(VENV)
    python = venv_python()
    if not python.exists():
        run(sys.executable, "-m", "venv", VENV)
    run(python, "-m", "pip", "install", "-q", f"{ROOT}[postgres]", PYINSTALLER)
    # Always the checkout as it is now, even when its version number did not change.
    run(python, "-m", "pip", "install", "-q", "--no-deps", "--force-reinstall", ROOT)
    return python


def freeze(python: Path) -> Path:
    bundle = DIST / BUNDLE_NAME
    run(
        python,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--clean",
        "--log-level=WARN",
        "--distpath",
        DIST,
        "--workpath",
        WORK / "pyinstaller",
        PACKAGING / "spplus-desk.spec",
        cwd=WORK,  # away from the checkout: the installed package is what gets frozen
    )
    return bundle


def add_linux_files(bundle: Path) -> None:
    """The menu entry, AppStream metadata and icon, laid out as under /usr/share."""
    share = bundle / "share"
    placed = {
        PACKAGING / "linux" / "fr.spplus.Desk.desktop": share / "applications",
        PACKAGING / "linux" / "fr.spplus.Desk.metainfo.xml": share / "metainfo",
        ROOT / "resources" / "icons" / "spplus-desk.svg": share / "icons/hicolor/scalable/apps",
    }
    for source, folder in placed.items():
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, folder / source.name)
    installer = bundle / "install.sh"
    shutil.copy2(PACKAGING / "linux" / "install.sh", installer)
    installer.chmod(0o755)


def add_common_files(bundle: Path) -> None:
    shutil.copy2(PACKAGING / "LISEZMOI.txt", bundle / "LISEZMOI.txt")


def archive(bundle: Path) -> Path:
    system = "windows" if sys.platform == "win32" else "linux"
    stem = f"{BUNDLE_NAME}-{version()}-{system}-{platform.machine().lower() or 'unknown'}"
    if sys.platform == "win32":
        target = DIST / f"{stem}.zip"
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zipped:
            for path in sorted(bundle.rglob("*")):
                zipped.write(path, Path(BUNDLE_NAME) / path.relative_to(bundle))
        return target
    target = DIST / f"{stem}.tar.gz"
    with tarfile.open(target, "w:gz", compresslevel=9) as tarred:
        tarred.add(bundle, arcname=BUNDLE_NAME, filter=_owned_by_root)
    return target


def _owned_by_root(member: tarfile.TarInfo) -> tarfile.TarInfo:
    """Not the build account's uid: root unpacking the archive (sudo tar) must not hand
    the program to whichever local user has that uid."""
    member.uid = member.gid = 0
    member.uname = member.gname = "root"
    return member


def wix3_commands(bundle: Path, target: Path, work: Path) -> list[list[str | Path]]:
    """heat, candle and light, as run on a Windows build machine with WiX 3 on the PATH."""
    files = work / "bundle-files.wxs"
    objects = work / "wixobj"
    defines = [f"-dVersion={version()}", f"-dSourceDir={bundle}", f"-dIconFile={WINDOWS_ICON}"]
    return [
        # -ag: each file's component GUID derives from its path, the same in every build.
        ["heat", "dir", bundle, "-nologo", "-cg", "BundleFiles", "-dr", "INSTALLDIR",
         "-ag", "-srd", "-sreg", "-scom", "-var", "var.SourceDir", "-out", files],
        # One object per source, named after it, in the folder ending with a separator.
        ["candle", "-nologo", "-arch", "x64", *defines, "-out", f"{objects}{os.sep}",
         WXS_SOURCE, files],
        # ICE57 reports the Start menu shortcut's HKMU key path, right for a package that
        # installs per user or per machine, as an error: the check is skipped.
        ["light", "-nologo", "-spdb", "-sice:ICE57", "-out", target,
         objects / "spplus-desk.wixobj", objects / "bundle-files.wixobj"],
    ]  # fmt: skip


def msi_target() -> Path:
    """The installer's path: beside the bundle on Windows; elsewhere wixl's package only
    checks the WiX source (it holds Linux files), so it stays out of dist/."""
    name = f"{BUNDLE_NAME}-{version()}"
    if sys.platform == "win32":
        return DIST / f"{name}.msi"
    return WORK / f"{name}-wixl-check.msi"


def build_msi(bundle: Path, target: Path, work: Path) -> Path:
    """Compile windows/spplus-desk.wxs: WiX 3 on Windows, msitools' wixl elsewhere."""
    if sys.platform == "win32":  # pragma: no cover - run by hand on a Windows build machine
        (work / "wixobj").mkdir(parents=True, exist_ok=True)
        for command in wix3_commands(bundle, target, work):
            run(*command)
        return target
    # wixl wants the files' paths relative to where it runs; it ignores InstallPrivileges
    # (the summary's "no elevation needed" bit) and CompressionLevel, which WiX 3 honours.
    here = bundle.parent
    listing = "\n".join(
        str(path.relative_to(here)) for path in sorted(bundle.rglob("*")) if path.is_file()
    )
    heat = subprocess.run(
        ["wixl-heat", "-p", f"{bundle.name}/", "--component-group", "BundleFiles",
         "--var", "var.SourceDir", "--directory-ref", "INSTALLDIR", "--win64"],
        input=listing, capture_output=True, text=True, check=True,
    )  # fmt: skip
    files = work / "bundle-files.wxs"
    files.write_text(heat.stdout, encoding="utf-8")
    defines = {
        "Version": version(),
        "SourceDir": bundle.name,
        "IconFile": os.path.relpath(WINDOWS_ICON, here),
        "Win64": "yes",
    }
    options = [part for name, value in defines.items() for part in ("-D", f"{name}={value}")]
    run("wixl", "--arch", "x64", *options, "-o", target, WXS_SOURCE, files, cwd=here)
    return target


def size_on_disk(folder: Path) -> int:
    """Bytes of the files, each counted once (PyInstaller links some libraries)."""
    return sum(
        path.lstat().st_size
        for path in folder.rglob("*")
        if path.is_file() and not path.is_symlink()
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fresh", action="store_true", help="recreate the build venv")
    parser.add_argument("--msi", action="store_true", help="also build the MSI installer")
    args = parser.parse_args(argv)
    WORK.mkdir(exist_ok=True)
    python = prepare_venv(args.fresh)
    bundle = freeze(python)
    add_common_files(bundle)
    if sys.platform != "win32":
        add_linux_files(bundle)
    packed = archive(bundle)
    print(f"Bundle: {bundle} ({size_on_disk(bundle) / 1e6:.1f} MB on disk)")
    print(f"Archive: {packed} ({packed.stat().st_size / 1e6:.1f} MB)")
    if args.msi:
        installer = build_msi(bundle, msi_target(), WORK)
        kind = "Installer" if sys.platform == "win32" else "Installer check (wixl, not for Windows)"
        print(f"{kind}: {installer} ({installer.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
