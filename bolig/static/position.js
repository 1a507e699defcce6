// "Use my position": the worker standing where the household is drops the pin with the phone's location.
// Without JavaScript or without a position, the worker writes the place and chooses among suggestions.
const button = document.getElementById("use-position");
if (button && "geolocation" in navigator) {
  const status = document.getElementById("position-status");
  button.hidden = false;
  button.addEventListener("click", () => {
    status.textContent = button.dataset.finding;
    navigator.geolocation.getCurrentPosition(
      (position) => {
        const latitude = position.coords.latitude.toFixed(5);
        const longitude = position.coords.longitude.toFixed(5);
        document.getElementById("latitude").value = latitude;
        document.getElementById("longitude").value = longitude;
        const where = document.getElementById("where");
        if (!where.value.trim()) where.value = `${button.dataset.label} (${latitude}, ${longitude})`;
        status.textContent = button.dataset.found;
      },
      () => { status.textContent = button.dataset.failed; },
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 },
    );
  });
}
