"""argparse speaking French: usage, help and error messages.

argparse only speaks English; its few messages a person meets are translated here so
that a wrong option gets one clear French sentence and exit code 2.
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import NoReturn

_TRANSLATIONS = (
    (r"the following arguments are required: (.*)", r"argument(s) obligatoire(s) manquant(s) : \1"),
    (r"unrecognized arguments: (.*)", r"argument(s) non reconnu(s) : \1"),
    (
        r"argument (\S+): not allowed with argument (\S+)",
        r"les options \1 et \2 ne peuvent pas être utilisées ensemble",
    ),
    (r"argument (\S+): expected one argument", r"l'option \1 attend une valeur"),
    (
        r"argument (\S+): invalid choice: (.*) \(choose from (.*)\)",
        r"\1 : choix invalide \2 (choix possibles : \3)",
    ),
    (r"argument (\S+): invalid (\S+) value: (.*)", r"\1 : valeur invalide \3"),
    (r"argument (\S+): (.*)", r"\1 : \2"),
    (r"ambiguous option: (.*)", r"option ambiguë : \1"),
)


def translate(message: str) -> str:
    for pattern, replacement in _TRANSLATIONS:
        if re.fullmatch(pattern, message):
            return re.sub(pattern, replacement, message)
    return message


class FrenchHelpFormatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(
        self, usage: str | None, actions: object, groups: object, prefix: str | None = None
    ) -> None:
        super().add_usage(usage, actions, groups, prefix or "utilisation : ")  # type: ignore[arg-type]


class FrenchArgumentParser(argparse.ArgumentParser):
    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("formatter_class", FrenchHelpFormatter)
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._optionals.title = "options"
        self._positionals.title = "arguments"
        self.add_argument("-h", "--help", action="help", help="affiche cette aide et quitte")

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog} : erreur : {translate(message)}\n")
