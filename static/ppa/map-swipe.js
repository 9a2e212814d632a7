/* Peace Plan Atlas: A and B on one map with a draggable divider (compare view, "Swipe").
 * Python (geo/maps/render.py swipe_map) draws A's layers in pane ppaA and B's in pane ppaB; the divider
 * is leaflet-side-by-side (MIT, static/vendor), which clips a layer's container: here each side's
 * container is its pane. ppaSwipe(map, cfg) wires them; cfg: {panes: [a, b], label, a, b} (plain text). */
(function () {
  if (!window.L || window.ppaSwipe) { return; }

  // A layer whose container is a whole pane: the plugin clips it like a tile layer's container.
  var PaneLayer = L.Layer.extend({
    initialize: function (pane) { this._paneName = pane; },
    onAdd: function (map) { this._el = map.getPane(this._paneName); },
    onRemove: function () {},
    getContainer: function () { return this._el; }
  });

  function tag(map, position, text, cls) {
    var C = L.Control.extend({options: {position: position}, onAdd: function () {
      var d = L.DomUtil.create("div", "ppa-swipe-tag " + cls);
      d.textContent = text;   // plain text: never markup
      return d;
    }});
    return new C().addTo(map);
  }

  window.ppaSwipe = function (map, cfg) {
    if (!L.control || !L.control.sideBySide) {   // the vendored plugin is missing: say so on the map
      tag(map, "topright", cfg.missing || "Swipe unavailable", "ppa-swipe-missing");
      return;
    }
    var a = new PaneLayer(cfg.panes[0]).addTo(map), b = new PaneLayer(cfg.panes[1]).addTo(map);
    var ctl = L.control.sideBySide(a, b, {thumbSize: 44}).addTo(map);
    ctl._range.setAttribute("aria-label", cfg.label);   // the divider is a slider: arrow keys move it
    ctl._range.setAttribute("title", cfg.label);
    tag(map, "bottomleft", "◀ A: " + cfg.a, "ppa-swipe-a");
    tag(map, "bottomright", "B: " + cfg.b + " ▶", "ppa-swipe-b");
    map._ppaSwipe = ctl;
  };
})();
