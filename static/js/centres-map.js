// Draws the registry's centres on a Leaflet map. The page works without it:
// the map stays hidden unless this script runs and Leaflet is loaded.
(function () {
  "use strict";

  function baseMap(element) {
    element.classList.remove("d-none");
    var legend = document.getElementById(element.id + "-legend");
    if (legend) {
      legend.classList.remove("d-none");
    }
    // The controls speak the page's language; their words come from the template.
    var map = L.map(element, { scrollWheelZoom: false, zoomControl: false });
    L.control.zoom({
      zoomInTitle: element.dataset.zoomIn,
      zoomOutTitle: element.dataset.zoomOut,
    }).addTo(map);
    map.attributionControl.setPrefix("Leaflet");
    L.tileLayer(element.dataset.tilesUrl, {
      attribution: element.dataset.tilesAttribution,
      maxZoom: 18,
    }).addTo(map);
    return map;
  }

  // A level's marker differs in shape and size as well as colour, as the legend
  // under the map shows; static/css/portal.css draws them (.marker-shape).
  function marker(latlng, level, name) {
    return L.marker(latlng, {
      icon: L.divIcon({
        className: "centre-marker marker-shape marker-" + level + " level-" + level,
        iconSize: null,
      }),
      title: name || "",
      keyboard: false,
      zIndexOffset: level === "regional" ? 1000 : 0,
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
      .then(function (response) { return response.ok ? response.json() : { features: [] }; })
      .then(function (collection) {
        var layer = L.geoJSON(collection, {
          pointToLayer: function (feature, latlng) {
            return marker(latlng, feature.properties.level, feature.properties.name);
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
  // The edit form's location picker draws on the same base map.
  window.PortalMap = { baseMap: baseMap };
  var registry = document.getElementById("registry-map");
  if (registry) {
    registryMap(registry);
  }
  var centre = document.getElementById("centre-map");
  if (centre) {
    centreMap(centre);
  }
})();
