"""Delegation chains: one small dataset per finding kind, the chain shape, rules, bounds, CLI."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coigraph.delegation import (
    KINDS,
    GuidanceRule,
    Rules,
    Scheme,
    audit_scheme,
    search_chains,
    trace_all,
    trace_decision,
)
from coigraph.errors import NotFound, UsageError
from coigraph.graph import build_graph, load_graph
from coigraph.load.dataset import Dataset
from coigraph.model import TABLE_BY_NAME

DATA = Path(__file__).resolve().parent / "data"
sys.path.insert(0, str(DATA))
import make_deleg_fixtures as fx  # noqa: E402


def _graph(case: str):
    return load_graph(DATA / f"deleg-{case.replace('_', '-')}")


def _all_findings(G) -> set[tuple[str, str]]:
    """Every finding of the dataset (traces and scheme checks, as the audit reports them)."""
    from coigraph.audit import build_audit

    return {(f.kind, f.decision or f.delegation or f.body or f.person or "")
            for f in build_audit(G, sections=["decisions", "scheme"]).findings}


#: What each fixture must produce: exactly these (kind, decision/delegation/body), nothing else.
EXPECTED: dict[str, set[tuple[str, str]]] = {
    "sound": set(),
    "broken_chain": {("broken_chain", "dec-x")},
    "reserved_matter": {("reserved_matter", "dec-x")},
    "limit_exceeded": {("limit_exceeded", "dec-x")},
    "expired": {("expired", "dec-x")},
    "not_yet_in_force": {("not_yet_in_force", "dec-pccc")},
    "sub_delegation_forbidden": {("sub_delegation_forbidden", "dec-cfo")},
    "sub_delegation_limit_exceeds_parent": {("sub_delegation_limit_exceeds_parent", "dec-cfo")},
    "cycle": {("cycle", "dec-x")},
    "fts_delegation_to_ned": {("fts_delegation_to_ned", "dec-x")},
    "committee_in_all_but_name": {("committee_in_all_but_name", "dec-x")},
    "delegation_to_trust_officer": {("delegation_outside_powers", "dec-x"), ("conflict_of_roles", "dec-x"),
                                    ("conflict_of_roles", "d-icb-joint")},
    "statutory_function_to_trust": {("statutory_function_to_trust", "dec-x")},
    "joint_committee_not_delegated": {("joint_committee_not_delegated", "dec-x")},
    "committees_in_common_for_other_body": {("committees_in_common_for_other_body", "dec-x")},
    "conflicted_member_counted": {("conflicted_member_counted", "dec-fic")},
    "conflicted_member_withdrew": set(),
    "conflicted_member_not_minuted": set(),
    "body_without_powers": {("body_without_powers", "icb-quality")},
    "delegate_no_longer_exists": {("delegate_no_longer_exists", "d-transition")},
    "overlapping_delegations": {("overlapping_delegations", "d-cfo")},
    "hostile_names": {("limit_exceeded", "dec-x")},
    # schemes as written (issue 15)
    "post_delegate": set(),
    "not_post_holder": {("not_post_holder", "dec-x"), ("not_post_holder", "dec-y")},
    "joint_authority": set(),
    "joint_authority_not_met": {("joint_authority_not_met", "dec-x"),
                                ("joint_authority_not_met", "dec-y")},
    "limit_bands": {("limit_exceeded", "dec-y"), ("reserved_matter", "dec-y")},
    "outside_budget": {("outside_budget", "dec-x")},
    "split_commitment": {("split_commitment", "dec-c"), ("possible_split", "dec-e")},
    "reporting_duty": {("reporting_duty_not_met", "dec-x")},
    "vat_to_confirm": {("vat_to_confirm", "dec-x")},
    "procurement_thresholds": {("procurement_requirement_not_met", "dec-x")},
    "recommendation": {("approval_mismatch", "dec-rec2")},
    "date_unknown": {("date_unknown", "dec-x")},
}


def test_every_kind_has_a_fixture() -> None:
    shown = {k for exp in EXPECTED.values() for k, _ in exp}
    # the kinds of what the data does not state are shown by the real-boards fixtures (test_boards.py)
    shown |= {k for k, v in KINDS.items() if v.fixture and "/boards-" in v.fixture}
    assert shown == set(KINDS)
    assert set(EXPECTED) == set(fx.CASES)


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_fixture_gives_exactly_its_findings(case: str) -> None:
    assert _all_findings(_graph(case)) == EXPECTED[case]


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_fixture_files_are_current(case: str, tmp_path: Path) -> None:
    """The committed fixture folders are what make_deleg_fixtures.py writes."""
    folder = fx.write(case, tmp_path)
    committed = DATA / folder.name
    for f in folder.iterdir():
        assert (committed / f.name).read_text() == f.read_text(), f"re-run make_deleg_fixtures.py ({f.name})"


# --------------------------------------------------------------------------- chain shape


def test_sound_chain_reads_from_decider_to_board() -> None:
    t = trace_decision(_graph("sound"), "dec-cfo")
    assert t.verdict == "sound" and t.findings == []
    (chain,) = t.chains
    assert chain.complete and chain.accountable_board == "icb-board"
    assert [(x.step, x.delegation, x.from_body, x.to) for x in chain.links] == [
        (1, "d-cfo", "icb-fic", "cfo"), (2, "d-fic", "icb-board", "icb-fic")]
    assert chain.links[0].to_type == "person" and chain.links[0].limit == 250_000
    assert chain.links[1].instrument == "ICB SoRD 4.3" and chain.links[1].src == "delegations.yaml:19"


def test_narrower_matter_is_covered_by_its_parent() -> None:
    t = trace_decision(_graph("sound"), "dec-fic")
    assert t.decision.matter == "contract_award.community"
    assert t.chains[0].links[0].covers == "contract_award" and t.verdict == "sound"


def test_nhs_england_delegation_chain_ends_at_nhs_england() -> None:
    t = trace_decision(_graph("sound"), "dec-pccc")
    (chain,) = t.chains
    assert chain.organisation == "icb" and chain.complete
    assert chain.accountable_board == "nhse-board" and chain.accountable_organisation == "nhs-england"
    assert [x.delegation for x in chain.links] == ["d-pccc", "d-nhse-pc"]
    assert chain.links[1].statutory_basis == "s65Z5 NHS Act 2006"
    assert "NHS England" in (chain.note or "")
    assert t.verdict == "sound"


def test_board_deciding_its_own_reserved_matter_is_sound() -> None:
    t = trace_decision(_graph("sound"), "dec-board")
    assert t.verdict == "sound" and t.chains[0].links == []
    assert t.chains[0].accountable_board == "icb-board"


def test_findings_carry_severity_explanation_evidence_and_basis() -> None:
    t = trace_decision(_graph("limit_exceeded"), "dec-x")
    (f,) = t.findings
    assert f.severity == "sord_breach" and f.decision == "dec-x" and f.delegation == "d-fic"
    assert "£1,450,000" in f.explanation and "£1,000,000" in f.explanation
    assert f.evidence == ["decisions.yaml:24", "delegations.yaml:19"]
    assert f.basis == KINDS["limit_exceeded"].basis
    assert t.chains[0].links[0].checks == ["limit_exceeded"]
    assert t.verdict == "sord_breach"


def test_reserved_matter_is_reported_instead_of_a_broken_chain() -> None:
    t = trace_decision(_graph("reserved_matter"), "dec-x")
    assert [f.kind for f in t.findings] == ["reserved_matter"]
    assert "ICB SoRD 2.4" in t.findings[0].explanation
    assert not t.chains[0].complete and t.chains[0].stops_at == "icb-fic"


def test_broken_chain_says_where_it_breaks() -> None:
    t = trace_decision(_graph("broken_chain"), "dec-x")
    (f,) = t.findings
    assert "Finance and Investment Committee (icb-fic)" in f.explanation
    assert "Westmere ICB Board (icb-board)" in f.explanation


def test_unlawful_kinds_give_an_unlawful_verdict() -> None:
    for case in ("fts_delegation_to_ned", "joint_committee_not_delegated",
                 "committees_in_common_for_other_body"):
        t = trace_decision(_graph(case), "dec-x")
        assert t.verdict == "unlawful", case


def test_joint_committee_chain_for_the_body_that_did_delegate_is_complete() -> None:
    t = trace_decision(_graph("joint_committee_not_delegated"), "dec-x")
    by_org = {c.organisation: c for c in t.chains}
    assert by_org["icb"].complete and by_org["icb"].accountable_board == "icb-board"
    assert not by_org["council"].complete
    assert t.findings[0].organisation == "council"


def test_committee_in_all_but_name_shows_both_representatives() -> None:
    t = trace_decision(_graph("committee_in_all_but_name"), "dec-x")
    assert sorted(c.through for c in t.chains) == ["trust-cfo", "trust-ned"]
    assert all(c.complete and c.accountable_board == "trust-board" for c in t.chains)


def test_expired_and_not_yet_in_force_name_the_dates() -> None:
    (f,) = trace_decision(_graph("expired"), "dec-x").findings
    assert "2024-03-31" in f.explanation and "2024-09-04" in f.explanation
    (g,) = trace_decision(_graph("not_yet_in_force"), "dec-pccc").findings
    assert "2024-10-01" in g.explanation


def test_cycle_terminates_and_is_reported_for_decision_and_scheme() -> None:
    G = _graph("cycle")
    t = trace_decision(G, "dec-x")
    assert [f.kind for f in t.findings] == ["cycle"]
    scheme = [f for f in audit_scheme(G) if f.kind == "cycle"]
    assert len(scheme) == 1 and "d-est-1" in scheme[0].explanation and "d-est-2" in scheme[0].explanation


def test_static_problems_are_found_in_the_scheme_without_any_decision() -> None:
    kinds = {(f.kind, f.delegation) for f in audit_scheme(_graph("fts_delegation_to_ned"))}
    assert ("fts_delegation_to_ned", "d-ft-chair") in kinds
    kinds = {(f.kind, f.delegation) for f in audit_scheme(_graph("sub_delegation_forbidden"))}
    assert kinds == {("sub_delegation_forbidden", "d-cfo")}


# --------------------------------------------------------------------------- rules


def test_guidance_check_can_be_switched_off() -> None:
    G = _graph("statutory_function_to_trust")
    assert trace_decision(G, "dec-x").verdict == "against_guidance"
    off = Rules(disabled=frozenset({"statutory_function_to_trust"}))
    assert trace_decision(G, "dec-x", rules=off).findings == []
    assert audit_scheme(G, rules=off) == []


def test_guidance_check_is_dated() -> None:
    G = _graph("statutory_function_to_trust")
    later = Rules(guidance={"statutory_function_to_trust": GuidanceRule(
        since=dt.date(2025, 1, 1), source="a later guidance")})
    assert trace_decision(G, "dec-x", rules=later).findings == []
    lifted = Rules(guidance={"statutory_function_to_trust": GuidanceRule(
        since=dt.date(2022, 9, 1), until=dt.date(2024, 6, 30), source="lifted mid-2024")})
    assert trace_decision(G, "dec-x", rules=lifted).findings == []


def test_unknown_kind_in_rules_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="unknown finding kind 'limit_exceded'"):
        Rules(disabled=frozenset({"limit_exceded"}))


def test_unknown_decision_is_not_found_with_a_hint() -> None:
    with pytest.raises(NotFound, match="no decision 'dec-fi'.*did you mean 'dec-fic'"):
        trace_decision(_graph("sound"), "dec-fi")


# --------------------------------------------------------------------------- JSON


def test_json_shape_and_determinism() -> None:
    G = _graph("committee_in_all_but_name")
    a = trace_decision(G, "dec-x").model_dump(mode="json")
    b = trace_decision(load_graph(DATA / "deleg-committee-in-all-but-name"), "dec-x").model_dump(mode="json")
    assert json.dumps(a) == json.dumps(b)
    # the first release's keys first, in order; issue 15 added the procurement check and who may
    # approve at the end (additions only)
    assert list(a) == ["decision", "chains", "verdict", "verdict_text", "findings", "procurement",
                       "may_approve"]
    assert set(a["findings"][0]) >= {"kind", "severity", "decision", "delegation", "explanation",
                                     "evidence", "basis"}
    link = a["chains"][0]["links"][0]
    assert set(link) >= {"step", "delegation", "from_body", "to", "matters", "limit", "start", "end",
                         "statutory_basis", "instrument", "src", "checks"}


# --------------------------------------------------------------------------- engines


def test_the_chain_search_engine_is_a_parameter_not_a_patch() -> None:
    """Tracing, the audit and the powers query use the ChainSearch they are given."""
    from coigraph.audit import build_audit
    from coigraph.delegation import ChainSearch, powers_of

    asked: list[str] = []

    def engine(S, start, matter, rules, first=None):
        asked.append(start)
        return search_chains(S, start, matter, rules, first)

    chains: ChainSearch = engine
    G = _graph("committee_in_all_but_name")
    assert trace_decision(G, "dec-x", chains=chains) == trace_decision(G, "dec-x")
    assert "body:collab-board" in asked  # the decider
    assert {"person:trust-cfo", "person:trust-ned"} <= set(asked)  # and the representatives
    asked.clear()
    assert build_audit(G, sections=["decisions"], chains=chains) == build_audit(G, sections=["decisions"])
    assert asked
    asked.clear()
    assert powers_of(G, "trust-cfo", chains=chains) == powers_of(G, "trust-cfo") and asked
    assert not hasattr(Scheme.of(G), "chain_search")


# --------------------------------------------------------------------------- bounds


def _dataset(tables: dict[str, list[dict]]) -> Dataset:
    ds = Dataset(name="generated")
    for name, rows in tables.items():
        model = TABLE_BY_NAME[name].model
        ds.records[name] = [model.model_validate(r) for r in rows]
    return ds


def _chain_scheme(n: int, loop_back: bool) -> dict[str, list[dict]]:
    bodies = [{"id": "b0", "name": "Board", "kind": "board", "owners": ["o"]}]
    bodies += [{"id": f"b{i}", "name": f"Committee {i}", "kind": "committee", "owners": ["o"]}
               for i in range(1, n + 1)]
    dels = [{"id": f"d{i}", "from_body": f"b{i - 1}", "to_body": f"b{i}", "matters": ["m"],
             "sub_delegation_allowed": True} for i in range(1, n + 1)]
    if loop_back:
        dels.append({"id": "dback", "from_body": f"b{n}", "to_body": "b1", "matters": ["m"],
                     "sub_delegation_allowed": True})
    return {"organisations": [{"id": "o", "name": "Org", "kind": "nhs_trust"}], "bodies": bodies,
            "people": [], "matters": [{"code": "m", "name": "M"}], "delegations": dels,
            "decisions": [{"id": "x", "matter": "m", "by_body": f"b{n}", "date": "2024-01-01"}]}


def test_very_deep_chain_stops_at_the_depth_bound_and_says_so() -> None:
    G = build_graph(_dataset(_chain_scheme(30, loop_back=False)))
    t = trace_decision(G, "x")
    assert [f.kind for f in t.findings] == ["broken_chain"]
    assert "longer than 12 links" in t.findings[0].explanation
    deep = trace_decision(G, "x", rules=Rules(max_depth=40))
    assert deep.verdict == "sound" and len(deep.chains[0].links) == 30


def test_a_loop_beside_a_valid_chain_does_not_hide_it() -> None:
    G = build_graph(_dataset(_chain_scheme(4, loop_back=True)))
    assert trace_decision(G, "x").verdict == "sound"
    assert any(f.kind == "cycle" for f in audit_scheme(G))


@st.composite
def schemes(draw):
    """Random schemes over a few bodies: any delegations (cycles, long chains); never a body to
    itself, which the loader refuses."""
    n = draw(st.integers(2, 9))
    kinds = ["board"] + draw(st.lists(st.sampled_from(["committee", "sub_committee", "board",
                                                       "joint_committee"]), min_size=n - 1,
                                      max_size=n - 1))
    bodies = [{"id": f"b{i}", "name": f"B{i}", "kind": k, "owners": ["o1" if i % 2 else "o2"]}
              for i, k in enumerate(kinds)]
    edges = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1),
                                    st.sampled_from(["m", "m.x"]), st.booleans(),
                                    st.one_of(st.none(), st.integers(0, 5))).filter(lambda e: e[0] != e[1]),
                          max_size=25))
    dels = [{"id": f"d{j}", "from_body": f"b{u}", "to_body": f"b{v}", "matters": [m],
             "sub_delegation_allowed": allowed, **({"limit": lim * 1000} if lim is not None else {})}
            for j, (u, v, m, allowed, lim) in enumerate(edges)]
    decisions = [{"id": f"x{i}", "matter": draw(st.sampled_from(["m", "m.x"])), "by_body": f"b{i}",
                  "date": "2024-01-01", "value": draw(st.integers(0, 6000))} for i in range(n)]
    return {"organisations": [{"id": "o1", "name": "O1", "kind": "icb"},
                              {"id": "o2", "name": "O2", "kind": "foundation_trust"}],
            "bodies": bodies, "people": [],
            "matters": [{"code": "m", "name": "M"}, {"code": "m.x", "name": "MX", "parent": "m"}],
            "delegations": dels, "decisions": decisions}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(schemes(), st.integers(1, 6), st.integers(1, 20))
def test_tracing_terminates_and_respects_its_bounds(tables, max_depth, max_chains) -> None:
    G = build_graph(_dataset(tables))
    rules = Rules(max_depth=max_depth, max_chains=max_chains)
    S = Scheme.of(G)
    for n in (n for n in G if n.startswith("body:")):
        paths = search_chains(S, n, "m.x", rules)
        assert 1 <= len(paths) <= max_chains
        assert all(len(p.links) <= max_depth for p in paths)
        for p in paths:
            ids = [d.id for d in p.links]
            if p.reason != "cycle":
                assert len(ids) == len(set(ids))
    traces = trace_all(G, rules=rules)
    assert len(traces) == len(tables["decisions"])
    for t in traces:
        assert t.verdict in ("sound", "unlawful", "sord_breach", "against_guidance", "advisory")
        assert all(len(c.links) <= max_depth for c in t.chains)
        assert (t.verdict == "sound") == (not t.findings)
    audit_scheme(G, rules=rules)


# --------------------------------------------------------------------------- CLI


def test_cli_trace_working_paper(cli) -> None:
    r = cli("trace", DATA / "deleg-sub-delegation-forbidden", "--decision", "dec-cfo")
    assert r.exit_code == 0, r.stderr
    out = r.stdout
    flat = " ".join(out.split())  # the link sentences wrap at the terminal's width
    assert "Working paper: authority for decision dec-cfo" in out
    assert ("1. Finance and Investment Committee (icb-fic) delegated award of a contract (contract_award) "
            "to Priya Cole (cfo, a person).") in flat
    assert ("2. Westmere ICB Board (icb-board) delegated award of a contract (contract_award) to Finance "
            "and Investment Committee (icb-fic).") in flat
    assert "Instrument:       FIC ToR 7.1" in out and "Limit:            £250,000" in out
    assert ("Check:            FAILED: sub-delegation the parent does not allow (sub_delegation_forbidden)"
            in out)
    assert "Verdict: OUTSIDE THE SCHEME" in out
    assert "Evidence: decisions.yaml:" in out


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "markdown", "html"])
def test_cli_trace_every_format_is_deterministic_and_writes_output(cli, fmt, tmp_path) -> None:
    args = ("trace", DATA / "deleg-limit-exceeded", "-d", "dec-x", "--format", fmt)
    a = cli(*args)
    assert a.exit_code == 0 and a.stdout
    assert cli(*args).stdout == a.stdout
    out = tmp_path / f"t.{fmt}"
    r = cli(*args, "--output", out)
    assert r.exit_code == 0 and r.stdout == "" and out.read_text() == a.stdout
    if fmt == "json":
        assert json.loads(a.stdout)["findings"][0]["kind"] == "limit_exceeded"


def test_cli_outputs_escape_hostile_names(cli) -> None:
    d = DATA / "deleg-hostile-names"
    html = cli("trace", d, "-d", "dec-x", "-f", "html").stdout
    assert "<img" not in html and "<script" not in html and "&lt;img src=x" in html
    md = cli("trace", d, "-d", "dec-x", "-f", "markdown").stdout
    assert "<img" not in md and "&lt;img" in md and "\\`Finance\\`" in md and "\\| " in md
    csv = cli("trace", d, "-d", "dec-x", "-f", "csv").stdout
    assert ",'=1+2 <script>" in csv
    audit_csv = cli("audit", d, "--section", "decisions", "--section", "scheme", "-f", "csv").stdout
    assert ",=" not in audit_csv and ",@" not in audit_csv
    table = cli("trace", d, "-d", "dec-x").stdout
    assert fx.HOSTILE in table  # shown as text, not interpreted (rich markup is off)


def test_cli_errors_exit_2_with_a_message(cli, tmp_path) -> None:
    r = cli("trace", DATA / "deleg-sound", "--decision", "nope")
    assert r.exit_code == 2 and "no decision 'nope'" in r.stderr and "Traceback" not in r.stderr
    r = cli("trace", DATA / "deleg-sound", "-d", "dec-fic", "--skip", "bogus")
    assert r.exit_code == 2 and "unknown finding kind 'bogus'" in r.stderr
    r = cli("trace", tmp_path / "missing", "-d", "dec-fic")
    assert r.exit_code == 2 and "no such folder" in r.stderr
    r = cli("trace", DATA / "deleg-sound")
    assert r.exit_code == 2 and "--decision" in r.stderr


def test_every_kind_is_explained_in_the_docs() -> None:
    doc = (Path(__file__).resolve().parent.parent / "docs" / "delegation.md").read_text()
    for code, kind in KINDS.items():
        assert f"### `{code}` ({kind.severity.value}" in doc, f"docs/delegation.md: explain {code}"


@pytest.mark.parametrize(("value", "on", "expected"), [
    (1_200_000.0, "4 June 2025", "Who may approve this (£1,200,000, on 4 June 2025):"),
    (None, "2025-06-01", "Who may approve this (on 2025-06-01):"),
    (500.0, None, "Who may approve this (£500):"),
    (None, None, "Who may approve this:"),
])
def test_the_approvers_heading_leaves_out_what_is_not_recorded(value, on, expected) -> None:
    """A decision without a value printed 'Who may approve this (, on 2025-06-01)'."""
    from coigraph.report.delegation_words import approve_heading

    assert approve_heading(value, on) == expected


def test_a_link_names_its_matters_in_words_with_their_codes_in_every_paper() -> None:
    """A link read "delegated 'contract_award' to ...": a code, where the rest of the paper names a
    matter in words with its code after it.  The JSON keeps the codes only (its fields are
    documented and scripted against)."""
    from coigraph.delegation.results import Link
    from coigraph.report.delegation import render_trace
    from coigraph.report.delegation_words import link_sentence

    G = load_graph(DATA / "deleg-sub-delegation-forbidden")
    t = trace_decision(G, "dec-cfo")
    words = ("Finance and Investment Committee (icb-fic) delegated award of a contract (contract_award) "
             "to Priya Cole (cfo, a person).")
    assert link_sentence(t.chains[0].links[0]) == words
    for fmt in ("table", "markdown", "html"):
        out = " ".join(render_trace(t, fmt).replace("\\_", "_").split())  # markdown escapes '_'
        assert words in out, fmt
        assert "delegated 'contract_award'" not in out and "&#39;contract_award&#39;" not in out, fmt
    data = json.loads(render_trace(t, "json"))
    link = data["chains"][0]["links"][0]
    assert link["matters"] == ["contract_award"] and link["covers"] == "contract_award"
    assert "matter_words" not in link
    assert "contract_award" in render_trace(t, "csv").splitlines()[1]
    # a matter the scheme's matter list does not name reads as its code
    bare = Link(step=1, delegation="d", from_body="b", from_name="Board", to="c", to_type="body",
                to_name="Committee", matters=["m.unlisted"], covers="m.unlisted")
    assert link_sentence(bare) == "Board (b) delegated 'm.unlisted' to Committee (c)."
    # one of many: the matter that covers the decision, in words
    many = bare.model_copy(update={"matters": ["a", "b", "c", "m.unlisted"],
                                   "matter_words": {"m.unlisted": "an unlisted thing (m.unlisted)"}})
    assert link_sentence(many) == ("Board (b) delegated an unlisted thing (m.unlisted), one of 4 matters in "
                                   "this delegation, to Committee (c).")


def test_a_matter_name_in_a_link_is_escaped() -> None:
    G = load_graph(DATA / "deleg-sub-delegation-forbidden")
    G.nodes["matter:contract_award"]["name"] = fx.HOSTILE
    from coigraph.report.delegation import render_trace

    t = trace_decision(G, "dec-cfo")
    html, md = render_trace(t, "html"), render_trace(t, "markdown")
    assert "<img" not in html and "delegated &lt;img src=x onerror=alert(1)&gt; (contract_award) to" in html
    assert "<img" not in md and "&lt;img" in md
