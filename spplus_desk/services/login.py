"""Who is using this workstation (kept free of database imports: the app needs it first)."""

import getpass


def current_login() -> str:
    """The operating-system user, who is the agent by default."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "agent"
