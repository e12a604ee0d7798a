"""Recording the meeting: the minutes form of one agenda item, to and from ``minutes`` rows.

Pure functions (no request, no files), so the mapping is tested on its own:

* :func:`item_values` reads the app's own rows of an item into the form's values (pre-filling);
* :func:`item_rows` turns the submitted values back into rows of the ``minutes`` table
  (:class:`coigraph.model.MinutesEntry`), with a problem naming the form field for anything the
  form itself can tell is wrong.

**A blank stays blank.**  Nothing chosen is nothing written: a person with "nothing minuted"
gets no row (the minutes record no declaration by them: exactly what the reconciliation
checks), a decision "not stated" writes no outcome, a chair or quorum "not minuted" writes no
row.  The model holds no "did not declare" row, so the form never invents one; "the minutes say
no declarations were made" is a statement about the whole meeting (:func:`meeting_rows`).

Per person and item, the chair's decision maps onto the minutes model so :func:`read_minutes`
reads it back the same way:

=================  ==========================  ===============================================
decision           declared                    not declared
=================  ==========================  ===============================================
not stated         declaration                 (nothing)
noted (stayed)     declaration, outcome noted  refused: a decision on a declaration
left the room      declaration, left_room      withdrawal
took no part       declaration, no_part        no_vote
chair: may remain  declaration, remained       refused: a decision on a declaration
=================  ==========================  ===============================================

The reason goes on the declaration (or on the withdrawal / no_vote row); a reason with
nothing to attach it to is refused.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

#: The chair's decision on one person's interest, in the form's words ('' = not stated).
DECISIONS = {"": "not stated", "noted": "declared, stayed and took part",
             "left_room": "left the room", "no_part": "stayed, took no part in the decision",
             "remained": "the chair agreed they may remain"}
DECLARED = {"": "nothing minuted", "yes": "declared an interest"}
QUORUM = {"": "not minuted", "quorate": "quorate", "inquorate": "inquorate"}
#: What the minutes say of the declarations at the whole meeting ('' = nothing said).
STATEMENTS = {"": "nothing said", "no_declarations": "no declarations were made",
              "no_additional_declarations": "no additional declarations were made",
              "register_stands": "the declarations on the register stand",
              "not_captured": "the minutes as held do not show the declarations"}
#: Row kinds the per-person part of an item's form governs.
PERSON_KINDS = ("declaration", "withdrawal", "no_vote")


@dataclass(frozen=True)
class FieldProblem:
    """Something wrong with one field of the form, named as the form names it."""

    field: str  # the form's words: "Item 2, Rebecca Stanforth: the chair's decision"
    message: str
    hint: str | None = None

    def where(self) -> str:
        return self.field


@dataclass(frozen=True)
class Person:
    """One row of an item's form."""

    id: str
    name: str


def field(kind: str, person: str | None = None) -> str:
    """The form field's name: ``declared:<person>``, ``chair``..."""
    return f"{kind}:{person}" if person is not None else kind


