"""Materiality policy: which interest paths are how material, and what the chair should do.

A policy is a YAML file (the default is ``coigraph/policies/default.yaml``;
an ICB swaps in its own with ``--policy FILE``, no code changes).  Each
*rule* matches facts about one interest path on one agenda item (the path's
shape, the interest type, whose interest it is (the member's own, a close
associate's or another associate's), the item's effect on the organisation,
whether the organisation itself receives the money, the item's kind, whether
the interest is current...) and gives a *level* and an *action*:

=============  ================================================================
level          material, perceived, declare_only, to_confirm
action         from lightest to heaviest: declare (declare and take part),
               no_decision (take part in the discussion, not the decision),
               leave (leave the room for the item), no_papers (leave the room
               and receive no papers for it), excluded (excluded from the whole
               process), removal (step down from the role)
=============  ================================================================

Of all the rules that match, the strictest wins (heaviest action, then
heaviest level, then the first in the file); if none matches, the policy's
``default`` rule applies.  Then every matching *modifier* adjusts the result
in file order: ``lighter: N`` (N levels and actions lighter, e.g. for an
interest that ended within the look-back), ``set_level`` and ``max_action``
(e.g. an organisation only inferred from the item's text: "to confirm",
never "leave").  Last, the policy's item-kind table caps the action by the
item's kind (by default "leave" and heavier only for decisions and
confidential items).  Every finding carries the id and wording of the rule
that fired, the ids of the modifiers applied, and the rule's citations (where
it comes from: law, guidance, local policy).

The action is a recommendation: the chair decides.

The file format is documented in ``docs/screening.md``, the rules themselves
in ``docs/rules.md`` (generated from the policy), and in the comments of the
default policy.
"""

from __future__ import annotations

import functools
import re
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from coigraph.errors import DataError, Problem
from coigraph.findings import Citation, resolve_citations
from coigraph.model import Effect, InterestType, ItemKind, OrgRelationKind, Role
from coigraph.paths.grammar import GRAMMAR

DEFAULT_POLICY = "default.yaml"
#: The registration window most ICB policies set (days); a local policy may shorten it, not lengthen it.
REGISTRATION_WINDOW_DAYS = 28
#: The look-back coigraph assumes (months) when the policy sets none (a local policy choice).
LOOKBACK_MONTHS = 6


class Level(StrEnum):
    """How material an interest is, from heaviest to lightest ('to_confirm': not yet known)."""

    material = "material"
    perceived = "perceived"
    declare_only = "declare_only"
    to_confirm = "to_confirm"


class Action(StrEnum):
    """What the person should do for the item, from lightest to heaviest.

    ``leave`` is leaving the room only; until 2026-12 it also meant "and receive
    no papers", which is now ``no_papers`` (see the README's changelog).
    """

    declare = "declare"
    no_decision = "no_decision"
    leave = "leave"
    no_papers = "no_papers"
    excluded = "excluded"
    removal = "removal"


#: Heaviness of each action and level (higher: stricter).
ACTION_WEIGHT = {Action.declare: 0, Action.no_decision: 1, Action.leave: 2, Action.no_papers: 3,
                 Action.excluded: 4, Action.removal: 5}
LEVEL_WEIGHT = {Level.to_confirm: 0, Level.declare_only: 1, Level.perceived: 2, Level.material: 3}
LIGHTER_LEVEL = {Level.material: Level.perceived, Level.perceived: Level.declare_only,
                 Level.declare_only: Level.declare_only, Level.to_confirm: Level.to_confirm}
#: One step lighter: what a lighter level calls for (leaving the room, with or without the
#: papers, becomes no part in the decision).
LIGHTER_ACTION = {Action.removal: Action.excluded, Action.excluded: Action.no_papers,
                  Action.no_papers: Action.no_decision, Action.leave: Action.no_decision,
                  Action.no_decision: Action.declare, Action.declare: Action.declare}

