"""The minutes form of an agenda item, to and from rows of the ``minutes`` table
(coigraph.web.minutes_form): a blank stays blank, every row is a valid MinutesEntry that the
reconciliation reads back as the form meant it, and what the form cannot accept names its field."""

from __future__ import annotations

from typing import Any

import pytest

from coigraph.model import MinutesEntry
from coigraph.web import minutes_form as mf

MID, IID = "board-2025-11", "board-2025-11.2"
LABEL = "Item 2 (Contract award)"
PEOPLE = [mf.Person("rebecca", "Rebecca Stanforth"), mf.Person("kwame", "Kwame Adjei")]


def rows(values: dict[str, str], **kw: Any) -> list[dict[str, Any]]:
    got, labels, problems = mf.item_rows(MID, IID, LABEL, values, PEOPLE, **kw)
    assert problems == []
    assert len(labels) == len(got)
    for r in got:  # every row is one the model accepts as a minutes entry (types: ';'-separated cells)
        cells = {k: v for k, v in r.items() if v not in (None, "")}
        if isinstance(cells.get("types"), str):
            cells["types"] = cells["types"].split(";")
        MinutesEntry.model_validate(cells)
    return got


def test_a_blank_form_writes_nothing() -> None:
    blank = {"declared:rebecca": "", "org:rebecca": "", "decision:rebecca": "", "reason:rebecca": "",
             "declared:kwame": "", "decision:kwame": "", "chair": "", "quorum": ""}
    assert rows(blank) == []
    assert rows({}) == []


def test_each_decision_maps_onto_the_minutes_model() -> None:
    got = rows({"declared:rebecca": "yes", "org:rebecca": "nhft", "decision:rebecca": "left_room",
                "reason:rebecca": "her own trust", "decision:kwame": "no_part", "chair": "hilary",
                "quorum": "quorate"})
    assert [(r["kind"], r.get("person")) for r in got] == [
        ("declaration", "rebecca"), ("no_vote", "kwame"), ("chair", "hilary"), ("quorate", None)]
    assert got[0]["outcome"] == "left_room" and got[0]["organisation"] == "nhft"
    assert got[0]["reason"] == "her own trust"
    assert all(r["meeting"] == MID and r["item"] == IID for r in got)
    # left the room without a declaration minuted: a withdrawal, and no declaration is invented
    assert [r["kind"] for r in rows({"decision:kwame": "left_room"})] == ["withdrawal"]
    # declared, decision not stated: no outcome is written (not 'noted')
    (only,) = rows({"declared:kwame": "yes"})
    assert only["kind"] == "declaration" and only["outcome"] is None and only["organisation"] is None


def test_the_reconciliation_reads_the_rows_as_the_form_meant(tmp_path: Any) -> None:
    """Written by the app's writer beside the sample minutes and read by read_minutes itself."""
    from coigraph import ids
    from coigraph.governance.minutes import read_minutes
    from coigraph.graph import load_graph
    from coigraph.web.changes import Writer
    from tests.web.workflows import copy_sample

    folder = copy_sample(tmp_path)
    mid, iid = "icb-board-2025-05", "icb-board-2025-05.10"
    people = [mf.Person("tom-needham", "Tom Needham"), mf.Person("priya-raman", "Priya Raman"),
              mf.Person("owen-gallagher", "Owen Gallagher")]
    got, _, problems = mf.item_rows(mid, iid, "Item 10", {
        "declared:tom-needham": "yes", "decision:tom-needham": "left_room",
        "declared:priya-raman": "yes", "decision:priya-raman": "remained", "reason:priya-raman": "system-wide plan",
        "decision:owen-gallagher": "no_part", "quorum": "quorate"}, people)
    assert problems == []
    Writer(folder).save("minutes", got, who="test", action="test")
    mins = read_minutes(load_graph(folder), ids.meeting(mid))
    assert {"tom-needham", "priya-raman"} <= mins.declared[iid]
    assert "owen-gallagher" not in mins.declared[iid]  # took no part, declared nothing: none invented
    assert mins.withdrew[iid]["tom-needham"] == "withdrawal" and mins.withdrew[iid]["owen-gallagher"] == "no_vote"
    said = mins.outcome(iid, "priya-raman")
    assert said is not None and str(said.outcome) == "remained" and said.reason == "system-wide plan"
    assert said.src == "minutes-recorded.csv:3" and mins.quorum[iid] == "quorate"


