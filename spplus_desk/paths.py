"""Every folder the app writes to, from one place.

Per-user folders come from platformdirs (Windows: %LOCALAPPDATA%\\spplus-desk; Linux:
~/.local/share/spplus-desk and ~/.local/state/spplus-desk/log). ``SPPLUS_DESK_HOME``
moves them all under one folder (tests use it). A frozen build with a ``portable.txt``
file beside its executable keeps them in a ``donnees`` folder beside it too: a service
that runs SP+ Desk from a shared drive on a single workstation then leaves nothing on
the PC, and its settings travel with the program.
"""

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "spplus-desk"
HOME_ENV = "SPPLUS_DESK_HOME"
PORTABLE_MARKER = "portable.txt"
PORTABLE_FOLDER = "donnees"


def program_folder() -> Path | None:
    """The folder of the frozen build's executable; None when run from Python."""
    if not getattr(sys, "frozen", False):
        return None
    return Path(sys.executable).resolve().parent


def portable_home() -> Path | None:
    """The portable data folder, when ``portable.txt`` sits beside the executable."""
    folder = program_folder()
    if folder is None or not (folder / PORTABLE_MARKER).is_file():
        return None
    return folder / PORTABLE_FOLDER


def portable_home_in_use() -> Path | None:
    """The portable data folder when the app uses it: ``SPPLUS_DESK_HOME``, set, wins."""
    return None if os.environ.get(HOME_ENV) else portable_home()


def _home_override() -> Path | None:
    value = os.environ.get(HOME_ENV)
    return Path(value) if value else portable_home()


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


def settings_file() -> Path | None:
    """Where the window's settings go under an overridden home (an INI file); None: the
    platform's usual place (the registry on Windows, ~/.config elsewhere)."""
    home = _home_override()
    return home / "reglages.ini" if home else None