#: What each action asks of the person, in the words a chair would use (a policy may reword them).
ACTION_TEXT = {
    Action.declare: "Declare the interest and take part",
    Action.no_decision: "Declare; take part in the discussion but not the decision (no vote)",
    Action.leave: "Declare; leave the room for the item",
    Action.no_papers: "Declare; leave the room for the item and receive no papers for it",
    Action.excluded: "Declare; take no part in the whole process (papers, discussion and decision)",
    Action.removal: "Step down from the role: the conflict is too significant to manage in it",
}

#: Short words for each action, for tables and counts.
ACTION_SHORT = {
    Action.declare: "declare and take part",
    Action.no_decision: "no part in the decision",
    Action.leave: "leave the room",
    Action.no_papers: "leave the room, no papers",
    Action.excluded: "excluded from the whole process",
    Action.removal: "step down from the role",
}

#: Each level in words.
LEVEL_TEXT = {Level.material: "material", Level.perceived: "perceived",
              Level.declare_only: "declare only", Level.to_confirm: "to confirm"}

#: Whose interest a path carries: the member's own, a close associate's (spouse, civil partner,
#: cohabitee or business partner: treated as the member's own by default), another associate's.
Holder = Literal["own", "close_associate", "other_associate"]
#: Does the organisation itself receive the money the item decides: yes, no (e.g. a share set by a
#: formula applied alike to every organisation, or no money at all), or not stated.
Receives = Literal["yes", "no", "unknown"]

#: Interest categories as NHS registers use them: the three types, or indirect.
Category = Literal["financial", "non_financial_professional", "non_financial_personal", "indirect"]

#: Words rule texts may use in braces, e.g. "{person} is a director of {organisation}".
PLACEHOLDERS = ("person", "organisation", "effect", "item", "role", "associate", "relationship")

_TYPE_ORDER = [InterestType.financial, InterestType.non_financial_professional,
               InterestType.non_financial_personal]


class Facts(BaseModel):
    """What a rule can match on: one interest path on one agenda item."""

    shape: Literal["direct", "via_org", "self"]
    indirect: bool
    carrier: Literal["position", "interest", "controls"]
    interest_type: InterestType
    category: Category
    relations: list[str] = Field(default_factory=list)
    direction: Literal["up", "down"] | None = None
    effect: Effect
    item_kind: ItemKind
    recency: Literal["current", "ended"] = "current"
    inferred: bool = False
    confidential: bool = False
    role: str | None = None
    value: float | None = None
    holder: Holder = "own"
    receives_money: Receives = "no"


def with_article(words: str) -> str:
    """'an assurance', 'a discussion': the indefinite article a word takes (by its first letter)."""
    return ("an " if words[:1].lower() in "aeiou" else "a ") + words


def _listify(v: Any) -> Any:
    if v is None or isinstance(v, list):
        return v
    return [v]