@pytest.mark.parametrize("values, field, words", [
    ({"decision:kwame": "remained"}, f"{LABEL}, Kwame Adjei: the chair's decision", "no declaration is marked"),
    ({"decision:kwame": "noted"}, f"{LABEL}, Kwame Adjei: the chair's decision", "no declaration is marked"),
    ({"reason:kwame": "because"}, f"{LABEL}, Kwame Adjei: the chair's reason", "no decision or declaration"),
    ({"org:kwame": "nhft"}, f"{LABEL}, Kwame Adjei: organisation named", "only with a declaration"),
    ({"declared:kwame": "no"}, f"{LABEL}, Kwame Adjei: declared", "'no' is not a choice"),
    ({"decision:kwame": "left"}, f"{LABEL}, Kwame Adjei: the chair's decision", "'left' is not a choice"),
    ({"quorum": "yes"}, "Item 2 (Contract award): quorate as minuted", "'yes' is not a choice"),
])
def test_what_the_form_cannot_accept_names_its_field(values: dict[str, str], field: str, words: str) -> None:
    got, _, problems = mf.item_rows(MID, IID, LABEL, values, PEOPLE)
    assert [p.where() for p in problems] == [field]
    assert words in problems[0].message and problems[0].hint
    assert all(r.get("person") != "kwame" for r in got)


def test_the_form_round_trips_through_the_saved_rows() -> None:
    values = {"declared:rebecca": "yes", "org:rebecca": "nhft", "decision:rebecca": "remained",
              "reason:rebecca": "the plan is system-wide", "decision:kwame": "left_room",
              "reason:kwame": "pooled fund", "chair": "ruth", "quorum": "inquorate"}
    saved = rows(values)
    text_rows = [{k: "" if v is None else str(v) for k, v in r.items()} for r in saved]
    back = mf.item_values(text_rows, IID, [p.id for p in PEOPLE])
    assert back == values
    assert rows(back) == saved


def test_rows_written_by_hand_read_back_and_keep_what_the_form_does_not_show() -> None:
    # the sample minutes' pattern: a declaration row and a separate withdrawal row
    earlier = [{"meeting": MID, "item": IID, "kind": "declaration", "person": "rebecca", "organisation": "nhft",
                "text": "Rebecca Stanforth declared her post.", "types": "financial"},
               {"meeting": MID, "item": IID, "kind": "withdrawal", "person": "rebecca", "text": "She left."},
               {"meeting": MID, "item": IID, "kind": "declaration", "all_members": "yes"},
               {"meeting": MID, "item": "other", "kind": "chair", "person": "x"}]
    values = mf.item_values(earlier, IID, ["rebecca", "kwame"])
    assert values == {"declared:rebecca": "yes", "org:rebecca": "nhft", "decision:rebecca": "left_room"}
    (row,) = rows(values, kept=earlier)
    assert row["text"] == "Rebecca Stanforth declared her post." and row["types"] == "financial"
    assert row["outcome"] == "left_room"
    # the blanket row and another item's row are not this form's to rewrite
    governs = [mf.governed(r, IID, {"rebecca", "kwame"}, chair=True, quorum=True) for r in earlier]
    assert governs == [True, True, False, False]


def test_a_blanket_row_is_never_taken_for_the_persons_own_however_its_yes_is_written() -> None:
    # all_members as the loader reads it: 'Y', 'TRUE' and '1' are yes too, so the form neither
    # shows the blanket declaration as Rebecca's nor rewrites it when her row is saved
    for yes in ("yes", "Y", "TRUE", "1"):
        blanket = {"meeting": MID, "item": IID, "kind": "declaration", "person": "rebecca", "all_members": yes}
        assert mf.item_values([blanket], IID, ["rebecca"]) == {}
        assert not mf.governed(blanket, IID, {"rebecca"}, chair=True, quorum=True)
    personal = {"meeting": MID, "item": IID, "kind": "declaration", "person": "rebecca", "all_members": ""}
    assert mf.governed(personal, IID, {"rebecca"}, chair=True, quorum=True)


def test_fields_the_office_file_holds_are_not_written() -> None:
    assert rows({"chair": "ruth", "quorum": "quorate"}, chair=False, quorum=False) == []
    assert not mf.governed({"item": IID, "kind": "chair", "person": "x"}, IID, set(), chair=False, quorum=True)


def test_the_whole_meeting_form() -> None:
    got, labels, problems = mf.meeting_rows(MID, {"chair": "hilary", "statement": "no_additional_declarations"})
    assert problems == [] and labels == ["The whole meeting: who chaired", "The whole meeting: declarations"]
    assert [(r["kind"], r.get("person"), r["item"]) for r in got] == [
        ("chair", "hilary", None), ("no_additional_declarations", None, None)]
    assert mf.meeting_values([{**r, "item": ""} for r in got]) == {
        "chair": "hilary", "statement": "no_additional_declarations"}
    assert mf.meeting_rows(MID, {"chair": "", "statement": ""})[0] == []
    _, _, problems = mf.meeting_rows(MID, {"statement": "none"})
    assert problems[0].where() == "The whole meeting: declarations"
