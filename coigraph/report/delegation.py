"""Render delegation traces, audits and powers: terminal, JSON, CSV, Markdown and HTML.

Every renderer is a pure function from a result record to text.  User data
(names, instruments, descriptions) is untrusted: Markdown escapes it, HTML is
rendered by Jinja2 with autoescaping, CSV goes through
:func:`coigraph.output.to_csv` (formula injection neutralised) and the
terminal text through rich with markup off.  Nothing here reads a clock, so
the same result always gives the same bytes.

Each renderer is registered in :mod:`coigraph.report.registry` for its result
type (:class:`Trace`, :class:`AuditReport`, :class:`Powers`, :class:`MayApprove`).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from typing import Any

from pydantic import BaseModel

from coigraph import words
from coigraph.audit import AuditReport, Section
from coigraph.delegation import (
    KINDS,
    SOUND,
    Approver,
    Chain,
    DecisionInfo,
    Finding,
    Link,
    MayApprove,
    Trace,
)
from coigraph.delegation.approvers import label as approver_label
from coigraph.output import console_width, to_csv
from coigraph.powers import Powers
from coigraph.report import paper, registry
from coigraph.report.json_text import to_json
from coigraph.report.markdown import md, md_table
from coigraph.report.registry import formats, register
from coigraph.templates import environment

#: An amount in words: '£1,200,000'; 'no limit' for none.
money = words.money
period = words.period
#: Text lines wrap at the terminal's width, at most this (long lines are hard to read).
WIDTH = 100

VERDICT_LABEL = {
    SOUND: "SOUND",
    "unlawful": "UNLAWFUL",
    "sord_breach": "OUTSIDE THE SCHEME (SoRD breach)",
    "against_guidance": "AGAINST GUIDANCE",
    "advisory": "SOUND, WITH POINTS TO NOTE",
}


# ---------------------------------------------------------------------------
# Shared helpers
# ---------------------------------------------------------------------------


_HANG = re.compile(r"^(\d+\.\s+|[A-Z][A-Za-z -]{0,20}:\s+)")


def _wrap(lines: list[str], width: int | None = None) -> str:
    """Lay out plain text lines with rich (markup off), wrapping long ones with a hanging indent
    under the text after a number ('1. ') or a label ('Limit:  ')."""
    from rich.console import Console
    from rich.text import Text

    width = width or min(WIDTH, console_width())
    buf = io.StringIO()
    con = Console(file=buf, width=width, no_color=True, highlight=False, markup=False,
                  emoji=False, soft_wrap=False)
    for line in lines:
        body = line.lstrip(" ")
        indent = len(line) - len(body)
        m = _HANG.match(body)
        hang = indent + (len(m.group(1)) if m else 0)
        first, *rest = Text(body).wrap(con, max(20, width - indent)) or [Text("")]
        con.print(Text(" " * indent) + first, overflow="fold", crop=False)
        if rest:
            tail = Text(" ".join(t.plain.strip() for t in rest))
            for part in tail.wrap(con, max(20, width - hang)):
                con.print(Text(" " * hang) + part, overflow="fold", crop=False)
    return "\n".join(line.rstrip() for line in buf.getvalue().split("\n"))


def _num(value: float | None) -> str:
    """A money amount for CSV: '1000000', '1234.5'; blank for none."""
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else str(value)


def _evidence(items: Iterable[str | None]) -> str:
    ev = [e for e in items if e]
    return ", ".join(ev) if ev else "none recorded"


def _about(f: Finding) -> str:
    parts = []
    for label, value in (("decision", f.decision), ("delegation", f.delegation), ("body", f.body),
                         ("person", f.person),
                         ("people", ", ".join(f.people) if len(f.people) > 1 else None),
                         ("organisation", f.organisation), ("meeting", f.meeting),
                         ("item", getattr(f, "item", None))):
        if value:
            parts.append(f"{label} {value}")
    return ", ".join(parts)


def _finding_lines(findings: list[Finding], indent: str = "  ") -> list[str]:
    out: list[str] = []
    for i, f in enumerate(findings, 1):
        title = KINDS[f.kind].title if f.kind in KINDS else f.kind.replace("_", " ")
        confirm = " (to confirm)" if getattr(f, "to_confirm", False) else ""
        out.append(f"{indent}{i}. {f.kind} [{f.severity}]{confirm}: {title} ({_about(f)})")
        out.append(f"{indent}   {f.explanation}")
        out.append(f"{indent}   Basis: {f.basis}")
        out.append(f"{indent}   Evidence: {_evidence(f.evidence)}")
    return out


def _what(link: Link) -> str:
    """The matters of a link in words: all of them if few, else the one that covers the decision."""
    if len(link.matters) <= 3 or not link.covers:
        return "'" + ", ".join(link.matters) + "'"
    return f"'{link.covers}' (one of {len(link.matters)} matters in this delegation)"


def _link_sentence(link: Link) -> str:
    return (f"{link.from_name} ({link.from_body}) delegated {_what(link)} to "
            f"{link.to_name} ({link.to}{', a person' if link.to_type == 'person' else ''})"
            + (f", which covers '{link.covers}'" if link.covers and link.covers not in link.matters
               else "") + ".")


def _link_check(link: Link) -> str:
    return "passed" if not link.checks else "FAILED: " + ", ".join(link.checks)


def _chain_end(chain: Chain) -> str:
    if chain.complete:
        text = (f"End: {chain.accountable_board_name} ({chain.accountable_board}) is the "
                f"accountable board; the chain is complete.")
    else:
        text = f"End: BROKEN at {chain.stops_at}; no accountable board reached."
    if chain.note:
        text += f" {chain.note}"
    return text


# ---------------------------------------------------------------------------
# Trace
# ---------------------------------------------------------------------------


def trace_text(t: Trace) -> str:
    """The trace as an auditor's working paper (plain text, numbered links, verdict, findings)."""
    d = t.decision
    title = f"Working paper: authority for decision {d.id}"
    lines = [title, "=" * len(title), ""]
    rows = [
        ("Decision", f"{d.id}" + (f": {d.description}" if d.description else "")),
        ("Matter", f"{d.matter} ({d.matter_name})"),
        ("Decided by", f"{d.by_name} ({d.by}), " + (d.by_kind.replace("_", " ") if d.by_kind
                                                     else "with the others who signed"
                                                     if len(d.signatories) > 1 else "an individual")),
        *_decision_extras(d),
        ("Date", d.date.isoformat() if d.date else "not recorded"),
        ("Value", money(d.value) if d.value is not None else "not recorded"),
        ("Taken at", f"meeting {d.meeting}, item {d.item}" if d.item else "no meeting recorded"),
        ("For", "; ".join(f"{n} ({o})" for n, o in zip(d.on_behalf_of_names, d.on_behalf_of,
                                                        strict=True)) or "unknown"),
        ("Relies on", f"delegation {d.cited_delegation}" if d.cited_delegation else "not stated"),
        ("Evidence", d.src or "none recorded"),
    ]
    lines += [f"{k + ':':<13} {v}" for k, v in rows]
    for ci, chain in enumerate(t.chains, 1):
        through = f", through {chain.through}" if chain.through else ""
        if chain.acting_as:
            through += f", acting as {chain.links[0].to_name if chain.links else chain.acting_as}"
        lines += ["", f"Chain {ci} of {len(t.chains)}: authority of {chain.organisation_name} "
                  f"({chain.organisation}){through}, read from the decider up to the board"]
        if not chain.links:
            lines.append(f"  (no delegation links: {d.by_name} decided"
                         + (" as the board itself)" if chain.complete else ")"))
        for link in chain.links:
            lines.append(f"  {link.step}. {_link_sentence(link)}")
            for k, v in (
                ("Instrument", link.instrument or "none stated"),
                ("Delegation", f"{link.delegation} ({link.src or 'no source recorded'})"),
                ("Limit", money(link.limit)),
                ("In force", period(link.start, link.end)),
                ("Statutory basis", link.statutory_basis or "none stated"),
                ("Sub-delegation", "allowed" if link.sub_delegation_allowed else "not allowed"),
                ("Passes on", link.parent or "-"),
                *_link_extras(link),
                ("Check", _link_check(link)),
            ):
                lines.append(f"       {k + ':':<17} {v}")
        lines.append(f"  {_chain_end(chain)}")
    lines += _trace_extras(t)
    lines += ["", f"Verdict: {VERDICT_LABEL.get(t.verdict, t.verdict)}. {t.verdict_text}"]
    if t.findings:
        lines += ["", f"Findings ({len(t.findings)})"] + _finding_lines(t.findings)
    return _wrap(lines)


