"""Safe text for Streamlit: proposal files are untrusted, so nothing from them is read as markup."""
from __future__ import annotations

import re
from urllib.parse import quote

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:])")


def md(text: object) -> str:
    """Escape Markdown (and so links, images and HTML) in text from a file."""
    return _MD_SPECIAL.sub(r"\\\1", str(text)).replace("\n", " ")


def md_link(label: object, url: str) -> str:
    """A Markdown link whose label is escaped and whose URL cannot break out of the parentheses."""
    if not re.match(r"^https?://", url):
        return md(label)
    return f"[{md(label)}]({quote(url, safe=':/?&=#%~+,;@')})"