class Match(BaseModel):
    """Conditions of a rule; every condition given must hold (a list means any of its values)."""

    model_config = ConfigDict(extra="forbid")

    shape: list[Literal["direct", "via_org", "self"]] | None = Field(
        None, description="direct (interest in the organisation itself or a body it owns), "
        "via_org (through subsidiary/ownership/membership), self (the member's own post or body).")
    indirect: bool | None = Field(None, description="true: held through an associate.")
    carrier: list[Literal["position", "interest", "controls"]] | None = Field(
        None, description="position (a post held), interest (a register entry) or controls (control of "
        "a company on a public register, not declared).")
    interest_type: list[InterestType] | None = Field(
        None, description="financial, non_financial_professional, non_financial_personal.")
    category: list[Literal["financial", "non_financial_professional", "non_financial_personal",
                           "indirect"]] | None = None
    via: list[OrgRelationKind] | None = Field(
        None, description="Every organisation relation walked is one of these (and at least one was).")
    direction: list[Literal["up", "down"]] | None = None
    effect: list[Effect] | None = None
    item_kind: list[ItemKind] | None = None
    recency: list[Literal["current", "ended"]] | None = None
    inferred: bool | None = None
    confidential: bool | None = None
    role: list[Role] | None = None
    value_at_least: float | None = Field(None, ge=0, description="The item's value is at least this (£).")
    value_below: float | None = Field(None, ge=0, description="The item's value is below this (£).")
    holder: list[Holder] | None = Field(
        None, description="own (the member's), close_associate (a spouse, civil partner, cohabitee or "
        "business partner), other_associate (another relative, a friend).")
    receives_money: list[Receives] | None = Field(
        None, description="yes: the organisation itself receives the money (an award, an investment, "
        "an allocation paid to it); no: it does not (a share set by a formula applied alike to every "
        "organisation, or no money at all); unknown: not stated.")

    _lists = field_validator("shape", "carrier", "interest_type", "category", "via", "direction", "effect",
                             "item_kind", "recency", "role", "holder", mode="before")(_listify)

    @field_validator("receives_money", mode="before")
    @classmethod
    def _yes_no(cls, v: Any) -> Any:
        # YAML reads a bare yes/no as true/false
        v = _listify(v)
        return None if v is None else [{True: "yes", False: "no"}.get(x, x) if isinstance(x, bool) else x
                                       for x in v]

    def matches(self, f: Facts) -> bool:
        """Do the facts meet every condition?"""
        checks: list[tuple[Any, Any]] = [
            (self.shape, f.shape), (self.carrier, f.carrier), (self.interest_type, f.interest_type),
            (self.category, f.category), (self.direction, f.direction), (self.effect, f.effect),
            (self.item_kind, f.item_kind), (self.recency, f.recency), (self.role, f.role),
            (self.holder, f.holder), (self.receives_money, f.receives_money),
        ]
        for allowed, have in checks:
            if allowed is not None and have not in allowed:
                return False
        for want, have in ((self.indirect, f.indirect), (self.inferred, f.inferred),
                           (self.confidential, f.confidential)):
            if want is not None and want != have:
                return False
        if self.via is not None and (not f.relations or any(r not in self.via for r in f.relations)):
            return False
        if self.value_at_least is not None and (f.value is None or f.value < self.value_at_least):
            return False
        if self.value_below is not None and (f.value is None or f.value >= self.value_below):
            return False
        return True


def _check_placeholders(text: str) -> str:
    for name in re.findall(r"\{([^{}]*)\}", text):
        if name not in PLACEHOLDERS:
            raise ValueError(f"unknown placeholder '{{{name}}}'; use one of "
                             + ", ".join("{" + p + "}" for p in PLACEHOLDERS))
    return text


class Rule(BaseModel):
    """A policy rule: when the conditions hold, the level and action to recommend, and why."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1, max_length=80, pattern=r"^[A-Za-z0-9][A-Za-z0-9._\-]*$")
    when: Match = Field(default_factory=Match)
    level: Level
    action: Action
    text: str = Field(min_length=1, max_length=2000, description="The rule in words, shown on findings.")
    basis: str | None = Field(None, max_length=800, description="Where the rule comes from, in words.")
    citations: list[Citation] = Field(default_factory=list, description="Where the rule comes from: "
                                      "keys of coigraph/policies/citations.yaml, or written out.")

    _text = field_validator("text")(_check_placeholders)
    _cite = field_validator("citations", mode="before")(resolve_citations)


class Modifier(BaseModel):
    """Adjusts the winning rule's result when its conditions hold."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1, max_length=80, pattern=r"^[A-Za-z0-9][A-Za-z0-9._\-]*$")
    when: Match
    lighter: int = Field(0, ge=0, le=3, description="Make level and action this many steps lighter.")
    set_level: Level | None = None
    max_action: Action | None = None
    text: str = Field(min_length=1, max_length=2000)
    basis: str | None = Field(None, max_length=800)
    citations: list[Citation] = Field(default_factory=list)

    _text = field_validator("text")(_check_placeholders)
    _cite = field_validator("citations", mode="before")(resolve_citations)


