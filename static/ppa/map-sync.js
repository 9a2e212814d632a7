/* Peace Plan Atlas: keep two Leaflet maps on the same view.
 * folium's DualMap calls a.sync(b) and b.sync(a); this provides that method without a plugin. */
(function () {
  if (!window.L || L.Map.prototype.sync) { return; }
  L.Map.prototype.sync = function (other) {
    var self = this;
    self._ppaSynced = self._ppaSynced || [];
    self._ppaSynced.push(other);
    self.on("move zoomend", function () {
      if (self._ppaMoving) { return; }
      self._ppaSynced.forEach(function (map) {
        map._ppaMoving = true;
        map.setView(self.getCenter(), self.getZoom(), {animate: false, reset: false});
        map._ppaMoving = false;
      });
    });
    return self;
  };
})();
