"""Problems found in an input file, as data; rendered in Indonesian for people."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CellProblem:
    """One finding about one place in a file. `severity` is "error" (refuses the file) or "warning"."""

    file: str
    sheet: str | None
    cell: str | None
    message: str
    severity: str = "error"
    found: str | None = None
    expected: str | None = None

    def render(self) -> str:
        where = [f"berkas '{self.file}'"] if self.file else []
        if self.sheet:
            where.append(f"lembar '{self.sheet}'")
        if self.cell:
            where.append(f"sel {self.cell}")
        return ", ".join(where) + (": " if where else "") + self.render_short()

    def render_short(self) -> str:
        """The message with what was found/expected, without the file and cell prefix."""
        text = self.message
        if self.found is not None:
            text += f" (ditemukan: {self.found!r}"
            text += f"; seharusnya: {self.expected})" if self.expected else ")"
        return text


class WorkbookRejected(Exception):
    """Raised when a file cannot be scored; carries every error found."""

    def __init__(self, file: str, problems: list[CellProblem]):
        self.file = file
        self.problems = [p for p in problems if p.severity == "error"] or problems
        super().__init__(self.render())

    def render(self) -> str:
        head = f"Berkas '{self.file}' ditolak: {len(self.problems)} kesalahan."
        return "\n".join([head] + ["- " + p.render() for p in self.problems])