def _yes_no(value: bool | None, yes: str, no: str) -> str | None:
    return None if value is None else (yes if value else no)


def _decision_extras(d: DecisionInfo) -> list[tuple[str, str]]:
    """The decision's facts that schemes as written depend on (only those recorded)."""
    rows: list[tuple[str, str]] = []
    if d.signatory_names:
        rows.append(("Signed by", "; ".join(f"{n} ({i})" for n, i in zip(
            d.signatory_names, d.signatories, strict=True))))
    if d.recommendation_to:
        rows.append(("Recommends", f"to {d.recommendation_to_name} ({d.recommendation_to}); "
                     + (f"approved by decision {d.approved_by}" if d.approved_by
                        else "no approving decision recorded")))
    if d.approves:
        rows.append(("Approves", "recommendation " + ", ".join(d.approves)))
    procured = None
    if d.procurement:
        procured = d.procurement + (f" ({d.quotations} quotation{'s' if d.quotations != 1 else ''})"
                                    if d.quotations is not None else "")
    for label, value in (("Supplier", d.supplier), ("Project", d.project),
                         ("Budget", _yes_no(d.within_budget, "within an agreed budget",
                                            "NOT within an agreed budget")),
                         ("VAT", _yes_no(d.value_includes_vat, "the value includes VAT",
                                         "the value excludes VAT")),
                         ("Procurement", procured), ("Reported at", d.reported_at)):
        if value:
            rows.append((label, str(value)))
    return rows


