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
from typing import Any

from pydantic import BaseModel

from coigraph import words
from coigraph.audit import AuditReport, Section
from coigraph.delegation import (
    Chain,
    Finding,
    Link,
    MayApprove,
    Trace,
)
from coigraph.findings import KINDS as ALL_KINDS
from coigraph.output import console_width, render_table, to_csv
from coigraph.powers import Powers
from coigraph.report import delegation_papers, paper, registry
from coigraph.report.delegation_words import (
    SUB_DELEGATION_WORDS,
    VERDICT_LABEL,
    approve_heading,
    link_failed,
    link_to_confirm,
    money,
    period,
    trace_label,
)
from coigraph.report.delegation_words import approver_line as _approver_line
from coigraph.report.delegation_words import check_words as _check_words
from coigraph.report.delegation_words import decision_extras as _decision_extras
from coigraph.report.delegation_words import evidence as _evidence
from coigraph.report.delegation_words import link_extras as _link_extras
from coigraph.report.delegation_words import link_sentence as _link_sentence
from coigraph.report.delegation_words import period_text as _period_text
from coigraph.report.json_text import to_json
from coigraph.report.markdown import Code, md, md_table
from coigraph.report.registry import formats, register
from coigraph.templates import environment

#: Text lines wrap at the terminal's width, at most this (long lines are hard to read).
WIDTH = 100


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


def _rule(title: str) -> str:
    """The line under a title: as long as the title, never wider than the text or the terminal."""
    return "=" * min(len(title), WIDTH, console_width())


def _num(value: float | None) -> str:
    """A money amount for CSV: '1000000', '1234.5'; blank for none."""
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else str(value)


def _about(f: Finding) -> str:
    """What a finding is about, as references: the decision and the delegation (records with no
    name of their own); people, organisations and meetings are named in its explanation."""
    parts = []
    for label, value in (("decision", f.decision), ("delegation", f.delegation)):
        if value:
            parts.append(f"{label} {value}")
    return ", ".join(parts)


def _severity(f: Finding) -> str:
    text = words.humanise(f.severity)
    return text + (", to confirm" if f.to_confirm else "")


def _title(kind: str) -> str:
    k = ALL_KINDS.get(kind)
    return k.title if k else kind.replace("_", " ")


def _sources(f: Finding, *, links: bool = True) -> str:
    """The finding's citations in one line, with their links (plain text)."""
    out = []
    for c in f.citations:
        out.append(c.words() + (f" <{c.url}>" if links and c.url else ""))
    return "; ".join(out)


def _finding_lines(findings: list[Finding], indent: str = "  ") -> list[str]:
    out: list[str] = []
    for i, f in enumerate(findings, 1):
        about = _about(f)
        out.append(f"{indent}{i}. {_title(f.kind)} [{_severity(f)}] ({f.kind}{'; ' + about if about else ''})")
        out.append(f"{indent}   {f.explanation}")
        out.append(f"{indent}   Basis: {f.basis}")
        if f.citations:
            out.append(f"{indent}   Sources: {_sources(f)}")
        out.append(f"{indent}   Evidence: {_evidence(f.evidence)}")
    return out


def _link_check(link: Link) -> str:
    failed, confirm = link_failed(link), link_to_confirm(link)
    return "; ".join(([f"FAILED: {_check_words(failed)}"] if failed else [])
                     + ([f"to confirm: {_check_words(confirm)}"] if confirm else [])) or "passed"


def _chain_end(chain: Chain) -> str:
    if chain.complete:
        text = (f"End: {chain.accountable_board_name} ({chain.accountable_board}) is the "
                f"accountable board; the chain is complete.")
    elif chain.scheme_not_in_data:  # issue 14: the source is silent, not the scheme broken
        text = f"End: not traced beyond {chain.stops_at}: to confirm against the scheme."
    else:
        text = f"End: the chain breaks at {chain.stops_at}; no accountable board reached."
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
    lines = [title, _rule(title), ""]
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
        who = next((link.to_name for link in chain.links if link.to == chain.through), None)
        through = (f", through {who} ({chain.through})" if who else f", through {chain.through}"
                   ) if chain.through else ""
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
                ("Sub-delegation", SUB_DELEGATION_WORDS[link.sub_delegation_allowed]),
                ("Passes on", link.parent or "-"),
                *_link_extras(link),
                ("Check", _link_check(link)),
            ):
                lines.append(f"       {k + ':':<17} {v}")
        lines.append(f"  {_chain_end(chain)}")
    lines += _trace_extras(t)
    lines += ["", f"Verdict: {trace_label(t)}. {t.verdict_text}"]
    if t.findings:
        lines += ["", f"Findings ({len(t.findings)})"] + _finding_lines(t.findings)
    return _wrap(lines)


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
        out += ["", approve_heading(a.value, a.on.isoformat() if a.on else None)]
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


