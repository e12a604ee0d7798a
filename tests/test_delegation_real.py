"""Real published schedules of authorised limits, entered as written, trace hypothetical decisions
with the verdicts their READMEs list (tests/data/deleg-real-*)."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

from coigraph.delegation import trace_all, trace_decision, who_may_approve
from coigraph.graph import load_graph

DATA = Path(__file__).resolve().parent / "data"
sys.path.insert(0, str(DATA))
import make_deleg_fixtures as fx  # noqa: E402

CKW = DATA / "deleg-real-authorised-limits"
SWBH = DATA / "deleg-real-quotation-thresholds"

#: The verdict and findings of each hypothetical decision (the README's table).
CKW_EXPECTED: dict[str, tuple[str, set[str]]] = {
    "h1-within-band": ("sound", set()),
    "h2-over-band": ("sord_breach", {"limit_exceeded"}),
    "h3-wrong-post": ("sord_breach", {"not_post_holder"}),
    "h4-joint-pair-alone": ("sord_breach", {"joint_authority_not_met"}),
    "h5-joint-pair": ("sound", set()),
    "h6-split-1": ("sound", set()),
    "h7-split-2": ("sound", set()),
    "h8-split-3": ("sord_breach", {"split_commitment"}),
    "h9-nhs-contract": ("sound", set()),
    "h10-reserved": ("sord_breach", {"limit_exceeded", "reserved_matter"}),
    "h11-over-budget": ("sord_breach", {"outside_budget"}),
    "h12-losses": ("sound", set()),
    "h13-one-quote": ("sord_breach", {"procurement_requirement_not_met"}),
}

SWBH_EXPECTED: dict[str, tuple[str, set[str], bool | None]] = {
    "t1-two-verbal": ("sound", set(), True),
    "t2-two-written": ("sord_breach", {"procurement_requirement_not_met"}, False),
    "t3-quotes-not-tender": ("sord_breach", {"procurement_requirement_not_met"}, False),
    "t4-tender-not-advertised": ("sord_breach", {"procurement_requirement_not_met"}, False),
    "t5-advertised": ("sound", set(), True),
    "t6-waiver": ("sound", set(), True),
    "t7-not-recorded": ("sound", set(), None),
}


@pytest.fixture(scope="module")
def ckw():
    return load_graph(CKW)


@pytest.mark.parametrize("name", sorted(fx.REAL))
def test_real_fixture_files_are_current(name: str, tmp_path: Path) -> None:
    folder = fx.write_real(name, tmp_path)
    for f in folder.iterdir():
        assert (DATA / name / f.name).read_text() == f.read_text(), f"re-run make_deleg_fixtures.py ({f.name})"


def test_every_hypothetical_decision_gets_its_verdict(ckw) -> None:
    got = {t.decision.id: (t.verdict, {f.kind for f in t.findings}) for t in trace_all(ckw)}
    assert got == CKW_EXPECTED


def test_the_readme_lists_every_decision_and_cites_the_source() -> None:
    readme = (CKW / "README.md").read_text()
    assert fx.CKW_URL in readme and "cut" in readme
    for did in CKW_EXPECTED:
        assert did.split("-")[0] in readme, did


def test_over_the_band_says_who_should_have_approved(ckw) -> None:
    t = trace_decision(ckw, "h2-over-band")
    a = t.may_approve
    assert a is not None and a.decider_among is False
    assert a.should_have_been == [
        "A Director and either the Chief Executive or the Director of Finance (joint authority; "
        "Alex Carter (invented), Bea Lund (invented), Cal Mercer (invented))"]
    in_band = [h.holder for h in a.holders if h.in_band]
    assert in_band == ["ckw-director-and-ceo-or-dof"]
    # the board may always decide its own organisation's functions; the Director's £100,000 is out
    assert {h.holder for h in a.holders} == {"ckw-director-and-ceo-or-dof", "ckw-ceo-and-dof",
                                             "ckw-board"}


def test_wrong_post_names_who_held_it(ckw) -> None:
    t = trace_decision(ckw, "h3-wrong-post")
    (f,) = t.findings
    assert "Dee North (invented) (dee-north) did not hold it on 2012-05-16" in f.explanation
    assert "Cal Mercer (invented) (cal-mercer)" in f.explanation
    assert t.chains[0].acting_as == "ckw-directors" and t.chains[0].links[0].checks == ["not_post_holder"]


def test_one_of_a_joint_pair_alone_names_what_is_missing(ckw) -> None:
    (f,) = trace_decision(ckw, "h4-joint-pair-alone").findings
    assert f.delegation == "ckw-1-ceo-dof"
    assert f.explanation.endswith("Missing: Chief Executive.")


def test_the_joint_pair_acting_together_is_sound_and_shows_both(ckw) -> None:
    t = trace_decision(ckw, "h5-joint-pair")
    link = t.chains[0].links[0]
    assert t.verdict == "sound" and link.delegation == "ckw-1-ceo-dof"
    assert link.lower_limit == 250_000 and link.limit == 500_000
    assert "Alex Carter (invented)" in (link.acting_as or "") and "Bea Lund (invented)" in (link.acting_as or "")
    assert t.decision.signatories == ["alex-carter", "bea-lund"]
    assert t.may_approve is not None and t.may_approve.decider_among is True


def test_the_split_is_found_only_on_the_part_that_passes_the_limit(ckw) -> None:
    (f,) = trace_decision(ckw, "h8-split-3").findings
    assert "h6-split-1" in f.explanation and "h7-split-2" in f.explanation
    assert "£120,000" in f.explanation and f.to_confirm is False


def test_reserved_above_a_value_and_flags_as_written(ckw) -> None:
    t = trace_decision(ckw, "h10-reserved")
    reserved = next(f for f in t.findings if f.kind == "reserved_matter")
    assert "above £500,000" in reserved.explanation and "£650,000" in reserved.explanation
    link = t.chains[0].links[0]
    assert (link.includes_vat, link.within_budget_only, link.cumulative) == (True, True, True)
    # the board is the only one who may approve it
    assert [h.holder for h in t.may_approve.holders] == ["ckw-board"]


def test_the_threshold_band_is_reported(ckw) -> None:
    p = trace_decision(ckw, "h1-within-band").procurement
    assert p is not None and (p.threshold, p.route, p.met) == ("ckw-3-formal-tender", "tender", True)
    p = trace_decision(ckw, "h13-one-quote").procurement
    assert p is not None and p.met is False and p.action == "Formal tendering procedure must be applied"
    # above about £140,000 the legal regime's band applies (the most demanding of those that match)
    p = trace_decision(ckw, "h5-joint-pair").procurement
    assert p is not None and p.threshold == "ckw-3-ojeu" and p.alternatives == ["ckw-3-formal-tender"]


def test_who_may_approve_on_the_real_schedule(ckw) -> None:
    def holders(value: float) -> list[tuple[str, bool | None]]:
        a = who_may_approve(ckw, "expenditure", value, on=dt.date(2012, 6, 1))
        return [(h.holder, h.in_band) for h in a.holders]

    assert holders(5_000) == [("ckw-budget-holders", True), ("ckw-directors", True),
                              ("ckw-director-and-ceo-or-dof", False), ("ckw-ceo-and-dof", False),
                              ("ckw-board", False)]
    assert holders(400_000) == [("ckw-ceo-and-dof", True), ("ckw-board", False)]
    assert holders(600_000) == [("ckw-board", True)]


@pytest.mark.parametrize("did", sorted(SWBH_EXPECTED))
def test_quotation_thresholds_as_published(did: str) -> None:
    verdict, kinds, met = SWBH_EXPECTED[did]
    t = trace_decision(load_graph(SWBH), did)
    assert (t.verdict, {f.kind for f in t.findings}) == (verdict, kinds)
    assert t.procurement is not None and t.procurement.met is met
