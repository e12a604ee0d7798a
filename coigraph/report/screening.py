"""Render agenda screens: terminal table, JSON, CSV, and the papers (Markdown, HTML, Word).

Every renderer is a pure function from a screen record to text (or, for Word, bytes).  Names,
titles and register descriptions are untrusted: the papers (the chair's conflicts paper and a
member's declarations letter) are built once as a :class:`coigraph.report.paper.Paper` and
written by :mod:`coigraph.report.paper` (Markdown escaped; HTML through Jinja2 with
autoescaping, no scripts, no external resources) and :mod:`coigraph.report.word`; CSV goes
through :func:`coigraph.output.to_csv` (formula injection neutralised), the terminal through
rich with markup escaped.  Nothing reads a clock: the same screen always gives the same bytes.

Each renderer is registered in :mod:`coigraph.report.registry` for :class:`MeetingScreen` and
:class:`ScreenAll`, and for :class:`~coigraph.declarations.PersonDeclarations`.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Iterator
from typing import Any

from coigraph import words
from coigraph.declarations import PersonDeclarations
from coigraph.findings import Citation
from coigraph.output import render_table, to_csv
from coigraph.policy import ACTION_SHORT as _SHORT
from coigraph.report import paper, registry
from coigraph.report.json_text import to_json
from coigraph.report.markdown import md
from coigraph.report.paper import Source
from coigraph.report.registry import formats, register
from coigraph.screening import Finding, ItemScreen, MeetingScreen, ScreenAll

LEVEL_WORDS = {"material": "Material", "perceived": "Perceived", "declare_only": "Declare only",
               "to_confirm": "To confirm"}
ACTION_SHORT = {a.value: words.sentence(text) for a, text in _SHORT.items()}
QUORUM_WORDS = {"quorate": "Quorate", "inquorate": "INQUORATE", "at_risk": "At risk",
                "to_confirm": "To confirm", "not_applicable": "n/a"}
#: How far the data names the room, in words (``MeetingScreen.roll_status``; issue 14).
ROLL_WORDS = {"known": "Roll: as recorded.", "partial": "Roll: partly stated.",
              "unknown": "ROLL NOT KNOWN.", "empty": "ROLL EMPTY."}

CSV_HEADER = ["meeting", "meeting_date", "body", "item_number", "item_id", "item_title", "item_kind",
              "person", "person_name", "organisation", "organisation_name", "effect", "affected_as",
              "category", "indirect", "recency", "shape", "level", "action", "rule_id", "quorum",
              "explanation", "evidence", "interest", "action_text", "chair_decision_pending", "sources",
              "warning", "roll_status"]


def _meetings(screen: MeetingScreen | ScreenAll) -> list[MeetingScreen]:
    return screen.meetings if isinstance(screen, ScreenAll) else [screen]


#: An amount in the papers: '£4,500,000'; nothing for none.
money = functools.partial(words.money, none="")


def _kind(it: ItemScreen) -> str:
    """An item's kind in words ('kind not stated' when the agenda does not say)."""
    return words.humanise(it.kind) if it.kind else "kind not stated"


def _number(it: ItemScreen) -> str:
    return it.number or "(no number)"


def _decides(it: ItemScreen) -> bool:
    """Show the quorum: a decision item, or one whose kind is not stated."""
    return it.kind is None or it.kind.value == "decision"


def _nothing(s: MeetingScreen, text: str) -> str:
    """What an item or meeting without findings says: never a bare 'none' when the roll is not known."""
    if s.roll_status in ("empty", "unknown"):
        return text.rstrip(".") + " among those on the roll, but the roll is not known: see the note above."
    return text


# --------------------------------------------------------------------------- CSV


def _evidence(f: Finding) -> str:
    return "; ".join(e.evidence for e in f.path.edges if e.evidence)


