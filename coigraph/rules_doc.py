"""``docs/rules.md``: every rule and finding kind, with its level or severity and its sources.

Generated from the bundled policy (``coigraph/policies/default.yaml``), the
findings registry (``findings.yaml``), the composition rules
(``composition.yaml``) and the sources they cite (``citations.yaml``), so it
cannot drift from what the code applies: ``tests/test_rules_doc.py`` fails when
the file in the repository is not what this module writes.  Rewrite it with::

    python -m coigraph.rules_doc            # writes docs/rules.md
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from coigraph.findings import KINDS, SOURCE_WORDS, Citation, Severity, citation_library
from coigraph.findings import _declared as _declared_kinds
from coigraph.governance.composition import load_composition_rules
from coigraph.policy import (
    ACTION_SHORT,
    DEFAULT_MAX_ACTION,
    ITEM_KIND_CAP,
    LEVEL_TEXT,
    Action,
    Level,
    Match,
    Policy,
    load_policy,
)
from coigraph.words import humanise

#: Where the generated page goes, relative to the repository root.
TARGET = Path("docs") / "rules.md"

_AREAS = [("delegation", "Delegation: a decision's authority and the scheme"),
          ("minutes", "Minutes against the screen"),
          ("composition", "ICB board composition"),
          ("register", "The register against public records"),
          ("procurement", "Procurements, stage by stage"),
          ("gifts", "Gifts"),
          ("hospitality", "Hospitality")]

_METHOD = """\
## How the citations were checked

Every citation marked **verified** was checked against the words of the source:
the stored copies of the pages on legislation.gov.uk and england.nhs.uk (and the
other pages named in each note), read through a search tool over stored copies
of public web pages, in December 2026. They are copies, not the live sites: a
provision amended since may differ, so check the live text before relying on a
citation in a formal paper. A citation marked **not verified** could not be
read in full; its note says what was read and what could not be, and the
citation names only what was confirmed (a paragraph, never an inferred
sub-paragraph). In particular:

* NHS Act 2006 Schedule 1B paragraphs 1 to 7 (the chair, the chief executive,
  at least three ordinary members, and paragraph 4 on independence) and
  paragraphs 17 to 19 were read; paragraph 8 (who nominates the partner
  members) was not, beyond its first words: only 8(2)(a) is confirmed, and
  only indirectly (S.I. 2024/1205). The paragraphs on the ICB's arrangements
  for exercising its functions (delegation to members, employees and
  committees) and on the validity of acts despite a vacancy could not be found.
* Section 14Z30 (ICB registers of interests) could not be read, so whether the
  Act sets a 28-day registration window for ICBs is not known: coigraph treats
  28 days as the policy value most ICB policies set.
* Sections 65Z5 and 65Z6 are cited together, as ICBs cite them; their text
  could not be read.
* NHS England's current *Managing conflicts of interest in the NHS* (the long
  read that replaces the 2017 guidance) could be read only in its opening
  section, "Scope of this guidance"; no other section is cited by name. Where
  a rule rests on the 2017 text, known from secondary summaries, it says so.
* Who sets the pay of an ICB's chair and non-executive members: NHS England's
  own page says the Secretary of State for Health.
* The kinds about schemes as written (posts and classes of posts, joint
  authorities, value bands, within-budget and cumulative limits, quotation and
  tender thresholds, reporting duties, undated decisions, VAT) rest on the
  body's own scheme of delegation and standing financial instructions: there is
  nothing national to check. That SFIs "have effect as if incorporated into"
  an ICB's constitution was read in one ICB's SFIs (NHS Suffolk and North East
  Essex ICB, 2022). The 20% standard rate of VAT the VAT check assumes was not
  checked against the Value Added Tax Act 1994, and the legal procurement
  regimes a threshold table may name (the Procurement Act 2023, the provider
  selection regime) are not cited by these kinds.
