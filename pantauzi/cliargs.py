"""argparse in Indonesian for every command a person runs (``python -m loaders|reports|pantauzi.access``).

argparse builds its messages from English templates through gettext (``_('usage: ')``, ``_('the following
arguments are required: %s')`` …). `Parser` keeps argparse's behaviour and exit codes (2 for a bad command
line, 0 for --help) and renders those templates in Indonesian: the usage prefix and section titles by its
formatter, errors by `translate`, which knows each template argparse 3.11–3.13 can raise."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable
from typing import Any, NoReturn

# argparse's error templates (the regex of the English text) -> Indonesian; inner messages first
_MESSAGES: tuple[tuple[str, str], ...] = (
    (r"the following arguments are required: (.+)", r"argumen wajib belum diberikan: \1"),
    (r"unrecognized arguments: (.+)", r"argumen tidak dikenal: \1"),
    (r"one of the arguments (.+) is required", r"salah satu argumen \1 wajib diberikan"),
    (r"ambiguous option: (.+) could match (.+)", r"opsi \1 ambigu, bisa berarti \2"),
    (r"invalid choice: (.+) \(choose from (.+)\)", r"pilihan tidak sah: \1 (pilih salah satu: \2)"),
    (r"invalid int value: (.+)", r"bukan bilangan bulat: \1"),
    (r"invalid float value: (.+)", r"bukan angka: \1"),
    (r"invalid (\S+) value: (.+)", r"nilai \1 tidak sah: \2"),
    (r"expected one argument", "perlu satu nilai"),
    (r"expected at most one argument", "paling banyak satu nilai"),
    (r"expected at least one argument", "perlu sedikitnya satu nilai"),
    (r"expected (\d+) arguments?", r"perlu \1 nilai"),
    (r"ignored explicit argument (.+)", r"nilai \1 tidak dipakai oleh opsi ini"),
    (r"not allowed with argument (.+)", r"tidak boleh bersama argumen \1"),
    (r"can't open '(.+)': (.+)", r"berkas '\1' tidak dapat dibuka"),
)
_ARGUMENT = re.compile(r"argument (\S+): (.+)", re.S)
TITLES = {"positional arguments": "argumen posisi", "options": "opsi", "optional arguments": "opsi"}
HELP = "tampilkan bantuan ini lalu keluar"
_SUBCOMMAND_DESTS = {"command": "perintah"}


def translate(message: str) -> str:
    """One argparse error message in Indonesian (an unknown one is kept as it is)."""
    m = _ARGUMENT.fullmatch(message)
    if m:
        name = _SUBCOMMAND_DESTS.get(m[1], m[1])
        return f"argumen {name}: {translate(m[2])}"
    for pattern, replacement in _MESSAGES:
        if re.fullmatch(pattern, message, flags=re.S):
            text = re.sub(pattern, replacement, message, flags=re.S)
            for english, indonesian in _SUBCOMMAND_DESTS.items():
                text = re.sub(rf"\b{english}\b", indonesian, text)
            return text
    return message


class Formatter(argparse.HelpFormatter):
    """'penggunaan:' instead of 'usage:'."""

    def add_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[argparse._MutuallyExclusiveGroup],
        prefix: str | None = None,
    ) -> None:
        super().add_usage(usage, actions, groups, "penggunaan: " if prefix is None else prefix)


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose usage, help and errors are Indonesian; its subcommands are Parsers too."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", Formatter)
        add_help = kwargs.pop("add_help", True)
        super().__init__(*args, **{**kwargs, "add_help": False})
        for group in self._action_groups:
            group.title = TITLES.get(group.title or "", group.title)
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help=HELP)

    def add_subparsers(self, **kwargs: Any) -> Any:
        kwargs.setdefault("title", "perintah")
        kwargs.setdefault("metavar", "PERINTAH")
        return super().add_subparsers(**kwargs)

    def error(self, message: str) -> NoReturn:
        """As argparse's: the usage and one line on stderr, exit code 2; the line in Indonesian."""
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: galat: {translate(message)}\n")