def _link_extras(link: Link) -> list[tuple[str, str]]:
    """A link's band, conditions, reporting duty, who acted under it and what is to confirm."""
    rows: list[tuple[str, str]] = []
    if link.lower_limit is not None:
        rows.append(("Band", f"above {money(link.lower_limit)} up to {money(link.limit)}"))
    conds = [c for c in (_yes_no(link.includes_vat, "limits include VAT", "limits exclude VAT"),
                         "within an agreed budget only" if link.within_budget_only else None,
                         "cumulative cost of a project" if link.cumulative else None) if c]
    if conds:
        rows.append(("Conditions", "; ".join(conds)))
    if link.report_to:
        rows.append(("Reporting", (f"the {link.report_top_n} largest by value " if link.report_top_n
                                   else "decisions ") + f"reported to {link.report_to_name} "
                     f"({link.report_to})"))
    if link.acting_as:
        rows.append(("Acting as", link.acting_as))
    rows += [("To confirm", note) for note in link.to_confirm]
    return rows


def _trace_extras(t: Trace) -> list[str]:
    """The procurement requirement and who may approve, as working-paper lines."""
    out: list[str] = []
    p = t.procurement
    if p is not None:
        state = {True: "Met", False: "NOT MET", None: "To confirm"}[p.met]
        out += ["", f"Procurement: the value falls in the band {p.band} of {p.organisation_name}'s "
                f"thresholds ({p.threshold}{', ' + p.instrument if p.instrument else ''}): "
                f"{p.action}" + (f" ({p.regime})" if p.regime else "") + f". {state}: {p.note}"]
    a = t.may_approve
    if a is not None:
        out += ["", "Who may approve this" + (f" ({money(a.value)}" if a.value is not None else " (")
                + (f", on {a.on.isoformat()})" if a.on else ")") + ":"]
        if not a.holders:
            out.append("  Nobody in the scheme as recorded.")
        for i, h in enumerate(a.holders, 1):
            out.append(f"  {i}. {_approver_line(h)}")
        if a.decider_among:
            out.append("  The decider was among them.")
        elif a.should_have_been:
            out.append("  The decider was not among them; it should have been: "
                       + "; ".join(a.should_have_been) + ".")
        if a.note:
            out.append(f"  Note: {a.note}")
    return out


def _approver_line(h: Approver) -> str:
    """One approver in words: who, under what, up to what, by whose authority."""
    band = ""
    if h.limit is not None or h.lower_limit is not None:
        band = ((f"above {money(h.lower_limit)} " if h.lower_limit is not None else "")
                + f"up to {money(h.limit)}")
    under = (f" under {h.delegation}" + (f" ({h.instrument})" if h.instrument else "")
             if h.delegation else "")
    chain = (" <- ".join(h.chain) + " -> ") if h.chain else ""
    parts = [approver_label(h) + under, band, "in band" if h.in_band else "",
             f"authority: {chain}{h.accountable_board_name} ({h.accountable_board})"
             if h.accountable_board else "",
             "; ".join(h.conditions), h.reporting or ""]
    return "; ".join(x for x in parts if x) + "." + (f" {h.note}" if h.note else "")


