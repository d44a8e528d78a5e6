// Draws the registry's centres on a Leaflet map. The page works without it:
// the map stays hidden unless this script runs and Leaflet is loaded.
(function () {
  "use strict";

  var LEVEL_COLOURS = { regional: "#b02a37", municipal: "#0b5ed7", partner: "#198754" };

  function baseMap(element) {
    element.classList.remove("d-none");
    var map = L.map(element, { scrollWheelZoom: false });
    L.tileLayer(element.dataset.tilesUrl, {
      attribution: element.dataset.tilesAttribution,
      maxZoom: 18,
    }).addTo(map);
    return map;
  }

  function marker(latlng, level) {
    return L.circleMarker(latlng, {
      radius: level === "regional" ? 9 : 7,
      color: "#fff",
      weight: 2,
      fillColor: LEVEL_COLOURS[level] || "#6c757d",
      fillOpacity: 0.9,
      className: "centre-marker centre-marker-" + level,
    });
  }

  // Popups are built from DOM nodes, never from HTML strings, so a centre's
  // name can't inject markup.
  function popup(properties) {
    var box = document.createElement("div");
    var link = document.createElement("a");
    link.href = properties.url;
    link.textContent = properties.name;
    var level = document.createElement("div");
    level.className = "small text-body-secondary";
    level.textContent = properties.level_display;
    box.appendChild(link);
    box.appendChild(level);
    return box;
  }

  function registryMap(element) {
    var map = baseMap(element);
    map.setView([58, 65], 4);
    fetch(element.dataset.geojsonUrl, { headers: { Accept: "application/geo+json" } })
      .then(function (response) { return response.json(); })
      .then(function (collection) {
        var layer = L.geoJSON(collection, {
          pointToLayer: function (feature, latlng) {
            return marker(latlng, feature.properties.level);
          },
          onEachFeature: function (feature, featureLayer) {
            featureLayer.bindPopup(popup(feature.properties));
          },
        }).addTo(map);
        if (collection.features.length) {
          map.fitBounds(layer.getBounds(), { padding: [20, 20], maxZoom: 10 });
        }
        element.dataset.markers = String(collection.features.length);
      });
  }

  function centreMap(element) {
    var latlng = [parseFloat(element.dataset.latitude), parseFloat(element.dataset.longitude)];
    var map = baseMap(element);
    map.setView(latlng, 9);
    marker(latlng, element.dataset.level).addTo(map);
    element.dataset.markers = "1";
  }

  if (typeof L === "undefined") {
    return;
  }
  var registry = document.getElementById("registry-map");
  if (registry) {
    registryMap(registry);
  }
  var centre = document.getElementById("centre-map");
  if (centre) {
    centreMap(centre);
  }
})();
