"""The commands in README.md, CONTRIBUTING.md and docs/ work as written.

Every line of a ``bash``/``sh`` code block that runs ``python -m MODULE ...`` or ``make ...`` is checked:

* a module of this repository: its own argparse parser (captured from ``python -m MODULE`` itself) must
  accept the line's arguments, once without its optional ``[...]`` parts and once with each alternative
  of ``a|b`` — so a subcommand, flag or choice the code does not have fails here;
* another module (pytest, streamlit): ``python -m MODULE [SUBCOMMAND] --help`` exits 0 and lists each flag;
* ``make TARGET VAR=...``: ``make -n`` succeeds, and every ``python -m`` line it would run is checked too;
* the safe examples (score the fixture, build the demo, ingest into it, the rating files, a recap) run
  as written, exit 0, in a temporary folder holding copies of the files they name.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import re
import runpy
import shlex
import shutil
import subprocess
import sys
import warnings
import zipfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from unittest import mock

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = ("README.md", "CONTRIBUTING.md", "docs/architecture.md", "docs/benchmarks.md", "deploy/README.md")
SHELL_BLOCKS = {"bash", "sh", "shell", "console"}
PYTHONS = {"python", "python3", ".venv/bin/python", "$(PY)"}
OWN_PACKAGES = {"loaders", "reports", "pantauzi", "benchmarks", "deploy", "tools"}
# run as written (optional parts left out) in a temporary copy; build-demo first, then document order
SAFE = {
    ("loaders", "build-demo"),
    ("loaders", "score"),
    ("loaders", "ingest"),
    ("loaders", "ingest-ombudsman"),
    ("loaders", "ingest-mcp"),
    ("reports", "rekap"),
}
SHELL_OPERATORS = {"|", "||", "&&", ";", "&", ">", ">>", "<", "2>", "2>&1"}


@dataclass(frozen=True)
class Command:
    where: str  # file:line
    text: str  # the line as written (continuations joined, comment removed)
    env: tuple[tuple[str, str], ...]  # leading NAME=value assignments
    argv: tuple[str, ...]  # from the program on, up to the first shell operator

    @property
    def module(self) -> str | None:
        if len(self.argv) > 2 and self.argv[0] in PYTHONS and self.argv[1] == "-m":
            return self.argv[2]
        return None

    @property
    def is_make(self) -> bool:
        return bool(self.argv) and self.argv[0] == "make"

    @property
    def subcommand(self) -> str | None:
        rest = self.argv[3:]
        return rest[0] if rest and not rest[0].startswith("-") else None


def _split(line: str) -> list[str]:
    tokens = shlex.split(line, comments=True)
    for i, t in enumerate(tokens):
        if t in SHELL_OPERATORS or t.startswith((">", "2>")):
            return tokens[:i]
    return tokens


def _command(where: str, line: str) -> Command | None:
    """The line as a Command when it runs `python -m` or `make`, else None."""
    tokens = _split(line)
    env = []
    while tokens and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*=.*", tokens[0]):
        name, _, value = tokens.pop(0).partition("=")
        env.append((name, value))
    cmd = Command(where, line.split(" #")[0].strip(), tuple(env), tuple(tokens))
    return cmd if cmd.module or cmd.is_make else None


def commands_in(text: str, name: str) -> list[Command]:
    """Every `python -m` / `make` line of the shell code blocks of a Markdown text."""
    found: list[Command] = []
    in_block = False
    shell = False
    pending = ""
    start = 0
    for number, raw in enumerate(text.splitlines(), 1):
        stripped = raw.strip()
        if stripped.startswith("```"):
            if not in_block:
                in_block, shell = True, stripped[3:].strip().lower() in SHELL_BLOCKS
            else:
                in_block = False
            continue
        if not (in_block and shell):
            continue
        line = stripped.removeprefix("$ ")
        if not pending:
            start = number
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        line, pending = pending + line, ""
        cmd = _command(f"{name}:{start}", line)
        if cmd:
            found.append(cmd)
    return found


def documented() -> list[Command]:
    out: list[Command] = []
    for name in DOCUMENTS:
        path = ROOT / name
        if path.exists():
            out += commands_in(path.read_text(encoding="utf-8"), name)
    return out


# ---- argument variants: [optional] parts and a|b alternatives


def variants(line: str) -> list[list[str]]:
    """The argument lists a documented line stands for: without its [optional] parts, and with them,
    once per alternative of every `a|b|c` token."""
    without = _split(re.sub(r"\[[^\[\]]*\]", " ", line))
    with_all = _split(re.sub(r"\[([^\[\]]*)\]", r" \1 ", line))
    out = [_first(without)]
    width = max((len(t.split("|")) for t in with_all), default=1)
    for i in range(width):
        out.append([t.split("|")[min(i, len(t.split("|")) - 1)] if "|" in t else t for t in with_all])
    return out


def _first(tokens: list[str]) -> list[str]:
    return [t.split("|")[0] for t in tokens]


def _args(tokens: list[str]) -> list[str]:
    """The module's arguments: what follows `python -m MODULE` after the NAME=value assignments."""
    while tokens and "=" in tokens[0] and not tokens[0].startswith("-"):
        tokens = tokens[1:]
    return tokens[3:]


