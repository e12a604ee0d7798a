"""The change summary of a reference import: what each source row became, in words and as JSON.

Every row read ends up somewhere the summary names (matched, added, updated,
sent to review, left out with the reason); nothing is dropped silently.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

#: Outcomes in the order the summary lists them.
OUTCOME_ORDER: tuple[str, ...] = (
    "matched_by_code", "matched_by_name", "added", "review", "left_out", "unchanged",
)

#: Each outcome in words.
OUTCOME_WORDS: dict[str, str] = {
    "matched_by_code": "matched by code",
    "matched_by_name": "matched by name",
    "added": "added",
    "review": "to review",
    "left_out": "left out",
    "unchanged": "unchanged",
}


@dataclass
class Outcome:
    """What one source record became: its outcome, the dataset record it concerns, why, where from."""

    outcome: str
    what: str  # "organisation", "control", "relation", "alias", "statement"...
    name: str
    id: str | None = None
    how: str = ""
    where: str = ""
    changes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"outcome": self.outcome, "what": self.what, "name": self.name, "id": self.id, "how": self.how,
                "where": self.where, "changes": list(self.changes)}


@dataclass
class ReferenceReport:
    """The summary of one import: outcomes, files written, review rows pending, warnings."""

    title: str
    sources: list[str] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    rows_read: dict[str, int] = field(default_factory=dict)
    not_written: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    review_files: list[str] = field(default_factory=list)
    review_pending: int = 0
    written: list[str] = field(default_factory=list)
    dry_run: bool = False

    def add(self, outcome: str, what: str, name: str, **kw: Any) -> Outcome:
        o = Outcome(outcome, what, name, **kw)
        self.outcomes.append(o)
        return o

    def counts(self) -> dict[str, dict[str, int]]:
        """Outcomes counted by what they concern: ``{"organisation": {"added": 3, ...}}``."""
        out: dict[str, Counter[str]] = {}
        for o in self.outcomes:
            out.setdefault(o.what, Counter())[o.outcome] += 1
        return {w: {k: c[k] for k in OUTCOME_ORDER if c[k]} for w, c in sorted(out.items())}

    def as_dict(self) -> dict[str, Any]:
        """The summary as JSON-able data (sorted, no clock time)."""
        return {
            "title": self.title, "sources": list(self.sources), "rows_read": dict(self.rows_read),
            "counts": self.counts(),
            "outcomes": [o.as_dict() for o in sorted(self.outcomes, key=_key)],
            "not_written": list(self.not_written), "warnings": list(self.warnings),
            "review_files": list(self.review_files), "review_pending": self.review_pending,
            "written": list(self.written), "dry_run": self.dry_run,
        }

    def json(self) -> str:
        return json.dumps(self.as_dict(), indent=2, ensure_ascii=False) + "\n"


#: Columns of a review row the reviewer fills in (kept when a row is written again from newer data).
REVIEWER_COLUMNS = ("decision", "person", "organisation", "subject", "types", "indirect", "relationship",
                    "start", "end")


def keep_decisions(fresh: Any, old: Any | None) -> Any:
    """``fresh`` (a review row made from this import's data) with what the reviewer wrote in ``old``.

    The evidence (line numbers, dates, wording) is this import's; the decision and the ids the
    reviewer gave are theirs.  Rows are :class:`coigraph.registers.review.ReviewRow`.
    """
    if old is None:
        return fresh
    for col in REVIEWER_COLUMNS:
        if getattr(old, col, ""):
            setattr(fresh, col, getattr(old, col))
    fresh.line = old.line
    return fresh


def _key(o: Outcome) -> tuple[int, str, str, str]:
    return (OUTCOME_ORDER.index(o.outcome) if o.outcome in OUTCOME_ORDER else 99, o.what, o.name, o.where)


def _plural(word: str) -> str:
    return {"alias": "aliases", "company": "companies"}.get(word, word + "s")


def render_text(report: ReferenceReport, *, limit: int = 40) -> str:
    """The summary for a person: counts, then each outcome worth reading (at most ``limit`` of each)."""
    lines = [report.title + (" (dry run: nothing written)" if report.dry_run else "")]
    for src in report.sources:
        lines.append(f"  read {src}" + (f": {report.rows_read[src]:,} rows" if src in report.rows_read else ""))
    for what, counts in report.counts().items():
        lines.append(f"{_plural(what)}: " + ", ".join(f"{n:,} {OUTCOME_WORDS.get(k, k)}" for k, n in counts.items()))
    by: dict[str, list[Outcome]] = {}
    for o in sorted(report.outcomes, key=_key):
        if o.outcome != "unchanged":
            by.setdefault(o.outcome, []).append(o)
    for outcome in OUTCOME_ORDER:
        items = by.get(outcome, [])
        if not items:
            continue
        lines.append("")
        lines.append(f"{OUTCOME_WORDS[outcome].capitalize()} ({len(items):,}):")
        for o in items[:limit]:
            ident = f" -> {o.id}" if o.id else ""
            how = f": {o.how}" if o.how else ""
            changes = f" [{'; '.join(o.changes)}]" if o.changes else ""
            where = f" ({o.where})" if o.where else ""
            lines.append(f"  - {o.what} {o.name}{ident}{how}{changes}{where}")
        if len(items) > limit:
            lines.append(f"  ... and {len(items) - limit:,} more (all of them in --format json)")
    if report.not_written:
        lines.append("")
        lines.append("Not written (the file is YAML or Excel, which coigraph does not rewrite; change these by hand):")
        lines += [f"  - {t}" for t in report.not_written]
    if report.warnings:
        lines.append("")
        lines.append("Warnings:")
        lines += [f"  - {w}" for w in report.warnings]
    if report.review_files:
        lines.append("")
        lines.append(f"Review: {report.review_pending:,} row(s) waiting for a decision in "
                     + ", ".join(report.review_files)
                     + " (write accept or skip in 'decision', then import again)")
    if report.written:
        lines.append("")
        lines.append("Written: " + ", ".join(report.written))
    return "\n".join(lines) + "\n"


__all__ = ["OUTCOME_ORDER", "OUTCOME_WORDS", "REVIEWER_COLUMNS", "Outcome", "ReferenceReport", "keep_decisions",
           "render_text"]