TRACE_CSV_HEADER = ["decision", "chain", "organisation", "step", "delegation", "delegated_by",
                    "delegate", "matters", "covers", "limit", "start", "end", "statutory_basis",
                    "instrument", "evidence", "checks", "chain_end", "verdict",
                    # added by issue 15 (at the end: earlier columns keep their places)
                    "lower_limit", "acting_as", "to_confirm"]


def trace_rows(t: Trace) -> list[list[Any]]:
    """One row per link of each chain (a board deciding itself: one row, step 0)."""
    rows = []
    for ci, chain in enumerate(t.chains, 1):
        end = chain.accountable_board if chain.complete else f"BROKEN at {chain.stops_at}"
        links = chain.links or [None]
        for link in links:
            if link is None:
                rows.append([t.decision.id, ci, chain.organisation, 0, "", "", t.decision.by, "", "",
                             "", "", "", "", "", t.decision.src, "", end, t.verdict, "", "", ""])
                continue
            rows.append([t.decision.id, ci, chain.organisation, link.step, link.delegation,
                         link.from_body, link.to, ";".join(link.matters), link.covers,
                         _num(link.limit), link.start.isoformat() if link.start else "",
                         link.end.isoformat() if link.end else "", link.statutory_basis,
                         link.instrument, link.src, ";".join(link.checks), end, t.verdict,
                         _num(link.lower_limit), link.acting_as or "", " | ".join(link.to_confirm)])
    return rows


def _findings_md(findings: list[Finding], heading: str = "## Findings") -> list[str]:
    if not findings:
        return [heading, "", "None.", ""]
    out = [heading, ""]
    for i, f in enumerate(findings, 1):
        confirm = ", to confirm" if getattr(f, "to_confirm", False) else ""
        out += [f"{i}. **{md(f.kind)}** ({md(f.severity)}{confirm}; {md(_about(f))}): {md(f.explanation)} "
                f"*Basis:* {md(f.basis)} *Evidence:* {md(_evidence(f.evidence))}"]
    return out + [""]


def trace_csv(t: Trace) -> str:
    """One CSV row per link of each chain (injection-safe)."""
    return to_csv(TRACE_CSV_HEADER, trace_rows(t))


def render_trace(t: Trace, fmt: str) -> str:
    """Render a trace in ``fmt`` (table, json, csv, markdown, html)."""
    return registry.render(t, fmt)


# ---------------------------------------------------------------------------
# Audit
# ---------------------------------------------------------------------------


FINDING_CSV_HEADER = ["section", "severity", "kind", "decision", "delegation", "body", "person",
                      "organisation", "meeting", "explanation", "basis", "evidence", "people", "item"]


def _period_text(r: AuditReport) -> str:
    if r.date_from or r.date_to:
        return period(r.date_from, r.date_to)
    return "all dates"