"""


def _sources_kinds(cs: list[Citation]) -> str:
    kinds = []
    for c in cs:
        if c.source not in kinds:
            kinds.append(c.source)
    return ", ".join(humanise(k) for k in kinds) or "none given"


def _cite(c: Citation) -> str:
    text = c.title + (f", {c.reference}" if c.reference else "")
    text = f"[{_esc(text)}]({c.url})" if c.url else _esc(text)
    return text + f" ({c.status})"


def _cites(cs: list[Citation]) -> str:
    return "; ".join(_cite(c) for c in cs) or "none given"


def _esc(text: Any) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def _when(m: Match) -> str:
    """A rule's conditions in words."""
    parts = []
    for name, value in m.model_dump(exclude_none=True).items():
        if isinstance(value, list):
            value = " or ".join(humanise(v) for v in value)
        elif isinstance(value, bool):
            value = "yes" if value else "no"
        parts.append(f"{humanise(name)}: {value}")
    return "; ".join(parts) or "always"


def _severity(kind: Any) -> str:
    text = f"`{kind.severity.value}`"
    if kind.grades:
        text += " (" + "; ".join(f"{humanise(g)}: `{s.value}`" for g, s in kind.grades.items()) + ")"
    if kind.to_confirm:
        text += ", to confirm"
    return text


def render(policy: Policy | None = None) -> str:
    """The whole page, as Markdown."""
    policy = policy or load_policy()
    # the bundled kinds only (a rules file read elsewhere in the same process registers its own)
    composition = [KINDS[f"composition.{r.id}"] for r in load_composition_rules()]
    out = [
        "# The rules coigraph applies, and where each comes from",
        "",
        "<!-- Generated by `python -m coigraph.rules_doc` from coigraph/policies/*.yaml; do not edit "
        "by hand (tests/test_rules_doc.py checks it is current). -->",
        "",
        "Every screening rule (the bundled policy) and every kind of audit finding, with its level or",
        "severity, what kind of source it rests on, and the exact citation with a link. The kinds of",
        "source:",
        "",
    ]
    out += [f"* **{humanise(k)}**: {w}" for k, w in SOURCE_WORDS.items()]
    out += ["", "Severities of findings, most serious first: " + "; ".join(
        f"`{s.value}`" for s in Severity) + " (see `coigraph/findings.py`). Levels of a screen finding: "
        + ", ".join(f"`{lv.value}` ({LEVEL_TEXT[lv]})" for lv in Level) + ". Actions, lightest to heaviest: "
        + ", ".join(f"`{a.value}` ({ACTION_SHORT[a]})" for a in Action) + ". An action is a recommendation: "
        "the chair decides.", "", _METHOD]
    out += _policy_section(policy)
    kinds = [k for k in _declared_kinds()] + composition
    for area, title in _AREAS:
        rows = [k for k in kinds if k.area == area]
        if not rows:
            continue
        out += [f"## Finding kinds: {title}", "",
                "| kind | title | severity | sources are | citations |", "|---|---|---|---|---|"]
        out += [f"| `{k.code}` | {_esc(k.title)} | {_severity(k)} | {_sources_kinds(k.citations)} | "
                f"{_cites(k.citations)} |" for k in rows]
        out.append("")
        out += [f"* `{k.code}`: {_esc(k.basis)}" for k in rows]
        out.append("")
    out += _library_section(policy, kinds)
    return "\n".join(out).rstrip() + "\n"


