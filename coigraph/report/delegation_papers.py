"""The delegation papers: a decision's working paper and the audit evidence pack.

Each is built once as a :class:`coigraph.report.paper.Paper` (what it covers, then its blocks:
the decision and each chain of authority link by link; or each audit section's summary, table
and findings) and written by :mod:`coigraph.report.paper` as HTML or Markdown and by
:mod:`coigraph.report.word` as Word, so the three hold the same content.  Codes become words
here (verdicts, severities, finding kinds; names for ids in the audit's tables).  The sentences
shared with the terminal text (a link, its extras, an approver) come from
:mod:`coigraph.report.delegation_words`; :mod:`coigraph.report.delegation` registers these
papers' renderers.
"""

from __future__ import annotations

from typing import Any

from coigraph import words
from coigraph.audit import AuditReport, checked
from coigraph.delegation import Finding, Link, Trace
from coigraph.findings import KINDS
from coigraph.report import paper
from coigraph.report.delegation_words import (
    SUB_DELEGATION_WORDS,
    VERDICT_LABEL,
    approve_heading,
    approver_line,
    decision_extras,
    evidence,
    link_extras,
    link_failed,
    link_sentence,
    link_to_confirm,
    money,
    period,
    period_text,
    trace_label,
)


def _kind_words(kind: str) -> str:
    return KINDS[kind].title if kind in KINDS else words.humanise(kind)


def _verdict_words(v: str) -> str:
    return VERDICT_LABEL.get(v, words.humanise(v))


def _about_words(f: Finding) -> str:
    """What a finding is about, as references: the decision and the delegation (records with no
    name of their own, the ids an auditor looks up); people, organisations and meetings are
    named in its explanation (as in the terminal text)."""
    return ", ".join(f"{label} {value}" for label, value in (("decision", f.decision),
                                                            ("delegation", f.delegation)) if value)


def _findings_blocks(findings: list[Finding], level: int) -> list[paper.Block]:
    P = paper
    out: list[paper.Block] = [P.Heading("Findings", level)]
    if not findings:
        return out + [P.Para("None.")]
    items: list[paper.Inline] = []
    for f in findings:
        about = _about_words(f)
        confirm = ", to confirm" if getattr(f, "to_confirm", False) else ""
        sources = paper.cited(f.citations)
        items.append([P.S(_kind_words(f.kind), strong=True),
                      f" ({words.humanise(f.severity)}{confirm}{'; ' + about if about else ''}). ",
                      words.in_words(f.explanation), " ", P.S("Basis:", emph=True), f" {f.basis} ",
                      *([P.S("Sources:", emph=True), f" {sources} "] if sources else []),
                      P.S("Evidence:", emph=True), f" {evidence(f.evidence)}"])
    return out + [P.Bullets(items, numbered=True)]


def _trace_names(t: Trace) -> dict[str, str]:
    d = t.decision
    names = {d.by: d.by_name, **dict(zip(d.on_behalf_of, d.on_behalf_of_names, strict=False))}
    for c in t.chains:
        names[c.organisation] = c.organisation_name
        if c.accountable_board and c.accountable_board_name:
            names[c.accountable_board] = c.accountable_board_name
        for link in c.links:
            names[link.from_body] = link.from_name
            names[link.to] = link.to_name
    return names


def _check_words(link: Link) -> paper.Inline:
    """A link's check: its failures in words, then what is to confirm (a check that depends on what
    the scheme, as entered, does not say: issue 14), or 'passed'."""
    failed, confirm = link_failed(link), link_to_confirm(link)
    if not failed and not confirm:
        return "passed"
    out: list[Any] = []
    if failed:
        out += [paper.S("FAILED:", strong=True), " " + "; ".join(_kind_words(k) for k in failed)]
    if confirm:  # in words, as the failures are (the paper gives no codes in its prose)
        out += [("; " if failed else "") + "to confirm: " + "; ".join(
            (t[len("To confirm: "):] if t.startswith("To confirm: ") else t) for t in map(_kind_words, confirm))]
    return out


def _covers(source: paper.Source | None, *, period: str | None, policy: str | None) -> paper.Covers:
    src = source or paper.Source()
    return paper.Covers(dataset=src.dataset, content_hash=src.content_hash, period=period,
                        policy=(f"{policy} ({src.policy_version})" if policy and src.policy_version
                                else policy), tool_version=src.tool_version or paper.tool_version(),
                        command=src.command, extra=list(src.rules))


