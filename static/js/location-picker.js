// Lets an editor set a centre's latitude and longitude by clicking a map.
// The two number fields stay the source of truth: typing in them moves the
// marker, clicking the map fills them. Without Leaflet the fields work alone.
// Needs centres-map.js (the shared base map) loaded first.
(function () {
  "use strict";

  var box = document.getElementById("location-picker-box");
  var element = document.getElementById("location-picker");
  var latitude = document.getElementById("id_latitude");
  var longitude = document.getElementById("id_longitude");
  if (!window.PortalMap || !box || !element || !latitude || !longitude) {
    return;
  }

  function typedPoint() {
    var lat = parseFloat(latitude.value.replace(",", "."));
    var lng = parseFloat(longitude.value.replace(",", "."));
    if (isNaN(lat) || isNaN(lng) || Math.abs(lat) > 90 || Math.abs(lng) > 180) {
      return null;
    }
    return L.latLng(lat, lng);
  }

  box.classList.remove("d-none");
  var map = window.PortalMap.baseMap(element);

  var marker = null;
  function place(point) {
    if (marker) {
      marker.setLatLng(point);
    } else {
      marker = L.circleMarker(point, {
        radius: 8, color: "#fff", weight: 2, fillColor: "#0b5ed7", fillOpacity: 0.9,
        className: "location-marker",
      }).addTo(map);
    }
  }

  var start = typedPoint();
  if (start) {
    map.setView(start, 11);
    place(start);
  } else {
    map.setView([58, 65], 4);
  }

  map.on("click", function (event) {
    var point = event.latlng.wrap();
    latitude.value = point.lat.toFixed(5);
    longitude.value = point.lng.toFixed(5);
    place(point);
    [latitude, longitude].forEach(function (field) {
      field.dispatchEvent(new Event("change", { bubbles: true }));
    });
  });

  [latitude, longitude].forEach(function (field) {
    field.addEventListener("input", function () {
      var point = typedPoint();
      if (point) {
        place(point);
        map.panTo(point);
      }
    });
  });
})();