class DefaultRule(BaseModel):
    """What applies when no rule matches."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1, max_length=80, pattern=r"^[A-Za-z0-9][A-Za-z0-9._\-]*$")
    level: Level
    action: Action
    text: str = Field(min_length=1, max_length=2000)
    basis: str | None = None
    citations: list[Citation] = Field(default_factory=list)

    _text = field_validator("text")(_check_placeholders)
    _cite = field_validator("citations", mode="before")(resolve_citations)


class PolicyValue(BaseModel):
    """A number the policy sets, and where it comes from (for docs/rules.md)."""

    model_config = ConfigDict(extra="forbid")

    value: int
    text: str = Field(min_length=1, max_length=1000)
    citations: list[Citation] = Field(default_factory=list)

    _cite = field_validator("citations", mode="before")(resolve_citations)


#: The item-kind table's keys: each kind of item, and confidential items of any kind.
ItemCap = Literal["decision", "discussion", "assurance", "information", "confidential"]

#: The default item-kind table: "leave" and heavier only for decisions and confidential items.
DEFAULT_MAX_ACTION: dict[str, Action] = {
    "decision": Action.removal, "confidential": Action.removal, "discussion": Action.no_decision,
    "assurance": Action.no_decision, "information": Action.declare,
}


class PositionTypes(BaseModel):
    """Which interest type a post counts as: ``default`` unless its role is listed."""

    model_config = ConfigDict(extra="forbid")

    default: InterestType = InterestType.financial
    roles: dict[Role, InterestType] = Field(default_factory=dict)


class Policy(BaseModel):
    """A whole policy file."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=300, description="Which guidance the policy follows "
                      "and its date, e.g. 'Our ICB policy (2025), following NHS England ...'.")
    description: str | None = None
    follows: list[Citation] = Field(default_factory=list, description="The guidance the policy follows.")
    position_types: PositionTypes = Field(default_factory=PositionTypes)
    rules: list[Rule] = Field(min_length=1)
    default: DefaultRule
    modifiers: list[Modifier] = Field(default_factory=list)
    max_action: dict[ItemCap, Action] = Field(
        default_factory=dict, description="The heaviest action each kind of item allows (and "
        "'confidential' for a confidential item of any kind); kinds not listed take the default "
        "table: leave and heavier only for decisions and confidential items.")
    max_action_text: str = Field(
        "This is {item_kind} item: the heaviest action the policy asks for on such an item is "
        "'{action}'.", max_length=500, description="The note added when the item-kind table caps "
        "the action; {item_kind} ('a discussion', 'an assurance') and {action} are filled in.")
    lookback_months: PolicyValue | None = Field(
        None, description="An interest that ended this many months before the meeting still counts "
        "(one level lighter). A local policy choice: no national rule sets it.")
    registration_window_days: PolicyValue | None = Field(
        None, description="Days within which a new interest must be on the register (most ICB "
        "policies: 28; a local policy may shorten it, not lengthen it).")
    action_text: dict[Action, str] = Field(default_factory=dict)
    source: str = Field("", description="Where the policy was read from (set by load_policy).")

    _follows = field_validator("follows", mode="before")(resolve_citations)

    @field_validator("registration_window_days")
    @classmethod
    def _window(cls, v: PolicyValue | None) -> PolicyValue | None:
        if v is not None and not 0 < v.value <= REGISTRATION_WINDOW_DAYS:
            raise ValueError(f"registration_window_days must be between 1 and {REGISTRATION_WINDOW_DAYS}: "
                             "a local policy may shorten the 28-day window, not lengthen it")
        return v

    @field_validator("lookback_months")
    @classmethod
    def _lookback(cls, v: PolicyValue | None) -> PolicyValue | None:
        if v is not None and not 0 <= v.value <= 120:
            raise ValueError("lookback_months must be between 0 and 120")
        return v

    @model_validator(mode="after")
    def _unique_ids(self) -> Policy:
        seen: set[str] = set()
        for r in [*self.rules, self.default, *self.modifiers]:
            if r.id in seen:
                raise ValueError(f"rule id '{r.id}' is used twice; every rule and modifier needs its own id")
            seen.add(r.id)
        return self

    # ----------------------------------------------------------------- use

    def interest_type(self, carrier: str, role: str | None, types: list[str]) -> InterestType:
        """The interest type of a path: a post's by role, a register entry's strongest type."""
        if carrier == "position":
            if role is not None and role in self.position_types.roles:
                return self.position_types.roles[Role(role)]
            return self.position_types.default
        if carrier in GRAMMAR.public_record_types:  # shares, votes or control of a company: financial
            return InterestType.financial
        for t in _TYPE_ORDER:
            if t in types:
                return t
        return InterestType.non_financial_personal

    def action_words(self, action: Action) -> str:
        """What ``action`` asks of the person, in this policy's words."""
        return self.action_text.get(action, ACTION_TEXT[action])

    def window_days(self) -> int:
        """The registration window (days): the policy's, else 28."""
        return self.registration_window_days.value if self.registration_window_days else REGISTRATION_WINDOW_DAYS

    def lookback_days(self) -> int:
        """The look-back in days: the policy's months (default 6: 183 days)."""
        months = self.lookback_months.value if self.lookback_months else LOOKBACK_MONTHS
        return round(months * 365.25 / 12)

    def item_cap(self, item_kind: str, confidential: bool) -> Action:
        """The heaviest action an item of ``item_kind`` allows (a confidential item: the heavier
        of its kind's and the confidential cap)."""
        table = {**DEFAULT_MAX_ACTION, **self.max_action}
        cap = table.get(item_kind, Action.removal)
        if confidential:
            conf = table.get("confidential", Action.removal)
            cap = max(cap, conf, key=lambda a: ACTION_WEIGHT[a])
        return cap

    def evaluate(self, facts: Facts) -> Verdict:
        """The verdict for one path on one item: the strictest matching rule, then the modifiers."""
        winner: Rule | DefaultRule | None = None
        for rule in self.rules:
            if rule.when.matches(facts) and (winner is None or _weight(rule) > _weight(winner)):
                winner = rule
        if winner is None:
            winner = self.default
        level, action, applied = winner.level, winner.action, []
        texts = []
        for m in self.modifiers:
            if not m.when.matches(facts):
                continue
            for _ in range(m.lighter):
                level, action = LIGHTER_LEVEL[level], LIGHTER_ACTION[action]
            if m.set_level is not None:
                level = m.set_level
            if m.max_action is not None and ACTION_WEIGHT[action] > ACTION_WEIGHT[m.max_action]:
                action = m.max_action
            applied.append(m.id)
            texts.append(m.text)
        cap = self.item_cap(str(facts.item_kind), facts.confidential)
        if ACTION_WEIGHT[action] > ACTION_WEIGHT[cap]:
            kind = ("confidential " if facts.confidential else "") + str(facts.item_kind)
            action = cap
            applied.append(ITEM_KIND_CAP)
            texts.append(self.max_action_text.replace("{item_kind}", with_article(kind))
                         .replace("{action}", ACTION_SHORT[cap]))
        guard = PUBLIC_RECORD_MODIFIER
        if facts.carrier in GRAMMAR.public_record_types and (
                level != Level.to_confirm or ACTION_WEIGHT[action] > ACTION_WEIGHT[Action.no_decision]
                or guard.id not in applied):
            # whatever the policy file says: public-register evidence alone is to confirm, never 'leave'
            level = Level.to_confirm
            if ACTION_WEIGHT[action] > ACTION_WEIGHT[Action.no_decision]:
                action = Action.no_decision
            if guard.id not in applied:
                applied.append(guard.id)
                texts.append(guard.text)
        return Verdict(level=level, action=action, rule_id=winner.id, rule_text=winner.text,
                       basis=winner.basis, citations=list(winner.citations), base_level=winner.level,
                       base_action=winner.action, modifiers=applied, modifier_texts=texts)

    def evaluate_unknown(self, variants: list[Facts], unknown: list[str]) -> Verdict:
        """The verdict for a path whose facts the data does not fully state (issue 14).

        ``variants`` are the facts with each possible value of what is not
        stated (an interest's type, an item's kind); ``unknown`` says, in words,
        what is not stated and matters.  With nothing unknown that matters, the
        strictest verdict of the variants (they agree).  Otherwise the strictest,
        graded ``to_confirm`` and never ``leave`` or heavier (at most ``no_decision``): a
        blank is never a reason to send anyone out, and the finding says what to
        confirm.
        """
        verdicts = [self.evaluate(f) for f in variants]
        top = max(verdicts, key=lambda v: (ACTION_WEIGHT[v.action], LEVEL_WEIGHT[v.level]))
        if not unknown:
            return top
        action, text = to_confirm(top.action, unknown)
        return top.model_copy(update={
            "level": Level.to_confirm, "action": action, "modifiers": [*top.modifiers, UNKNOWN_MODIFIER],
            "modifier_texts": [*top.modifier_texts, text]})


