"""Entry point: no command opens the desktop app; a command runs headless."""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence

from spplus_desk import paths

log = logging.getLogger("spplus_desk")


def setup_logging() -> str | None:
    """Log to the per-user log file; returns its path, or None if it cannot be written."""
    try:
        log_path = paths.log_file()
        log_path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(log_path, encoding="utf-8", delay=True)
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return str(log_path)


def main(argv: Sequence[str] | None = None) -> int:
    from spplus_desk.cli_parser import build_parser
    from spplus_desk.domain.errors import EXIT_BUG, EXIT_USER, UserError, bug_message

    args = build_parser().parse_args(argv)
    log_path = setup_logging()
    try:
        if args.command is None:
            from spplus_desk.ui.app import run_app

            return run_app(args.db, args.database_url, self_test=args.self_test, log_path=log_path)
        if sys.stdout is None or sys.stderr is None:  # Windows' windowed .exe: no console
            from spplus_desk.ui.no_console import explain_console_needed

            return explain_console_needed(args.command)
        from spplus_desk.cli import run_command

        return run_command(args)
    except UserError as error:
        print(f"Erreur : {error.message}", file=sys.stderr)
        return EXIT_USER
    except KeyboardInterrupt:
        print("Interrompu.", file=sys.stderr)
        return 130
    except Exception:
        log.exception("unexpected error")
        print(bug_message(log_path), file=sys.stderr)
        return EXIT_BUG


if __name__ == "__main__":
    sys.exit(main())
