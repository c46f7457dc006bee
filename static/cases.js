// "Use my location" on the report form: fills in the place by reloading the page with the
// device's coordinates, so the open reports nearby come first. Without JavaScript (or without
// permission) the address field is enough.
'use strict';

(function () {
  const button = document.getElementById('use-location');
  if (!button || !('geolocation' in navigator)) return;
  const help = document.getElementById('location-help');
  const status = document.getElementById('location-status');
  button.hidden = false;
  if (help) help.hidden = false;
  button.addEventListener('click', function () {
    button.disabled = true;
    navigator.geolocation.getCurrentPosition(
      function (position) {
        const url = new URL(window.location.href);
        url.searchParams.set('lat', position.coords.latitude.toFixed(5));
        url.searchParams.set('lon', position.coords.longitude.toFixed(5));
        url.hash = 'open-reports';
        window.location.assign(url.toString());
      },
      function () {
        button.disabled = false;
        if (status) status.textContent = button.dataset.failed || '';
      },
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 }
    );
  });
})();