def to_confirm(action: Action, unknown: list[str]) -> tuple[Action, str]:
    """What a finding that turns on ``unknown`` (what the data does not state, in words) may ask:
    ``action`` at most ``no_decision`` (a blank is never a reason to send anyone out), and the
    modifier text saying what to confirm."""
    capped = Action.no_decision if ACTION_WEIGHT[action] > ACTION_WEIGHT[Action.no_decision] else action
    return capped, ("Not stated in the data: " + "; ".join(unknown) + ". Confirm it before anyone is asked "
                    f"to leave ({ACTION_SHORT[action]} if it is as the strictest reading has it).")


#: Applied to every path carried by a public-register record (control on Companies House's PSC
#: register), after the policy's own modifiers, whatever the policy file says: the register is
#: evidence to confirm with the member (a namesake, a register not kept current), never enough on
#: its own to ask anyone to leave.  A policy may state it itself, under this id, to reword it.
PUBLIC_RECORD_MODIFIER = Modifier(
    id="public-register-only",
    when=Match(carrier=["controls"]),
    set_level=Level.to_confirm,
    max_action=Action.no_decision,
    text=("On a public register only ({role}): no entry on {person}'s register names the company. "
          "To confirm with them before the meeting (the register may be out of date, or the person a "
          "namesake); never ask anyone to leave on this alone."),
)


