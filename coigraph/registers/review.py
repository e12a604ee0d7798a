"""The review file: register entries a person must check, and their decisions, as one CSV.

``DATA/review/<register>-review.csv`` has one header row and one row per entry
to check.  The importer fills in its best reading (person, organisation,
subject, types, dates) with the confidence of each match and the issue in
words; the person corrects what is wrong, writes ``accept`` (or ``skip`` for
a row that is not an interest) in ``decision``, and runs the import again
with ``--review FILE``.  Rows keep their decision in the file, so importing
the same register again gives the same result; a row whose register row has
changed since no longer applies and is reported.

The file is opened in Excel by governance staff, so every cell is written
injection-safe (a leading '=', '+', '-' or '@' is escaped) and the file
starts with a UTF-8 byte-order mark so accented names show correctly.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path

from coigraph.errors import DataError, Problem, Severity
from coigraph.load.readers import csv_reader, read_data_text
from coigraph.output import to_csv
from coigraph.registers.text import cell_text

#: Columns of the review file, in order.  The first group is what the register says and
#: why the entry needs a check; ``decision`` and the columns after it are for the reviewer.
COLUMNS: tuple[str, ...] = (
    "key", "row", "issue", "name", "role", "type", "description", "from", "to",
    "suggested_person", "person_confidence", "suggested_organisation", "organisation_confidence",
    "decision", "person", "organisation", "subject", "types", "indirect", "relationship",
    "start", "end",
)

#: The dataset's sub-folder for review files and the kept change summaries (not part of the dataset).
REVIEW_FOLDER = "review"

ACCEPT_WORDS = {"accept", "accepted", "yes", "y", "ok", "okay", "agree", "agreed", "confirm", "confirmed"}
SKIP_WORDS = {"skip", "skipped", "no", "n", "ignore", "reject", "rejected", "not an interest", "leave out"}


@dataclass
class ReviewRow:
    """One row of a review file (all text, as the reviewer left it)."""

    key: str = ""
    row: str = ""
    issue: str = ""
    name: str = ""
    role: str = ""
    type: str = ""
    description: str = ""
    from_: str = ""
    to: str = ""
    suggested_person: str = ""
    person_confidence: str = ""
    suggested_organisation: str = ""
    organisation_confidence: str = ""
    decision: str = ""
    person: str = ""
    organisation: str = ""
    subject: str = ""
    types: str = ""
    indirect: str = ""
    relationship: str = ""
    start: str = ""
    end: str = ""
    line: int = 0  # line of the review file it was read from (for messages)

    def values(self) -> list[str]:
        """Cells in :data:`COLUMNS` order."""
        return [getattr(self, "from_" if c == "from" else c) for c in COLUMNS]

    @property
    def verdict(self) -> str | None:
        """'accept', 'skip', or None while the reviewer has not decided."""
        d = " ".join(self.decision.lower().split())
        if d in ACCEPT_WORDS:
            return "accept"
        if d in SKIP_WORDS:
            return "skip"
        return None


def review_path(data: str | Path, register: str | Path) -> Path:
    """Where the review file of a register goes: ``DATA/review/<register name>-review.csv``."""
    return Path(data) / REVIEW_FOLDER / f"{Path(register).stem}-review.csv"


def render_review(rows: list[ReviewRow]) -> str:
    """The review file's text: BOM, one header row, one row per entry, injection-safe."""
    return "\ufeff" + to_csv(COLUMNS, [r.values() for r in rows])


def read_review(path: str | Path) -> list[ReviewRow]:
    """Read a (completed) review file; problems name the file, line and column."""
    path = Path(path)
    text, res = read_data_text(path, what="the review file")
    rows = list(csv_reader(text))
    if not rows:
        return []
    header = [" ".join(h.strip().lower().split()) for h in rows[0]]
    missing = [c for c in ("key", "decision", "person") if c not in header]
    if missing:
        raise DataError([Problem(path.name, 1, None, "the header row lacks " + ", ".join(missing),
                                 hint="use the review file coigraph wrote; keep its header row")],
                        summary="cannot read the review file")
    out: list[ReviewRow] = []
    problems: list[Problem] = []
    names = {f.name for f in fields(ReviewRow)}
    seen: dict[str, int] = {}
    for line_no, cells in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        r = ReviewRow(line=line_no)
        for h, c in zip(header, cells, strict=False):
            attr = "from_" if h == "from" else h
            if attr in names and attr != "line":
                setattr(r, attr, cell_text(c))
        if not r.key:
            problems.append(Problem(path.name, line_no, "key", "the key is empty",
                                    hint="keep the key column as coigraph wrote it"))
            continue
        if r.key in seen:
            problems.append(Problem(path.name, line_no, "key", f"key '{r.key}' is also on line {seen[r.key]}"))
            continue
        seen[r.key] = line_no
        if r.decision and r.verdict is None:
            problems.append(Problem(path.name, line_no, "decision", f"'{r.decision}' is not a decision",
                                    hint="write accept (use this row's values) or skip (not an interest), "
                                    "or leave it blank to decide later"))
        out.append(r)
    errors = [p for p in problems if p.severity == Severity.error]
    if errors:
        raise DataError(problems, summary=f"the review file {path.name} has problems")
    return out
