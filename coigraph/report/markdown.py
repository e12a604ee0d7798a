"""Markdown escaping and tables, shared by every Markdown renderer.

Register text is untrusted: a name may hold '|' (which would split a table
row), '[x](http://..)' (a link), '<img ...>' (raw HTML, which many Markdown
viewers render) or a leading '-' or '=' (a list item or heading underline).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any


class Code(str):
    """A code (a rule id, a finding kind, a record id) shown as code, not as prose: Markdown
    writes it in backticks when it is made only of letters, digits and ``._-``."""


_SAFE_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._\-]*$")


def md(text: Any) -> str:
    """Escape text for a Markdown table cell or paragraph: no markup, no HTML, one line.
    A :class:`Code` is written in backticks."""
    if text is None:
        return ""
    if isinstance(text, Code) and _SAFE_CODE.match(text):
        return f"`{text}`"
    s = " ".join(str(text).split())
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    for ch in "\\`*_[]#+|~!":
        s = s.replace(ch, "\\" + ch)
    return "\\" + s if s[:1] in ("-", "=") else s


def md_table(header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> str:
    """A Markdown table, every cell escaped with :func:`md`; ends with a newline (a blank line
    follows when the paper's lines are joined)."""
    lines = ["| " + " | ".join(md(h) for h in header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(md(c) for c in r) + " |" for r in rows]
    return "\n".join(lines) + "\n"


__all__ = ["Code", "md", "md_table"]