# ---- the parsers


class _Captured(Exception):
    def __init__(self, parser: argparse.ArgumentParser) -> None:
        self.parser = parser


@cache
def own_parser(module: str) -> argparse.ArgumentParser:
    """The argparse parser `python -m MODULE` builds, taken from the module itself when it parses."""

    def capture(self: argparse.ArgumentParser, *args: object, **kwargs: object) -> None:
        raise _Captured(self)

    with (
        mock.patch.object(argparse.ArgumentParser, "parse_args", capture),
        mock.patch.object(argparse.ArgumentParser, "parse_known_args", capture),
        mock.patch.object(sys, "argv", [module]),
        warnings.catch_warnings(),
    ):
        warnings.simplefilter("ignore", RuntimeWarning)  # runpy: module already imported
        try:
            runpy.run_module(module, run_name="__main__", alter_sys=False)
        except _Captured as captured:
            _no_abbreviations(captured.parser)
            return captured.parser
    raise AssertionError(f"python -m {module} did not parse its arguments with argparse")


def _no_abbreviations(parser: argparse.ArgumentParser) -> None:
    """A documented flag must be spelled in full: `--worker` is not `--workers` here."""
    parser.allow_abbrev = False
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                _no_abbreviations(sub)


def parse_problem(module: str, args: list[str]) -> str | None:
    """None when the module's own parser accepts `args`, else its error message."""
    parser = own_parser(module)
    err = io.StringIO()
    try:
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            parser.parse_args(args)
    except SystemExit as exc:
        if exc.code not in (0, None):
            return err.getvalue().strip().splitlines()[-1] if err.getvalue().strip() else f"exit {exc.code}"
    return None


def _env() -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("PANTAUZI_DATABASE_URL", None)
    return env


@cache
def _help_text(module: str, sub: str | None) -> tuple[int, str]:
    argv = [sys.executable, "-m", module, *([sub] if sub else []), "--help"]
    done = subprocess.run(argv, cwd=ROOT, env=_env(), capture_output=True, text=True, timeout=120)
    return done.returncode, done.stdout + done.stderr


def foreign_problem(module: str, args: list[str]) -> str | None:
    """Another program's module: `--help` of its subcommand exits 0 and names every flag used."""
    sub = args[0] if args and re.fullmatch(r"[a-z][a-z-]*", args[0]) else None
    rc, text = _help_text(module, sub)
    if rc != 0:
        return f"python -m {module} {sub or ''} --help exited {rc}"
    for flag in (a.split("=")[0] for a in args if a.startswith("-")):
        if not re.search(rf"(^|[\s,\[]){re.escape(flag)}(?![\w.-])", text, re.M):
            return f"python -m {module} {sub or ''} --help does not list {flag}"
    return None


def python_problem(line: str, module: str) -> str | None:
    own = module.split(".")[0] in OWN_PACKAGES
    for tokens in variants(line):
        args = _args(tokens)
        problem = parse_problem(module, args) if own else foreign_problem(module, args)
        if problem:
            return f"{' '.join(args)!r}: {problem}"
    return None


