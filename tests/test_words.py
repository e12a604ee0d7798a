"""The words a board reads: every finding kind and every policy rule's text, in every format, has no
raw ids or codes in its prose and no article errors ("a indirect").

Codes and ids may appear where they are labels: in a CSV or JSON field of their own, in Markdown
backticks, in an HTML ``<code>``, or in brackets right after the name they label ("Finance and
Investment Committee (icb-fic)"). In running prose a person, an organisation, a role, a kind of
interest, a level or an action is always in words.
"""

from __future__ import annotations

import csv
import io
import json
import re
from functools import cache
from pathlib import Path

import pytest

import coigraph.report  # noqa: F401  (registers every renderer)
from coigraph import findings as registry
from coigraph.audit import AuditReport, Section, build_audit
from coigraph.declarations import person_declarations
from coigraph.delegation import powers_of, trace_all
from coigraph.governance.composition import load_composition_rules
from coigraph.graph import load_graph
from coigraph.model import (
    AssociationKind,
    AttendanceStatus,
    BodyKind,
    Effect,
    InterestType,
    ItemKind,
    OrgKind,
    OrgRelationKind,
    Role,
)
from coigraph.policy import Action, Level, fill, load_policy
from coigraph.report.registry import formats, render
from coigraph.screening import ScreenAll, screen_all

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
SETS = [ROOT / "data" / "northshire", DATA / "screen-proportionality", DATA / "screen-whole-board-discussion",
        DATA / "minutes-reconciliation", DATA / "deleg-delegation-to-trust-officer",
        DATA / "deleg-committee-in-all-but-name", DATA / "screen-partner-member"]

#: Every vocabulary code with an underscore (roles, kinds, effects, levels, actions, severities...).
CODES = sorted({str(v.value) for enum in (Role, OrgKind, BodyKind, InterestType, AssociationKind,
                                          OrgRelationKind, AttendanceStatus, ItemKind, Effect, Level,
                                          Action, registry.Severity)
                for v in enum if "_" in str(v.value)}, key=len, reverse=True)

#: "a" before a vowel (not "a one", "a unit", "a user", "a European"...), "an" before a lower-case
#: consonant (not "an hour", "an honour"): the article errors a generated sentence can make.
A_BEFORE_VOWEL = re.compile(r"\b[Aa] (?!one\b|once\b|uni|use|usu|eu|ewe|u\.)([aeiou]\w*)")
AN_BEFORE_CONSONANT = re.compile(r"\b[Aa]n (?!hour|honou?r|heir|honest)([bcdfghjklmnpqrstvwxyz]\w*)")

#: Code slots: Markdown backticks and HTML <code> (and an HTML page's style sheet and tag attributes).
CODE_SLOTS = [re.compile(r"`[^`]*`"), re.compile(r"<code>.*?</code>", re.S), re.compile(r"<style>.*?</style>", re.S),
              re.compile(r"<[^>]+>")]
#: Evidence references: '[positions.csv:3]', 'interests.csv:12'.
EVIDENCE = re.compile(r"\[[^\[\]]*\.(?:csv|yaml|yml|xlsx|json):\d+[^\[\]]*\]")

#: JSON fields that are prose (everything else is a code, an id, a number or a date).
PROSE_FIELDS = {"explanation", "rule_text", "modifier_texts", "notes", "chair_note", "options", "action_text",
                "basis", "text", "summary", "title", "interest_words", "chair_decision", "verdict_text",
                "inherent", "note"}
#: CSV columns that are prose.
PROSE_COLUMNS = {"explanation", "basis", "interest", "action_text", "sources"}


@cache
def _graphs():
    return {p.name: load_graph(p) for p in SETS}


@cache
def _names() -> dict[str, str]:
    """Ids of people and organisations (which always have names), with their names, in every dataset."""
    out = {}
    for G in _graphs().values():
        for n, a in G.nodes(data=True):
            if a.get("type") in ("person", "organisation"):
                bare = n.split(":", 1)[1]
                if "-" in bare:  # single words ('chair', 'icb') are also English
                    out[bare] = str(a.get("name") or bare)
    return out


def _problems(text: str, where: str, *, html: bool = False, names: dict[str, str] | None = None) -> list[str]:
    out = []
    bare = text
    for rx in CODE_SLOTS[:3 if not html else 4]:
        bare = rx.sub(" ", bare)
    if html:
        import html as _html

        bare = _html.unescape(bare)
    bare = " ".join(EVIDENCE.sub(" ", bare).split())  # a wrapped line is one sentence
    for m in A_BEFORE_VOWEL.finditer(bare):
        out.append(f"{where}: article error '{m.group(0)}'")
    for m in AN_BEFORE_CONSONANT.finditer(bare):
        out.append(f"{where}: article error '{m.group(0)}'")
    for code in CODES:
        if re.search(rf"(?<![\w./-]){re.escape(code)}(?![\w/-])", bare):
            out.append(f"{where}: raw code '{code}' in: ...{_around(bare, code)}...")
    for ident, name in (_names() if names is None else names).items():
        # an id may follow its own name as a reference, 'Simon Attwell (simon-attwell', never stand for it
        rest = re.sub(rf"{re.escape(name)} \({re.escape(ident)}(?![\w-])", name + " (", bare)
        if re.search(rf"(?<![\w./:-]){re.escape(ident)}(?![\w-])", rest):
            out.append(f"{where}: raw id '{ident}' in: ...{_around(rest, ident)}...")
    return out


