"""coigraph's exceptions, and the problems it reports about data.

Every message is written for the person who must fix the data: it names the
file, the row (or line) and the field, says what is wrong in words, and gives
a hint where one helps.  The command line prints them and exits with code 2;
no traceback reaches the user.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ProblemLevel(StrEnum):
    """How bad a problem in the input is: an ``error`` stops the load, a ``warning`` does not.

    (Not a finding's severity: that is :class:`coigraph.findings.Severity`.)
    """

    error = "error"
    warning = "warning"


#: The level's old name, kept so code written before the rename still imports; use ProblemLevel.
Severity = ProblemLevel


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong (or worth a look) in the input."""

    file: str
    row: int | None
    field: str | None
    message: str
    hint: str | None = None
    severity: ProblemLevel = ProblemLevel.error

    def where(self) -> str:
        """``interests.csv, row 12, field 'person'``."""
        parts = [self.file]
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.field:
            parts.append(f"field '{self.field}'")
        return ", ".join(parts)

    def __str__(self) -> str:
        text = f"{self.where()}: {self.message}"
        if self.hint:
            text += f" (hint: {self.hint})"
        return text

    def as_dict(self) -> dict[str, object]:
        return {
            "severity": str(self.severity),
            "file": self.file,
            "row": self.row,
            "field": self.field,
            "message": self.message,
            "hint": self.hint,
        }


class CoigraphError(Exception):
    """Base of every error coigraph raises on purpose. The CLI exits with code 2."""

    exit_code = 2


class DataError(CoigraphError):
    """The input data is invalid; ``problems`` lists every error found (not just the first)."""

    def __init__(self, problems: list[Problem], summary: str | None = None):
        self.problems = sorted(problems, key=_problem_key)
        errors = [p for p in self.problems if p.severity == ProblemLevel.error]
        self.summary = summary or (
            f"{len(errors)} problem{'s' if len(errors) != 1 else ''} found in the data"
        )
        super().__init__(self.render())

    def render(self, limit: int = 200) -> str:
        lines = [self.summary + ":"]
        shown = [p for p in self.problems if p.severity == ProblemLevel.error][:limit]
        lines += [f"  - {p}" for p in shown]
        rest = sum(1 for p in self.problems if p.severity == ProblemLevel.error) - len(shown)
        if rest > 0:
            lines.append(f"  ... and {rest} more")
        return "\n".join(lines)


class NotFound(CoigraphError):
    """A meeting, decision, person... named on the command line does not exist."""


class UsageError(CoigraphError):
    """The request itself does not make sense (conflicting options, bad parameter)."""


class DatabaseError(CoigraphError):
    """The database could not be reached or refused a request."""


def _problem_key(p: Problem) -> tuple:
    return (p.file, p.row if p.row is not None else -1, p.field or "", p.message)


def did_you_mean(value: str, choices: list[str] | set[str], *, what: str = "") -> str | None:
    """A hint naming the closest known value(s), or None if nothing is close."""
    from rapidfuzz import fuzz, process

    if not choices:
        return None
    best = process.extract(value, list(choices), scorer=fuzz.WRatio, limit=3, score_cutoff=60)
    if not best:
        return None
    if best[0][1] >= 85:
        best = [b for b in best if b[1] >= best[0][1] - 2]
    names = ", ".join(f"'{b[0]}'" for b in best)
    return f"did you mean {names}?"
