"""Choosing the database, spotting network shares, and French argparse."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import pytest

from spplus_desk.cli_parser import translate
from spplus_desk.domain.errors import UserError
from spplus_desk.store.location import resolve_location, sqlite_file_uri, url_location
from spplus_desk.store.netshare import is_on_network_share, is_unc_path, mount_fs_type

MOUNTS = """\
/dev/sda1 / ext4 rw,relatime 0 0
server:/export/mairie /mnt/partage nfs4 rw,relatime 0 0
//nas/accueil /mnt/nas\\040accueil cifs rw 0 0
tmpfs /tmp tmpfs rw 0 0
"""


def test_mount_type_is_that_of_the_longest_mount_point() -> None:
    assert mount_fs_type(Path("/mnt/partage/spplus.db"), MOUNTS) == "nfs4"
    assert mount_fs_type(Path("/mnt/nas accueil/spplus.db"), MOUNTS) == "cifs"
    assert mount_fs_type(Path("/mnt/partagez/spplus.db"), MOUNTS) == "ext4"
    assert mount_fs_type(Path("/home/agent/spplus.db"), MOUNTS) == "ext4"


def test_network_shares_are_recognised(tmp_path: Path) -> None:
    assert is_on_network_share(Path("/mnt/partage/spplus.db"), mounts_text=MOUNTS)
    assert is_on_network_share(Path("/mnt/nas accueil/x.db"), mounts_text=MOUNTS)
    assert not is_on_network_share(tmp_path / "x.db", mounts_text=MOUNTS)
    assert is_unc_path(r"\\serveur\partage\spplus.db")
    assert is_unc_path("//serveur/partage/spplus.db")
    assert not is_unc_path(r"C:\Users\agent\spplus.db")


@pytest.mark.parametrize(
    ("path", "uri"),
    [
        ("/home/agent/spplus.db", "file:/home/agent/spplus.db?mode=ro"),
        ("C:/Users/agent/spplus.db", "file:/C%3A/Users/agent/spplus.db?mode=ro"),
        ("//serveur/partage/spplus.db", "file:////serveur/partage/spplus.db?mode=ro"),
        ("/tmp/dossier #1/a?b.db", "file:/tmp/dossier%20%231/a%3Fb.db?mode=ro"),
    ],
)
def test_sqlite_uris_keep_unc_servers_out_of_the_authority(path: str, uri: str) -> None:
    assert sqlite_file_uri(PurePosixPath(path), "mode=ro") == uri


def test_options_win_over_environment_which_wins_over_default(tmp_path: Path) -> None:
    env = {"SPPLUS_DESK_DB": str(tmp_path / "env.db")}
    assert resolve_location(str(tmp_path / "opt.db"), None, env).sqlite_path == (
        tmp_path / "opt.db"
    )
    assert resolve_location(None, None, env).sqlite_path == tmp_path / "env.db"
    default = resolve_location(None, None, {})
    assert default.is_default
    assert default.sqlite_path is not None
    assert default.sqlite_path.name == "spplus-desk.db"
    server = resolve_location(
        None, None, {"SPPLUS_DESK_DATABASE_URL": "postgresql://a:secret@h/db"}
    )
    assert server.url.drivername == "postgresql+psycopg"
    assert "secret" not in server.describe()
    assert server.describe().startswith("PostgreSQL : postgresql://a:***@h/db")


@pytest.mark.parametrize("url", ["mysql://x/y", "n'importe quoi", "sqlite://"])
def test_unusable_urls_get_a_french_message(url: str) -> None:
    with pytest.raises(UserError):
        url_location(url)


def test_argparse_messages_are_french() -> None:
    assert translate("unrecognized arguments: --foo") == "argument(s) non reconnu(s) : --foo"
    assert translate("argument --db: not allowed with argument --database-url") == (
        "les options --db et --database-url ne peuvent pas être utilisées ensemble"
    )
    assert translate("the following arguments are required: --contacts") == (
        "argument(s) obligatoire(s) manquant(s) : --contacts"
    )
