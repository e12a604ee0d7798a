"""docs/rules.md is generated from the policy files and the findings registry, and is current."""

from __future__ import annotations

from pathlib import Path

from coigraph import rules_doc
from coigraph.findings import KINDS, _declared, citation_library
from coigraph.governance.composition import load_composition_rules
from coigraph.policy import load_policy

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "rules.md"


def test_docs_rules_md_is_current() -> None:
    assert DOC.read_text(encoding="utf-8") == rules_doc.render(), (
        "docs/rules.md is out of date: run `.venv/bin/python -m coigraph.rules_doc`")


def test_every_rule_and_kind_is_listed_with_its_level_or_severity_and_sources() -> None:
    text = rules_doc.render()
    policy = load_policy()
    for r in [*policy.rules, policy.default]:
        row = next(line for line in text.splitlines() if line.startswith(f"| `{r.id}`"))
        assert f"`{r.level.value}`" in row and f"`{r.action.value}`" in row, r.id
        assert r.citations and "none given" not in row, f"rule {r.id} cites nothing"
    bundled = [KINDS[f"composition.{r.id}"] for r in load_composition_rules()] + list(_declared())
    for k in bundled:
        row = next(line for line in text.splitlines() if line.startswith(f"| `{k.code}`"))
        assert f"`{k.severity.value}`" in row, k.code
        assert k.citations, f"kind {k.code} cites nothing"


def test_every_citation_says_whether_it_was_checked_and_how() -> None:
    text = rules_doc.render()
    assert "## How the citations were checked" in text
    for key, c in citation_library().items():
        assert f"| `{key}` |" in text
        # a national source is either verified or says why not; never silent
        if not c.own_document:
            assert c.note, f"citation {key} has no note saying what was checked"
        if c.source == "law":
            assert c.url and c.url.startswith("https://www.legislation.gov.uk/"), key


def test_no_rule_cites_the_superseded_2017_guidance_as_current() -> None:
    lib = citation_library()
    assert "superseded" in lib["nhse-coi-2017"].title
    assert "replaces the 2017 guidance" in lib["nhse-coi"].title
    policy = load_policy()
    assert "2017" not in policy.name or "replacing the 2017" in policy.name
    assert "checked 2026-12" in policy.name  # the policy says which guidance it follows, and when


def test_schedule_1b_citations_are_the_right_paragraphs() -> None:
    load_composition_rules()
    refs = {code: [c.reference or "" for c in KINDS[code].citations] for code in KINDS
            if code.startswith("composition.")}
    # para 2 is the ICB's name and area, never membership
    assert not any("paragraph 2" in r and "paragraph 2(" not in r for rs in refs.values() for r in rs)
    assert any("3(1)(a)" in r for r in refs["composition.chair"])
    assert any("3(1)(b)" in r for r in refs["composition.chief_executive"])
    assert any("3(1)(a)-(c)" in r for r in refs["composition.partner_members_minimum"])
    assert any("8(2)(a)" in r for r in refs["composition.partner_member_trusts"])
    # the primary care and local authority routes: paragraph 8, no inferred sub-paragraph
    for code in ("composition.partner_member_primary_care", "composition.partner_member_local_authority"):
        assert any(r.startswith("Schedule 1B, paragraph 8 ") for r in refs[code])
        assert not any("8(2)(b)" in r or "8(2)(c)" in r for r in refs[code])
    assert refs["composition.private_sector_involvement"] == ["Schedule 1B, paragraph 4"]


def test_joint_working_cites_65z5_and_65z6_together() -> None:
    for code in ("joint_committee_not_delegated", "statutory_function_to_trust"):
        refs = [c.reference for c in KINDS[code].citations]
        assert "sections 65Z5 and 65Z6 (joint working and delegation arrangements)" in refs
        assert "ss65Z5-65Z6" in KINDS[code].basis


def test_icb_chair_and_ned_pay_attributed_as_verified() -> None:
    c = citation_library()["nhse-chair-ned-terms"]
    assert c.verified and "Secretary of State for Health" in (c.note or "")
