"""Is a database file on a network share? SQLite's WAL needs every process on one host.

Linux: the file system type of the mount holding the file (/proc/self/mounts).
Windows: a UNC path (\\\\server\\share) or a drive letter that Windows calls remote.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path, PurePath, PureWindowsPath

NETWORK_FS_TYPES = frozenset(
    {
        "nfs",
        "nfs4",
        "cifs",
        "smb3",
        "smbfs",
        "ncpfs",
        "afs",
        "9p",
        "fuse.sshfs",
        "sshfs",
        "glusterfs",
        "fuse.glusterfs",
        "ceph",
        "fuse.ceph",
        "lustre",
        "gpfs",
        "davfs",
        "fuse.davfs2",
        "fuse.rclone",
        "fuse.s3fs",
        "afpfs",
        "fuse.afpfs",
    }
)

NETWORK_SHARE_WARNING = (
    "La base de données {path} est sur un partage réseau. SQLite ne garantit pas "
    "l'intégrité des données quand le fichier est sur le réseau ou ouvert depuis plusieurs "
    "postes : des saisies peuvent être perdues ou la base endommagée. Pour partager les "
    "données entre plusieurs guichets, utilisez un serveur PostgreSQL "
    "(option --database-url) ; sinon, placez le fichier sur le disque local de ce poste."
)


def _unescape_mount_field(field: str) -> str:
    # /proc/mounts escapes spaces and tabs as octal (\040, \011).
    return (
        field.replace("\\040", " ")
        .replace("\\011", "\t")
        .replace("\\012", "\n")
        .replace("\\134", "\\")
    )


def mount_fs_type(path: Path, mounts_text: str) -> str | None:
    """File system type of the longest mount point containing ``path``."""
    best_point, best_type = "", None
    target = str(path)
    for line in mounts_text.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point, fs_type = _unescape_mount_field(fields[1]), fields[2]
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best_point):
            best_point, best_type = point, fs_type
    return best_type


def is_unc_path(path: PurePath | str) -> bool:
    text = str(path)
    return text.startswith(("\\\\", "//")) or bool(PureWindowsPath(text).drive.startswith("\\\\"))


def _windows_drive_is_remote(path: Path) -> bool:  # pragma: no cover - Windows only
    import ctypes

    drive = PureWindowsPath(path).drive
    if not drive:
        return False
    drive_remote = 4
    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    return bool(kernel32.GetDriveTypeW(drive + "\\") == drive_remote)


def _linux_mounts() -> str:
    try:
        return Path("/proc/self/mounts").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def is_on_network_share(path: Path, *, mounts_text: str | None = None) -> bool:
    if is_unc_path(path):
        return True
    if sys.platform == "win32":  # pragma: no cover - Windows only
        return _windows_drive_is_remote(path)
    text = mounts_text if mounts_text is not None else _linux_mounts()
    # realpath follows symlinks of the parts that exist (a link into a share counts).
    fs_type = mount_fs_type(Path(os.path.realpath(path)), text)
    return fs_type is not None and (fs_type in NETWORK_FS_TYPES or fs_type.startswith("nfs"))
