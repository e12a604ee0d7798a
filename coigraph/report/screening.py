"""Render agenda screens: terminal table, JSON, CSV, Markdown and an HTML conflicts paper.

Every renderer is a pure function from a screen record to text.  Names,
titles and register descriptions are untrusted: Markdown escapes them, HTML
goes through Jinja2 with autoescaping (template
``coigraph/templates/screening.html.j2``; no scripts, no external resources),
CSV through :func:`coigraph.output.to_csv` (formula injection neutralised),
the terminal through rich with markup escaped.  Nothing reads a clock: the
same screen always gives the same bytes.

Each renderer is registered in :mod:`coigraph.report.registry` for
:class:`MeetingScreen` and :class:`ScreenAll` (a member's declarations,
:class:`~coigraph.declarations.PersonDeclarations`, have their own three).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Iterator

from coigraph import words
from coigraph.declarations import PersonDeclarations
from coigraph.findings import Citation
from coigraph.output import render_table, to_csv
from coigraph.policy import ACTION_SHORT as _SHORT
from coigraph.report import registry
from coigraph.report.json_text import to_json
from coigraph.report.markdown import Code, md, md_table
from coigraph.report.registry import formats, register
from coigraph.screening import Finding, ItemScreen, MeetingScreen, ScreenAll
from coigraph.templates import environment
from coigraph.words import humanise

LEVEL_WORDS = {"material": "Material", "perceived": "Perceived", "declare_only": "Declare only",
               "to_confirm": "To confirm"}
ACTION_SHORT = {a.value: text[:1].upper() + text[1:] for a, text in _SHORT.items()}
QUORUM_WORDS = {"quorate": "Quorate", "inquorate": "INQUORATE", "at_risk": "At risk",
                "not_applicable": "n/a"}

CSV_HEADER = ["meeting", "meeting_date", "body", "item_number", "item_id", "item_title", "item_kind",
              "person", "person_name", "organisation", "organisation_name", "effect", "affected_as",
              "category", "indirect", "recency", "shape", "level", "action", "rule_id", "quorum",
              "explanation", "evidence", "interest", "action_text", "chair_decision_pending", "sources",
              "warning"]


def _meetings(screen: MeetingScreen | ScreenAll) -> list[MeetingScreen]:
    return screen.meetings if isinstance(screen, ScreenAll) else [screen]


#: An amount in the papers: '£4,500,000'; nothing for none.
money = functools.partial(words.money, none="")


# --------------------------------------------------------------------------- CSV


def _evidence(f: Finding) -> str:
    return "; ".join(e.evidence for e in f.path.edges if e.evidence)


def csv_rows(s: MeetingScreen) -> list[list[object]]:
    """One meeting's CSV rows: one per finding, then one per warning (``warning`` names its kind)."""
    rows: list[list[object]] = []
    for it in s.items:
        for f in it.findings:
            rows.append([s.meeting.id, s.meeting.date.isoformat(), s.meeting.body, it.number, it.id,
                         it.title, it.kind.value, f.person, f.person_name, f.organisation,
                         f.organisation_name, f.effect.value, f.affected_as, f.category,
                         "yes" if f.indirect else "no", f.recency, f.shape, f.level.value,
                         f.action.value, f.rule_id, it.quorum.status, f.explanation, _evidence(f),
                         f.interest_words, f.action_text, "yes" if f.chair_decision_pending else "no",
                         "; ".join(c.words() for c in f.citations), ""])
    for w in s.warnings:
        rows.append([s.meeting.id, s.meeting.date.isoformat(), s.meeting.body, "", "", "", "", w.person,
                     w.person_name, *[""] * 12, w.explanation, *[""] * 5, w.kind])
    return rows


def to_csv_text(screen: MeetingScreen | ScreenAll) -> str:
    """One row per finding (items without findings have no row), then one per warning; injection-safe."""
    return to_csv(CSV_HEADER, [r for s in _meetings(screen) for r in csv_rows(s)])


# --------------------------------------------------------------------------- terminal