TRACE_CSV_HEADER = ["decision", "chain", "organisation", "step", "delegation", "delegated_by",
                    "delegate", "matters", "covers", "limit", "start", "end", "statutory_basis",
                    "instrument", "evidence", "checks", "chain_end", "verdict",
                    # added by issue 15 (at the end: earlier columns keep their places)
                    "lower_limit", "acting_as", "to_confirm"]


def trace_rows(t: Trace) -> list[list[Any]]:
    """One row per link of each chain (a board deciding itself: one row, step 0)."""
    rows = []
    for ci, chain in enumerate(t.chains, 1):
        end = (chain.accountable_board if chain.complete else f"not traced beyond {chain.stops_at}: "
               "to confirm" if chain.scheme_not_in_data else f"BROKEN at {chain.stops_at}")
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
        about = _about(f)
        # the sources' links come from coigraph's own citations, never from the data: autolinks
        srcs = "; ".join(md(c.words()) + (f" <{c.url}>" if c.url else "") for c in f.citations)
        out += [f"{i}. **{md(_title(f.kind))}** ({md(_severity(f))}; {md(Code(f.kind))}"
                f"{'; ' + md(about) if about else ''}): {md(f.explanation)} "
                f"*Basis:* {md(f.basis)}" + (f" *Sources:* {srcs}" if srcs else "")
                + f" *Evidence:* {md(_evidence(f.evidence))}"]
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
                      "organisation", "meeting", "explanation", "basis", "evidence", "people", "item",
                      "procurement"]


def audit_text(r: AuditReport) -> str:
    title = f"Audit of delegated authority: {r.dataset}"
    head = [title, _rule(title), f"Period: {_period_text(r)}",
            f"Verdict: {VERDICT_LABEL.get(r.verdict, r.verdict)}",
            "Findings by severity: " + ", ".join(f"{words.humanise(k)} {v}" for k, v in r.counts.items()), ""]
    out = _wrap(head)
    for s in r.sections:
        out += "\n" + _wrap([s.title, "-" * len(s.title), s.summary])
        if s.rows:
            out += render_table(None, s.columns, s.rows)
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
                         ";".join(f.people), getattr(f, "item", None), f.procurement])
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
             {True: "yes", False: "no", None: "not stated"}[x.may_sub_delegate], x.accountable_board or "",
             " <- ".join(s.delegation for s in x.chain), "yes" if x.valid else "no",
             ";".join(sorted({f.kind for f in x.findings})), x.note] for x in p.powers]


def powers_text(p: Powers) -> str:
    title = f"Powers of {p.holder_name} ({p.holder})"
    lines = [title, _rule(title)]
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
        out += render_table(
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
    lines = [title, _rule(title)]
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
    env.filters["words"] = words.humanise
    env.globals.update(period=period, verdict_label=lambda v: VERDICT_LABEL.get(v, v),
                       kind_title=_title, about=_about, severity_words=_severity,
                       check_words=_link_check, link_extras=_link_extras,
                       decision_extras=_decision_extras, trace_extras=_trace_extras,
                       approver_line=_approver_line, approvers_title=_approvers_title)
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
# The papers: trace working paper and audit evidence pack (HTML, Markdown, Word), built in
# coigraph.report.delegation_papers
# ---------------------------------------------------------------------------


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


trace_markdown, trace_html, trace_docx = _paper_renderers(delegation_papers.trace_paper)
audit_markdown, audit_html, audit_docx = _paper_renderers(delegation_papers.audit_paper)


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

__all__ = ["FORMATS", "render_trace", "render_audit", "render_powers", "render_approvers", "trace_text", "md"]