def _around(text: str, word: str) -> str:
    i = text.find(word)
    return " ".join(text[max(0, i - 60):i + len(word) + 40].split())


def _json_prose(value, path="") -> list[tuple[str, str]]:
    out = []
    if isinstance(value, dict):
        for k, v in value.items():
            if k in PROSE_FIELDS and isinstance(v, str):
                out.append((f"{path}.{k}", v))
            elif k in PROSE_FIELDS and isinstance(v, list) and all(isinstance(x, str) for x in v):
                out += [(f"{path}.{k}[]", x) for x in v]
            else:
                out += _json_prose(v, f"{path}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += _json_prose(v, f"{path}[{i}]")
    return out


def _check(result, name: str, names: dict[str, str] | None = None) -> list[str]:
    """Render ``result`` in every format it has and collect the problems in its prose (``names``:
    the ids to look for, with their names; default: those of the datasets of ``SETS``)."""
    problems = []
    for fmt in formats(type(result)):
        text = render(result, fmt)
        where = f"{name} ({fmt})"
        if fmt in ("json", "jsonl"):
            docs = [json.loads(text)] if fmt == "json" else [json.loads(x) for x in text.splitlines() if x]
            for doc in docs:
                for path, prose in _json_prose(doc):
                    problems += _problems(prose, f"{where} {path}", names=names)
        elif fmt == "csv":
            for i, row in enumerate(csv.DictReader(io.StringIO(text)), 2):
                for col in PROSE_COLUMNS & set(row):
                    problems += _problems(row[col] or "", f"{where} row {i} {col}", names=names)
        elif fmt == "docx":  # the Word paper: its paragraphs and table cells, as prose
            problems += _problems(_docx_text(text), where, names=names)
        else:
            problems += _problems(text, where, html=fmt == "html", names=names)
    return problems


def _docx_text(data: bytes) -> str:
    from docx import Document

    doc = Document(io.BytesIO(data))
    cells = [p.text for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


# --------------------------------------------------------------------------- the results


@cache
def _screens() -> dict[str, ScreenAll]:
    return {name: screen_all(G) for name, G in _graphs().items()}


def _every_rule_screen() -> ScreenAll:
    """The screens, plus one finding per policy rule and modifier not already shown on them
    (each rule's own text, filled in as screening fills it)."""
    policy = load_policy()
    base = _screens()["northshire"]
    shown = {f.rule_id for s in _screens().values() for m in s.meetings for it in m.items for f in it.findings}
    shown_mod = {x for s in _screens().values() for m in s.meetings for it in m.items for f in it.findings
                 for x in f.modifiers}
    meeting = base.meetings[0].model_copy(deep=True)
    item = next(it for it in meeting.items if it.findings)
    template = item.findings[0]
    values = {"person": template.person_name, "organisation": template.organisation_name,
              "effect": "award", "item": f"{item.number} {item.title}", "role": "director",
              "associate": "Harry Patel", "relationship": "husband"}
    extra = []
    for r in [*policy.rules, policy.default]:
        if r.id not in shown:
            extra.append(template.model_copy(update={"rule_id": r.id, "rule_text": fill(r.text, values),
                                                     "level": r.level, "action": r.action,
                                                     "action_text": policy.action_words(r.action)}))
    for m in policy.modifiers:
        if m.id not in shown_mod:
            extra.append(template.model_copy(update={"modifiers": [m.id], "modifier_texts": [fill(m.text, values)]}))
    item.findings = [*item.findings, *extra]
    return ScreenAll(meetings=[meeting])


def _every_kind_audit() -> AuditReport:
    """An audit holding one finding of every registered kind (each with its kind's own words)."""
    load_composition_rules()
    fs = [registry.finding(code, f"An example of: {k.title}.", ["example.csv:2"], decision="dec-example")
          for code, k in registry.KINDS.items()]
    sec = Section(id="kinds", title="Every kind", summary="One finding of every kind.", findings=fs)
    return AuditReport(dataset="every-kind", sections=[sec], findings=fs,
                       verdict=registry.verdict(fs), counts={s.value: sum(f.severity == s for f in fs)
                                                             for s in registry.Severity})


def test_every_kind_and_every_rule_is_rendered() -> None:
    load_composition_rules()
    audit = _every_kind_audit()
    assert {f.kind for f in audit.findings} == set(registry.KINDS)
    screen = _every_rule_screen()
    policy = load_policy()
    rules = {f.rule_id for it in screen.meetings[0].items for f in it.findings}
    assert {r.id for r in policy.rules} | {policy.default.id} <= rules | {
        f.rule_id for s in _screens().values() for m in s.meetings for it in m.items for f in it.findings}


def test_checker_catches_what_it_must() -> None:
    assert _problems("Tom declared a indirect financial interest.", "t")
    assert _problems("She is vice_chair of the board.", "t")
    assert _problems("Rebecca Stanforth is at northshire-hospitals-ft.", "t")
    assert not _problems("She is the vice chair (`vice_chair`) of an NHS trust, a unitary board.", "t")
    assert not _problems("Rebecca Stanforth (rebecca-stanforth) is at Northshire Hospitals [positions.csv:3].", "t")
    assert _problems("Related by organisation (castlebridge-tarrow-hospitals).", "t")
    assert not _problems('<p class="sev-sord_breach">A <code>vice_chair</code> note</p>', "t", html=True)


def test_every_finding_kind_in_every_format() -> None:
    assert _check(_every_kind_audit(), "every kind") == []


def test_every_policy_rule_in_every_format() -> None:
    assert _check(_every_rule_screen(), "every rule") == []


@pytest.mark.parametrize("name", [p.name for p in SETS])
def test_screens_audits_traces_and_declarations_of_the_fixtures(name: str) -> None:
    G = _graphs()[name]
    problems = _check(_screens()[name], f"{name} screen")
    problems += _check(build_audit(G), f"{name} audit")
    for t in trace_all(G)[:12]:
        problems += _check(t, f"{name} trace {t.decision.id}")
    for m in _screens()[name].meetings[:2]:
        for e in m.roll[:4]:
            problems += _check(person_declarations(G, e.person, m.meeting.id), f"{name} declarations {e.person}")
    holders = sorted({d.by for t in trace_all(G)[:3] for d in [t.decision]})
    for h in holders:
        problems += _check(powers_of(G, h), f"{name} powers {h}")
    assert problems == [], "\n".join(problems[:40])


def test_confidential_information_is_declared_without_disclosing_it() -> None:
    s = next(m for m in _screens()["northshire"].meetings if m.meeting.id == "icb-board-2025-05")
    (flow, *_) = s.checks.information_flows
    assert ("declare that they hold relevant confidential information (without disclosing it), and the chair "
            "decides whether they take part") in flow.explanation
    assert "declare what they know" not in flow.explanation
    assert "related by organisation Castlebridge and Tarrow Hospitals NHS Trust" in flow.explanation


def test_declarations_log_names_the_registered_interest() -> None:
    s = next(m for m in _screens()["northshire"].meetings if m.meeting.id == "icb-board-2025-05")
    md = render(s, "markdown")
    log = md[md.index("## Declarations log for the minutes"):]
    assert ("Rebecca Stanforth declared a non-financial professional interest as chair of the Acute Provider "
            "Collaborative Board") in log
    fic = next(m for m in _screens()["northshire"].meetings if m.meeting.id == "icb-fic-2025-06")
    assert "Priya Raman declared an indirect financial interest (through their husband" in render(fic, "markdown")
    html = render(s, "html")
    assert "declared a non-financial professional interest as chair of the Acute Provider Collaborative Board" in html


#: The schemes-as-written fixtures (posts, classes, joint authorities, bands, conditions, thresholds,
#: recommendations, undated decisions): their traces, audits and "who may approve" answers.
SCHEME_SETS = [DATA / n for n in (
    "deleg-post-delegate", "deleg-not-post-holder", "deleg-joint-authority", "deleg-joint-authority-not-met",
    "deleg-limit-bands", "deleg-outside-budget", "deleg-split-commitment", "deleg-vat-to-confirm",
    "deleg-date-unknown", "deleg-recommendation", "deleg-reporting-duty", "deleg-procurement-thresholds",
    "deleg-real-authorised-limits", "deleg-real-quotation-thresholds")]


@pytest.mark.parametrize("folder", SCHEME_SETS, ids=lambda p: p.name)
def test_scheme_traces_audits_and_approvers(folder: Path) -> None:
    from coigraph.delegation import who_may_approve

    G = load_graph(folder)
    # ids of the fixture's people and organisations (of two words or more: one word is also English)
    names = {n.split(":", 1)[1]: str(a.get("name") or n) for n, a in G.nodes(data=True)
             if a.get("type") in ("person", "organisation") and "-" in n}
    assert names, folder.name
    problems = _check(build_audit(G), f"{folder.name} audit", names)
    for t in trace_all(G):
        problems += _check(t, f"{folder.name} trace {t.decision.id}", names)
        problems += _check(who_may_approve(G, t.decision.matter, t.decision.value, on=t.decision.date),
                           f"{folder.name} who may approve {t.decision.id}", names)
    assert problems == [], "\n".join(problems[:40])


@pytest.mark.parametrize(("text", "expected"), [
    ("Community health services contracts", "community health services contracts"),
    ("A trust officer deciding ICB matters", "a trust officer deciding ICB matters"),
    ("ICB delegating to a person", "ICB delegating to a person"),
    ("NHS England functions", "NHS England functions"),
    ("", ""),
])
def test_lower_first_keeps_abbreviations(text: str, expected: str) -> None:
    from coigraph.words import lower_first

    assert lower_first(text) == expected