def csv_rows(s: MeetingScreen) -> list[list[object]]:
    """One meeting's CSV rows: one per finding, then one per warning (``warning`` names its kind)."""
    rows: list[list[object]] = []
    for it in s.items:
        for f in it.findings:
            rows.append([s.meeting.id, s.meeting.date.isoformat(), s.meeting.body, it.number, it.id,
                         it.title, it.kind.value if it.kind else "", f.person, f.person_name, f.organisation,
                         f.organisation_name, f.effect.value, f.affected_as, f.category or "",
                         "yes" if f.indirect else "no", f.recency, f.shape, f.level.value,
                         f.action.value, f.rule_id, it.quorum.status, f.explanation, _evidence(f),
                         f.interest_words, f.action_text, "yes" if f.chair_decision_pending else "no",
                         "; ".join(c.words() for c in f.citations), "", s.roll_status])
    for w in s.warnings:
        rows.append([s.meeting.id, s.meeting.date.isoformat(), s.meeting.body, "", "", "", "", w.person,
                     w.person_name, *[""] * 12, w.explanation, *[""] * 5, w.kind, s.roll_status])
    if s.roll_note and not any(it.findings for it in s.items):
        # a meeting whose roll is not known still has its row: never a silent "nothing found" (issue 14)
        row = dict.fromkeys(CSV_HEADER, "")
        row.update(meeting=s.meeting.id, meeting_date=s.meeting.date.isoformat(), body=s.meeting.body,
                   explanation=s.roll_note, roll_status=s.roll_status)
        rows.append([row[k] for k in CSV_HEADER])
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
    # a title that already names the body (as real agendas' do) is not followed by it again
    named = bool(m.title) and m.body_name in str(m.title)
    lines = [f"{m.title} ({m.date.isoformat()})" if named else f"{m.title or m.id} — {m.body_name}, {m.date.isoformat()}",
             f"Policy: {s.policy}; interests judged on {s.screened_on.isoformat()}, "
             f"including those ended in the {words.lookback(s.lookback_days)} before."]
    if s.roll_note:
        lines.append(f"{ROLL_WORDS[s.roll_status]} {s.roll_note}")
    sm = s.summary
    lines.append(_summary_line(s))
    if sm.inquorate_by_withdrawals:
        lines.append("INQUORATE once the conflicted step out: item " + ", ".join(sm.inquorate_by_withdrawals) + ".")
    if sm.at_risk_items:
        lines.append("Quorum at risk if 'to confirm' conflicts are confirmed: item "
                     + ", ".join(sm.at_risk_items) + ".")
    if sm.whole_body_items:
        lines.append("Every voting member conflicted, so it cannot be decided free of conflict here (see the item's notes): item "
                     + ", ".join(sm.whole_body_items) + ".")
    if sm.quorum_to_confirm_items:
        lines.append("Quorum to confirm (who votes, who was in the room or what the item asks is not "
                     "stated): item " + ", ".join(sm.quorum_to_confirm_items) + ".")
    lines += [f"WARNING: {w.explanation}" for w in s.warnings]
    lines.append("The actions are recommendations: the chair decides.")
    return "\n".join(lines) + "\n"