def _table(title: str | None, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """A terminal table (rich, markup off).  Columns of single words (ids, dates, amounts,
    verdicts) keep their width, so the ones with words (names, findings) take the wrapping."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    cells = [["" if v is None else str(v) for v in row] for row in rows]
    table = Table(title=title, header_style="bold", show_lines=False)
    for i, h in enumerate(header):
        column = [r[i] for r in cells if i < len(r)]
        longest = max([len(h)] + [len(c) for c in column])
        table.add_column(h, no_wrap=longest <= 15, overflow="fold",
                         ratio=None if longest <= 15 else min(longest, 40))
    for row in cells:
        table.add_row(*[Text(v) for v in row])
    buf = io.StringIO()
    Console(file=buf, width=console_width(), no_color=True, highlight=False).print(table)
    return buf.getvalue()


def audit_text(r: AuditReport) -> str:
    title = f"Audit of delegated authority: {r.dataset}"
    head = [title, "=" * len(title), f"Period: {_period_text(r)}",
            f"Verdict: {VERDICT_LABEL.get(r.verdict, r.verdict)}",
            "Findings by severity: " + ", ".join(f"{k} {v}" for k, v in r.counts.items()), ""]
    out = _wrap(head)
    for s in r.sections:
        out += "\n" + _wrap([s.title, "-" * len(s.title), s.summary])
        if s.rows:
            out += _table(None, s.columns, s.rows)
        if s.findings:
            out += _wrap([f"Findings in this section ({len(s.findings)})"]
                         + _finding_lines(s.findings))
    return out


def audit_rows(r: AuditReport) -> list[list[Any]]:
    rows = []
    for s in r.sections:
        for f in _section_findings(s):
            rows.append([s.id, f.severity, f.kind, f.decision, f.delegation, f.body, f.person,
                         f.organisation, f.meeting, f.explanation, f.basis, ";".join(f.evidence),
                         ";".join(f.people), getattr(f, "item", None)])
    return rows


def _section_findings(s: Section) -> list[Finding]:
    return s.findings


def audit_csv(r: AuditReport) -> str:
    """One CSV row per finding, with its section (injection-safe)."""
    return to_csv(FINDING_CSV_HEADER, audit_rows(r))


def render_audit(r: AuditReport, fmt: str) -> str:
    """Render an audit in ``fmt``; CSV is one row per finding, with its section."""
    return registry.render(r, fmt)


# ---------------------------------------------------------------------------
# Powers
# ---------------------------------------------------------------------------


POWERS_CSV_HEADER = ["holder", "matter", "matter_name", "delegation", "from", "instrument",
                     "statutory_basis", "own_limit", "limit", "limit_set_by", "start", "end",
                     "may_sub_delegate", "accountable_board", "chain", "valid", "problems", "note"]


def powers_rows(p: Powers) -> list[list[Any]]:
    return [[p.holder, x.matter, x.matter_name, x.delegation, x.from_body, x.instrument,
             x.statutory_basis, _num(x.own_limit), _num(x.limit), x.limit_set_by,
             x.start.isoformat() if x.start else "", x.end.isoformat() if x.end else "",
             "yes" if x.may_sub_delegate else "no", x.accountable_board or "",
             " <- ".join(s.delegation for s in x.chain), "yes" if x.valid else "no",
             ";".join(sorted({f.kind for f in x.findings})), x.note] for x in p.powers]


def powers_text(p: Powers) -> str:
    title = f"Powers of {p.holder_name} ({p.holder})"
    lines = [title, "=" * len(title)]
    if p.on:
        lines.append(f"On {p.on.isoformat()} (delegations in force that day)")
    if p.inherent:
        lines.append(p.inherent)
    if p.reserved:
        lines.append("Reserved to it: " + "; ".join(
            f"{r.matter} ({r.matter_name}{', ' + r.instrument if r.instrument else ''})"
            for r in p.reserved))
    if not p.powers:
        lines.append("It holds no delegated powers in the data.")
    out = _wrap(lines)
    if p.powers:
        out += _table(
            "Delegated powers (limit and dates are those of the whole chain)",
            ["matter", "up to", "in force", "delegated by", "instrument", "by whose authority",
             "chain", "valid"],
            [[f"{x.matter} ({x.matter_name})", money(x.limit), period(x.start, x.end),
              f"{x.from_name} ({x.delegation})", x.instrument or "",
              x.accountable_board_name or "(chain broken)",
              " <- ".join(s.delegation for s in x.chain),
              "yes" if x.valid else "NO: " + ", ".join(sorted({f.kind for f in x.findings})
                                                        or ["see note"])]
             for x in p.powers])
        notes = [f"  {x.matter} under {x.delegation}: " + "; ".join(
            n for n in (f"band above {money(x.lower_limit)}" if x.lower_limit is not None else "",
                        "; ".join(x.conditions), x.reporting or "", x.note or "") if n)
            for x in p.powers if x.note or x.conditions or x.reporting or x.lower_limit is not None]
        if notes:
            out += _wrap(["Notes"] + notes)
    if p.findings:
        out += _wrap([f"Findings ({len(p.findings)})"] + _finding_lines(p.findings))
    return out


def powers_markdown(p: Powers) -> str:
    out = [f"# Powers of {md(p.holder_name)} ({md(p.holder)})", ""]
    if p.inherent:
        out += [md(p.inherent), ""]
    if p.reserved:
        out += ["## Reserved to it", ""]
        out.append(md_table(["matter", "name", "instrument"],
                             [(r.matter, r.matter_name, r.instrument) for r in p.reserved]))
    out += ["## Delegated powers", ""]
    if p.powers:
        out.append(md_table(
            ["matter", "up to", "in force", "delegated by", "instrument", "by whose authority",
             "chain", "valid", "note"],
            [(f"{x.matter} ({x.matter_name})", money(x.limit), period(x.start, x.end),
              f"{x.from_name} ({x.delegation})", x.instrument, x.accountable_board_name or
              "(chain broken)", " <- ".join(s.delegation for s in x.chain),
              "yes" if x.valid else "no", x.note) for x in p.powers]))
    else:
        out += ["None in the data.", ""]
    out += _findings_md(p.findings)
    return "\n".join(out)


def powers_csv(p: Powers) -> str:
    """One CSV row per power (injection-safe)."""
    return to_csv(POWERS_CSV_HEADER, powers_rows(p))


def render_powers(p: Powers, fmt: str) -> str:
    """Render a holder's powers in ``fmt``; CSV is one row per power."""
    return registry.render(p, fmt)


# ---------------------------------------------------------------------------
# Who may approve (powers --matter)
# ---------------------------------------------------------------------------


APPROVERS_CSV_HEADER = ["matter", "value", "on", "holder", "holder_type", "holder_name", "held_by",
                        "requires", "delegation", "instrument", "lower_limit", "limit", "chain_limit",
                        "in_band", "conditions", "reporting", "accountable_board", "chain", "note"]


def _approvers_title(a: MayApprove) -> str:
    return (f"Who may approve {a.matter} ({a.matter_name})"
            + (f" for {money(a.value)}" if a.value is not None else "")
            + (f" on {a.on.isoformat()}" if a.on else "")
            + (f" for {', '.join(a.organisations)}" if a.organisations else ""))


def approvers_rows(a: MayApprove) -> list[list[Any]]:
    return [[a.matter, _num(a.value), a.on.isoformat() if a.on else "", h.holder, h.holder_type,
             h.holder_name, ";".join(h.held_by), " AND ".join(h.requires), h.delegation or "",
             h.instrument or "", _num(h.lower_limit), _num(h.limit), _num(h.chain_limit),
             "" if h.in_band is None else ("yes" if h.in_band else "no"), ";".join(h.conditions),
             h.reporting or "", h.accountable_board or "", " <- ".join(h.chain), h.note or ""]
            for h in a.holders]


def approvers_text(a: MayApprove) -> str:
    title = _approvers_title(a)
    lines = [title, "=" * min(len(title), WIDTH)]
    if a.note:
        lines.append(a.note)
    if not a.holders:
        lines.append("Nobody in the scheme as recorded may approve it.")
    lines += [f"{i}. {_approver_line(h)}" for i, h in enumerate(a.holders, 1)]
    return _wrap(lines)


def approvers_markdown(a: MayApprove) -> str:
    out = [f"# {md(_approvers_title(a))}", ""]
    if a.note:
        out += [md(a.note), ""]
    if a.holders:
        out.append(md_table(
            ["who", "held by", "under", "band", "in band", "conditions", "reporting",
             "by whose authority", "chain", "note"],
            [(f"{h.holder_name} ({h.holder}, {h.holder_type.replace('_', ' ')})",
              ", ".join(h.held_by_names) + (f" (needs: {'; '.join(h.requires)})" if h.requires else ""),
              f"{h.delegation or ''} {h.instrument or ''}".strip(),
              ((f"above {money(h.lower_limit)} " if h.lower_limit is not None else "")
               + f"up to {money(h.limit)}") if h.delegation else "",
              "" if h.in_band is None else ("yes" if h.in_band else "no"), "; ".join(h.conditions),
              h.reporting or "", h.accountable_board_name or "", " <- ".join(h.chain), h.note or "")
             for h in a.holders]))
    else:
        out += ["Nobody in the scheme as recorded may approve it.", ""]
    return "\n".join(out)


def approvers_csv(a: MayApprove) -> str:
    """One CSV row per holder (injection-safe)."""
    return to_csv(APPROVERS_CSV_HEADER, approvers_rows(a))


def render_approvers(a: MayApprove, fmt: str) -> str:
    """Render who may approve a matter in ``fmt``; CSV is one row per holder."""
    return registry.render(a, fmt)


# ---------------------------------------------------------------------------
# HTML (Jinja2, autoescaped)
# ---------------------------------------------------------------------------


def _env():
    env = environment()
    env.keep_trailing_newline = False  # the papers end as they always have, without a blank line
    env.filters["money"] = money
    env.globals.update(period=period, verdict_label=lambda v: VERDICT_LABEL.get(v, v),
                       kind_title=lambda k: KINDS[k].title if k in KINDS else k.replace("_", " "),
                       about=_about, link_extras=_link_extras, decision_extras=_decision_extras,
                       trace_extras=_trace_extras, approver_line=_approver_line,
                       approvers_title=_approvers_title)
    return env


def _html(report: str, result: BaseModel) -> str:
    return _env().get_template("delegation.html.j2").render(report=report, r=result)


def powers_html(p: Powers) -> str:
    """A holder's powers as a self-contained HTML page (autoescaped)."""
    return _html("powers", p)


def approvers_html(a: MayApprove) -> str:
    """Who may approve a matter, as a self-contained HTML page (autoescaped)."""
    return _html("approvers", a)


# ---------------------------------------------------------------------------
# The papers: trace working paper and audit evidence pack (HTML, Markdown, Word)
# ---------------------------------------------------------------------------


def _kind_words(kind: str) -> str:
    return KINDS[kind].title if kind in KINDS else words.humanise(kind)


def _verdict_words(v: str) -> str:
    return VERDICT_LABEL.get(v, words.humanise(v))


def _about_words(f: Finding, names: dict[str, str]) -> str:
    """What a finding is about, names for ids where known (decisions and delegations keep their
    ids: those are the references an auditor looks up)."""
    parts = []
    for label, value in (("decision", f.decision), ("delegation", f.delegation), ("body", f.body),
                         ("person", f.person), ("organisation", f.organisation), ("meeting", f.meeting),
                         ("item", getattr(f, "item", None))):
        if value:
            parts.append(f"{label} {names.get(value, value)}")
    if len(f.people) > 1:
        parts.append(f"{len(f.people)} people")
    return ", ".join(parts)


def _findings_blocks(findings: list[Finding], names: dict[str, str], level: int) -> list[paper.Block]:
    P = paper
    out: list[paper.Block] = [P.Heading("Findings", level)]
    if not findings:
        return out + [P.Para("None.")]
    items: list[paper.Inline] = []
    for f in findings:
        about = _about_words(f, names)
        confirm = ", to confirm" if getattr(f, "to_confirm", False) else ""
        items.append([P.S(_kind_words(f.kind), strong=True),
                      f" ({words.humanise(f.severity)}{confirm}{'; ' + about if about else ''}). ",
                      words.in_words(f.explanation), " ", P.S("Basis:", emph=True), f" {f.basis} ",
                      P.S("Evidence:", emph=True), f" {_evidence(f.evidence)}"])
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
    if not link.checks:
        return "passed"
    return [paper.S("FAILED:", strong=True), " " + "; ".join(_kind_words(k) for k in link.checks)]


def _covers(source: paper.Source | None, *, period: str | None, policy: str | None) -> paper.Covers:
    src = source or paper.Source()
    return paper.Covers(dataset=src.dataset, content_hash=src.content_hash, period=period,
                        policy=(f"{policy} ({src.policy_version})" if policy and src.policy_version
                                else policy), tool_version=src.tool_version or paper.tool_version(),
                        command=src.command, extra=list(src.rules))


def _link_cell(link: Link) -> paper.Cell:
    """Who delegated what to whom, then the link's band, conditions, reporting duty, who acted
    under it and what is to confirm (each on its own line, only those recorded)."""
    extras = _link_extras(link)
    if not extras:
        return _link_sentence(link)
    return paper.Lines([_link_sentence(link),
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
        out.append(P.Para("Who may approve this" + (f" ({money(a.value)}" if a.value is not None else " (")
                          + (f", on {words.day(a.on)})" if a.on else ")") + ":"))
        if a.holders:
            out.append(P.Bullets([_approver_line(h) for h in a.holders], numbered=True))
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
        *_decision_extras(d),
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
        blocks.append(P.Para("Read from the decider up to the accountable board"
                             + (f", through {chain.through}" if chain.through else "") + acting + "."))
        if chain.links:
            blocks.append(P.Table(
                ["#", "Who delegated what to whom", "Instrument", "Limit", "In force", "Statutory basis",
                 "Sub-delegation", "Evidence", "Check"],
                [[str(link.step), _link_cell(link), link.instrument or "none stated", money(link.limit),
                  period(link.start, link.end), link.statutory_basis or "none stated",
                  "allowed" if link.sub_delegation_allowed else "not allowed",
                  f"{link.delegation} ({link.src or 'no source recorded'})", _check_words(link)]
                 for link in chain.links],
                row_styles=["alert" if link.checks else "" for link in chain.links]))
        else:
            blocks.append(P.Para(f"No delegation links: {d.by_name} decided"
                                 + (" as the board itself." if chain.complete else ".")))
        if chain.complete:
            end = (f"End: {chain.accountable_board_name} is the accountable board; the chain is complete.")
        else:
            end = (f"End: BROKEN at {names.get(chain.stops_at or '', chain.stops_at)}; no accountable "
                   "board reached.")
        blocks.append(P.Para(end + (f" {chain.note}" if chain.note else "")))
    blocks += _trace_extra_blocks(t)
    blocks.append(P.Para([P.S(f"Verdict: {_verdict_words(t.verdict)}.", strong=True),
                          " " + words.in_words(t.verdict_text)], "verdict"))
    blocks += _findings_blocks(t.findings, names, 2)
    title = f"Working paper: authority for decision {d.id}"
    covers = _covers(source, period=None, policy=None)
    covers.extra.insert(0, ("Decision", f"{d.id}, " + (f"taken on {words.day(d.date)}" if d.date
                                                          else "date not recorded")))
    return P.Paper(title=title, covers=covers, blocks=blocks, kind="trace")


#: What each of coigraph's audit sections covers, in a title's words.
SECTION_WORDS = {"decisions": "decisions under delegated authority", "scheme": "the scheme of delegation",
                 "composition": "ICB board composition", "minutes": "minutes against the screen"}
#: Columns whose cells are a verdict, finding kinds or a result, put into words in the papers.
_VERDICT_COLUMNS = {"verdict"}
_KIND_COLUMNS = {"findings"}


def _and(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def audit_title(r: AuditReport) -> str:
    """What the audit covers, as its title: 'Audit of decisions under delegated authority, ...'."""
    covered = [SECTION_WORDS.get(s.id, s.title[:1].lower() + s.title[1:]) for s in r.sections]
    return "Audit of " + (_and(covered) if covered else "nothing")


def nothing_to_audit(r: AuditReport) -> bool:
    """Nothing in scope: no section checked anything (no decisions, delegations, boards or
    minutes in the period) and nothing was found."""
    return not r.findings and not any(s.rows for s in r.sections)


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
    covers = _covers(source, period=_period_text(r), policy=None)
    covers.extra.insert(0, ("Sections", "; ".join(s.title for s in r.sections) or "none"))
    blocks: list[paper.Block] = []
    if nothing_to_audit(r):
        blocks.append(P.Para([P.S("Nothing to audit.", strong=True),
                              " The data holds no decisions, delegations, ICB boards or minutes in "
                              "this period, so no verdict is given."], "verdict"))
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
        blocks += _findings_blocks(s.findings, r.names, 3)
    return P.Paper(title=audit_title(r), covers=covers, blocks=blocks, kind="audit")


def _paper_renderers(build: Any) -> tuple[Any, Any, Any]:
    def markdown(result: Any, *, source: paper.Source | None = None, **_: Any) -> str:
        return paper.to_markdown(build(result, source))

    def html(result: Any, *, source: paper.Source | None = None, **_: Any) -> str:
        return paper.to_html(build(result, source))

    def docx(result: Any, *, source: paper.Source | None = None, template: str | None = None,
             **_: Any) -> bytes:
        from coigraph.report.word import to_docx

        return to_docx(build(result, source), template=template)

    return markdown, html, docx


trace_markdown, trace_html, trace_docx = _paper_renderers(trace_paper)
audit_markdown, audit_html, audit_docx = _paper_renderers(audit_paper)


# ---------------------------------------------------------------------------
# The registry
# ---------------------------------------------------------------------------

for _type, _renderers in (
    (Trace, (trace_text, to_json, trace_csv, trace_markdown, trace_html, trace_docx)),
    (AuditReport, (audit_text, to_json, audit_csv, audit_markdown, audit_html, audit_docx)),
    (Powers, (powers_text, to_json, powers_csv, powers_markdown, powers_html)),
    (MayApprove, (approvers_text, to_json, approvers_csv, approvers_markdown, approvers_html)),
):
    for _fmt, _fn in zip(("table", "json", "csv", "markdown", "html", "docx"), _renderers, strict=False):
        register(_type, _fmt, _fn)

#: The formats of a trace, an audit, a holder's powers and who may approve (the same five), the
#: default first.
FORMATS = formats(Trace)

__all__ = ["FORMATS", "render_trace", "render_audit", "render_powers", "render_approvers",
           "trace_text", "md"]
