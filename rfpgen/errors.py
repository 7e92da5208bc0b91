"""User-facing errors: printed by the CLI and the wizard without a traceback."""
from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or worth a warning) in a user's file, with its place."""

    file: str
    line: int | None
    column: int | None
    path: str
    severity: str  # "error" or "warning"
    message: str

    def __str__(self) -> str:
        place = self.file
        if self.line:
            place += f":{self.line}:{self.column or 1}"
        label = "" if self.severity == "error" else "warning: "
        where = f" {self.path}:" if self.path else ""
        return f"{place}:{where} {label}{self.message}"

    def as_dict(self) -> dict:
        return asdict(self)


class RfpgenError(Exception):
    """An error the user can fix; the CLI prints it and exits with `exit_code`."""

    exit_code = 1


class ProjectInvalid(RfpgenError):
    """A project file that cannot be used; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]
