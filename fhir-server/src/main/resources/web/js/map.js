/**
 * The results map (Leaflet, loaded by the page as a classic script). Each result is a numbered marker that can be
 * reached by keyboard; selecting a marker selects its result in the list and the other way round. Without tiles
 * (none configured reachable) the markers still show on a plain background.
 */

const L = globalThis.L;

export class ResultsMap {
  /**
   * @param element the map container
   * @param tileUrl the tile URL template
   * @param onSelect (id) => void, called when a marker is chosen
   */
  constructor(element, tileUrl, onSelect) {
    this.onSelect = onSelect;
    this.markers = new Map();
    this.map = L.map(element, { scrollWheelZoom: false, zoomSnap: 0.5 });
    L.tileLayer(tileUrl, {
      maxZoom: 19,
      attribution: '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
    }).addTo(this.map);
    this.map.setView([51.5074, -0.1278], 11);
    this.layer = L.layerGroup().addTo(this.map);
    this.centre = null;
  }

  /** Shows these results: [{id, number, name, lat, lng}], and the search point when known. */
  show(results, point) {
    this.layer.clearLayers();
    this.markers.clear();
    this.centre = null;
    const bounds = [];
    if (point) {
      this.centre = L.circleMarker([point.lat, point.lng], {
        radius: 7,
        className: 'search-point',
        interactive: false,
      }).addTo(this.layer);
      bounds.push([point.lat, point.lng]);
    }
    this.add(results, bounds);
    this.fit(bounds);
  }

  /** Adds results to those shown (the next page). */
  append(results) {
    const bounds = [...this.markers.values()].map((m) => m.getLatLng());
    this.add(results, bounds);
    this.fit(bounds);
  }

  add(results, bounds) {
    for (const r of results) {
      if (r.lat === undefined || r.lat === null) {
        continue;
      }
      const marker = L.marker([r.lat, r.lng], {
        icon: L.divIcon({ className: 'result-marker', html: `<span>${r.number}</span>`, iconSize: [30, 30] }),
        title: `${r.number}. ${r.name}`,
        alt: `${r.number}. ${r.name}`,
        riseOnHover: true,
        keyboard: true,
      });
      marker.on('click', () => this.onSelect(r.id));
      // A focused marker is a button (Leaflet gives it the role): Enter and Space choose it.
      marker.on('keypress', (e) => {
        if (e.originalEvent.key === 'Enter' || e.originalEvent.key === ' ') {
          e.originalEvent.preventDefault();
          this.onSelect(r.id);
        }
      });
      marker.addTo(this.layer);
      const el = marker.getElement();
      el.setAttribute('aria-label', `Result ${r.number}: ${r.name}`);
      el.dataset.id = r.id;
      this.markers.set(r.id, marker);
      bounds.push([r.lat, r.lng]);
    }
  }

  fit(bounds) {
    if (bounds.length === 1) {
      this.map.setView(bounds[0], 15);
    } else if (bounds.length > 1) {
      this.map.fitBounds(bounds, { padding: [24, 24], maxZoom: 16 });
    }
  }

  /** Highlights one marker (null: none) and, when asked, pans to it. */
  select(id, pan = false) {
    for (const [key, marker] of this.markers) {
      const el = marker.getElement();
      const on = key === id;
      el?.classList.toggle('selected', on);
      el?.setAttribute('aria-pressed', String(on));
      marker.setZIndexOffset(on ? 1000 : 0);
      if (on && pan) {
        this.map.panTo(marker.getLatLng());
      }
    }
  }

  /** The map needs telling when its box changes size (shown after being hidden, print). */
  resize() {
    this.map.invalidateSize();
  }
}
