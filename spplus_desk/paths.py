"""Every folder the app writes to, from one place.

Per-user folders come from platformdirs. ``SPPLUS_DESK_HOME`` moves them all under one
folder (tests use it; so does a portable install).
"""

import os
from pathlib import Path

import platformdirs

APP_NAME = "spplus-desk"
HOME_ENV = "SPPLUS_DESK_HOME"


def _home_override() -> Path | None:
    value = os.environ.get(HOME_ENV)
    return Path(value) if value else None


def data_dir() -> Path:
    home = _home_override()
    return home / "data" if home else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def log_dir() -> Path:
    home = _home_override()
    return home / "logs" if home else Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def default_database_path() -> Path:
    return data_dir() / "spplus-desk.db"


def log_file() -> Path:
    return log_dir() / "spplus-desk.log"