def make_problem(cmd: Command) -> str | None:
    """`make -n` of the line succeeds, and the repository's own `python -m` lines it runs parse."""
    env = dict(_env(), **dict(cmd.env))
    done = subprocess.run(["make", "-n", *cmd.argv[1:]], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    if done.returncode != 0:
        return f"make -n {' '.join(cmd.argv[1:])} exited {done.returncode}: {done.stderr.strip()}"
    for out_line in done.stdout.replace("\\\n", " ").splitlines():
        inner = _command("make -n", out_line)
        if inner and inner.module and inner.module.split(".")[0] in OWN_PACKAGES:
            problem = parse_problem(inner.module, list(inner.argv[3:]))
            if problem:
                return f"make runs {out_line.strip()!r}: {problem}"
    return None


def problem_of(cmd: Command) -> str | None:
    if cmd.is_make:
        return make_problem(cmd)
    assert cmd.module
    return python_problem(cmd.text, cmd.module)


# ---- the tests

COMMANDS = documented()


def test_the_documents_show_the_commands_users_need():
    readme = {(c.module, c.subcommand) for c in COMMANDS if c.where.startswith("README.md")}
    for sub in ("score", "ingest", "ingest-dir", "ingest-ombudsman", "ingest-mcp", "build-demo"):
        assert ("loaders", sub) in readme, f"README shows no `python -m loaders {sub}`"
    for module, sub in (("reports", "rekap"), ("reports", "opd"), ("pantauzi.access", "add-user")):
        assert (module, sub) in readme, f"README shows no `python -m {module} {sub}`"
    targets = {c.argv[1] for c in COMMANDS if c.is_make and len(c.argv) > 1 and c.where.startswith("README")}
    assert {"run", "test", "check", "test-fast", "user"} <= targets
    contributing = {c.argv[1] for c in COMMANDS if c.is_make and c.where.startswith("CONTRIBUTING")}
    assert {"check", "test-fast", "test"} <= contributing


@pytest.mark.parametrize("cmd", COMMANDS, ids=[c.where for c in COMMANDS])
def test_documented_command_is_accepted(cmd: Command):
    assert problem_of(cmd) is None, f"{cmd.where}: {cmd.text}\n{problem_of(cmd)}"


def test_a_wrong_subcommand_flag_choice_or_target_is_caught():
    text = "\n".join(
        [
            "```bash",
            ".venv/bin/python -m loaders ingest-dirs folder --db x.duckdb",
            ".venv/bin/python -m reports rekap --db x.duckdb --region 81 --out r.xlsx",
            ".venv/bin/python -m loaders score f.xlsx [--stage self|tpn]",
            ".venv/bin/python -m loaders ingest f.xlsx --db x.duckdb --year 2024",
            ".venv/bin/python -m loaders ingest-dir folder --db x.duckdb [--worker 2]",
            ".venv/bin/python -m pytest --no-such-pytest-flag tests/docs",
            "make no-such-target",
            "make user USERNAME=a NAME=b ROLE=superuser",
            "```",
            "```bash",
            ".venv/bin/python -m loaders score f.xlsx [--stage self|tpi]   # the good twin",
            "```",
            "```python",
            "python -m loaders nothing-checked-here",
            "```",
        ]
    )
    cmds = commands_in(text, "example.md")
    assert [c.where for c in cmds] == [f"example.md:{n}" for n in (2, 3, 4, 5, 6, 7, 8, 9, 12)]
    *bad, good = cmds
    problems = [problem_of(c) for c in bad]
    assert all(problems), list(zip([c.text for c in bad], problems))
    assert "ingest-dirs" in problems[0] and "--region" in problems[1] and "tpn" in problems[2]
    assert "--unit" in problems[3]  # a required flag left out
    assert "--worker" in problems[4]  # an abbreviation argparse would accept
    assert problem_of(good) is None


@pytest.fixture()
def copy_dir(tmp_path: Path) -> Path:
    """A folder with copies of the files the safe examples name, as the repository lays them out."""
    (tmp_path / "tests" / "fixtures").mkdir(parents=True)
    shutil.copy2(ROOT / "tests/fixtures/lke-zi-real-anonymized.xlsx", tmp_path / "tests/fixtures")
    (tmp_path / "data" / "demo").mkdir(parents=True)
    shutil.copytree(ROOT / "data/demo/ratings", tmp_path / "data/demo/ratings")
    return tmp_path


def _run(cmd: Command, cwd: Path) -> subprocess.CompletedProcess[str]:
    argv = _first(_split(re.sub(r"\[[^\[\]]*\]", " ", cmd.text)))
    while "=" in argv[0]:
        argv = argv[1:]
    env = dict(_env(), **dict(cmd.env))
    return subprocess.run([sys.executable, *argv[1:]], cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


def test_safe_examples_run_as_written(copy_dir: Path):
    readme = [c for c in COMMANDS if c.where.startswith("README.md")]
    safe = [c for c in readme if (c.module, c.subcommand) in SAFE]
    assert {(c.module, c.subcommand) for c in safe} == SAFE, "README lacks a runnable example"
    ordered = sorted(safe, key=lambda c: c.subcommand != "build-demo")  # the database first
    for cmd in ordered:
        done = _run(cmd, copy_dir)
        assert done.returncode == 0, f"{cmd.where}: {cmd.text}\n{done.stdout}\n{done.stderr}"
        if cmd.subcommand == "score":
            result = json.loads(done.stdout)
            assert result["total"] > 0 and "areas" in result
        if cmd.subcommand == "rekap":
            out = _args(_first(_split(cmd.text)))
            written = copy_dir / out[out.index("--out") + 1]
            assert zipfile.is_zipfile(written), f"{cmd.where}: no workbook at {written}"
        if cmd.subcommand in ("ingest", "ingest-ombudsman", "ingest-mcp"):
            # the README says so: the same file twice changes nothing
            again = _run(cmd, copy_dir)
            assert again.returncode == 0 and again.stdout.startswith("tidak berubah"), again.stdout + again.stderr


def test_relative_links_point_to_files_and_headings():
    for name in DOCUMENTS:
        path = ROOT / name
        text = path.read_text(encoding="utf-8")
        for target in re.findall(r"\]\(([^)\s]+)\)", text):
            if re.match(r"[a-z]+:", target):
                continue
            file_part, _, anchor = target.partition("#")
            linked = (path.parent / file_part).resolve() if file_part else path
            assert linked.exists(), f"{name}: link to missing {target}"
            if anchor and linked.suffix == ".md":
                headings = re.findall(r"^#+ (.+)$", linked.read_text(encoding="utf-8"), re.M)
                slugs = {re.sub(r"[^\w\- ]", "", h.strip().lower()).replace(" ", "-") for h in headings}
                assert anchor in slugs, f"{name}: no heading #{anchor} in {file_part or name}"