def _summary_line(s: MeetingScreen) -> str:
    sm = s.summary
    out = sm.by_action.get("no_papers", 0) + sm.by_action.get("excluded", 0) + sm.by_action.get("removal", 0)
    return (f"{sm.items} items, {sm.findings} interests to manage: {sm.leave} to leave the room"
            + (f" ({out} of them with no papers, or further)" if out else "")
            + f", {sm.no_decision} to take no part in the decision, {sm.declare} to declare and take part, "
            f"{sm.to_confirm} to confirm.")


def _header(s: MeetingScreen) -> str:
    m = s.meeting
    lines = [f"{m.title or m.id} — {m.body_name}, {m.date.isoformat()}",
             f"Policy: {s.policy}; interests judged on {s.screened_on.isoformat()}, "
             f"including those ended in the {s.lookback_days} days before."]
    sm = s.summary
    lines.append(_summary_line(s))
    if sm.inquorate_items:
        lines.append("INQUORATE once the conflicted step out: item " + ", ".join(sm.inquorate_items) + ".")
    if sm.at_risk_items:
        lines.append("Quorum at risk if 'to confirm' conflicts are confirmed: item "
                     + ", ".join(sm.at_risk_items) + ".")
    if sm.whole_body_items:
        lines.append("Every voting member conflicted (see the item's notes): item "
                     + ", ".join(sm.whole_body_items) + ".")
    lines += [f"WARNING: {w.explanation}" for w in s.warnings]
    lines.append("The actions are recommendations: the chair decides.")
    return "\n".join(lines) + "\n"


def _effect(a_effect: object) -> str:
    return humanise(a_effect)


def to_table(screen: MeetingScreen | ScreenAll) -> str:
    """Readable terminal text: per meeting, a findings table, a quorum table and the other checks."""
    out: list[str] = []
    for s in _meetings(screen):
        out.append(_header(s))
        rows = []
        for it in s.items:
            for f in it.findings:
                rows.append([it.number, f.person_name, f.organisation_name + (" (inferred)" if
                             f.affected_as == "inferred" else "") + f" [{_effect(f.effect)}]",
                             f"{LEVEL_WORDS[f.level.value]}: {ACTION_SHORT[f.action.value].lower()}",
                             f.rule_id, f.explanation])
        if rows:
            out.append(render_table("Conflicts of interest", ["Item", "Person", "Organisation [effect]",
                                                              "Level: action", "Rule", "Why (evidence)"],
                                    rows))
        else:
            out.append("No conflicts of interest found.\n")
        qrows = [[it.number, it.title, QUORUM_WORDS[it.quorum.status], " ".join(
            [it.quorum.explanation] + ([it.quorum.chair_note] if it.quorum.chair_note else [])
            + (["Options: " + "; ".join(it.quorum.options) + "."] if it.quorum.options else []))]
            for it in s.items if it.kind.value == "decision"]
        if qrows:
            out.append(render_table("Quorum for decision items", ["Item", "Title", "Quorum", "Detail"], qrows))
        notes = [[it.number, n] for it in s.items for n in it.notes if not n.startswith("The chair")]
        if notes:
            out.append(render_table("Notes", ["Item", "Note"], notes))
        if s.checks is not None:
            crow = ([["Possibly undeclared", u.person_name, u.explanation] for u in s.checks.undeclared]
                    + [["Stale declaration", x.person_name, x.explanation] for x in s.checks.stale]
                    + [["Confidential information", x.person_name, x.explanation]
                       for x in s.checks.information_flows])
            if crow:
                out.append(render_table("Declarations checks", ["Check", "Person", "Detail"], crow))
        out.append("")
    return "\n".join(out)


# --------------------------------------------------------------------------- Markdown


def _item_heading(it: ItemScreen) -> str:
    extra = [humanise(it.kind)]
    if it.value is not None:
        extra.append(money(it.value))
    if it.confidential:
        extra.append("confidential")
    return f"Item {it.number}: {it.title} ({', '.join(extra)})"