def _blank(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _blanket(row: Mapping[str, Any]) -> bool:
    """Is ``row`` a blanket entry ("all members declared"), its all_members read as the loader reads
    it ('yes', 'Y', 'true', '1'...; blank: no, the entry is the person's)?"""
    return _blank(row.get("all_members")).lower() in ("1", "on", "t", "true", "y", "yes")


def item_values(rows: Iterable[Mapping[str, Any]], item: str, people: Iterable[str]) -> dict[str, str]:
    """The form's values for ``item`` from the app's own ``minutes`` rows (text cells)."""
    wanted = set(people)
    values: dict[str, str] = {}
    for r in rows:
        if _blank(r.get("item")) != item or _blanket(r):
            continue
        kind, who = _blank(r.get("kind")), _blank(r.get("person"))
        if kind == "chair":
            values["chair"] = who
        elif kind in ("quorate", "inquorate"):
            values["quorum"] = kind
        elif kind in PERSON_KINDS and who in wanted:
            if kind == "declaration":
                values[field("declared", who)] = "yes"
                values[field("org", who)] = _blank(r.get("organisation"))
                if _blank(r.get("outcome")):
                    values[field("decision", who)] = _blank(r.get("outcome"))
            else:
                values.setdefault(field("decision", who), "left_room" if kind == "withdrawal" else "no_part")
            if _blank(r.get("reason")):
                values[field("reason", who)] = _blank(r.get("reason"))
    return values


def item_rows(meeting: str, item: str, label: str, values: Mapping[str, Any], people: Iterable[Person], *,
              chair: bool = True, quorum: bool = True,
              kept: Iterable[Mapping[str, Any]] = ()) -> tuple[list[dict[str, Any]], list[str], list[FieldProblem]]:
    """The ``minutes`` rows the form of ``item`` says, each row's form label, and the form's problems.

    ``people``: the people the form offers (the others' rows are not the form's); ``chair`` /
    ``quorum``: whether the form offers those fields (not when the office's own file minutes
    them); ``kept``: the app's earlier rows of this item, whose columns the form does not show
    (the minute's text, the types, indirect) are carried over to the person's new declaration.
    """
    rows: list[dict[str, Any]] = []
    labels: list[str] = []
    problems: list[FieldProblem] = []
    earlier = {(_blank(r.get("kind")), _blank(r.get("person"))): r for r in kept}
    base = {"meeting": meeting, "item": item}
    for p in people:
        where = f"{label}, {p.name}"
        declared = _blank(values.get(field("declared", p.id)))
        decision = _blank(values.get(field("decision", p.id)))
        reason = _blank(values.get(field("reason", p.id))) or None
        org = _blank(values.get(field("org", p.id))) or None
        if declared not in DECLARED:
            problems.append(FieldProblem(f"{where}: declared", f"'{declared[:40]}' is not a choice here",
                                         "choose 'declared an interest' or 'nothing minuted'"))
            continue
        if decision not in DECISIONS:
            problems.append(FieldProblem(f"{where}: the chair's decision",
                                         f"'{decision[:40]}' is not a choice here",
                                         "choose one of: " + "; ".join(DECISIONS.values())))
            continue
        if declared == "yes":
            old = earlier.get(("declaration", p.id), {})
            row = {**{k: old.get(k) for k in ("text", "types", "indirect", "scope")},
                   **base, "kind": "declaration", "person": p.id, "organisation": org,
                   "outcome": decision or None, "reason": reason}
            rows.append(row)
            labels.append(where)
            continue
        if org:
            problems.append(FieldProblem(f"{where}: organisation named",
                                         "an organisation is named only with a declaration",
                                         "choose 'declared an interest', or leave the organisation blank"))
        if decision in ("noted", "remained"):
            problems.append(FieldProblem(f"{where}: the chair's decision",
                                         f"'{DECISIONS[decision]}' is the chair's decision on a declaration, "
                                         "but no declaration is marked",
                                         "choose 'declared an interest' too, or another decision"))
        elif decision:
            kind = "withdrawal" if decision == "left_room" else "no_vote"
            old = earlier.get((kind, p.id), {})
            rows.append({"text": old.get("text"), **base, "kind": kind, "person": p.id, "reason": reason})
            labels.append(where)
        elif reason:
            problems.append(FieldProblem(f"{where}: the chair's reason",
                                         "a reason is given but no decision or declaration",
                                         "choose the chair's decision it explains, or clear the reason"))
    if chair and _blank(values.get("chair")):
        rows.append({**base, "kind": "chair", "person": _blank(values.get("chair"))})
        labels.append(f"{label}: who chaired")
    q = _blank(values.get("quorum"))
    if quorum and q:
        if q not in ("quorate", "inquorate"):
            problems.append(FieldProblem(f"{label}: quorate as minuted", f"'{q[:40]}' is not a choice here",
                                         "choose quorate, inquorate or not minuted"))
        else:
            rows.append({**base, "kind": q})
            labels.append(f"{label}: quorate as minuted")
    return rows, labels, problems


def meeting_values(rows: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """The whole-meeting form's values (who chaired, what was said of declarations) from the app's rows."""
    values: dict[str, str] = {}
    for r in rows:
        if _blank(r.get("item")):
            continue
        kind = _blank(r.get("kind"))
        if kind == "chair":
            values["chair"] = _blank(r.get("person"))
        elif kind in STATEMENTS and not _blank(r.get("person")):
            values["statement"] = kind
    return values


def meeting_rows(meeting: str, values: Mapping[str, Any], *, chair: bool = True,
                 statement: bool = True) -> tuple[list[dict[str, Any]], list[str], list[FieldProblem]]:
    """The whole-meeting rows (item blank): who chaired, and what the minutes say of declarations."""
    rows: list[dict[str, Any]] = []
    labels: list[str] = []
    problems: list[FieldProblem] = []
    if chair and _blank(values.get("chair")):
        rows.append({"meeting": meeting, "item": None, "kind": "chair", "person": _blank(values.get("chair"))})
        labels.append("The whole meeting: who chaired")
    said = _blank(values.get("statement"))
    if statement and said:
        if said not in STATEMENTS:
            problems.append(FieldProblem("The whole meeting: declarations", f"'{said[:40]}' is not a choice here",
                                         "choose one of: " + "; ".join(STATEMENTS.values())))
        else:
            rows.append({"meeting": meeting, "item": None, "kind": said})
            labels.append("The whole meeting: declarations")
    return rows, labels, problems


def governed(row: Mapping[str, Any], item: str | None, people: set[str], *, chair: bool, quorum: bool,
             statement: bool = False) -> bool:
    """Is ``row`` (one of the app's rows) one the form of ``item`` (None: the whole meeting) rewrites?"""
    if _blank(row.get("item")) != (item or ""):
        return False
    kind, who = _blank(row.get("kind")), _blank(row.get("person"))
    if kind == "chair":
        return chair
    if item is None:
        return statement and kind in STATEMENTS and not who
    if kind in ("quorate", "inquorate"):
        return quorum
    return kind in PERSON_KINDS and who in people and not _blanket(row)


__all__ = ["DECISIONS", "DECLARED", "QUORUM", "STATEMENTS", "FieldProblem", "Person", "field", "governed",
           "item_rows", "item_values", "meeting_rows", "meeting_values"]
