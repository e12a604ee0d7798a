"""Schemes of delegation as they are written (issue 15): one fixture per situation.

Posts, classes of posts and joint authorities as delegates; limits as bands, reservations above a
value, VAT, budget, cumulative-cost and reporting conditions; procurement thresholds as data;
recommendations and undated decisions; and "who may approve this?".  What each fixture must give
as findings is asserted with the others in ``test_delegation.py`` (EXPECTED); here, the shape.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import pytest
import yaml

from coigraph.delegation import decision_ids, powers_of, trace_all, trace_decision, who_may_approve
from coigraph.errors import DataError, NotFound
from coigraph.graph import load_graph
from coigraph.load.dataset import load_dataset

DATA = Path(__file__).resolve().parent / "data"
sys.path.insert(0, str(DATA))
import make_deleg_fixtures as fx  # noqa: E402


def _graph(case: str):
    return load_graph(DATA / f"deleg-{case.replace('_', '-')}")


def _write(tmp_path: Path, t: fx.Tables) -> Path:
    for table, rows in t.items():
        (tmp_path / f"{table}.yaml").write_text(yaml.safe_dump(rows, sort_keys=False))
    return tmp_path


# --------------------------------------------------------------------------- 1. delegates


def test_a_post_delegate_resolves_to_its_holder_on_the_day() -> None:
    t = trace_decision(_graph("post_delegate"), "dec-z")
    (chain,) = t.chains
    link = chain.links[0]
    assert t.verdict == "sound" and chain.acting_as == "icb-cfo"
    assert (link.to, link.to_type, link.to_name) == ("icb-cfo", "post", "Chief Finance Officer")
    assert link.acting_as == "Priya Cole (cfo) holds it (position p-cfo, from 2022-07-01)"


def test_a_class_of_posts_is_held_by_role_or_by_an_office_in_it() -> None:
    G = _graph("post_delegate")
    y = trace_decision(G, "dec-y").chains[0].links[0]
    assert y.delegation == "d-director" and "is in it as Chief Nursing Officer" in (y.acting_as or "")
    x = trace_decision(G, "dec-x").chains[0].links[0]  # £8,000: the budget holders' band
    assert x.delegation == "d-budget-holders" and "Chief Finance Officer" in (x.acting_as or "")


def test_the_wrong_post_is_a_finding_that_names_the_holders() -> None:
    t = trace_decision(_graph("not_post_holder"), "dec-y")
    (f,) = t.findings
    assert f.kind == "not_post_holder" and f.delegation == "d-cfo-losses"
    assert "Sam Okafor (cno) did not hold it on 2024-09-11" in f.explanation
    assert "held by Priya Cole (cfo)" in f.explanation
    assert t.may_approve is not None and t.may_approve.decider_among is False
    assert t.may_approve.should_have_been == ["Chief Finance Officer (post; Priya Cole)"]


def test_a_joint_authority_needs_different_people_for_each_requirement() -> None:
    G = _graph("joint_authority_not_met")
    (twice,) = trace_decision(G, "dec-y").findings
    assert twice.kind == "joint_authority_not_met"
    assert "signed on 2024-09-04 by Helen Ward (ceo)" in twice.explanation
    assert twice.explanation.endswith("Missing: Chief Executive or Chief Finance Officer.")
    ok = trace_decision(_graph("joint_authority"), "dec-y")
    assert ok.verdict == "sound" and ok.chains[0].acting_as == "icb-director-and-ceo-or-cfo"
    assert ok.decision.signatories == ["cno", "cfo"]


def test_a_foundation_trust_may_not_delegate_to_a_non_executive_post(tmp_path: Path) -> None:
    t = fx.build("sound")
    fx._add(t, "matters", {"code": "charity", "name": "Charitable funds"})
    fx._add(t, "posts", {"id": "ft-chair-post", "name": "Chair", "organisation": "ft",
                         "roles": ["chair"]})
    fx._add(t, "delegations", {"id": "d-ft-chair-post", "from_body": "ft-board",
                               "to_post": "ft-chair-post", "matters": ["charity"],
                               "start": "2024-01-01"})
    from coigraph.delegation import audit_scheme

    kinds = {(f.kind, f.delegation) for f in audit_scheme(load_graph(_write(tmp_path, t)))}
    assert ("fts_delegation_to_ned", "d-ft-chair-post") in kinds


# --------------------------------------------------------------------------- 2. limits


def test_bands_lower_and_upper_and_reserved_above_a_value() -> None:
    G = _graph("limit_bands")
    x = trace_decision(G, "dec-x")
    assert x.verdict == "sound" and x.chains[0].links[0].lower_limit == 10_000
    y = trace_decision(G, "dec-y")
    assert {f.kind for f in y.findings} == {"limit_exceeded", "reserved_matter"}
    assert y.chains[0].links[0].delegation == "d-ceo-cfo"  # the band it came closest to
    assert trace_decision(G, "dec-z").verdict == "sound"  # the board itself, above £500,000


def test_a_reservation_above_a_value_with_no_value_recorded_is_not_a_breach(tmp_path: Path) -> None:
    t = fx.build("limit_bands")
    next(d for d in t["decisions"] if d["id"] == "dec-y").pop("value")
    y = trace_decision(load_graph(_write(tmp_path, t)), "dec-y")
    assert y.findings == [] and y.verdict == "sound"
    board = next(h for h in y.may_approve.holders if h.holder == "icb-board")
    assert "the value decides (to confirm)" in (board.note or "")


def test_outside_budget_is_a_finding_and_a_blank_is_to_confirm() -> None:
    G = _graph("outside_budget")
    (f,) = trace_decision(G, "dec-x").findings
    assert f.kind == "outside_budget" and not f.to_confirm
    z = trace_decision(G, "dec-z")
    assert z.findings == [] and z.verdict == "sound"
    assert any("does not say it was within budget" in n for n in z.chains[0].links[0].to_confirm)


def test_vat_that_decides_the_limit_is_to_confirm_and_never_a_breach() -> None:
    G = _graph("vat_to_confirm")
    (f,) = trace_decision(G, "dec-x").findings
    assert (f.kind, str(f.severity), f.to_confirm) == ("vat_to_confirm", "advisory", True)
    assert trace_decision(G, "dec-x").verdict == "advisory"
    assert trace_decision(G, "dec-y").findings == [] and trace_decision(G, "dec-z").findings == []


def test_split_commitments_certain_by_project_to_confirm_by_supplier_and_window() -> None:
    G = _graph("split_commitment")
    by = {t.decision.id: [(f.kind, f.to_confirm) for f in t.findings] for t in trace_all(G)
          if t.decision.id in ("dec-a", "dec-b", "dec-c", "dec-d", "dec-e", "dec-f")}
    assert by == {"dec-a": [], "dec-b": [], "dec-c": [("split_commitment", False)],
                  "dec-d": [], "dec-e": [("possible_split", True)], "dec-f": []}


def test_split_window_is_a_rule_setting() -> None:
    from coigraph.delegation import Rules

    G = _graph("split_commitment")
    assert trace_decision(G, "dec-f", rules=Rules(split_window_days=200)).findings[0].kind == "possible_split"
    assert trace_decision(G, "dec-e", rules=Rules(split_window_days=10)).findings == []


def test_reporting_duty_checked_where_the_data_allows() -> None:
    G = _graph("reporting_duty")
    (f,) = trace_decision(G, "dec-x").findings
    assert f.kind == "reporting_duty_not_met" and f.meeting == "fic-2024-10"
    assert "not of Westmere ICB Board (icb-board)" in f.explanation
    assert trace_decision(G, "dec-y").findings == []
    z = trace_decision(G, "dec-z")
    assert z.findings == []
    link = z.chains[0].links[0]
    assert (link.report_to, link.report_top_n) == ("icb-board", 5)
    assert any("no report recorded" in n for n in link.to_confirm)


# --------------------------------------------------------------------------- 3. thresholds


def test_the_threshold_band_applied_and_whether_the_data_shows_it_met() -> None:
    G = _graph("procurement_thresholds")
    x = trace_decision(G, "dec-x")
    assert x.procurement is not None and (x.procurement.threshold, x.procurement.met) == ("pt-2", False)
    assert "1 quotation obtained; 3 required" in x.findings[0].explanation
    y = trace_decision(G, "dec-y")
    assert y.procurement is not None and y.procurement.met is True and y.findings == []
    z = trace_decision(G, "dec-z")
    assert z.procurement is not None and z.procurement.met is None and z.findings == []


# --------------------------------------------------------------------------- 4. recommendations, dates


def test_a_recommendation_needs_no_delegation_and_links_its_approval() -> None:
    G = _graph("recommendation")
    t = trace_decision(G, "dec-rec")
    assert t.verdict == "sound" and t.chains == [] and t.may_approve is None
    assert (t.decision.recommendation_to, t.decision.approved_by) == ("icb-board", "dec-board")
    assert "needs no delegated authority" in t.verdict_text
    assert trace_decision(G, "dec-board").decision.approves == ["dec-rec"]
    (f,) = trace_decision(G, "dec-rec2").findings
    assert f.kind == "approval_mismatch" and "not by Westmere ICB Board" in f.explanation


def test_an_undated_decision_is_to_confirm_never_a_breach(cli) -> None:
    G = _graph("date_unknown")
    t = trace_decision(G, "dec-x")
    assert t.decision.date is None and t.verdict == "advisory"
    (f,) = t.findings
    assert f.kind == "date_unknown" and f.to_confirm
    assert "delegation d-cfo is in force from 2022-07-01" in f.explanation
    assert trace_decision(G, "dec-y").findings == []
    # listed last without a period; left out of a dated one (it cannot be placed in it)
    assert decision_ids(G)[-2:] == ["dec-x", "dec-y"]
    assert "dec-x" not in decision_ids(G, date_from=dt.date(2024, 1, 1))
    out = cli("trace", DATA / "deleg-date-unknown", "-d", "dec-x").stdout
    assert "Date:         not recorded" in out and "[advisory, to confirm]" in " ".join(out.split())
    for fmt in ("json", "csv", "markdown", "html"):
        assert cli("trace", DATA / "deleg-date-unknown", "-d", "dec-x", "-f", fmt).exit_code == 0


def test_an_undated_decision_under_a_post_lists_the_holding_to_confirm(tmp_path: Path) -> None:
    t = fx.build("post_delegate")
    fx._edit(t, "decisions", "id", "dec-z", date=None)
    (f,) = trace_decision(load_graph(_write(tmp_path, t)), "dec-z").findings
    assert f.kind == "date_unknown"
    assert "Priya Cole (cfo) held Chief Finance Officer (icb-cfo) from 2022-07-01" in f.explanation


@pytest.mark.parametrize("case", sorted(fx.CASES))
def test_to_confirm_findings_are_never_a_breach(case: str) -> None:
    for t in trace_all(_graph(case)):
        for f in t.findings:
            if f.to_confirm:
                assert str(f.severity) == "advisory", (case, f.kind)


# --------------------------------------------------------------------------- 5. who may approve


def test_who_may_approve_lists_every_holder_in_band_first() -> None:
    a = who_may_approve(_graph("limit_bands"), "expenditure", 300_000, on=dt.date(2024, 9, 4))
    assert [(h.holder, h.holder_type, h.in_band) for h in a.holders] == [
        ("icb-ceo-and-cfo", "joint_authority", True), ("icb-board", "body", False)]
    joint = a.holders[0]
    assert joint.requires == ["Chief Executive", "Chief Finance Officer"]
    assert joint.held_by == ["ceo", "cfo"] and joint.chain == ["d-ceo-cfo"]
    assert joint.accountable_board == "icb-board" and joint.lower_limit == 250_000
    a = who_may_approve(_graph("limit_bands"), "expenditure", 700_000)
    assert [(h.holder, h.in_band) for h in a.holders] == [("icb-board", True)]
    assert "reserved to it above £500,000" in (a.holders[0].note or "")


def test_who_may_approve_without_a_value_or_date_says_so() -> None:
    a = who_may_approve(_graph("limit_bands"), "expenditure")
    assert a.value is None and all(h.in_band is None for h in a.holders)
    assert "No value given" in (a.note or "") and "No date given" in (a.note or "")


def test_who_may_approve_errors() -> None:
    G = _graph("limit_bands")
    with pytest.raises(NotFound, match="no matter 'expenditur'.*did you mean 'expenditure'"):
        who_may_approve(G, "expenditur")
    with pytest.raises(NotFound, match="no organisation 'nobody'"):
        who_may_approve(G, "expenditure", organisation="nobody")


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "markdown", "html"])
def test_cli_powers_matter_value_on(cli, fmt: str) -> None:
    args = ("powers", DATA / "deleg-limit-bands", "--matter", "expenditure", "--value", "£300,000",
            "--on", "2024-09-04", "-f", fmt)
    r = cli(*args)
    assert r.exit_code == 0 and r.stdout == cli(*args).stdout
    if fmt == "json":
        got = json.loads(r.stdout)
        assert got["value"] == 300000 and got["holders"][0]["holder"] == "icb-ceo-and-cfo"
    elif fmt == "csv":
        assert r.stdout.splitlines()[1].startswith("expenditure,300000,2024-09-04,icb-ceo-and-cfo")
    else:
        assert "The Chief Executive and the Chief Finance Officer acting jointly" in r.stdout


def test_cli_powers_options_errors(cli) -> None:
    d = DATA / "deleg-limit-bands"
    r = cli("powers", d, "--holder", "cfo", "--matter", "expenditure")
    assert r.exit_code == 2 and "not both" in r.stderr
    r = cli("powers", d)
    assert r.exit_code == 2 and "--holder" in r.stderr
    r = cli("powers", d, "--matter", "expenditure", "--value", "lots")
    assert r.exit_code == 2 and "--value 'lots' is not an amount of money" in r.stderr
    r = cli("powers", d, "--holder", "cfo", "--value", "10")
    assert r.exit_code == 2 and "go with --matter" in r.stderr
    r = cli("powers", d, "--matter", "nope")
    assert r.exit_code == 2 and "no matter 'nope'" in r.stderr and "Traceback" not in r.stderr


def test_powers_of_a_person_include_those_of_their_posts() -> None:
    p = powers_of(_graph("post_delegate"), "cfo")
    via = {(x.delegation, x.via, x.via_type) for x in p.powers if x.via}
    assert ("d-cfo-losses", "icb-cfo", "post") in via
    assert ("d-director", "icb-directors", "post") in via
    assert ("d-ceo-cfo", "icb-ceo-and-cfo", "joint_authority") in via
    joint = next(x for x in p.powers if x.delegation == "d-ceo-cfo")
    assert "Only jointly" in (joint.note or "")
    director = next(x for x in p.powers if x.delegation == "d-director")
    assert director.lower_limit == 10_000 and director.valid
    post = powers_of(_graph("post_delegate"), "icb-cfo")
    assert post.holder_type == "post" and post.holder_kind == "office"
    assert [x.delegation for x in post.powers] == ["d-cfo-losses"]


# --------------------------------------------------------------------------- the data format


def _problems(tmp_path: Path, t: fx.Tables) -> list[str]:
    with pytest.raises(DataError) as exc:
        load_dataset(_write(tmp_path, t))
    return [f"{p.file}:{p.row}:{p.field}: {p.message}" for p in exc.value.problems]


def test_a_delegation_names_exactly_one_delegate(tmp_path: Path) -> None:
    t = fx.build("post_delegate")
    fx._edit(t, "delegations", "id", "d-director", to_person="cfo")
    (p,) = _problems(tmp_path, t)
    assert "delegations.yaml" in p and "to_body" in p and "to_person, to_post" in p


def test_a_band_the_wrong_way_round_is_refused(tmp_path: Path) -> None:
    t = fx.build("post_delegate")
    fx._edit(t, "delegations", "id", "d-director", lower_limit=200_000)
    (p,) = _problems(tmp_path, t)
    assert "lower_limit" in p and "swapped" in p


def test_a_joint_authority_naming_an_unknown_post_is_refused_with_a_hint(tmp_path: Path) -> None:
    t = fx.build("joint_authority")
    fx._edit(t, "joint_authorities", "id", "icb-ceo-and-cfo", requires=["icb-ceo", "icb-cof"])
    (p,) = _problems(tmp_path, t)
    assert "joint_authorities.yaml" in p and "requires" in p and "no post 'icb-cof'" in p


def test_a_decision_by_a_body_and_signatories_is_refused(tmp_path: Path) -> None:
    t = fx.build("joint_authority")
    fx._edit(t, "decisions", "id", "dec-x", by_body="icb-fic")
    (p,) = _problems(tmp_path, t)
    assert "by_body" in p and "signatories" in p


BLANKABLE = ("date", "within_budget", "value_includes_vat", "procurement", "quotations",
             "reported_at", "supplier", "project")


@pytest.mark.parametrize("folder", ["deleg-real-authorised-limits", "deleg-limit-bands",
                                    "deleg-outside-budget", "deleg-split-commitment",
                                    "deleg-reporting-duty", "deleg-vat-to-confirm",
                                    "deleg-procurement-thresholds", "deleg-joint-authority-not-met",
                                    "deleg-not-post-holder"])
def test_a_blank_never_adds_a_breach(folder: str) -> None:
    """Blank any field a source may not give, on any decision: every finding that is not 'to
    confirm' was there with the field filled in (a blank is unknown, never a finding)."""
    G = load_graph(DATA / folder)
    checked = 0
    for did in decision_ids(G):
        node = f"decision:{did}"
        before = {(f.kind, f.delegation) for f in trace_decision(G, did).findings}
        for field in BLANKABLE:
            if G.nodes[node].get(field) is None:
                continue
            H = G.copy()
            del H.nodes[node][field]
            after = trace_decision(H, did).findings
            new = {(f.kind, f.delegation) for f in after if not f.to_confirm} - before
            assert not new, (did, field, new)
            checked += 1
    assert checked > 5


def test_who_may_approve_escapes_hostile_names(cli) -> None:
    d = DATA / "deleg-hostile-names"
    html = cli("powers", d, "--matter", "contract_award", "--value", "5000", "-f", "html").stdout
    assert "<img" not in html and "&lt;img src=x" in html
    md = cli("powers", d, "--matter", "contract_award", "-f", "markdown").stdout
    assert "<img" not in md and "&lt;img" in md and "\\`Finance\\`" in md
    table = cli("powers", d, "--matter", "contract_award").stdout
    assert fx.HOSTILE in table  # shown as text, not interpreted
    trace = cli("trace", d, "-d", "dec-x", "-f", "html").stdout
    assert "Who may approve" in trace and "<img" not in trace
