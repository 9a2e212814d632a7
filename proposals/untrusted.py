"""Text from files, uploads and URLs is untrusted: every path to a message or a page goes through here.

`clip` bounds what an error message may echo (a repr of a 1 MB value, or of an alias bomb that
expands to millions of items, must not be built); `md` and `html` escape for Markdown and HTML
wherever such text lands. No streamlit, no geometry: both faces and the map builders use it.
"""
from __future__ import annotations

import html as _html
import re
import reprlib

ECHO_CHARS = 80  # the most of any input an error message repeats

_repr = reprlib.Repr()
_repr.maxlevel = 2
_repr.maxlist = _repr.maxtuple = _repr.maxdict = _repr.maxset = 4
_repr.maxstring = _repr.maxother = ECHO_CHARS
_repr.maxlong = 40


def clip(value: object, limit: int = ECHO_CHARS) -> str:
    """A short repr of any input value: nested containers and long strings are cut, never expanded."""
    text = _repr.repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def clip_text(text: object, limit: int = ECHO_CHARS) -> str:
    """Untrusted text (a name, a file name) cut to `limit` characters, for messages."""
    s = text if isinstance(text, str) else str(text) if isinstance(text, BaseException) else _repr.repr(text)
    return s if len(s) <= limit else s[: limit - 1] + "…"


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:&])")


def md(text: object) -> str:
    """Escape Markdown (and so links, images and HTML) in text from a file; one line."""
    return _MD_SPECIAL.sub(r"\\\1", str(text)).replace("\r", " ").replace("\n", " ")


def html(text: object) -> str:
    """HTML-escape text from a file, quotes included (safe in elements and attribute values), and
    braces as entities: folium re-renders some map text (style functions' property switches) as a
    Jinja template, where a title holding "{{ … }}" would otherwise be run."""
    return _html.escape(str(text), quote=True).replace("{", "&#123;").replace("}", "&#125;")


def html_in_markdown(text: object) -> str:
    """HTML-escaped text for raw HTML written through Markdown (st.markdown with HTML allowed):
    also Markdown's image and link brackets as entities, so `![x](u)` in a title stays text."""
    return html(text).replace("!", "&#33;").replace("[", "&#91;").replace("]", "&#93;")


_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]")


def plain(text: object) -> str:
    """Untrusted text as one plain-text line: control, zero-width and bidi-override characters
    dropped, line breaks and tabs folded to spaces (a title cannot forge a line of the README)."""
    s = _UNSAFE.sub("", str(text).replace("\t", " ").replace("\n", " ").replace("\r", " "))
    return " ".join(s.split())


class UnreadableFile(ValueError):
    """A file named by a user that is not read: not a regular file, too large, or failing to open.
    The message says what is wrong, without the file's name (the caller names it)."""


def read_regular(path, limit: int, kind: str = "file") -> bytes:
    """The bytes of a regular file of at most `limit` bytes, read with that bound.

    Anything else is refused before it is read: a folder, a device (/dev/zero never ends), a named
    pipe (reading one waits for a writer forever) or a link to one. The file is opened without
    blocking and checked again once open, so it cannot be swapped for a pipe in between.
    """
    import os
    import stat
    try:
        st = os.stat(path)
    except OSError as e:
        raise UnreadableFile(e.strerror or "cannot read") from None
    if stat.S_ISDIR(st.st_mode):
        raise UnreadableFile(f"is a folder, not a {kind}")
    if not stat.S_ISREG(st.st_mode):
        raise UnreadableFile("not a regular file")
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as e:
        raise UnreadableFile(e.strerror or "cannot read") from None
    with os.fdopen(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
            raise UnreadableFile("not a regular file")
        try:
            data = f.read(limit + 1)
        except OSError as e:
            raise UnreadableFile(e.strerror or "cannot read") from None
    if len(data) > limit:
        raise UnreadableFile(f"larger than {limit // 2**20} MB" if limit > 2**20 else f"larger than {limit // 1024} KB")
    return data
