"""Real boards as they are (issue 14): what the papers say is entered, what they do not is *not stated*,
and an unknown is never reported as a breach.

Each situation is a small dataset folder ``tests/data/boards-*`` written by
``tests/data/make_boards_fixtures.py`` (its README says what it shows); the
expected findings are compared as sets.  The property test at the end blanks
the fields a source may leave silent in generated systems and checks that no
finding is graded higher than with the field filled in its most lenient way.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from coigraph.audit import build_audit
from coigraph.dates import date_qualifier
from coigraph.delegation import trace_decision
from coigraph.governance.composition import load_composition_rules
from coigraph.governance.minutes import read_minutes, reconcile
from coigraph.graph import load_graph
from coigraph.load.dataset import load_dataset
from coigraph.load.templates import data_format_markdown, split_blank
from coigraph.model import (
    TABLES,
    Attendance,
    Dated,
    OrgKind,
    OrgRelationKind,
    Position,
    date_status,
)
from coigraph.paths.grammar import GRAMMAR, relation_table
from coigraph.policy import ACTION_WEIGHT, Action
from coigraph.quorum import RollEntry, presence
from coigraph.report import render
from coigraph.screening import screen_meeting

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
MEETING = "board-2025-06"


def _gen():
    spec = importlib.util.spec_from_file_location("make_boards_fixtures", DATA / "make_boards_fixtures.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("make_boards_fixtures", mod)
    spec.loader.exec_module(mod)
    return mod


GEN = _gen()


def _copy(tmp_path: Path, case: str) -> Path:
    dst = tmp_path / case
    shutil.copytree(DATA / case, dst)
    return dst


def _set(folder: Path, table: str, key: str, value: str, **changes: Any) -> None:
    """Edit one row of a YAML table of a copied fixture (None removes the field)."""
    path = folder / f"{table}.yaml"
    rows = yaml.safe_load(path.read_text())
    (row,) = [r for r in rows if r.get(key) == value]
    for k, v in changes.items():
        if v is None:
            row.pop(k, None)
        else:
            row[k] = v
    path.write_text(yaml.safe_dump(rows, sort_keys=False, allow_unicode=True))


def _findings(folder: Path, area: str | None = None) -> set[tuple]:
    """(kind, severity, to_confirm, item, person, decision) of every audit finding (of one area)."""
    from coigraph.findings import KINDS

    return {(f.kind, f.severity.value, f.to_confirm, f.item, f.person, f.decision)
            for f in build_audit(load_graph(folder)).findings
            if area is None or KINDS[f.kind].area == area}


def _screen(folder: Path, meeting: str = MEETING):
    return screen_meeting(load_graph(folder), meeting)


def _item(screen, number):
    return next(it for it in screen.items if it.number == number)


def _on(screen, number) -> set[tuple[str, str, str, str]]:
    return {(f.person, f.organisation, f.level.value, f.action.value) for f in _item(screen, number).findings}


# --------------------------------------------------------------------------- the fixtures


@pytest.mark.parametrize("case", sorted(GEN.CASES))
def test_each_fixture_is_what_its_script_writes(tmp_path: Path, case: str) -> None:
    written = GEN.write(case, tmp_path)
    committed = DATA / case
    assert sorted(p.name for p in written.iterdir()) == sorted(p.name for p in committed.iterdir()), case
    for p in written.iterdir():
        assert p.read_text() == (committed / p.name).read_text(), (
            f"{case}/{p.name} is stale: run '.venv/bin/python tests/data/make_boards_fixtures.py'")


# --------------------------------------------------------------------------- 1. unknown is a value


def test_sub_delegation_blank_is_not_stated_never_a_breach() -> None:
    folder = DATA / "boards-sub-delegation-blank"
    assert _findings(folder, "delegation") == {
        ("sub_delegation_not_stated", "advisory", True, None, None, "dec-cfo")}
    t = trace_decision(load_graph(folder), "dec-cfo")
    assert t.verdict == "advisory" and {f.kind for f in t.findings} == {"sub_delegation_not_stated"}
    link = next(link for c in t.chains for link in c.links if link.delegation == "d-fic")
    assert link.sub_delegation_allowed is None
    text = " ".join(render(t, "table").split())  # the terminal wraps at its width
    assert "not stated in the scheme — to confirm against the scheme" in text
    assert "to confirm: a sub-delegation the scheme is silent on" in text and "FAILED" not in text
    assert "SoRD breach" not in text and "not allowed" not in text
    for fmt in ("markdown", "html"):
        assert "not stated in the scheme" in render(t, fmt)


def test_an_explicit_no_is_still_a_breach(tmp_path: Path) -> None:
    folder = _copy(tmp_path, "boards-sub-delegation-blank")
    _set(folder, "delegations", "id", "d-fic", sub_delegation_allowed=False)
    assert _findings(folder, "delegation") == {
        ("sub_delegation_forbidden", "sord_breach", False, None, None, "dec-cfo")}
    assert trace_decision(load_graph(folder), "dec-cfo").verdict == "sord_breach"


def _csv_valid(text: str) -> list[str]:
    import csv
    import io

    return [r["valid"] for r in csv.DictReader(io.StringIO(text))]


def test_a_blank_sub_delegation_term_leaves_the_power_valid_and_says_what_to_confirm(tmp_path: Path) -> None:
    """'powers' and 'who may approve' read a blank term as a point to confirm, never an invalid power."""
    from coigraph.delegation import powers_of, who_may_approve
    from coigraph.report.delegation import render_powers

    G = load_graph(DATA / "boards-sub-delegation-blank")
    (p,) = powers_of(G, "cfo").powers
    assert p.valid and p.may_sub_delegate is None and "sub-delegation the scheme is silent on" in p.note
    assert _csv_valid(render_powers(powers_of(G, "cfo"), "csv")) == ["yes"]
    assert {f.kind for f in p.findings} == {"sub_delegation_not_stated"}
    cfo = next(a for a in who_may_approve(G, "contract_award", 120_000).holders if a.holder == "cfo")
    assert "Whether d-fic allows sub-delegation" in (cfo.note or "")
    html = render(trace_decision(G, "dec-cfo"), "html")
    assert "FAILED" not in html and "to confirm: a sub-delegation the scheme is silent on" in html
    folder = _copy(tmp_path, "boards-sub-delegation-blank")
    _set(folder, "delegations", "id", "d-fic", sub_delegation_allowed=False)
    (p,) = powers_of(load_graph(folder), "cfo").powers
    assert not p.valid and _csv_valid(render_powers(powers_of(load_graph(folder), "cfo"), "csv")) == ["no"]
    assert "FAILED:</strong> Sub-delegation the parent does not allow" in render(
        trace_decision(load_graph(folder), "dec-cfo"), "html")


#: Scheme terms of issue 15 a scheme may leave unsaid (blank: not stated), by table.
SCHEME_BLANKABLE = {"delegations": ("sub_delegation_allowed", "includes_vat", "within_budget_only", "cumulative"),
                    "procurement_thresholds": ("includes_vat",)}


@pytest.mark.parametrize("folder", ["deleg-real-authorised-limits",
                                    "deleg-limit-bands", "deleg-outside-budget", "deleg-split-commitment",
                                    "deleg-vat-to-confirm", "deleg-procurement-thresholds",
                                    "deleg-sub-delegation-forbidden", "deleg-joint-authority-not-met"])
def test_a_blank_scheme_term_never_adds_a_breach(folder: str) -> None:
    """Blank one term of one delegation (or threshold) of issue 15's schemes: every audit finding that
    is not 'to confirm' was there with the term stated, no power becomes invalid, and a decider who
    was among those who may approve still is."""
    import copy

    from coigraph.delegation import powers_of
    from coigraph.graph import build_graph

    def state(ds) -> tuple[set[tuple], set[tuple], set[str]]:
        G = build_graph(ds)
        found = {(f.kind, f.decision, f.delegation) for f in build_audit(G).findings if not f.to_confirm}
        valid = {(h, p.delegation) for h in sorted({str(d.to_person) for d in ds.records["delegations"]
                                                    if d.to_person})
                 for p in powers_of(G, h).powers if p.valid}
        among = {str(d.id) for d in ds.records["decisions"]
                 if (t := trace_decision(G, str(d.id))).may_approve and t.may_approve.decider_among}
        return found, valid, among

    ds = load_dataset(DATA / folder)
    found, valid, among = state(ds)
    checked = 0
    for table, fields in SCHEME_BLANKABLE.items():
        for i, rec in enumerate(ds.records.get(table, [])):
            for field in fields:
                if getattr(rec, field) is None:
                    continue
                blanked = copy.deepcopy(ds)
                setattr(blanked.records[table][i], field, None)
                f2, v2, a2 = state(blanked)
                where = (table, rec.id, field)
                assert f2 <= found, (where, f2 - found)
                assert valid <= v2, (where, valid - v2)
                assert among <= a2, (where, among - a2)
                checked += 1
    assert checked


def test_a_scheme_not_in_the_data_is_to_confirm_never_a_broken_chain(tmp_path: Path) -> None:
    folder = DATA / "boards-scheme-not-in-data"
    # the committee's powers are not known either: to confirm, never "it can decide nothing"
    assert _findings(folder, "delegation") == {("scheme_not_in_data", "advisory", True, None, None, "dec-fic"),
                                               ("body_without_powers", "advisory", True, None, None, None)}
    (bare,) = [f for f in build_audit(load_graph(folder)).findings if f.kind == "body_without_powers"]
    assert "to confirm against the scheme" in bare.explanation and "decide nothing" not in bare.explanation
    assert not any(k == "broken_chain" for k, *_ in _findings(folder))
    t = trace_decision(load_graph(folder), "dec-fic")
    assert t.verdict == "advisory" and "cannot be checked" in t.findings[0].explanation
    # the working paper never reads 'sound' or 'broken' on a scheme nobody could read
    assert [c.scheme_not_in_data for c in t.chains] == [True] and "cannot be checked" in t.verdict_text
    for fmt in ("table", "markdown", "html"):
        paper = render(t, fmt)
        assert "NOT CHECKED: TO CONFIRM AGAINST THE SCHEME" in paper and "not traced beyond" in paper, fmt
        assert "BROKEN" not in paper and "SOUND" not in paper, fmt
    # once any of the scheme is in the data, a decision no delegation covers is a broken chain, and a
    # committee the scheme gives nothing has no powers (the finding as before)
    copy = _copy(tmp_path, "boards-scheme-not-in-data")
    (copy / "delegations.yaml").write_text(yaml.safe_dump([
        {"id": "d-plan", "from_body": "icb-board", "to_body": "icb-fic", "matters": ["planning"]}]))
    assert {k for k, *_ in _findings(copy, "delegation")} >= {"broken_chain"}
    _set(copy, "delegations", "id", "d-plan", to_body=None, to_person="cfo")
    assert ("body_without_powers", "advisory", False, None, None, None) in _findings(copy, "delegation")


def test_a_register_entry_without_a_type_is_to_confirm_never_leave(tmp_path: Path) -> None:
    folder = DATA / "boards-types-unknown"
    s = _screen(folder)
    (f,) = [f for f in _item(s, "5").findings if f.person == "ceo"]
    assert (f.level.value, f.action.value) == ("to_confirm", "no_decision")
    assert f.interest_type is None and f.category is None
    assert f.unknown == ["the type of the register entry (the register gives none)"]
    assert "not-stated-in-data" in f.modifiers
    assert any("Confirm it before anyone is asked to leave" in t for t in f.modifier_texts)
    assert "type not stated" in render(s, "markdown")
    # the same entry typed as financial is a material conflict: leave, with no papers (issue 16's ladder)
    copy = _copy(tmp_path, "boards-types-unknown")
    _set(copy, "interests", "id", "int-ceo-acme", types=["financial"])
    (g,) = [g for g in _item(_screen(copy), "5").findings if g.person == "ceo"]
    assert (g.level.value, g.action.value, g.unknown) == ("material", "no_papers", [])


def test_a_possible_interest_not_minuted_is_to_confirm_never_a_breach(tmp_path: Path) -> None:
    """The minutes record the meeting's declarations, none by the chief executive, whose untyped
    register entry makes item 5 'to confirm' for him.  Whether a declaration was due turns on what
    the register does not say: the officer is told to confirm it (advisory), never shown a breach,
    and never told he should have left."""
    folder = _copy(tmp_path, "boards-types-unknown")
    (folder / "minutes.yaml").write_text(yaml.safe_dump([
        GEN._minute("chair", person="chair", text="Ada Chalmers chaired the meeting"),
        GEN._minute("declaration", "i5", "pm-trust", organisation="acute-ft", outcome="left_room",
                text="Tess Rowe declared her post and left the meeting for the item"),
    ], sort_keys=False))
    got = [f for f in reconcile(load_graph(folder)) if f.person == "ceo"]
    assert [(f.kind, f.severity.value, f.grade, f.to_confirm, f.item) for f in got] == [
        ("declaration_not_minuted", "advisory", "to_confirm", True, "i5")]
    assert "possible interest of Colm Eady" in got[0].explanation
    assert "Acme Imaging Ltd" in got[0].explanation
    assert "not recorded: the type of the register entry (the register gives none)" in got[0].explanation
    assert "confirm whether one was due" in got[0].explanation
    # typed as financial, the same missing declaration is the policy breach it then is
    _set(folder, "interests", "id", "int-ceo-acme", types=["financial"])
    kinds = {(f.kind, f.severity.value, f.to_confirm) for f in reconcile(load_graph(folder)) if f.person == "ceo"}
    assert ("declaration_not_minuted", "policy_breach", False) in kinds


def test_a_member_whose_seat_may_be_the_last_vote_is_to_confirm_not_sent_out(tmp_path: Path) -> None:
    """A committee of two: the chief finance officer (seat's voting not stated) and the chief
    executive (votes), both directors of the company item 5 awards.  Were her seat to vote, every
    voting member would be conflicted and nobody could step out (each declares); were it not, she
    steps out.  The blank decides which, so her finding is to confirm and never sends her out; the
    chief executive's is the whole-body conflict it is either way."""
    folder = tmp_path / "last-voter"
    folder.mkdir()
    tables = {
        "organisations": [{"id": "icb", "name": "NHS Eastmere Integrated Care Board", "kind": "icb"},
                          {"id": "acme", "name": "Acme Imaging Ltd", "kind": "company"}],
        "bodies": [{"id": "fic", "name": "Finance Committee", "kind": "committee", "owners": ["icb"]}],
        "people": [{"id": "cfo", "name": "Fay Oduya"}, {"id": "ceo", "name": "Colm Eady"}],
        "positions": [{"id": "s-cfo", "person": "cfo", "role": "executive_director", "body": "fic",
                       "start": "2024-01-01"},
                      {"id": "s-ceo", "person": "ceo", "role": "chief_executive", "body": "fic",
                       "voting": True, "start": "2024-01-01"}],
        "interests": [{"id": f"int-{p}", "person": p, "organisation": "acme", "types": ["financial"],
                       "description": "Director, Acme Imaging Ltd", "start": "2021-04-01"}
                      for p in ("cfo", "ceo")],
        "meetings": [{"id": "fic-2025-06", "body": "fic", "date": "2025-06-12"}],
        "agenda_items": [{"id": "i5", "meeting": "fic-2025-06", "number": "5", "kind": "decision",
                          "title": "Community diagnostics contract award"}],
        "affected_organisations": [{"item": "i5", "organisation": "acme", "effect": "award"}],
    }
    for name, rows in tables.items():
        (folder / f"{name}.yaml").write_text(yaml.safe_dump(rows, sort_keys=False))
    s = _screen(folder, "fic-2025-06")
    on5 = {f.person: f for f in _item(s, "5").findings}
    cfo, ceo = on5["cfo"], on5["ceo"]
    assert (cfo.level.value, cfo.action.value) == ("to_confirm", "no_decision")
    assert cfo.unknown[-1].startswith("whether Fay Oduya's seat votes")
    assert any("nobody is left to decide the item" in t for t in cfo.modifier_texts)
    assert ceo.action.value == "declare" and ceo.unavoidable
    # her seat stated as voting: both declare, the whole committee is conflicted
    _set(folder, "positions", "id", "s-cfo", voting=True)
    on5 = {f.person: f for f in _item(_screen(folder, "fic-2025-06"), "5").findings}
    assert {(p, f.action.value, f.level.value != "to_confirm") for p, f in on5.items()} == {
        ("cfo", "declare", True), ("ceo", "declare", True)}
    # stated as not voting: she is an attendee with a material conflict, and leaves
    _set(folder, "positions", "id", "s-cfo", voting=False)
    on5 = {f.person: f for f in _item(_screen(folder, "fic-2025-06"), "5").findings}
    assert ACTION_WEIGHT[on5["cfo"].action] > ACTION_WEIGHT[Action.no_decision] and on5["cfo"].unknown == []


def test_an_untyped_entry_whose_type_does_not_matter_is_not_to_confirm(tmp_path: Path) -> None:
    folder = _copy(tmp_path, "boards-types-unknown")
    _set(folder, "affected_organisations", "organisation", "acme-imaging", effect="system_wide")
    (f,) = [f for f in _item(_screen(folder), "5").findings if f.person == "ceo"]
    assert f.level.value != "to_confirm" and f.unknown == [] and f.interest_type is None


def test_dates_known_as_at_a_later_date_or_ended_undated_are_to_confirm() -> None:
    s = _screen(DATA / "boards-dates-as-at")
    on5 = {f.person: f for f in _item(s, "5").findings}
    assert (on5["pm-gp"].level.value, on5["pm-gp"].action.value) == ("to_confirm", "no_decision")
    assert "known only as at 2025-09-30" in on5["pm-gp"].unknown[0]
    assert (on5["vice"].level.value, on5["vice"].action.value) == ("to_confirm", "no_decision")
    assert "ended, date not known" in on5["vice"].unknown[0]
    assert (on5["pm-trust"].level.value, on5["pm-trust"].action.value) == ("material", "no_papers")


def test_date_status_of_as_at_and_ended() -> None:
    d = dt.date
    known = {"as_at": d(2023, 3, 16)}
    assert date_status(known, d(2023, 3, 16)) is True and date_status(known, d(2024, 1, 1)) is True
    assert date_status(known, d(2022, 11, 17)) is None
    ended = {"start": d(2011, 1, 1), "ended": True}
    assert date_status(ended, d(2010, 1, 1)) is False
    assert date_status(ended, d(2011, 1, 1)) is True and date_status(ended, d(2012, 1, 1)) is None
    both = {"as_at": d(2022, 11, 17), "ended": True}
    assert [date_status(both, x) for x in (d(2022, 1, 1), d(2022, 11, 17), d(2023, 1, 1))] == [None, True, None]
    assert date_status({"end": d(2020, 1, 1), "ended": True}, d(2021, 1, 1)) is False
    assert Dated(as_at=d(2023, 3, 16)).date_status(d(2023, 1, 1)) is None
    with pytest.raises(ValueError, match="as_at"):
        Dated(start=d(2024, 1, 1), as_at=d(2023, 1, 1))


def test_date_qualifiers_are_read_from_start_and_end_cells(tmp_path: Path) -> None:
    assert date_qualifier("start", "as at 16 March 2023") == {"as_at": dt.date(2023, 3, 16)}
    assert date_qualifier("start", "Known as at November 2022") == {"as_at": dt.date(2022, 11, 30)}
    for text in ("ended", "Ended, date unknown", "left (date not known)", "ended - not stated"):
        assert date_qualifier("end", text) == {"ended": True}, text
    assert date_qualifier("end", "2024-09-30") is None and date_qualifier("end", "as at 2024") is None
    folder = tmp_path / "q"
    shutil.copytree(DATA / "boards-dates-as-at", folder)
    rows = yaml.safe_load((folder / "positions.yaml").read_text())
    for r in rows:
        if r["id"] == "p-pm-gp-partner":
            r.pop("as_at")
            r["start"] = "as at 30 September 2025"
        if r["id"] == "p-vice-hospice":
            r.pop("ended")
            r["end"] = "ended, date unknown"
    (folder / "positions.yaml").write_text(yaml.safe_dump(rows, sort_keys=False))
    got = {p.id: p for p in load_dataset(folder).table("positions")}
    assert (got["p-pm-gp-partner"].start, got["p-pm-gp-partner"].as_at) == (None, dt.date(2025, 9, 30))
    assert (got["p-vice-hospice"].end, got["p-vice-hospice"].ended) == (None, True)
    bad = tmp_path / "bad"
    shutil.copytree(folder, bad)
    text = (bad / "positions.yaml").read_text().replace("as at 30 September 2025", "as at sometime")
    (bad / "positions.yaml").write_text(text)
    from coigraph.errors import DataError

    with pytest.raises(DataError) as err:
        load_dataset(bad)
    assert any(p.field == "start" and "positions.yaml" in p.file for p in err.value.problems)


def test_a_blank_vote_never_makes_a_quorum_or_conflicted_member_finding(tmp_path: Path) -> None:
    folder = DATA / "boards-voting-blank"
    s = _screen(folder)
    cfo = next(e for e in s.roll if e.person == "cfo")
    assert (cfo.voting, cfo.voting_status) == (False, "not_stated")
    assert s.roll_status == "partial" and "Fay Oduya" in (s.roll_note or "")
    assert _item(s, "7").quorum.status == "to_confirm" and "cfo" in _item(s, "7").quorum.not_stated
    assert s.summary.quorum_to_confirm_items == ["7"]
    found = _findings(folder)
    assert not any(k in ("conflicted_member_counted", "decided_inquorate") for k, *_ in found)
    assert ("withdrawal_not_minuted", "policy_breach", False, "i5", "cfo", None) in found  # her own post: known
    # voting stated yes: she was counted in the quorum of the award she is conflicted on; item 7 quorate
    yes = _copy(tmp_path, "boards-voting-blank")
    _set(yes, "positions", "id", "s-cfo", voting=True)
    assert _item(_screen(yes), "7").quorum.status == "quorate"
    assert {k for k, *_ in _findings(yes)} >= {"conflicted_member_counted"}
    # voting stated no: item 7 is short of seven voting members, and was decided
    no = tmp_path / "no"
    shutil.copytree(DATA / "boards-voting-blank", no)
    _set(no, "positions", "id", "s-cfo", voting=False)
    assert _item(_screen(no), "7").quorum.status == "inquorate"
    kinds = {(k, i) for k, _, _, i, _, _ in _findings(no)}
    assert ("decided_inquorate", "i7") in kinds and not any(k == "conflicted_member_counted" for k, _ in kinds)


def test_votes_by_role_are_documented_rules_and_other_roles_are_not_stated() -> None:
    def votes(role: str, voting: bool | None = None) -> bool | None:
        return Position(person="p", role=role, body="b", voting=voting).votes

    assert [votes(r) for r in ("chair", "non_executive_director", "partner_member", "member")] == [True] * 4
    assert [votes(r) for r in ("attendee", "officer")] == [False, False]
    assert votes("executive_director") is None and votes("director") is None
    assert votes("executive_director", True) is True and votes("chair", False) is False


def test_every_yes_no_and_date_column_says_what_blank_means() -> None:
    doc = data_format_markdown()
    for table in TABLES:
        for name, info in table.model.model_fields.items():
            ann = str(info.annotation)
            if info.is_required() or not ("bool" in ann or "date" in ann):
                continue
            _, blank = split_blank(info.description or "")
            assert blank, f"{table.name}.{name}: its description does not say what blank means"
    assert "| if blank |" in doc and "not stated" in doc
    assert (ROOT / "docs" / "data-format.md").read_text().strip() == doc.strip()


# --------------------------------------------------------------------------- 2. the minutes


def test_register_stands_declares_every_registered_interest(tmp_path: Path) -> None:
    folder = DATA / "boards-register-stands"
    assert _findings(folder, "minutes") == set()
    mins = read_minutes(load_graph(folder), f"meeting:{MEETING}")
    assert mins.register_stands == {"*"} and mins.no_additional
    without = _copy(tmp_path, "boards-register-stands")
    rows = yaml.safe_load((without / "minutes.yaml").read_text())
    (without / "minutes.yaml").write_text(yaml.safe_dump([r for r in rows if r["kind"] != "register_stands"]))
    missing = {(k, i, p) for k, _, _, i, p, _ in _findings(without, "minutes")}
    assert missing == {("declaration_not_minuted", "i5", "pm-trust"), ("declaration_not_minuted", "i6", "pm-trust"),
                       ("declaration_not_minuted", "i6", "pm-gp")}
    f = next(f for f in reconcile(load_graph(without)) if f.kind == "declaration_not_minuted")
    assert "no additional declarations" in f.explanation


def test_a_recorded_chairs_decision_is_the_management_of_the_conflict(tmp_path: Path) -> None:
    folder = DATA / "boards-chair-agreed-remain"
    assert _findings(folder, "minutes") == {
        ("chair_allowed_to_remain", "advisory", False, "i5", "pm-trust", None),
        # her declaration named item 5 only: the system-wide item 6 was not declared (declare-only:
        # record-keeping, advisory under issue 16's grades)
        ("declaration_not_minuted", "advisory", False, "i6", "pm-trust", None),
    }
    (f,) = [f for f in reconcile(load_graph(folder)) if f.kind == "chair_allowed_to_remain"]
    assert "national framework call-off" in f.explanation and "not a breach" in f.explanation
    mins = read_minutes(load_graph(folder), f"meeting:{MEETING}")
    assert mins.outcome("i5", "pm-trust").outcome == "remained"
    assert mins.outcome("i6", "pm-gp").outcome == "noted"  # his declaration covered the whole meeting
    # the screen of the meeting shows the chair's recorded decision (issue 16's chair_decision)
    (g,) = [g for g in _item(_screen(folder), "5").findings if g.person == "pm-trust"]
    assert not g.chair_decision_pending and "agreed she may remain" in (g.chair_decision or "")
    # without the chair's decision the same minutes miss a withdrawal
    copy = _copy(tmp_path, "boards-chair-agreed-remain")
    _set(copy, "minutes", "person", "pm-trust", outcome=None, reason=None)
    kinds = {(k, i, p) for k, _, _, i, p, _ in _findings(copy, "minutes")}
    assert ("withdrawal_not_minuted", "i5", "pm-trust") in kinds
    assert not any(k == "chair_allowed_to_remain" for k, _, _ in kinds)


def test_a_chair_allowed_to_remain_is_not_a_conflicted_chair(tmp_path: Path) -> None:
    folder = _copy(tmp_path, "boards-chair-agreed-remain")
    _set(folder, "minutes", "kind", "chair", person="pm-trust", text="Tess Rowe chaired the meeting")
    kinds = {k for k, *_ in _findings(folder, "minutes")}
    assert "conflicted_chair_chaired" not in kinds and "chair_allowed_to_remain" in kinds


def test_blanket_declaration_with_its_outcome() -> None:
    folder = DATA / "boards-blanket-declaration"
    G = load_graph(folder)
    mins = read_minutes(G, f"meeting:{MEETING}")
    assert "i6" in mins.blanket
    assert mins.outcome("i6", "ned").outcome == "noted" and mins.outcome("i6", "ned").all_members
    assert mins.withdrew["i5"]["pm-trust"] == "withdrawal"  # 'left the room' is the withdrawal
    assert _findings(folder, "minutes") == set()
    assert {f.kind for f in reconcile(G)} == set()


def test_minutes_that_do_not_capture_the_declarations_are_never_a_breach(tmp_path: Path) -> None:
    folder = DATA / "boards-minutes-not-captured"
    assert _findings(folder) == {("declarations_not_captured", "advisory", True, None, None, None)}
    # the same minutes without the mark: the screen's conflicts become findings
    copy = _copy(tmp_path, "boards-minutes-not-captured")
    rows = yaml.safe_load((copy / "minutes.yaml").read_text())
    (copy / "minutes.yaml").write_text(yaml.safe_dump([r for r in rows if r["kind"] != "not_captured"]))
    kinds = {k for k, *_ in _findings(copy)}
    assert {"declaration_not_minuted", "withdrawal_not_minuted", "conflicted_member_counted"} <= kinds


def test_minutes_outcomes_are_checked_on_loading(tmp_path: Path) -> None:
    from coigraph.errors import DataError
    from coigraph.model import MinutesEntry

    with pytest.raises(ValueError, match="outcome"):
        MinutesEntry(meeting="m", kind="withdrawal", person="p", outcome="noted")
    with pytest.raises(ValueError, match="scope"):
        MinutesEntry(meeting="m", kind="declaration", person="p", scope="item")
    folder = _copy(tmp_path, "boards-chair-agreed-remain")
    _set(folder, "minutes", "person", "pm-trust", outcome="stayed")
    with pytest.raises(DataError) as err:
        load_dataset(folder)
    assert any(p.field == "outcome" for p in err.value.problems)


# --------------------------------------------------------------------------- 4. organisations


def test_real_organisation_kinds_and_relations() -> None:
    kinds = {k.value for k in OrgKind}
    assert {"university", "healthwatch", "integrated_care_partnership", "ccg", "pct_cluster",
            "independent_sector_provider", "social_enterprise", "lmc"} <= kinds
    relations = {k.value for k in OrgRelationKind}
    assert {"joint_appointment_with", "partnership_with", "joint_procurement_with", "subcontractor_of",
            "collaborative_member_of"} <= relations
    # each relation kind of issue 14 says in the grammar what it means for a path; none is both a line
    # and never followed (a kind the grammar does not name is never followed, and the docs say so)
    for kind in ("joint_appointment_with", "partnership_with", "joint_procurement_with", "subcontractor_of",
                 "collaborative_member_of", "subsidiary_of", "member_of", "owns", "contracts_with", "hosts"):
        assert kind in GRAMMAR.meanings, kind
    for kind in relations:
        assert not (kind in GRAMMAR.line_kinds() and kind in GRAMMAR.never), kind
    s = _screen(DATA / "boards-org-relations")
    assert _on(s, "8") == {("ned", "lead-co", "perceived", "no_decision")}
    assert {f.rule_id for f in _item(s, "8").findings} == {"subcontract-money"}
    # a provider collaborative is a network (issue 16's network-interest: declare, unless the member
    # organisation is itself paid, when it is listed as affected)
    assert _on(s, "9") == {("pm-trust", "collab", "declare_only", "declare")}
    assert {f.rule_id for f in _item(s, "9").findings} == {"network-interest"}
    assert _on(s, "10") == set()  # a joint appointment, and a sibling in the collaborative: never followed
    (f,) = _item(s, "8").findings
    assert f.path.relations == ["subcontractor_of"] and "a sub-contractor of" in f.explanation


def test_the_relation_table_in_the_docs_is_current() -> None:
    doc = (ROOT / "docs" / "screening.md").read_text()
    assert relation_table() in doc, "docs/screening.md: regenerate the relation table (relation_table())"


# --------------------------------------------------------------------------- 5. attendance and the roll


def test_attendance_by_clock_time() -> None:
    s = _screen(DATA / "boards-attendance-clock")
    maybe = {it.number: set(it.presence_not_stated) for it in s.items}
    assert maybe == {"2": {"pm-gp"}, "5": {"ceo", "pm-trust"}, "6": {"pm-trust"}, "7": set()}
    screened = {it.number: {f.person for f in it.findings} for it in s.items}
    assert "pm-trust" in screened["5"]  # who may be there is still screened: warned
    assert "ceo" not in {p for it in s.items if it.number in ("6", "7") for p in screened[it.number]}
    assert any("Not stated whether these were in the room" in n for n in _item(s, "5").notes)


def test_presence_by_item_and_by_clock() -> None:
    e = RollEntry(person="p", name="P", status="present", member=True, voting=True, left_at="10:40",
                  returned_at="11:05")
    assert presence(e, "1", "10:00", "10:30") is True
    assert presence(e, "2", "10:30", "11:00") is None      # left during it
    assert presence(e, "3", "10:45", "11:00") is False     # out for the whole of it
    assert presence(e, "4", "11:10", None) is True          # back
    assert presence(e, "5", None, None) is None             # the item's time is not stated
    late = RollEntry(person="q", name="Q", status="present", member=True, voting=True, joined_at_item="4",
                     left_after_item="7")
    assert [presence(late, n) for n in ("3", "4", "7", "8", None)] == [False, True, True, False, None]
    assert presence(RollEntry(person="r", name="R", status="apologies", member=True, voting=True), "1") is False
    with pytest.raises(ValueError, match="returned_at"):
        Attendance(meeting="m", person="p", status="present", returned_at="11:00")
    assert Attendance(meeting="m", person="p", status="present", left_at="2.15pm").left_at == "14:15"


def test_presence_not_stated_is_never_a_minutes_finding(tmp_path: Path) -> None:
    folder = _copy(tmp_path, "boards-attendance-clock")
    (folder / "minutes.yaml").write_text(yaml.safe_dump([
        {"meeting": MEETING, "kind": "chair", "person": "chair", "text": "Ada Chalmers chaired"}]))
    about = {(k, i, p) for k, _, _, i, p, _ in _findings(folder, "minutes")}
    assert not any(p == "pm-trust" and i in ("i5", "i6") for _, i, p in about)
    assert ("declaration_not_minuted", "i7", "pm-trust") in about  # back in the room by then


@pytest.mark.parametrize("case,meeting,status", [("boards-roll-unknown", "fic-2025-07", "unknown"),
                                                 ("boards-roll-empty", "fic-2024-11", "empty")])
def test_a_roll_not_known_is_a_meeting_note_in_every_output(case: str, meeting: str, status: str) -> None:
    s = _screen(DATA / case, meeting)
    assert s.roll_status == status and s.roll_note
    (it,) = s.items
    assert it.findings == [] and it.quorum.status == "to_confirm"  # never inquorate, never an item finding
    for fmt in ("table", "markdown", "html", "csv", "json"):
        assert s.roll_note[:40] in render(s, fmt), fmt
    for fmt in ("table", "markdown", "html"):
        assert "the roll is not known" in render(s, fmt), fmt
    assert "No interests found." not in render(s, "markdown")
    assert f'"roll_status": "{status}"' in render(s, "json")


def test_an_item_whose_number_or_kind_is_not_stated() -> None:
    s = _screen(DATA / "boards-item-unnumbered")
    late = s.items[-1]
    assert (late.id, late.number, late.kind) == ("i-late", None, None)
    assert any("does not say what this item asks" in n for n in late.notes)
    assert late.quorum.explanation.startswith("The agenda does not say whether this item decides")
    assert late.presence_not_stated == ["pm-gp"]  # 'left after item 5': this item's place is not known
    assert "pm-gp" not in {f.person for f in _item(s, "6").findings}
    for fmt in ("table", "markdown", "html", "csv", "json"):
        assert "Urgent care capacity" in render(s, fmt)
    assert "(no number)" in render(s, "markdown") and "kind not stated" in render(s, "html")



def test_the_web_pages_show_an_item_whose_number_or_kind_is_not_stated() -> None:
    """The meeting page and the officer's agenda page (main's web app) say so, never 'Item None'."""
    from starlette.testclient import TestClient

    from coigraph.web import create_app

    app = create_app(DATA / "boards-item-unnumbered", today=dt.date(2025, 6, 1))
    c = TestClient(app, base_url="http://127.0.0.1:8765", raise_server_exceptions=False, follow_redirects=False)
    agenda = c.get(f"/meetings/{MEETING}/agenda")
    assert agenda.status_code == 200
    assert "Item (no number): Urgent care capacity" in agenda.text and "kind not stated" in agenda.text
    assert agenda.text.index("Item 6:") < agenda.text.index("Item (no number)")  # unnumbered last
    page = c.get(f"/meetings/{MEETING}")
    assert page.status_code == 200 and "Item (no number): Urgent care capacity" in page.text
    assert "Item None" not in agenda.text + page.text


# --------------------------------------------------------------------------- 6. the register importer


LAYOUTS = DATA / "boards-register-layouts"


def _import(tmp_path: Path, register: str):
    from coigraph.registers import plan_import

    ds = tmp_path / "ds"
    shutil.copytree(DATA / "register-import-icb", ds)
    return plan_import(LAYOUTS / register, ds)


def test_nil_returns_in_any_column(tmp_path: Path) -> None:
    r = _import(tmp_path, "nil-in-any-column.csv").report
    assert {(e.name, e.outcome) for e in r.entries} == {
        ("John Smith", "nil_return"), ("Julia Smith", "nil_return"), ("Asha Khan", "nil_return"),
        ("Zoë Brontë", "nil_return"), ("Tom O'Neill", "interest")}
    r = _import(tmp_path / "b", "nil-organisation-column.csv").report
    assert {(e.name, e.outcome) for e in r.entries} == {
        ("Sarah Brown", "nil_return"), ("Mark Jones", "nil_return"), ("Jane Smith", "interest")}
    assert all(not e.issues for e in r.entries)


def test_descriptions_beginning_with_a_role_word_are_kept_whole(tmp_path: Path) -> None:
    plan = _import(tmp_path, "ccg-2019-layout.csv")
    assert plan.report.columns["Declared Interest (Including direct/ indirect Interest)"] == "description"
    text = next(t for p, t in plan.files.items() if p.name == "interests.csv")
    for whole in ("Director of Northshire GP Federation Ltd", "Partner at Riverside Surgery",
                  "Direct - Trustee of St Anne's Hospice Northshire"):
        assert whole in text
    assert {e.organisation for e in plan.report.entries} == {
        "northshire-gp-federation", "brightcare-homes", "riverside-surgery", "st-annes-hospice"}


def test_a_description_in_a_type_or_nature_column_is_not_taken_for_a_type() -> None:
    from coigraph.registers.text import only_type_words

    assert only_type_words("Financial Interest") and only_type_words("Non-Fin Prof / Indirect")
    assert not only_type_words("Professional Lead, Royal College of GPs")
    assert not only_type_words("Director of Acme Ltd")


def test_ids_are_made_of_whole_words(tmp_path: Path) -> None:
    from coigraph.registers.match import slug

    assert slug("Northshire General Practice Federation Limited", 30) == "northshire-general-practice"
    assert slug("Supercalifragilisticexpialidocious", 10) == "supercalif"
    plan = _import(tmp_path, "long-subjects.csv")
    (e,) = plan.report.entries
    words = set("priya shah independent reconfiguration panel for northshire and westmere orthopaedic "
                "services review".split())
    assert e.interest and all(w in words for w in e.interest.split("-"))


# --------------------------------------------------------------------------- no grade raised by a blank


#: A screen finding's grade: 0 for to confirm, else 1 + its action's weight (declare .. removal).
GRADE_SCREEN = {a.value: 1 + w for a, w in ACTION_WEIGHT.items()}
GRADE_AUDIT = {"advisory": 0, "against_guidance": 1, "policy_breach": 2, "sord_breach": 3, "unlawful": 4}


#: Composition rules that count members (their findings name the members who matched).
COUNT_RULES = {f"composition.{r.id}" for r in load_composition_rules() if r.check == "count"}


def _grades(ds) -> dict[tuple, int]:
    """Every finding of a system, by what it is about, with its grade (a to-confirm one grades 0)."""
    from coigraph.graph import build_graph

    G = build_graph(ds)
    out: dict[tuple, int] = {}
    for m, a in G.nodes(data=True):
        if a.get("type") != "meeting":
            continue
        s = screen_meeting(G, m, checks=False)
        for it in s.items:
            for f in it.findings:
                g = 0 if f.level.value == "to_confirm" else GRADE_SCREEN[f.action.value]
                out[("screen", m, it.id, f.person, f.organisation)] = g
            # at_risk and to_confirm depend on what is not confirmed: the lowest grade, like a note
            out[("quorum", m, it.id)] = 2 if it.quorum.status == "inquorate" else 0
    for f in build_audit(G).findings:
        g = 0 if f.to_confirm else GRADE_AUDIT[f.severity.value]
        # a count rule's finding is about the board; the people it lists are those who matched
        person = None if f.kind in COUNT_RULES else f.person
        key = ("audit", f.kind, f.decision, f.delegation, f.meeting, f.item, person, f.body)
        out[key] = max(out.get(key, 0), g)
    return out


#: The fields a source may leave silent, and the value that is most lenient for them.
BLANKABLE = {
    "positions": [("voting", None), ("independent", None), ("mental_health_expertise", None),
                  ("nominated_by", None)],
    "interests": [("types", [])],
    "delegations": [("sub_delegation_allowed", None), ("includes_vat", None), ("within_budget_only", None),
                    ("cumulative", None)],
    "decisions": [("date", None), ("within_budget", None), ("value_includes_vat", None),
                  ("procurement", None), ("quotations", None)],
    "agenda_items": [("kind", None)],
}


def _blank(ds, table: str, field: str, blank: Any, index: int):
    import copy

    out = copy.deepcopy(ds)
    setattr(out.records[table][index], field, blank)
    return out


#: A blank vote of these roles is a documented rule (members vote, attendees do not), not a blank.
from coigraph.model import NON_VOTING_ROLES, VOTING_ROLES  # noqa: E402


def _fills(table: str, field: str, rec: Any) -> list[Any]:
    """Every value the field could have been filled with (the most lenient is among them)."""
    values = {"voting": [True, False], "independent": [True, False], "mental_health_expertise": [True, False],
              "nominated_by": ["trusts", "primary_care", "local_authority"],
              "types": [["financial"], ["non_financial_professional"], ["non_financial_personal"]],
              "sub_delegation_allowed": [True, False],
              "kind": ["decision", "discussion", "assurance", "information"],
              # issue 15's fields (schemes as written, decisions as recorded)
              "includes_vat": [True, False], "within_budget_only": [True, False], "cumulative": [True, False],
              "within_budget": [True, False], "value_includes_vat": [True, False],
              "procurement": ["none", "quotations", "tender", "regime", "framework", "waiver"],
              "quotations": [0, 1, 3, 10],
              "date": [dt.date(2022, 1, 1), dt.date(2025, 6, 1), dt.date(2030, 1, 1)]}
    return values[field]


def test_no_finding_is_graded_higher_because_of_a_blank() -> None:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st
    from strategies import plain_text, systems

    @settings(max_examples=int(__import__("os").environ.get("COIGRAPH_PROPERTY_EXAMPLES", "15")),
              deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(systems(names=plain_text, max_people=5), st.data())
    def check(ds, data) -> None:
        choices = [(t, f, b, i) for t, fs in BLANKABLE.items() for f, b in fs
                   for i, rec in enumerate(ds.records.get(t, []))
                   if not (f == "voting" and rec.role in VOTING_ROLES | NON_VOTING_ROLES)]
        if not choices:
            return
        table, field, blank, index = data.draw(st.sampled_from(choices))
        rec = ds.records[table][index]
        blanked = _grades(_blank(ds, table, field, blank, index))
        filled = [_grades(_blank(ds, table, field, v, index)) for v in _fills(table, field, rec)]
        for key, grade in blanked.items():
            if grade == 0:
                continue  # to confirm (or a note): the lowest grade there is
            lenient = min(f.get(key, 0) for f in filled)
            assert grade <= lenient, (
                f"{key} graded {grade} with {table}[{index}].{field} blank, {lenient} when filled "
                "in its most lenient way")

    check()