def to_table(screen: MeetingScreen | ScreenAll) -> str:
    """Readable terminal text: per meeting, a findings table, a quorum table and the other checks."""
    import textwrap

    from coigraph.output import console_width

    out: list[str] = []
    width = console_width()
    for s in _meetings(screen):
        out.append("\n".join(textwrap.fill(line, width) for line in _header(s).splitlines()) + "\n")
        rows = []
        for it in s.items:
            for f in it.findings:
                rows.append([_number(it), f.person_name, f.organisation_name + (" (inferred)" if
                             f.affected_as == "inferred" else "") + f" [{words.humanise(f.effect)}]",
                             f"{LEVEL_WORDS[f.level.value]}: {ACTION_SHORT[f.action.value].lower()}",
                             f.rule_id, f.explanation])
        if rows:
            out.append(render_table("Conflicts of interest", ["Item", "Person", "Organisation [effect]",
                                                              "Level and action", "Rule", "Why (evidence)"],
                                    rows))
        else:
            out.append(_nothing(s, "No conflicts of interest found.") + "\n")
        qrows = [[_number(it), it.title, QUORUM_WORDS[it.quorum.status], " ".join(
            [it.quorum.explanation] + ([it.quorum.chair_note] if it.quorum.chair_note else [])
            + (["Options: " + "; ".join(it.quorum.options) + "."] if it.quorum.options else []))]
            for it in s.items if _decides(it)]
        if qrows:
            out.append(render_table("Quorum for decision items", ["Item", "Title", "Quorum", "Detail"], qrows))
        # the chair's note is in the quorum detail above: once is enough
        notes = [[_number(it), n] for it in s.items for n in it.notes if n != it.quorum.chair_note]
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


# --------------------------------------------------------------------------- the papers


def _item_heading(it: ItemScreen) -> str:
    extra = [_kind(it)]
    if it.value is not None:
        extra.append(money(it.value))
    if it.confidential:
        extra.append("confidential")
    return f"Item {_number(it)}: {it.title} ({', '.join(extra)})"


def _effect(a: Any) -> str:
    return words.humanise(a.effect)


def sources(citations: list[Citation]) -> str:
    """The sources of a rule in one line of plain words."""
    return "; ".join(c.words() for c in citations)


def _finding_cells(f: Finding) -> list[paper.Cell]:
    also = [o.path.text for o in f.other_paths]
    rule = " ".join([f.rule_text, *f.modifier_texts])
    cited = paper.cited(f.citations)
    return [f.person_name, f.organisation_name + (" (inferred: to confirm)" if f.affected_as == "inferred" else ""),
            paper.Lines([f.explanation, [paper.S("Also: ", strong=True), "; ".join(also)] if also else ""]),
            LEVEL_WORDS[f.level.value], f.action_text,
            paper.Lines([paper.S(f.rule_id, code=True), rule]
                        + ([[paper.S("Sources: ", emph=True), cited]] if cited else []))]


def _summary(s: MeetingScreen) -> list[paper.Inline]:
    sm = s.summary
    out: list[paper.Inline] = [_summary_line(s) + " The actions are recommendations: the chair decides."]
    if sm.inquorate_by_withdrawals:
        out.append([paper.S("Inquorate once the conflicted step out:", strong=True),
                    " item " + ", ".join(sm.inquorate_by_withdrawals) + "."])
    if sm.at_risk_items:
        out.append([paper.S("Quorum at risk", strong=True), " if the \u201cto confirm\u201d conflicts are "
                    "confirmed: item " + ", ".join(sm.at_risk_items) + "."])
    if sm.whole_body_items:
        out.append([paper.S("Every voting member conflicted", strong=True), ", so it cannot be decided free of conflict here (see the item’s notes): item "
                    + ", ".join(sm.whole_body_items) + "."])
    if sm.quorum_to_confirm_items:
        out.append([paper.S("Quorum to confirm", strong=True), " (who votes, who was in the room or what "
                    "the item asks is not stated): item " + ", ".join(sm.quorum_to_confirm_items) + "."])
    if sm.self_items:
        out.append([paper.S("Items that concern the members themselves:", strong=True),
                    " item " + ", ".join(sm.self_items) + "."])
    return out


