"""Markdown escaping shared by every Markdown renderer.

Register text is untrusted: a name may hold '|' (which would split a table
row), '[x](http://..)' (a link), '<img ...>' (raw HTML, which many Markdown
viewers render) or a leading '-' or '=' (a list item or heading underline).
"""

from __future__ import annotations

from typing import Any


def md(text: Any) -> str:
    """Escape text for a Markdown table cell or paragraph: no markup, no HTML, one line."""
    if text is None:
        return ""
    s = " ".join(str(text).split())
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    for ch in "\\`*_[]#+|~!":
        s = s.replace(ch, "\\" + ch)
    return "\\" + s if s[:1] in ("-", "=") else s