def _link_cell(link: Link) -> paper.Cell:
    """Who delegated what to whom, then the link's band, conditions, reporting duty, who acted
    under it and what is to confirm (each on its own line, only those recorded)."""
    extras = link_extras(link)
    if not extras:
        return link_sentence(link)
    return paper.Lines([link_sentence(link),
                        *[[paper.S(f"{k}:", emph=True), f" {v}"] for k, v in extras]])


def _trace_extra_blocks(t: Trace) -> list[paper.Block]:
    """The procurement requirement and who may approve (the lines of :func:`_trace_extras`), as
    a section of the working paper."""
    P = paper
    p, a = t.procurement, t.may_approve
    if p is None and a is None:
        return []
    out: list[paper.Block] = [P.Heading("Procurement and who may approve", 2)]
    if p is not None:
        state = {True: "Met", False: "NOT MET", None: "To confirm"}[p.met]
        out.append(P.Para([f"Procurement: the value falls in the band {p.band} of {p.organisation_name}'s "
                           f"thresholds ({p.threshold}{', ' + p.instrument if p.instrument else ''}): "
                           f"{p.action}" + (f" ({p.regime})" if p.regime else "") + ". ",
                           P.S(f"{state}:", strong=p.met is False), f" {p.note}"]))
    if a is not None:
        out.append(P.Para(approve_heading(a.value, words.day(a.on) if a.on else None)))
        if a.holders:
            out.append(P.Bullets([approver_line(h) for h in a.holders], numbered=True))
        else:
            out.append(P.Para("Nobody in the scheme as recorded."))
        if a.decider_among:
            out.append(P.Para("The decider was among them."))
        elif a.should_have_been:
            out.append(P.Para("The decider was not among them; it should have been: "
                              + "; ".join(a.should_have_been) + "."))
        if a.note:
            out.append(P.Para(f"Note: {a.note}"))
    return out


def trace_paper(t: Trace, source: paper.Source | None = None) -> paper.Paper:
    """The auditor's working paper for one decision: the decision, each chain of authority link
    by link with its check, where the chain ends, the verdict and the findings with evidence."""
    P = paper
    d = t.decision
    names = _trace_names(t)
    facts = [
        ("Decision", f"{d.id}" + (f": {d.description}" if d.description else "")),
        ("Matter", f"{d.matter_name} ({d.matter})"),
        ("Decided by", f"{d.by_name}, " + (words.humanise(d.by_kind) if d.by_kind
                                            else "with the others who signed" if len(d.signatories) > 1
                                            else "an individual")),
        *decision_extras(d),
        ("Date", words.day(d.date, none="not recorded")),
        ("Value", money(d.value) if d.value is not None else "not recorded"),
        ("Taken at", f"meeting {names.get(d.meeting or '', d.meeting)}, item {d.item}" if d.item
         else "no meeting recorded"),
        ("For", "; ".join(d.on_behalf_of_names) or "unknown"),
        ("Relies on", f"delegation {d.cited_delegation}" if d.cited_delegation else "not stated"),
        ("Evidence", d.src or "none recorded"),
    ]
    blocks: list[paper.Block] = [P.Table(None, [list(r) for r in facts], widths=[1, 4], key_value=True)]
    for ci, chain in enumerate(t.chains, 1):
        blocks.append(P.Heading(f"Chain {ci} of {len(t.chains)}: authority of {chain.organisation_name}", 2))
        acting = (f", acting as {chain.links[0].to_name if chain.links else chain.acting_as}"
                  if chain.acting_as else "")
        through = names.get(chain.through, chain.through) if chain.through else None
        blocks.append(P.Para("Read from the decider up to the accountable board"
                             + (f", through {through}" if through else "") + acting + "."))
        if chain.links:
            blocks.append(P.Table(
                ["#", "Who delegated what to whom", "Instrument", "Limit", "In force", "Statutory basis",
                 "Sub-delegation", "Evidence", "Check"],
                [[str(link.step), _link_cell(link), link.instrument or "none stated", money(link.limit),
                  period(link.start, link.end), link.statutory_basis or "none stated",
                  SUB_DELEGATION_WORDS[link.sub_delegation_allowed],
                  f"{link.delegation} ({link.src or 'no source recorded'})", _check_words(link)]
                 for link in chain.links],
                row_styles=["alert" if link_failed(link) else "" for link in chain.links]))
        else:
            blocks.append(P.Para(f"No delegation links: {d.by_name} decided"
                                 + (" as the board itself." if chain.complete else ".")))
        if chain.complete:
            end = (f"End: {chain.accountable_board_name} is the accountable board; the chain is complete.")
        elif chain.scheme_not_in_data:  # issue 14: the source is silent, not the scheme broken
            end = (f"End: not traced beyond {names.get(chain.stops_at or '', chain.stops_at)}: to confirm "
                   "against the scheme.")
        else:
            end = (f"End: the chain breaks at {names.get(chain.stops_at or '', chain.stops_at)}; no accountable "
                   "board reached.")
        blocks.append(P.Para(end + (f" {chain.note}" if chain.note else "")))
    blocks += _trace_extra_blocks(t)
    blocks.append(P.Para([P.S(f"Verdict: {trace_label(t)}.", strong=True),
                          " " + words.in_words(t.verdict_text)], "verdict"))
    blocks += _findings_blocks(t.findings, 2)
    title = f"Working paper: authority for decision {d.id}"
    covers = _covers(source, period=None, policy=None)
    covers.extra.insert(0, ("Decision", f"{d.id}, " + (f"taken on {words.day(d.date)}" if d.date
                                                          else "date not recorded")))
    return P.Paper(title=title, covers=covers, blocks=blocks, kind="trace")