#: The id a verdict carries among its modifiers when it depends on something the data does not state.
UNKNOWN_MODIFIER = "not-stated-in-data"


def _weight(rule: Rule | DefaultRule) -> tuple[int, int]:
    return (ACTION_WEIGHT[rule.action], LEVEL_WEIGHT[rule.level])


#: The id recorded when the item-kind table capped the action.
ITEM_KIND_CAP = "item-kind"


class Verdict(BaseModel):
    """The outcome of a policy on one path: level, action, the rule that fired and modifiers."""

    level: Level
    action: Action
    rule_id: str
    rule_text: str
    basis: str | None = None
    citations: list[Citation] = Field(default_factory=list)
    base_level: Level
    base_action: Action
    modifiers: list[str] = Field(default_factory=list)
    modifier_texts: list[str] = Field(default_factory=list)


def fill(text: str, values: dict[str, str | None]) -> str:
    """Put ``values`` into a rule text's {placeholders} (only the known names; no format language)."""
    return re.sub(r"\{(" + "|".join(PLACEHOLDERS) + r")\}",
                  lambda m: str(values.get(m.group(1)) or m.group(1)), text)


# --------------------------------------------------------------------------- loading


def load_policy(path: str | Path | None = None) -> Policy:
    """Read a policy file (default: the bundled ``default.yaml``), checking every field.

    Raises :class:`DataError` naming the file, the line of the rule and the
    field for anything wrong (an unknown condition, a level that does not
    exist, a placeholder that is not known...).
    """
    if path is None:
        # The bundled file cannot change while running: parse it once, hand out copies
        # (screening an audit's worth of meetings read and checked it once per meeting).
        return _default_policy().model_copy(deep=True)
    p = Path(path)
    label, source = p.name, p.name
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise DataError([Problem(str(path), None, None, "no such policy file",
                                 hint="give the path of a YAML policy file, or leave out --policy "
                                      "for the default")], summary="cannot load the policy") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError([Problem(str(path), None, None, f"cannot read the policy file: {exc}",
                                 hint="a policy file is UTF-8 text (YAML)")],
                        summary="cannot load the policy") from exc
    return parse_policy(text, label=label, source=source)


