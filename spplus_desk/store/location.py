"""Which database to open: a SQLite file (the default) or a PostgreSQL server."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePath
from urllib.parse import quote

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from spplus_desk import paths
from spplus_desk.domain.errors import UserError

DB_ENV = "SPPLUS_DESK_DB"
DATABASE_URL_ENV = "SPPLUS_DESK_DATABASE_URL"


@dataclass(frozen=True, slots=True)
class DatabaseLocation:
    url: URL
    # Set for SQLite: the file itself, which preflight checks and backups copy.
    sqlite_path: Path | None
    # The per-user default file, whose folder may be created on first start.
    is_default: bool = False

    @property
    def is_sqlite(self) -> bool:
        return self.sqlite_path is not None

    def describe(self) -> str:
        """For the status bar and messages; never shows a password."""
        if self.sqlite_path is not None:
            return f"SQLite : {self.sqlite_path}"
        shown = self.url.set(drivername="postgresql")
        return f"PostgreSQL : {shown.render_as_string(hide_password=True)}"


def sqlite_location(path: Path, *, is_default: bool = False) -> DatabaseLocation:
    resolved = path.expanduser().absolute()
    url = URL.create("sqlite+pysqlite", database=str(resolved))
    return DatabaseLocation(url=url, sqlite_path=resolved, is_default=is_default)


def url_location(text: str) -> DatabaseLocation:
    try:
        url = make_url(text.strip())
    except (ArgumentError, ValueError):
        raise UserError(
            f"Adresse de base de données illisible : « {text} ». "
            "Exemple : postgresql://agent@serveur/spplus"
        ) from None
    backend = url.get_backend_name()
    if backend == "sqlite":
        if not url.database or url.database == ":memory:":
            raise UserError("Une base SQLite doit être un fichier : utilisez --db CHEMIN.")
        return sqlite_location(Path(url.database))
    if backend != "postgresql":
        raise UserError(
            f"Type de base non pris en charge : « {backend} ». "
            "SP+ Desk fonctionne avec un fichier SQLite ou un serveur PostgreSQL."
        )
    return DatabaseLocation(url=url.set(drivername="postgresql+psycopg"), sqlite_path=None)


def resolve_location(
    db_path: str | None,
    database_url: str | None,
    environ: Mapping[str, str] = os.environ,
) -> DatabaseLocation:
    """Command-line options first, then environment variables, then the per-user file."""
    if database_url:
        return url_location(database_url)
    if db_path:
        return sqlite_location(Path(db_path))
    if environ.get(DATABASE_URL_ENV):
        return url_location(environ[DATABASE_URL_ENV])
    if environ.get(DB_ENV):
        return sqlite_location(Path(environ[DB_ENV]))
    return sqlite_location(paths.default_database_path(), is_default=True)


def sqlite_file_uri(path: PurePath, query: str) -> str:
    """A SQLite URI for ``path`` that also works for Windows drives and UNC shares.

    Path.as_uri() puts a UNC server in the URI's authority (file://server/share), which
    SQLite refuses; an empty authority followed by the full path (file:////server/share)
    is what it expects.
    """
    text = path.as_posix()
    if not text.startswith("/"):
        text = "/" + text  # C:/dossier/x.db -> /C:/dossier/x.db
    elif text.startswith("//"):
        text = "//" + text
    return f"file:{quote(text)}?{query}"