def to_markdown(screen: MeetingScreen | ScreenAll) -> str:
    """A conflicts-of-interest paper in Markdown, with a declarations log for the minutes."""
    out: list[str] = []
    for s in _meetings(screen):
        m = s.meeting
        out += [f"# Conflicts of interest: {md(m.title or m.id)}", "",
                f"{md(m.body_name)}, {m.date.isoformat()}. Screened against the register as it stood on "
                f"{s.screened_on.isoformat()} under the policy \"{md(s.policy)}\"; interests that ended in "
                f"the {s.lookback_days} days before count, one level lighter.", ""]
        out += [md(line) for line in _header(s).splitlines()[2:]] + [""]
        for it in s.items:
            out += [f"## {md(_item_heading(it))}", ""]
            if it.affected:
                out.append("Affects: " + "; ".join(
                    f"{md(a.name)} ({md(_effect(a.effect))}"
                    + (f", inferred from \"{md('; '.join(a.matched_words))}\": to confirm" if a.source ==
                       "inferred" else "") + ")" for a in it.affected) + ".")
                out.append("")
            if it.findings:
                out.append(md_table(["Member", "Organisation", "Interest (evidence)", "Level",
                                     "Recommended action", "Rule"],
                                    [[f.person_name, f.organisation_name, f.explanation,
                                      LEVEL_WORDS[f.level.value], f.action_text,
                                      Code(f.rule_id)]
                                     for f in it.findings]))
            else:
                out += ["No interests found.", ""]
            for n in it.notes:
                out += [f"> {md(n)}", ""]
            if it.kind.value == "decision":
                q = it.quorum
                text = f"**Quorum: {QUORUM_WORDS[q.status]}.** {md(q.explanation)}"
                if q.options:
                    text += " Options: " + md("; ".join(q.options)) + "."
                out += [text, ""]
        out += ["## Declarations log for the minutes", ""]
        logged = False
        for it in s.items:
            for f in it.findings:
                logged = True
                out.append(f"- Item {md(it.number)}: {md(f.person_name)} declared {md(f.interest_words)}. "
                           f"Recommended: {md(f.action_text[:1].lower() + f.action_text[1:])} (rule "
                           f"`{f.rule_id}`). Chair's decision: "
                           + (md(f.chair_decision) if f.chair_decision else "______"))
        if not logged:
            out.append("- No declarations expected.")
        out.append("")
        if s.checks is not None and (s.checks.undeclared or s.checks.stale or s.checks.information_flows):
            out += ["## Declarations checks", ""]
            out += [f"- **Possibly undeclared:** {md(u.explanation)}" for u in s.checks.undeclared]
            out += [f"- **Stale declaration:** {md(x.explanation)}" for x in s.checks.stale]
            out += [f"- **Confidential information:** {md(x.explanation)}" for x in s.checks.information_flows]
            out.append("")
    return "\n".join(out).rstrip() + "\n"


def sources(citations: list[Citation]) -> str:
    """The sources of a rule in one line of plain words."""
    return "; ".join(c.words() for c in citations)


# --------------------------------------------------------------------------- HTML


def _env():
    env = environment()
    env.filters["money"] = money
    env.filters["words"] = humanise
    env.globals.update(LEVEL_WORDS=LEVEL_WORDS, QUORUM_WORDS=QUORUM_WORDS)
    return env


def to_html(screen: MeetingScreen | ScreenAll) -> str:
    """A self-contained HTML conflicts paper (autoescaped; no scripts; no external resources)."""
    template = _env().get_template("screening.html.j2")
    return template.render(meetings=_meetings(screen)).rstrip() + "\n"


def _declarations(d: PersonDeclarations, mdown: bool) -> str:
    """One member's declarations for a meeting: plain text, or Markdown."""
    esc = md if mdown else (lambda x: "" if x is None else " ".join(str(x).split()))
    out = [("# " if mdown else "") + f"Declarations for {esc(d.person_name)}: {esc(d.meeting_title or d.meeting)}, "
           f"{d.date.isoformat()}", ""]
    if d.items:
        for it in d.items:
            out.append(("## " if mdown else "") + f"Item {esc(it['number'])}: {esc(it['title'])}")
            for f in it["findings"]:
                rule = f"`{f['rule_id']}`" if mdown else f["rule_id"]
                out.append(f"- {esc(f['action_text'])} ({esc(LEVEL_WORDS[f['level']].lower())}, rule "
                           f"{rule}): {esc(f['rule_text'])}")
                for t in f.get("modifier_texts", []):
                    out.append(f"  {esc(t)}")
                out.append(f"  Your interest: {esc(f.get('interest_words') or '')}")
                out.append(f"  Evidence: {esc(f['explanation'])}")
                if f.get("citations"):
                    out.append("  Sources: " + esc("; ".join(Citation.model_validate(c).words()
                                                             for c in f["citations"])))
            out.append("")
    else:
        out += ["No item on the agenda reaches an organisation you have an interest in.", ""]
    extra = ([f"- Possibly undeclared: {esc(u.explanation)}" for u in d.undeclared]
             + ([f"- Stale declaration: {esc(d.stale.explanation)}"] if d.stale else [])
             + [f"- Confidential information: {esc(x.explanation)}" for x in d.information_flows])
    if extra:
        out += [("## " if mdown else "") + "Also check", *extra, ""]
    if d.register_entries:
        out.append(("## " if mdown else "") + "Your register entries on the date")
        out += [f"- {esc(r['about'])}: {esc(', '.join(humanise(t) for t in r['types']))}"
                f"{' (indirect)' if r['indirect'] else ''}"
                f"{' until ' + r['end'] if r['end'] else ''} [{esc(r['evidence'])}]" for r in d.register_entries]
        out.append("")
    return "\n".join(out).rstrip() + "\n"


