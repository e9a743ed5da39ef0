"""PostgreSQL DDL through DuckDB's postgres extension: what the extension refuses runs natively."""

from __future__ import annotations

import re

import duckdb

# What DuckDB's postgres extension refuses, and what runs instead (same meaning):
#   CREATE SEQUENCE s ...                  -> natively on PostgreSQL (the statement is valid there)
#   CREATE TABLE t (c ... DEFAULT nextval('s'), ...)
#                                          -> the table through DuckDB without that DEFAULT, then natively
#                                             ALTER TABLE t ALTER COLUMN c SET DEFAULT nextval('s')
#   ALTER TABLE t ADD COLUMN c type DEFAULT expr
#                                          -> ADD COLUMN c type through DuckDB, then natively SET DEFAULT expr
#                                             and fill the existing rows with expr, as DuckDB does
# Statements are split and inspected with DuckDB's own tokenizer (comments and quoted text are safe).


def literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


_WORD = re.compile(r'[A-Za-z_][A-Za-z0-9_$]*|"(?:[^"]|"")*"')
_STRING = re.compile(r"'(?:[^']|'')*'")


def _tokens(sql: str) -> list[tuple[int, int, str]]:
    """(start, end, text) of every token; comments are not tokens."""
    found = duckdb.tokenize(sql)
    out = []
    for i, (start, kind) in enumerate(found):
        nxt = found[i + 1][0] if i + 1 < len(found) else len(sql)
        if kind in (duckdb.token_type.keyword, duckdb.token_type.identifier):
            m = _WORD.match(sql, start)
        elif kind == duckdb.token_type.string_const:
            m = _STRING.match(sql, start)
        else:
            m = None
        end = m.end() if m else start + len(sql[start:nxt].rstrip())
        if kind == duckdb.token_type.operator:
            end = start + 1 if sql[start] in "(),;" else end
        out.append((start, end, sql[start:end]))
    return out


def _split(sql: str) -> list[list[tuple[int, int, str]]]:
    """Statements as token lists, split at top-level semicolons."""
    statements: list[list[tuple[int, int, str]]] = []
    current: list[tuple[int, int, str]] = []
    for tok in _tokens(sql):
        if tok[2] == ";":
            if current:
                statements.append(current)
            current = []
        else:
            current.append(tok)
    if current:
        statements.append(current)
    return statements


def _words(toks: list[tuple[int, int, str]], n: int) -> list[str]:
    return [t[2].upper() for t in toks[:n]]


def postgres_steps(sql: str) -> list[tuple[bool, str]]:
    """(native, statement) in order: native ones go to PostgreSQL as they are, the rest through DuckDB."""
    steps: list[tuple[bool, str]] = []
    for toks in _split(sql):
        text = sql[toks[0][0] : toks[-1][1]]
        head = _words(toks, 4)
        if head[:2] == ["CREATE", "SEQUENCE"]:
            steps.append((True, text))
        elif head[:2] == ["CREATE", "TABLE"]:
            steps += _create_table(sql, toks)
        elif head == ["ALTER", "TABLE", head[2], "ADD"] and "DEFAULT" in _words(toks, len(toks)):
            steps += _add_column(sql, toks)
        else:
            steps.append((False, text))
    return steps


def _create_table(sql: str, toks: list[tuple[int, int, str]]) -> list[tuple[bool, str]]:
    words = [t[2] for t in toks]
    upper = [w.upper() for w in words]
    name_at = 5 if upper[2:5] == ["IF", "NOT", "EXISTS"] else 2
    table = words[name_at]
    keep, defaults = [], []  # token spans kept; (column, nextval expression)
    depth, column, i = 0, None, 0
    while i < len(toks):
        w = upper[i]
        if w == "(":
            depth += 1
            if depth == 1:
                column = None
        elif w == ")":
            depth -= 1
        elif w == "," and depth == 1:
            column = None
        elif depth == 1 and column is None:
            column = words[i]
        if (
            depth == 1
            and w == "DEFAULT"
            and i + 4 < len(toks)
            and upper[i + 1] == "NEXTVAL"
            and words[i + 2] == "("
            and words[i + 4] == ")"
        ):
            defaults.append((column, sql[toks[i + 1][0] : toks[i + 4][1]]))
            i += 5  # drop DEFAULT nextval('s')
            continue
        keep.append(toks[i])
        i += 1
    if not defaults:
        return [(False, sql[toks[0][0] : toks[-1][1]])]
    pieces, last = [], None
    for start, end, _ in keep:
        if last is not None:
            pieces.append(" " if start > last else "")
        pieces.append(sql[start:end])
        last = end
    steps = [(False, "".join(pieces))]
    steps += [(True, f"ALTER TABLE {table} ALTER COLUMN {c} SET DEFAULT {expr}") for c, expr in defaults]
    return steps


def _add_column(sql: str, toks: list[tuple[int, int, str]]) -> list[tuple[bool, str]]:
    upper = [t[2].upper() for t in toks]
    table = toks[2][2]
    col_at = 5 if upper[4] == "COLUMN" else 4
    column = toks[col_at][2]
    at = upper.index("DEFAULT")
    if at <= col_at + 1 or at == len(toks) - 1:
        raise ValueError(f"migration statement not supported on PostgreSQL: {sql[toks[0][0] : toks[-1][1]]}")
    without = sql[toks[0][0] : toks[at - 1][1]]
    expr = sql[toks[at + 1][0] : toks[-1][1]]  # DEFAULT comes last in these statements
    return [
        (False, without),
        (True, f"ALTER TABLE {table} ALTER COLUMN {column} SET DEFAULT {expr}"),
        (True, f"UPDATE {table} SET {column} = {expr}"),
    ]
