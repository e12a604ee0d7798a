"""The materiality policy: every default rule and modifier, strictest-wins, overrides, and file errors."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from coigraph.errors import DataError
from coigraph.policy import ACTION_WEIGHT, Action, Facts, Level, fill, load_policy, parse_policy


@pytest.fixture(scope="module")
def policy():
    return load_policy()


def facts(**kw) -> Facts:
    base = dict(shape="direct", indirect=False, carrier="position", interest_type="financial",
                category="financial", effect="award", item_kind="decision")
    base.update(kw)
    if base["indirect"] and "category" not in kw:
        base["category"] = "indirect"
    return Facts(**base)


# (facts, expected rule id, level, action): one line per rule of the default policy
CASES = [
    (dict(effect="award", receives_money="yes"), "own-org-award", "material", "no_papers"),
    (dict(effect="investment", carrier="interest", receives_money="yes"), "own-org-award", "material",
     "no_papers"),
    (dict(effect="allocation", receives_money="yes"), "own-org-award", "material", "no_papers"),
    (dict(indirect=True, holder="close_associate", effect="award", receives_money="yes"),
     "indirect-financial", "material", "no_papers"),
    (dict(shape="via_org", relations=["subsidiary_of"], direction="up", receives_money="yes"), "group-award",
     "material", "no_papers"),
    (dict(shape="via_org", relations=["owns", "subsidiary_of"], direction="down", effect="investment",
          receives_money="yes"), "group-award", "material", "no_papers"),
    (dict(effect="allocation", receives_money="unknown"), "money-not-stated", "to_confirm", "declare"),
    (dict(effect="allocation", receives_money="no"), "formula-allocation", "declare_only", "declare"),
    (dict(effect="reconfiguration"), "own-org-change", "perceived", "no_decision"),
    (dict(shape="via_org", relations=["member_of"], direction="up", receives_money="yes"), "network-interest",
     "declare_only", "declare"),
    # issue 14's relations: a collaborative is a network; money passed down to a sub-contractor
    (dict(shape="via_org", relations=["collaborative_member_of"], direction="up", receives_money="yes"),
     "network-interest", "declare_only", "declare"),
    (dict(shape="via_org", relations=["subcontractor_of"], direction="up", receives_money="yes"),
     "subcontract-money", "perceived", "no_decision"),
    (dict(shape="via_org", relations=["subcontractor_of"], direction="down", receives_money="yes"),
     "other-interest", "declare_only", "declare"),
    (dict(indirect=True, holder="other_associate", effect="award", receives_money="yes"), "other-associate",
     "to_confirm", "declare"),
    (dict(interest_type="non_financial_personal", category="non_financial_personal", effect="reconfiguration"),
     "non-financial", "declare_only", "declare"),
    (dict(interest_type="non_financial_professional", category="non_financial_professional", effect="award",
          receives_money="yes"), "non-financial-money", "perceived", "no_decision"),
    (dict(effect="system_wide"), "system-wide", "declare_only", "declare"),
    (dict(effect="system_wide", indirect=True, holder="close_associate"), "system-wide", "declare_only",
     "declare"),
    (dict(effect="information"), "information-only", "declare_only", "declare"),
    (dict(effect="self", shape="self"), "own-post-or-body", "material", "no_papers"),
    (dict(effect="self", shape="direct", indirect=True, holder="close_associate"), "other-interest",
     "declare_only", "declare"),
]


@pytest.mark.parametrize("kw,rule,level,action", CASES)
def test_each_default_rule(policy, kw, rule, level, action) -> None:
    v = policy.evaluate(facts(**kw))
    assert (v.rule_id, v.level.value, v.action.value) == (rule, level, action)
    assert v.modifiers == []


def test_every_default_rule_is_exercised(policy) -> None:
    ids = {r.id for r in policy.rules} | {policy.default.id}
    assert ids == {c[1] for c in CASES}


def test_every_rule_says_where_it_comes_from(policy) -> None:
    for r in [*policy.rules, policy.default, *policy.modifiers]:
        assert r.citations, f"{r.id} cites no source"
        assert {c.source for c in r.citations} <= {"law", "guidance", "constitution", "local_policy", "advice"}
    v = policy.evaluate(facts(effect="award", receives_money="yes"))
    assert v.citations and v.citations[0].title


def test_actions_from_lightest_to_heaviest() -> None:
    assert [a.value for a in sorted(Action, key=lambda a: ACTION_WEIGHT[a])] == [
        "declare", "no_decision", "leave", "no_papers", "excluded", "removal"]


def test_ended_interest_is_one_level_lighter(policy) -> None:
    v = policy.evaluate(facts(recency="ended", receives_money="yes"))
    assert (v.rule_id, v.level, v.action) == ("own-org-award", Level.perceived, Action.no_decision)
    assert v.modifiers == ["ended-within-lookback"]
    v = policy.evaluate(facts(effect="reconfiguration", recency="ended"))
    assert (v.level, v.action) == (Level.declare_only, Action.declare)


def test_inferred_organisation_is_to_confirm_never_leave(policy) -> None:
    for kw in CASES:
        v = policy.evaluate(facts(**kw[0], inferred=True))
        assert v.level == Level.to_confirm and ACTION_WEIGHT[v.action] < ACTION_WEIGHT[Action.leave]
    v = policy.evaluate(facts(inferred=True, receives_money="yes"))
    assert v.action == Action.no_decision and v.base_action == Action.no_papers
    assert v.modifiers == ["inferred-from-text"]


def test_proportionality_in_the_rules(policy) -> None:
    """A trust chief executive: declare and take part for a system-wide item; leave for an award to the trust."""
    ceo = dict(carrier="position", role="chief_executive")
    assert policy.evaluate(facts(**ceo, effect="system_wide")).action == Action.declare
    assert policy.evaluate(facts(**ceo, effect="award", receives_money="yes")).action == Action.no_papers


def test_spouse_treated_as_own_other_relatives_declare(policy) -> None:
    spouse = policy.evaluate(facts(indirect=True, holder="close_associate", receives_money="yes"))
    own = policy.evaluate(facts(receives_money="yes"))
    assert (spouse.level, spouse.action) == (own.level, own.action)
    relative = policy.evaluate(facts(indirect=True, holder="other_associate", receives_money="yes"))
    assert (relative.level, relative.action) == (Level.to_confirm, Action.declare)


def test_item_kind_table_caps_the_action(policy) -> None:
    award = dict(effect="award", receives_money="yes")
    assert policy.evaluate(facts(**award, item_kind="decision")).action == Action.no_papers
    disc = policy.evaluate(facts(**award, item_kind="discussion"))
    assert disc.action == Action.no_decision and disc.modifiers == ["item-kind"]
    assert "a discussion item" in disc.modifier_texts[0]
    assert policy.evaluate(facts(**award, item_kind="assurance")).action == Action.no_decision
    assert policy.evaluate(facts(**award, item_kind="information")).action == Action.declare
    conf = policy.evaluate(facts(**award, item_kind="discussion", confidential=True))
    assert conf.action == Action.no_papers and conf.modifiers == []


def test_item_kind_table_is_a_policy_value(tmp_path: Path) -> None:
    data = yaml.safe_load(OVERRIDE)
    data["max_action"] = {"discussion": "leave"}
    pol = parse_policy(yaml.safe_dump(data))
    v = pol.evaluate(facts(effect="award", item_kind="discussion"))
    assert v.rule_id == "small" and v.action == Action.declare
    data["rules"][2]["action"] = "no_papers"
    pol = parse_policy(yaml.safe_dump(data))
    assert pol.evaluate(facts(effect="award", item_kind="discussion")).action == Action.leave


def test_lookback_and_registration_window_are_policy_values(policy) -> None:
    assert policy.lookback_days() == 183 and policy.window_days() == 28
    assert "local policy" in policy.lookback_months.text
    data = yaml.safe_load(OVERRIDE)
    data["registration_window_days"] = {"value": 14, "text": "Our policy: 14 days."}
    data["lookback_months"] = {"value": 3, "text": "Three months."}
    pol = parse_policy(yaml.safe_dump(data))
    assert pol.window_days() == 14 and pol.lookback_days() == 91
    data["registration_window_days"] = {"value": 42, "text": "Longer."}
    err = _bad(yaml.safe_dump(data))
    assert any("shorten" in p.message for p in err.problems)


def test_position_types_by_role(policy) -> None:
    assert policy.interest_type("position", "trustee", []).value == "non_financial_personal"
    assert policy.interest_type("position", "director", []).value == "financial"
    assert policy.interest_type("interest", None, ["non_financial_personal", "financial"]).value == "financial"


def test_fill_only_known_placeholders() -> None:
    assert fill("{person} at {organisation} {x}", {"person": "A", "organisation": "B"}) == "A at B {x}"


# --------------------------------------------------------------------------- overrides

OVERRIDE = """
name: Stricter Testshire policy
position_types:
  default: financial
