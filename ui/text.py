"""Safe text for Streamlit: proposal files, uploads and URLs are untrusted, so nothing from them
is read as markup. The escaping itself lives in proposals.untrusted (shared with the map builders)."""
from __future__ import annotations

import re
from urllib.parse import quote

from proposals.untrusted import clip_text, md

__all__ = ["clip_text", "md", "md_link"]


def md_link(label: object, url: str) -> str:
    """A Markdown link whose label is escaped and whose URL cannot break out of the parentheses."""
    if not re.match(r"^https?://", url):
        return md(label)
    return f"[{md(label)}]({quote(url, safe=':/?&=#%~+,;@')})"