def _meeting_blocks(s: MeetingScreen, level: int) -> list[paper.Block]:
    m = s.meeting
    P = paper
    blocks: list[paper.Block] = []
    if level > 2:
        blocks.append(P.Heading(f"{m.title or m.body_name}", 2))
    blocks.append(P.Para(
        ("" if level == 2 else f"{m.body_name}, {words.day(m.date)}. ") + "Screened against the register as it stood on "
        f"{words.day(s.screened_on)} under the policy \u201c{s.policy}\u201d. Interests that ended in "
        f"the {words.lookback(s.lookback_days)} before count, one level lighter."))
    if s.roll_note:  # the roll's status, before anything that depends on it (issue 14)
        blocks.append(P.Para([P.S(ROLL_WORDS[s.roll_status], strong=True), " " + s.roll_note], "note"))
    blocks.append(P.Bullets(_summary(s)))
    for w in s.warnings:  # what the screen could not do in full: never left out of the paper
        blocks.append(P.Para([P.S("Warning:", strong=True), " " + w.explanation]))
    for it in s.items:
        blocks.append(P.Heading(_item_heading(it), level))
        if it.affected:
            blocks.append(P.Para(["Affects: "] + [
                f"{a.name} ({_effect(a)}" + (f", inferred from \u201c{'; '.join(a.matched_words)}\u201d: "
                                             "to confirm" if a.source == "inferred" else "") + ")"
                + ("; " if i < len(it.affected) - 1 else ".") for i, a in enumerate(it.affected)]))
        if it.findings:
            blocks.append(P.Table(
                ["Member", "Organisation", "Interest and evidence", "Level", "Recommended action", "Rule"],
                [_finding_cells(f) for f in it.findings], widths=[10, 12, 32, 10, 15, 21],
                row_styles=["alert" if f.action.value != "declare" else "" for f in it.findings]))
        else:
            blocks.append(P.Para(_nothing(s, "No interests found.")))
        blocks += [P.Para(words.in_words(n), "note") for n in it.notes]
        if _decides(it):
            q = it.quorum
            text: list[paper.Inline] = [P.S(f"Quorum: {QUORUM_WORDS[q.status]}.", strong=True),
                                        " " + words.in_words(q.explanation)]
            if q.options:
                text.append(" Options: " + "; ".join(q.options) + ".")
            for g in q.groups:
                text.append(f" {g.constituency_name or g.constituency}: {QUORUM_WORDS[g.status]}. "
                            f"{words.in_words(g.explanation)}")
            blocks.append(P.Para(text, "note"))
    blocks.append(P.Heading("Declarations log for the minutes", level))
    log = [[_number(it), f"{f.person_name} declared {f.interest_words}.",
            [f"{f.action_text} (rule ", P.S(f.rule_id, code=True), ")"], f.chair_decision or ""]
           for it in s.items for f in it.findings]
    if log:
        blocks.append(P.Table(["Item", "Declaration", "Recommended", "Chair\u2019s decision"], log,
                              widths=[6, 44, 30, 20]))
    else:
        blocks.append(P.Para(_nothing(s, "No declarations expected.")))
    if s.checks is not None and (s.checks.undeclared or s.checks.stale or s.checks.information_flows):
        blocks.append(P.Heading("Declarations checks", level))
        blocks.append(P.Bullets(
            [[P.S("Possibly undeclared:", strong=True), " " + u.explanation] for u in s.checks.undeclared]
            + [[P.S("Stale declaration:", strong=True), " " + x.explanation] for x in s.checks.stale]
            + [[P.S("Confidential information:", strong=True), " " + x.explanation]
               for x in s.checks.information_flows]))
    return blocks


def _covers(screen_or_period: Any, source: Source | None, *, policy: str | None) -> paper.Covers:
    src = source or Source()
    return paper.Covers(dataset=src.dataset, content_hash=src.content_hash, period=None,
                        extra=list(src.rules),
                        policy=(f"{policy} ({src.policy_version})" if policy and src.policy_version
                                else policy), tool_version=src.tool_version or paper.tool_version(),
                        command=src.command)