rules:
  - id: any-money-leave
    when: {effect: [award, investment, allocation], item_kind: decision}
    level: material
    action: leave
    text: "{person}: any money for {organisation} on a decision item means leaving."
  - id: big-system-wide
    when: {effect: system_wide, value_at_least: 1000000}
    level: perceived
    action: no_decision
    text: Large system-wide decisions are taken without conflicted members.
  - id: small
    when: {effect: award, item_kind: [discussion, information]}
    level: declare_only
    action: declare
    text: Discussion only.
default: {id: fallback, level: declare_only, action: declare, text: Declare.}
action_text:
  leave: Leave the room
"""


def test_policy_override(tmp_path: Path) -> None:
    f = tmp_path / "mine.yaml"
    f.write_text(OVERRIDE)
    pol = load_policy(f)
    assert pol.name == "Stricter Testshire policy" and pol.source == "mine.yaml"
    v = pol.evaluate(facts(effect="allocation", indirect=True))
    assert (v.rule_id, v.action) == ("any-money-leave", Action.leave)
    assert pol.evaluate(facts(effect="award", item_kind="discussion")).rule_id == "small"
    assert pol.evaluate(facts(effect="system_wide", value=2_000_000)).action == Action.no_decision
    assert pol.evaluate(facts(effect="system_wide", value=10)).rule_id == "fallback"
    assert pol.evaluate(facts(effect="system_wide")).rule_id == "fallback"
    assert pol.action_words(Action.leave) == "Leave the room"
    assert "no vote" in pol.action_words(Action.no_decision)
    assert pol.evaluate(facts(recency="ended")).modifiers == []  # this policy has no modifiers


def test_default_file_is_documented_for_every_condition() -> None:
    from coigraph.policy import Match

    text = (Path(__file__).parent.parent / "coigraph" / "policies" / "default.yaml").read_text()
    for cond in Match.model_fields:
        assert cond in text, f"condition '{cond}' is not explained in default.yaml"


# --------------------------------------------------------------------------- errors


def _bad(text: str) -> DataError:
    with pytest.raises(DataError) as exc:
        parse_policy(text, label="bad.yaml")
    return exc.value


def test_error_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="no such policy file"):
        load_policy(tmp_path / "nope.yaml")


def test_error_unreadable_yaml() -> None:
    err = _bad("name: x\nrules: [\n  - id: a\n")
    assert err.problems[0].file == "bad.yaml" and "cannot be read" in err.problems[0].message


def test_error_not_a_mapping() -> None:
    assert "mapping" in _bad("- a\n- b\n").problems[0].message


def _with_rule(rule: dict) -> str:
    data = yaml.safe_load(OVERRIDE)
    data["rules"].append(rule)
    return yaml.safe_dump(data, sort_keys=False)


def test_error_unknown_condition_names_line_and_hint() -> None:
    err = _bad(_with_rule({"id": "x", "when": {"efect": "award"}, "level": "material", "action": "leave",
                           "text": "t"}))
    p = err.problems[0]
    assert "unknown field 'efect'" in p.message and p.field == "rules.3.when.efect"
    assert p.row is not None and p.row > 10 and "effect" in (p.hint or "")


def test_error_unknown_level_and_action() -> None:
    err = _bad(_with_rule({"id": "x", "level": "severe", "action": "go", "text": "t"}))
    fields = {p.field for p in err.problems}
    assert {"rules.3.level", "rules.3.action"} <= fields


def test_error_unknown_effect_value() -> None:
    err = _bad(_with_rule({"id": "x", "when": {"effect": "bribe"}, "level": "material", "action": "leave",
                           "text": "t"}))
    assert any("bribe" in p.message for p in err.problems)


def test_error_unknown_placeholder_refused() -> None:
    err = _bad(_with_rule({"id": "x", "level": "material", "action": "leave",
                           "text": "{person.__class__} did it"}))
    assert any("unknown placeholder" in p.message for p in err.problems)


def test_error_duplicate_rule_ids() -> None:
    err = _bad(_with_rule({"id": "small", "level": "material", "action": "leave", "text": "t"}))
    assert any("used twice" in p.message for p in err.problems)


def test_cli_bad_policy_exits_2(cli, tmp_path: Path) -> None:
    f = tmp_path / "p.yaml"
    f.write_text("name: x\nrules: []\ndefault: {id: d, level: material, action: leave, text: t}\n")
    r = cli("screen", Path(__file__).parent / "data" / "screen-partner-member", "--meeting", "board-2025-05",
            "--policy", f)
    assert r.exit_code == 2 and "p.yaml" in r.stderr and "Traceback" not in r.stderr