#: What each of coigraph's audit sections covers, in a title's words.
SECTION_WORDS = {"decisions": "decisions under delegated authority", "scheme": "the scheme of delegation",
                 "composition": "ICB board composition", "minutes": "minutes against the screen",
                 "procurement": "procurements stage by stage", "gifts": "gifts and hospitality",
                 "breaches": "the breaches register", "committee": "the report to the audit committee"}
#: Columns whose cells are a verdict, finding kinds or a result, put into words in the papers.
_VERDICT_COLUMNS = {"verdict"}
_KIND_COLUMNS = {"findings"}


def _and(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def audit_title(r: AuditReport) -> str:
    """What the audit covers, as its title: 'Audit of decisions under delegated authority, ...'."""
    covered = [SECTION_WORDS.get(s.id, words.lower_first(s.title)) for s in r.sections]
    return "Audit of " + (_and(covered) if covered else "nothing")


def nothing_to_audit(r: AuditReport) -> bool:
    """Nothing in scope: no section checked anything (no decisions, delegations, boards,
    minutes, procurements, gifts or breaches in the period) and nothing was found."""
    return not r.findings and not any(checked(s) for s in r.sections)


def _cell_words(cell: Any, column: str, names: dict[str, str]) -> str:
    if cell is None:
        return ""
    text = str(cell)
    col = column.lower()
    if col in _VERDICT_COLUMNS:
        return _verdict_words(text)
    if col in _KIND_COLUMNS and text:
        return "; ".join(_kind_words(k.strip()) for k in text.split(","))
    if any(sep in text for sep in ("; ", ", ")) and all(
            p.strip() in names for p in text.replace(", ", "; ").split("; ")):
        return "; ".join(names[p.strip()] for p in text.replace(", ", "; ").split("; "))
    return names.get(text, words.in_words(text))


def audit_paper(r: AuditReport, source: paper.Source | None = None) -> paper.Paper:
    """The audit evidence pack: what was audited and how, the verdict (or "nothing to audit"),
    then each section: its summary, its table and its findings with evidence."""
    P = paper
    covers = _covers(source, period=period_text(r), policy=None)
    covers.extra.insert(0, ("Sections", "; ".join(s.title for s in r.sections) or "none"))
    blocks: list[paper.Block] = []
    if nothing_to_audit(r):
        blocks.append(P.Para([P.S("Nothing to audit.", strong=True),
                              " The data holds no decisions, delegations, ICB boards, minutes, "
                              "procurements, gifts and hospitality or breaches in this period, so no "
                              "verdict is given."], "verdict"))
    else:
        counts = ", ".join(f"{n} {words.humanise(k)}" for k, n in r.counts.items())
        blocks.append(P.Para([P.S(f"Verdict: {_verdict_words(r.verdict)}.", strong=True),
                              f" Findings by severity: {counts}."], "verdict"))
    for s in r.sections:
        blocks.append(P.Heading(s.title, 2))
        blocks.append(P.Para(words.in_words(s.summary)))
        if s.rows:
            blocks.append(P.Table(list(s.columns),
                                  [[_cell_words(cell, s.columns[i] if i < len(s.columns) else "", r.names)
                                    for i, cell in enumerate(row)] for row in s.rows]))
        blocks += _findings_blocks(s.findings, 3)
    return P.Paper(title=audit_title(r), covers=covers, blocks=blocks, kind="audit")