@functools.cache
def _default_policy() -> Policy:
    text = resources.files("coigraph.policies").joinpath(DEFAULT_POLICY).read_text("utf-8")
    return parse_policy(text, label="default.yaml (bundled)", source="default")


def parse_policy(text: str, *, label: str = "policy", source: str = "") -> Policy:
    """Parse and check policy YAML ``text``; ``label`` names it in error messages."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except RecursionError as exc:  # deep nesting, refused as the dataset loader refuses it
        raise DataError([Problem(label, None, None, "the YAML nests lists or mappings too deeply to read")],
                        summary="cannot load the policy") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise DataError([Problem(label, mark.line + 1 if mark else None, None,
                                 f"the YAML cannot be read: {getattr(exc, 'problem', None) or exc}",
                                 hint="check the indentation and quote text containing ':' or '#'")],
                        summary="cannot load the policy") from exc
    if not isinstance(data, dict):
        raise DataError([Problem(label, 1, None, "a policy file is a mapping with 'name', 'rules' and "
                                 "'default'", hint="start from a copy of the default policy "
                                 "(coigraph/policies/default.yaml)")], summary="the policy is invalid")
    try:
        pol = Policy.model_validate({**data, "source": source})
    except ValidationError as exc:
        problems = [_problem(label, node, e) for e in exc.errors()]
        raise DataError(problems, summary="the policy is invalid") from exc
    return pol


def _problem(label: str, node: Any, err: dict[str, Any]) -> Problem:
    loc = list(err.get("loc", ()))
    line = _line_of(node, loc)
    msg = re.sub(r"^Value error, ", "", err.get("msg", "invalid"))
    hint = None
    if err.get("type") == "extra_forbidden":
        msg = f"unknown field '{loc[-1]}'"
        hint = "conditions are: " + ", ".join(Match.model_fields) if "when" in loc else None
    elif err.get("type") in ("enum", "literal_error"):
        msg = f"'{err.get('input')}' is not allowed here: {msg}"
    where = ".".join(str(x) for x in loc) or None
    return Problem(label, line, where, msg, hint)


def _line_of(node: Any, loc: list[Any]) -> int | None:
    """The YAML line of the deepest part of ``loc`` that exists in the composed document."""
    line = node.start_mark.line + 1 if node is not None else None
    cur = node
    for part in loc:
        if isinstance(cur, yaml.MappingNode):
            nxt = next((v for k, v in cur.value if k.value == part), None)
        elif isinstance(cur, yaml.SequenceNode) and isinstance(part, int) and part < len(cur.value):
            nxt = cur.value[part]
        else:
            nxt = None
        if nxt is None:
            break
        cur = nxt
        line = cur.start_mark.line + 1
    return line


__all__ = ["UNKNOWN_MODIFIER", "to_confirm", "Action", "Level", "Facts", "Match", "Rule", "Modifier", "Policy", "Verdict",
           "PolicyValue", "load_policy", "parse_policy", "fill", "ACTION_TEXT", "ACTION_SHORT", "ACTION_WEIGHT",
           "LEVEL_WEIGHT", "LEVEL_TEXT", "ITEM_KIND_CAP", "REGISTRATION_WINDOW_DAYS", "LOOKBACK_MONTHS"]
