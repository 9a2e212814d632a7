/* Peace Plan Atlas: what every map needs beyond Leaflet, with no plugin and no request.
 * - tooltips wrap and are kept inside the map (a tap opens them too: Leaflet binds click);
 * - city and oblast labels are decluttered by priority at every zoom;
 * - "All of Ukraine" / "Back to the story" buttons and a small locator of all Ukraine;
 * - a per-proposal story: fit to where it changes something, a headline callout and a caption.
 * - compact geometry (geo/encode.py): quantised, delta-encoded paths and shared arcs, decoded here;
 * - the constant base (geo/basemap.py: ppaBaseData, a static script cached by the browser);
 * - zones with recognition patterns and the demilitarised hatch as SVG <pattern> fills.
 * Python (geo/mapview.py) calls ppaInit(map, cfg) once per map and ppaStory(map, cfg) per proposal. */
(function () {
  if (!window.L || window.ppaInit) { return; }
  var MARGIN = 6;

  // ---------- tooltips stay inside the map ----------
  var setPos = L.Tooltip.prototype._setPosition;
  L.Tooltip.prototype._setPosition = function (pos) {
    setPos.call(this, pos);
    var map = this._map, el = this._container;
    if (!map || !el) { return; }
    var size = map.getSize(), at = L.DomUtil.getPosition(el);
    var cp = at.add(map._getMapPanePos());
    var w = el.offsetWidth, h = el.offsetHeight, dx = 0, dy = 0;
    if (cp.x + w > size.x - MARGIN) { dx = size.x - MARGIN - (cp.x + w); }
    if (cp.x + dx < MARGIN) { dx = MARGIN - cp.x; }
    if (cp.y + h > size.y - MARGIN) { dy = size.y - MARGIN - (cp.y + h); }
    if (cp.y + dy < MARGIN) { dy = MARGIN - cp.y; }
    if (dx || dy) { L.DomUtil.setPosition(el, at.add([dx, dy])); }
  };

  // ---------- labels that do not pile up ----------
  function declutter(map) {
    var labels = [];
    map.eachLayer(function (l) {
      if (l.options && l.options.ppaLabel && l._icon) { labels.push(l); }
    });
    labels.sort(function (a, b) {
      return (a.options.ppaPriority - b.options.ppaPriority) || (b.options.ppaWeight - a.options.ppaWeight);
    });
    var kept = [], size = map.getSize();
    labels.forEach(function (l) {
      var p = map.latLngToContainerPoint(l.getLatLng());
      var w = l.options.ppaWidth, h = 14, dx = l.options.ppaDx || 0;
      var box = {x0: p.x + dx - (dx ? 0 : w / 2) - 2, x1: p.x + dx + (dx ? w : w / 2) + 2, y0: p.y - h / 2 - 2, y1: p.y + h / 2 + 2};
      var minZoom = l.options.ppaMinZoom || 0;
      // the swipe map's two sides (panes ppaA, ppaB) never show at one place: their labels do not collide
      box.pane = l.options.pane;
      var apart = function (k) { return /^ppa[AB]$/.test(k.pane) && /^ppa[AB]$/.test(box.pane) && k.pane !== box.pane; };
      var show = map.getZoom() >= minZoom && box.x0 >= 0 && box.x1 <= size.x && box.y0 >= 0 && box.y1 <= size.y &&
        !kept.some(function (k) { return !apart(k) && box.x0 < k.x1 && k.x0 < box.x1 && box.y0 < k.y1 && k.y0 < box.y1; });
      l._icon.style.display = show ? "" : "none";
      if (show) { kept.push(box); }
    });
  }
  window.ppaDeclutter = declutter;

  // ---------- controls ----------
  // Button and locator words come from Python in the map's language (cfg.text); English if absent.
  var EN = {all: "All of Ukraine", all_tip: "Show all of Ukraine", story: "Back to the story",
            story_tip: "Back to where this proposal changes something", locator: "Where this view is in Ukraine",
            locator_label: "Locator: all of Ukraine"};
  function words(map) { return L.extend({}, EN, (map._ppa && map._ppa.text) || {}); }

  function button(bar, text, title, onClick) {
    var a = L.DomUtil.create("a", "ppa-btn", bar);
    a.href = "#"; a.setAttribute("role", "button"); a.title = title; a.textContent = text;
    L.DomEvent.on(a, "click", function (e) { L.DomEvent.preventDefault(e); L.DomEvent.stopPropagation(e); onClick(); });
    return a;
  }

  var ViewControl = L.Control.extend({
    options: {position: "topleft"},
    onAdd: function (map) {
      var bar = L.DomUtil.create("div", "leaflet-bar ppa-view"), w = words(map);
      button(bar, w.all, w.all_tip, function () { map.fitBounds(map._ppa.ukraine); });
      map._ppaStoryBtn = button(bar, w.story, w.story_tip,
        function () { if (map._ppaStoryBounds) { map.fitBounds(map._ppaStoryBounds, {padding: [8, 8]}); } });
      map._ppaStoryBtn.style.display = "none";
      L.DomEvent.disableClickPropagation(bar);
      return bar;
    }
  });

  var Locator = L.Control.extend({
    options: {position: "bottomright"},
    onAdd: function (map) {
      var cfg = map._ppa, box = cfg.locator, outline = (window.ppaBaseData || {}).outline || [];   // box: [west, south, east, north] of the drawing
      var W = 96, k = W / (box[2] - box[0]), H = Math.round((box[3] - box[1]) * k / Math.cos(Math.PI * 48.5 / 180) * 0.66);
      var sy = H / (box[3] - box[1]);
      function xy(lon, lat) { return [((lon - box[0]) * k).toFixed(1), ((box[3] - lat) * sy).toFixed(1)]; }
      var d = outline.map(function (ring) {
        return "M" + ring.map(function (p) { return xy(p[0], p[1]).join(","); }).join("L") + "Z";
      }).join("");
      var div = L.DomUtil.create("div", "ppa-locator");
      div.title = words(map).locator;
      div.innerHTML = '<svg width="' + W + '" height="' + H + '" viewBox="0 0 ' + W + " " + H +
        '"><path d="' + d + '" fill="#dfe3e8" stroke="#7b8794" stroke-width=".7"/>' +
        '<rect fill="none" stroke="#c0392b" stroke-width="1.5"/></svg>';
      div.querySelector("svg").setAttribute("aria-label", words(map).locator_label);  // text, not markup
      var rect = div.querySelector("rect");
      function update() {
        var b = map.getBounds();
        var a = xy(Math.max(b.getWest(), box[0]), Math.min(b.getNorth(), box[3]));
        var c = xy(Math.min(b.getEast(), box[2]), Math.max(b.getSouth(), box[1]));
        var whole = b.contains(L.latLngBounds([[box[1], box[0]], [box[3], box[2]]]));
        div.style.visibility = whole ? "hidden" : "visible";  // nothing to locate at country zoom
        rect.setAttribute("x", a[0]); rect.setAttribute("y", a[1]);
        rect.setAttribute("width", Math.max(2, c[0] - a[0])); rect.setAttribute("height", Math.max(2, c[1] - a[1]));
      }
      map.on("moveend zoomend resize", update);
      setTimeout(update, 0);
      L.DomEvent.disableClickPropagation(div);
      return div;
    }
  });

  function panel(position, className) {
    var C = L.Control.extend({options: {position: position}, onAdd: function () {
      var d = L.DomUtil.create("div", className);
      L.DomEvent.disableClickPropagation(d);
      return d;
    }});
    return new C();
  }

  // ---------- compact geometry (geo/encode.py) ----------
  var SYMBOLS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", CODE = {};
  for (var i = 0; i < SYMBOLS.length; i++) { CODE[SYMBOLS.charCodeAt(i)] = i; }

  // A path string to [[lat, lon], ...]: zig-zag varints of deltas, x and y interleaved, `scale` per degree.
  function path(text, scale) {
    var out = [], z = 0, shift = 0, vals = [], x = 0, y = 0;
    for (var i = 0; i < text.length; i++) {
      var c = CODE[text.charCodeAt(i)];
      z += (c & 31) * Math.pow(2, shift);
      if (c & 32) { shift += 5; continue; }
      vals.push(z % 2 ? -(z + 1) / 2 : z / 2);
      z = 0; shift = 0;
      if (vals.length === 2) { x += vals[0]; y += vals[1]; out.push([y / scale, x / scale]); vals = []; }
    }
    return out;
  }
  window.ppaPath = path;

  // A shape of arc references (~i: arc i backwards) to Leaflet's nested polygon lat/lngs.
  function shape(arcs, polys) {
    return polys.map(function (rings) {
      return rings.map(function (ring) {
        var pts = [];
        ring.forEach(function (r) {
          var arc = r >= 0 ? arcs[r] : arcs[~r].slice().reverse();
          pts = pts.length ? pts.concat(arc.slice(1)) : arc.slice();
        });
        return pts;
      });
    });
  }

  // ---------- patterns: lines drawn by the browser, not shipped as geometry ----------
  // spec: {angles: [deg, ...] (0 = along parallels, 90 = along meridians; 0 and 90 combine), color, dash, tile}
  function definePattern(svg, id, spec) {
    if (!svg || document.getElementById(id)) { return; }
    var NS = "http://www.w3.org/2000/svg", t = spec.tile, a0 = spec.angles[0];
    var defs = svg.querySelector("defs") || svg.insertBefore(document.createElementNS(NS, "defs"), svg.firstChild);
    var pat = document.createElementNS(NS, "pattern");
    pat.setAttribute("id", id);
    pat.setAttribute("patternUnits", "userSpaceOnUse");
    pat.setAttribute("width", t); pat.setAttribute("height", t);
    if (a0) { pat.setAttribute("patternTransform", "rotate(" + (-a0) + ")"); }
    spec.angles.forEach(function (a) {
      var across = Math.abs((a - a0) % 180) === 90, line = document.createElementNS(NS, "line");
      line.setAttribute("x1", across ? t / 2 : 0); line.setAttribute("x2", across ? t / 2 : t);
      line.setAttribute("y1", across ? 0 : t / 2); line.setAttribute("y2", across ? t : t / 2);
      line.setAttribute("stroke", spec.color); line.setAttribute("stroke-width", spec.width);
      line.setAttribute("stroke-opacity", spec.opacity);
      if (spec.dash) { line.setAttribute("stroke-dasharray", spec.dash); }
      pat.appendChild(line);
    });
    defs.appendChild(pat);
  }

  // Zones (or pieces of a comparison) from compact data into a layer group: fill by status, tooltip,
  // highlight, and one non-interactive overlay per pattern (class ppa-pattern, fill url(#ppa-pat-KEY)).
  // The pane a group's layers are drawn in (the swipe map's two sides: geo/maps/render.py swipe_map).
  function paneOf(group) { return (group && group.options && group.options.ppaPane) || undefined; }
  function inPane(group, o) { var pane = paneOf(group); if (pane) { o.pane = pane; } return o; }

  window.ppaZones = function (group, data, opts) {
    var arcs = data.arcs.map(function (a) { return path(a, data.scale); });
    // one tooltip for all the zones (as folium's GeoJson has), reused from zone to zone
    var zones = L.featureGroup().addTo(group);
    zones.bindTooltip(function (layer) { return layer.options.ppaTip; }, {sticky: true});
    data.features.forEach(function (f) {
      var p = f.properties, latlngs = shape(arcs, f.shape), style = {};
      Object.keys(opts.style).forEach(function (k) { style[k] = opts.style[k]; });
      (opts.byKind && opts.byKind[p.kind]) && Object.keys(opts.byKind[p.kind]).forEach(function (k) { style[k] = opts.byKind[p.kind][k]; });
      style.fillColor = p.fill; style.color = p.stroke || p.fill; style.ppaTip = p.tip;
      var poly = L.polygon(latlngs, inPane(group, style));
      poly.on("mouseover", function () { poly.setStyle(opts.highlight); });
      poly.on("mouseout", function () { poly.setStyle({weight: style.weight, color: style.color}); });
      poly.addTo(zones);
      (p.patterns || []).forEach(function (key) {
        var spec = data.patterns[key], id = "ppa-pat-" + key;
        var over = L.polygon(latlngs, inPane(group, {interactive: false, stroke: false, fillColor: "url(#" + id + ")",
          fillOpacity: 1, className: "ppa-pattern ppa-pattern-" + key}));
        over.on("add", function () { definePattern(over._path && over._path.ownerSVGElement, id, spec); });
        over.addTo(group);
      });
    });
  };

  // Lines (or polygons) from path strings: the line of contact, contested discs.
  window.ppaLines = function (group, paths, scale, style, tip) {
    style = inPane(group, L.extend({}, style));
    var layer = style.fill === false ? L.polyline(paths.map(function (s) { return path(s, scale); }), style)
      : L.polygon(paths.map(function (rings) { return rings.map(function (s) { return path(s, scale); }); }), style);
    if (tip) { layer.bindTooltip(tip, {sticky: true}); }
    layer.addTo(group);
  };

  // Labels with a priority (geo/mapview.py LabelLayer): declutter() shows those that fit.
  window.ppaLabels = function (group, points) {
    points.forEach(function (p) {
      L.marker([p.lat, p.lon], inPane(group, {interactive: false, keyboard: false, ppaLabel: true,
        ppaPriority: p.priority, ppaWeight: p.weight, ppaWidth: p.width, ppaMinZoom: p.min_zoom, ppaDx: p.dx,
        icon: L.divIcon({className: "ppa-label " + p.cls, iconSize: [0, 0], html: "<span>" + p.text + "</span>"})}))
        .addTo(group);
    });
  };

  // The constant base from ppaBaseData (geo/basemap.py): neighbours under everything, water above the
  // zones in its own pane, white oblast borders, names of oblasts, seas and neighbours.
  window.ppaBase = function (map, lang) {
    var b = window.ppaBaseData;
    if (!b) { return; }
    // names in the map's language where the base carries them (geo/basemap.py `labels`), else English
    var names = (lang && b.labels && b.labels[lang]) || {context: b.context_labels, oblast: b.oblast_labels};
    var s = b.styles;
    function opts(style, extra) { var o = {interactive: false}; [style, extra].forEach(function (x) { Object.keys(x).forEach(function (k) { o[k] = x[k]; }); }); return o; }
    b.neighbours.forEach(function (rings) {
      L.polygon(rings.map(function (r) { return path(r, b.neighbours_scale); }), opts(s.neighbours, {pane: "tilePane"})).addTo(map);
    });
    b.lakes.forEach(function (rings) {
      L.polygon(rings.map(function (r) { return path(r, b.context_scale); }), opts(s.lakes, {pane: "ppaWater"})).addTo(map);
    });
    L.polyline(b.rivers.map(function (r) { return path(r, b.context_scale); }), opts(s.rivers, {pane: "ppaWater"})).addTo(map);
    window.ppaLabels(map, names.context);
    L.polyline(b.borders.map(function (r) { return path(r, b.borders_scale); }), opts(s.borders, {})).addTo(map);
    window.ppaLabels(map, names.oblast);
  };

  window.ppaInit = function (map, cfg) {
    map._ppa = cfg;
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution(cfg.credits);
    new ViewControl().addTo(map);
    if (cfg.locator) { new Locator().addTo(map); }
    map.on("zoomend moveend resize", function () { declutter(map); });
    setTimeout(function () { declutter(map); }, 0);
  };

  // One proposal (or comparison) on this map: fit, callout, caption. Replaces the previous one.
  window.ppaStory = function (map, cfg) {
    if (!map._ppa) { return; }
    ["_ppaCallout", "_ppaCaption"].forEach(function (k) { if (map[k]) { map.removeControl(map[k]); map[k] = null; } });
    if (cfg.callout) {
      map._ppaCallout = panel("topright", "ppa-callout").addTo(map);
      map._ppaCallout.getContainer().innerHTML = cfg.callout;   // built and escaped in Python
    }
    if (cfg.caption) {
      map._ppaCaption = panel("bottomleft", "ppa-caption").addTo(map);
      map._ppaCaption.getContainer().innerHTML = cfg.caption;   // built and escaped in Python
    }
    map._ppaStoryBounds = cfg.bounds ? L.latLngBounds(cfg.bounds) : null;
    if (map._ppaStoryBtn) { map._ppaStoryBtn.style.display = map._ppaStoryBounds ? "" : "none"; }
    var tries = 0, bounds = map._ppaStoryBounds;
    function fit() {  // the frame may still be laid out: wait until the map has a real size
      map.invalidateSize();
      var size = map.getSize();
      if ((size.x < 120 || size.y < 120) && tries++ < 60) { setTimeout(fit, 100); return; }
      if (map._animatingZoom && tries++ < 60) { setTimeout(fit, 100); return; }  // its end would undo the fit
      if (bounds && cfg.fit !== false && map._ppaStoryBounds === bounds) {
        map.fitBounds(bounds, {padding: [8, 8], reset: true});
      }
      declutter(map);
    }
    setTimeout(fit, 30);
  };
})();