def _policy_section(policy: Policy) -> list[str]:
    out = ["## The screening policy", "",
           f"**{_esc(policy.name)}** (`coigraph/policies/default.yaml`). It follows: {_cites(policy.follows)}.",
           ""]
    if policy.description:
        out += [_esc(policy.description), ""]
    out += ["### Values the policy sets", "", "| value | | where it comes from |", "|---|---|---|"]
    for name, v in (("lookback_months", policy.lookback_months),
                    ("registration_window_days", policy.registration_window_days)):
        if v is not None:
            out.append(f"| `{name}` | {v.value} | {_esc(v.text)} Sources: {_cites(v.citations)} |")
    out += ["", "### The heaviest action each kind of item allows", "",
            "A local policy choice (an ICB edits `max_action`): \"leave\" and heavier only for decisions "
            f"and confidential items. When it caps an action, the finding records `{ITEM_KIND_CAP}`.", "",
            "| item | heaviest action |", "|---|---|"]
    table = {**DEFAULT_MAX_ACTION, **policy.max_action}
    out += [f"| {k} | `{a.value}` ({ACTION_SHORT[a]}) |" for k, a in table.items()]
    out += ["", "### Rules", "",
            "The strictest rule that matches wins (heaviest action, then level, then the first written); "
            "then the modifiers adjust it; then the item-kind table caps it.", "",
            "| rule | when | level | action | sources are | citations |", "|---|---|---|---|---|---|"]
    for r in policy.rules:
        out.append(f"| `{r.id}` | {_esc(_when(r.when))} | `{r.level.value}` | `{r.action.value}` | "
                   f"{_sources_kinds(r.citations)} | {_cites(r.citations)} |")
    d = policy.default
    out.append(f"| `{d.id}` (default) | no rule matches | `{d.level.value}` | `{d.action.value}` | "
               f"{_sources_kinds(d.citations)} | {_cites(d.citations)} |")
    out += ["", "What each rule says (as printed on a finding; the words in braces are filled in):", ""]
    for r in [*policy.rules, d]:
        out.append(f"* `{r.id}`: {_esc(r.text)}" + (f" *Basis:* {_esc(r.basis)}" if r.basis else ""))
    out += ["", "### Modifiers", "", "| modifier | when | effect | citations |", "|---|---|---|---|"]
    for m in policy.modifiers:
        effect = []
        if m.lighter:
            effect.append(f"{m.lighter} level and action lighter")
        if m.set_level:
            effect.append(f"level `{m.set_level.value}`")
        if m.max_action:
            effect.append(f"action at most `{m.max_action.value}`")
        out.append(f"| `{m.id}` | {_esc(_when(m.when))} | {'; '.join(effect)} | {_cites(m.citations)} |")
    out += ["", "* `whole-body-conflict` (not a policy rule: the screen applies it): when every voting "
            "member in the room is conflicted on an item, nobody is asked to step out; each declares, and "
            "the note says what is possible (refer the decision to a body that has the power and is not "
            "conflicted, or record the unavoidable conflict and how it was managed)."]
    out += [f"* `{m.id}`: {_esc(m.text)}" for m in policy.modifiers]
    out.append("")
    return out


def _cited_by(policy: Policy, kinds: list[Any]) -> dict[Citation, list[str]]:
    """Which rules, values and kinds cite each source (by its words: citations are values)."""
    users: dict[Citation, list[str]] = {}

    def add(cs: list[Citation], who: str) -> None:
        for c in cs:
            users.setdefault(c, [])
            if who not in users[c]:
                users[c].append(who)

    add(policy.follows, "the policy")
    for name, v in (("lookback_months", policy.lookback_months),
                    ("registration_window_days", policy.registration_window_days)):
        if v is not None:
            add(v.citations, f"`{name}`")
    for r in [*policy.rules, policy.default, *policy.modifiers]:
        add(r.citations, f"`{r.id}`")
    for k in kinds:
        add(k.citations, f"`{k.code}`")
    lib = citation_library()
    add([lib["localism-s31"], lib["localism-s30-34"]],
        "the screen (a councillor's financial interest at a meeting of the council's bodies)")
    return users


def _library_section(policy: Policy, kinds: list[Any]) -> list[str]:
    out = ["## Every source", "",
           "Declared once in `coigraph/policies/citations.yaml`; rules and kinds name them by key. A source "
           "no bundled rule cites was checked for a rule still to come.", "",
           "| key | kind | source | verified | what was checked | cited by |", "|---|---|---|---|---|---|"]
    users = _cited_by(policy, kinds)
    for key, c in citation_library().items():
        out.append(f"| `{key}` | {humanise(c.source)} | {_cite(c)} | {c.status} | "
                   f"{_esc(c.note or '')} | {', '.join(users.get(c, [])) or 'no bundled rule'} |")
    out.append("")
    return out


def main(argv: list[str] | None = None) -> int:
    """Write docs/rules.md under the current directory (or the path given)."""
    args = sys.argv[1:] if argv is None else argv
    target = Path(args[0]) if args else TARGET
    target.write_text(render(), encoding="utf-8")
    print(target)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())


__all__ = ["render", "main", "TARGET"]
