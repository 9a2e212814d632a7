"""What Streamlit's page needs to be read without a mouse, without colour and by a screen reader.

Checked by axe-core in tests/test_browser_a11y.py. Once per run, `page_setup(lang)` adds:
- the page's language on <html> (Streamlit writes lang="en" whatever the reader chose);
- captions dark enough to read (Streamlit fades captions with opacity .6: 2.9-3.8:1 on white, where
  WCAG AA asks 4.5:1; ours are opaque at 7.3:1);
- a visible focus ring on every button, link, tab and the swipe's divider reached by the keyboard;
- each map's iframe titled and described by the sentence under it (`describe_map`), and the scrolling
  code blocks (the builder's links and YAML) reachable by Tab, as axe asks of scrollable regions.
The script runs in the page (st.html with JavaScript) and re-applies itself as Streamlit redraws.
"""
from __future__ import annotations

import json

import streamlit as st

from proposals import untrusted

CAPTION_COLOUR = "#56554f"   # 7.3:1 on white, 6.9:1 on the sidebar's #f8f8f7
FOCUS_COLOUR = "#1a5fb4"     # 6.5:1 on white: the ring itself must stand out (WCAG 2.2 focus appearance)

CSS = f"""<style>
[data-testid="stCaptionContainer"] {{ opacity: 1 !important; }}
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] * {{ color: {CAPTION_COLOUR} !important; }}
.ppa-map-summary {{ font-size: .92rem; color: #31333f; margin: .1rem 0 .6rem; }}
button:focus-visible, a:focus-visible, [role="tab"]:focus-visible, [role="radio"]:focus-visible,
summary:focus-visible, input:focus-visible, pre[tabindex]:focus-visible, iframe:focus-visible {{
  outline: 3px solid {FOCUS_COLOUR} !important; outline-offset: 2px !important; }}
</style>"""

SCRIPT = """<script>
(function () {
  var lang = %(lang)s;
  function apply() {
    var doc = document;
    if (doc.documentElement.lang !== lang) { doc.documentElement.lang = lang; }
    doc.querySelectorAll('[data-testid="stCode"] pre, .stCode pre').forEach(function (pre) {
      if (!pre.hasAttribute("tabindex")) { pre.setAttribute("tabindex", "0"); }
    });
    // a map's sentence follows its frame (describe_map): the frame is titled and described by it
    doc.querySelectorAll(".ppa-map-summary").forEach(function (p) {
      var box = p.closest('[data-testid="stElementContainer"], .element-container');
      var prev = box && box.previousElementSibling, frame = prev && prev.querySelector("iframe");
      if (!frame) { return; }
      var title = p.getAttribute("data-map-title");
      if (title && frame.title !== title) { frame.title = title; }
      if (frame.getAttribute("aria-describedby") !== p.id) { frame.setAttribute("aria-describedby", p.id); }
    });
    doc.querySelectorAll("iframe:not([title])").forEach(function (f) { f.title = %(frame)s; });
  }
  apply();
  if (!window.ppaA11y) {
    window.ppaA11y = new MutationObserver(function () { window.clearTimeout(window.ppaA11yT);
      window.ppaA11yT = window.setTimeout(function () { (window.ppaA11yApply || apply)(); }, 50); });
    window.ppaA11y.observe(document.body, {childList: true, subtree: true});
  }
  window.ppaA11yApply = apply;
})();
</script>"""


def describe_map(key: str, title: str, summary: str) -> None:
    """The map's text alternative: a sentence under it (id ppa-desc-KEY) that its iframe names with
    aria-describedby, and a title for the iframe; the numbers are in the tables of the same view."""
    esc = untrusted.html_in_markdown
    st.markdown(f'<p class="ppa-map-summary" id="ppa-desc-{esc(key)}" data-map-title="{esc(title)}">{esc(summary)}</p>',
                unsafe_allow_html=True)


def page_setup(lang: str, frame_title: str) -> None:
    """Styles and the page script (once per run; the script keeps watching as Streamlit redraws)."""
    st.html(CSS + SCRIPT % {"lang": json.dumps(lang), "frame": json.dumps(frame_title).replace("</", "<\\/")},
            unsafe_allow_javascript=True)