# --------------------------------------------------------------------------- JSON Lines and streams


def to_jsonl(screen: MeetingScreen | ScreenAll) -> str:
    """JSON Lines: one line per meeting, each the JSON object of its screen (as ``--format json``
    gives for one meeting, on one line)."""
    return "".join(_jsonl_line(s) for s in _meetings(screen))


def _jsonl_line(s: MeetingScreen) -> str:
    return json.dumps(s.model_dump(mode="json"), ensure_ascii=False) + "\n"


#: Formats :func:`stream` writes meeting by meeting.
STREAMED = ("json", "jsonl", "csv")


def stream(fmt: str, screens: Iterable[MeetingScreen]) -> Iterator[str]:
    """The text of a sweep (``screen --all``) in ``fmt`` (one of :data:`STREAMED`), a meeting at a
    time: the same bytes as rendering the whole :class:`ScreenAll`, without holding it whole."""
    if fmt == "jsonl":
        yield from (_jsonl_line(s) for s in screens)
        return
    if fmt == "csv":
        header = to_csv(CSV_HEADER, [])
        yield header
        for s in screens:
            yield to_csv(CSV_HEADER, csv_rows(s))[len(header):]
        return
    if fmt != "json":
        raise ValueError(f"cannot stream {fmt}")
    empty = to_json(ScreenAll(meetings=[]))
    head, tail = empty.split('"meetings": []')
    first = True
    for s in screens:
        body = json.dumps(s.model_dump(mode="json"), indent=2, ensure_ascii=False)
        yield (head + '"meetings": [\n' if first else ",\n") + "    " + body.replace("\n", "\n    ")
        first = False
    yield (head + '"meetings": []' if first else "\n  ]") + tail


# --------------------------------------------------------------------------- the registry

_SCREENS = (MeetingScreen, ScreenAll)
register(_SCREENS, "table", to_table)
register(_SCREENS, "json", to_json)
register(_SCREENS, "csv", to_csv_text)
register(_SCREENS, "markdown", to_markdown)
register(_SCREENS, "html", to_html)
register(_SCREENS, "jsonl", to_jsonl)

register(PersonDeclarations, "text", functools.partial(_declarations, mdown=False))
register(PersonDeclarations, "json", to_json)
register(PersonDeclarations, "markdown", functools.partial(_declarations, mdown=True))

#: The formats of a screen, the default first.
FORMATS = formats(MeetingScreen)
#: The formats of a member's declarations.
DECLARATIONS_FORMATS = formats(PersonDeclarations)


def render(screen: MeetingScreen | ScreenAll, fmt: str) -> str:
    """The screen in format ``fmt`` (one of :data:`FORMATS`)."""
    return registry.render(screen, fmt)


def declarations_text(d: PersonDeclarations, fmt: str) -> str:
    """One member's declarations for a meeting in ``fmt`` (one of :data:`DECLARATIONS_FORMATS`)."""
    return registry.render(d, fmt)


__all__ = ["FORMATS", "DECLARATIONS_FORMATS", "render", "declarations_text", "to_json", "to_csv_text",
           "to_table", "to_markdown", "to_html", "to_jsonl", "stream", "STREAMED", "md", "money"]
