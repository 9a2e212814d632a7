"""Page elements that carry data, never template source.

branca's `Element(text)` compiles `text` as a Jinja template, and `MacroElement.render` wraps
each macro's output in such an `Element`, so whatever a macro printed is rendered a second time
as a template when the page is written. A title holding `{{ 6*7 }}` inside a map's JSON then ran
as template code on the server (issue 17). Here nothing is rendered twice:

- `Verbatim(text)`: text put into the page as it is (a script, a style, a legend we built);
- `DataElement`: a `MacroElement` whose macros' output is added as `Verbatim`, so data placed in
  a macro (`{{ this.cfg }}`) is printed once, as data.

Every element of ours that carries text from a proposal, an upload or a link derives from
`DataElement` or is a `Verbatim` (tests/test_injection.py checks the source and the output).
"""
from __future__ import annotations

import folium
from branca.element import Element, Figure, MacroElement
from folium.elements import ElementAddToElement
from jinja2 import Template

_AS_IS = Template("{{ this.text }}")  # autoescape off: the text is already the markup we want


class Verbatim(Element):
    """Markup or script put into the page verbatim: read as data, not as a template."""

    _template = _AS_IS

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "Verbatim"
        self.text = str(text)


def _render_once(element: MacroElement, **kwargs) -> None:
    """branca's MacroElement.render, with each macro's output added as `Verbatim`."""
    figure = element.get_root()
    if not isinstance(figure, Figure):
        raise TypeError(f"{type(element).__name__} can only be rendered inside a Figure")
    macros = element._template.module.__dict__
    for part in ("header", "html", "script"):
        macro = macros.get(part)
        if macro is not None:
            getattr(figure, part).add_child(Verbatim(str(macro(element, kwargs))), name=element.get_name())
    for child in element._children.values():
        child.render(**kwargs)


class DataElement(MacroElement):
    """A MacroElement whose header, html and script macros are rendered once: their output goes into
    the page as `Verbatim`, where branca would wrap it in a template `Element` and render it again."""

    def render(self, **kwargs) -> None:
        _render_once(self, **kwargs)


class Group(folium.FeatureGroup):
    """folium's FeatureGroup rendered once: its name (which may hold a front line's file name) is
    printed into the layer control's script as data."""

    def render(self, **kwargs) -> None:
        if self.show:  # folium's Layer.render: add the group to its parent
            self.add_child(ElementAddToElement(element_name=self.get_name(),
                                               element_parent_name=self._parent.get_name()),
                           name=self.get_name() + "_add")
        _render_once(self, **kwargs)


class LayerControl(folium.LayerControl):
    """folium's LayerControl rendered once: the layer names it lists are data, not template source."""

    def render(self, **kwargs) -> None:
        self.reset()
        for item in self._parent._children.values():
            if isinstance(item, folium.map.Layer) and item.control:
                (self.overlays if item.overlay else self.base_layers)[item.layer_name] = item.get_name()
        _render_once(self, **kwargs)