def screen_paper(screen: MeetingScreen | ScreenAll, source: Source | None = None) -> paper.Paper:
    """The chair's conflicts of interest paper: per item, who declares what and why, the quorum,
    a declarations log for the minutes and the declarations checks."""
    ms = _meetings(screen)
    one = len(ms) == 1
    title = ("Conflicts of interest: " + (ms[0].meeting.title or ms[0].meeting.body_name) if one
             else f"Conflicts of interest: {len(ms)} meetings")
    covers = _covers(screen, source, policy=ms[0].policy if ms else None)
    if ms:
        first, last = ms[0].meeting, ms[-1].meeting
        if one:
            covers.extra.append(("Meeting", f"{first.body_name}, {words.day(first.date)}"))
        else:
            covers.period = f"{len(ms)} meetings, {words.day(first.date)} to {words.day(last.date)}"
        covers.extra.append(("Register as on", ", ".join(sorted({words.day(x.screened_on) for x in ms}))))
    blocks: list[paper.Block] = []
    for s in ms:
        blocks += _meeting_blocks(s, 2 if one else 3)
    if not ms:
        blocks.append(paper.Para("No meetings in the data."))
    return paper.Paper(title=title, covers=covers, blocks=blocks, kind="screen")


def declarations_paper(d: PersonDeclarations, source: Source | None = None) -> paper.Paper:
    """One person's declarations letter for a meeting: who they are to it, first; then the items
    their interests reach, what to do and why; the other checks; their register entries."""
    P = paper
    covers = _covers(d, source, policy=d.policy)
    covers.extra.append(("Meeting", f"{d.standing.body_name}, {words.day(d.date)}" if d.standing
                         else words.day(d.date)))
    if d.screened_on is not None and d.lookback_days is not None:
        covers.extra.append(("Register as on", f"{words.day(d.screened_on)}, with interests ended in the "
                             f"{words.lookback(d.lookback_days)} before"))
    blocks: list[paper.Block] = []
    if d.standing is not None:
        blocks.append(P.Para(d.standing.text, "note"))
    if d.items:
        for it in d.items:
            head = f"Item {it['number'] or '(no number)'}: {it['title']}"
            blocks.append(P.Heading(head, 2))
            if not it.get("in_room", True) and (d.standing is None or d.standing.expected):
                # (someone not expected at all is told so once, at the top)
                blocks.append(P.Para("You are not expected in the room for this item.", "small"))
            rows = []
            for f in it["findings"]:
                who = "" if f["person"] == d.person else f"{f['person_name']}: "
                cited = paper.cited([Citation.model_validate(c) for c in f.get("citations", [])])
                rows.append([P.Lines([P.S(who + f["action_text"], strong=True),
                                      [f"{LEVEL_WORDS[f['level']]}, rule ", P.S(f["rule_id"], code=True)]]),
                             P.Lines([" ".join([f["rule_text"], *f.get("modifier_texts", [])])]
                                     + ([[P.S("Sources: ", emph=True), cited]] if cited else [])),
                             P.Lines(([[P.S("Your interest: ", strong=True), f["interest_words"]]]
                                      if f.get("interest_words") else [])
                                     + [f["explanation"]]
                                     + ([[P.S("Also: ", strong=True), "; ".join(
                                         o["path"]["text"] for o in f.get("other_paths", []))]]
                                        if f.get("other_paths") else []))])
            blocks.append(P.Table(["What to do", "Why", "Evidence"], rows, widths=[24, 38, 38]))
    else:
        blocks.append(P.Para("No item on the agenda reaches an organisation you have an interest in."))
    extra = ([[P.S("Possibly undeclared:", strong=True), " " + u.explanation] for u in d.undeclared]
             + ([[P.S("Stale declaration:", strong=True), " " + d.stale.explanation]] if d.stale else [])
             + [[P.S("Confidential information:", strong=True), " " + x.explanation]
                for x in d.information_flows])
    if extra:
        blocks += [P.Heading("Also check", 2), P.Bullets(extra)]
    if d.register_entries:
        blocks.append(P.Heading("Your register entries on the date", 2))
        blocks.append(P.Table(
            ["Entry", "Types", "Until", "Evidence"],
            [[r["about"], ", ".join(words.humanise(t) for t in r["types"]) + (" (indirect)" if r["indirect"] else ""),
              r["end"] or "still in force", r["evidence"] or ""] for r in d.register_entries],
            widths=[40, 30, 15, 15]))
    title = f"Declarations for {d.person_name}: {d.meeting_title or d.meeting}"
    return P.Paper(title=title, covers=covers, blocks=blocks, kind="declarations")


def to_markdown(screen: MeetingScreen | ScreenAll, *, source: Source | None = None, **_: Any) -> str:
    """The chair's conflicts of interest paper in Markdown (the same content as the HTML)."""
    return paper.to_markdown(screen_paper(screen, source))


def to_html(screen: MeetingScreen | ScreenAll, *, source: Source | None = None, **_: Any) -> str:
    """The chair's conflicts of interest paper: one HTML page (autoescaped; A4 print stylesheet)."""
    return paper.to_html(screen_paper(screen, source))


def to_docx(screen: MeetingScreen | ScreenAll, *, source: Source | None = None,
            template: str | None = None, **_: Any) -> bytes:
    """The chair's conflicts of interest paper as a Word document."""
    from coigraph.report.word import to_docx as write

    return write(screen_paper(screen, source), template=template)


def _one_line(x: Any) -> str:
    return "" if x is None else " ".join(str(x).split())


def _declarations(d: PersonDeclarations, **_: Any) -> str:
    """One member's declarations for a meeting as plain text (the terminal)."""
    esc = _one_line
    out = [f"Declarations for {esc(d.person_name)}: {esc(d.meeting_title or d.meeting)}, "
           f"{d.date.isoformat()}", ""]
    if d.standing is not None:
        out += [esc(d.standing.text), ""]
    if d.items:
        for it in d.items:
            out.append(f"Item {esc(it['number'] or '(no number)')}: {esc(it['title'])}")
            for f in it["findings"]:
                who = "" if f["person"] == d.person else f"{esc(f['person_name'])}: "
                out.append(f"- {who}{esc(f['action_text'])} ({esc(LEVEL_WORDS[f['level']].lower())}, rule "
                           f"{esc(f['rule_id'])}): {esc(f['rule_text'])}")
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
        out += ["Also check", *extra, ""]
    if d.register_entries:
        out.append("Your register entries on the date")
        out += [f"- {esc(r['about'])}: {esc(', '.join(words.humanise(t) for t in r['types']))}"
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


def declarations_markdown(d: PersonDeclarations, *, source: Source | None = None, **_: Any) -> str:
    return paper.to_markdown(declarations_paper(d, source))


def declarations_html(d: PersonDeclarations, *, source: Source | None = None, **_: Any) -> str:
    return paper.to_html(declarations_paper(d, source))


def declarations_docx(d: PersonDeclarations, *, source: Source | None = None,
                      template: str | None = None, **_: Any) -> bytes:
    from coigraph.report.word import to_docx as write

    return write(declarations_paper(d, source), template=template)


# --------------------------------------------------------------------------- the registry

_SCREENS = (MeetingScreen, ScreenAll)
register(_SCREENS, "table", to_table)
register(_SCREENS, "json", to_json)
register(_SCREENS, "csv", to_csv_text)
register(_SCREENS, "markdown", to_markdown)
register(_SCREENS, "html", to_html)
register(_SCREENS, "jsonl", to_jsonl)
register(_SCREENS, "docx", to_docx)

register(PersonDeclarations, "text", _declarations)
register(PersonDeclarations, "json", to_json)
register(PersonDeclarations, "markdown", declarations_markdown)
register(PersonDeclarations, "html", declarations_html)
register(PersonDeclarations, "docx", declarations_docx)

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
           "to_table", "to_markdown", "to_html", "to_jsonl", "stream", "STREAMED", "to_docx", "screen_paper",
           "declarations_paper", "md", "money"]
