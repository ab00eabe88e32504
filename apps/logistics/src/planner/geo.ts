export interface GeoPoint {
  lat: number;
  lng: number;
}

const EARTH_RADIUS_KM = 6371;
/** County roads wind: straight-line distance times this is a fair estimate of the road distance. */
export const ROAD_FACTOR = 1.3;

/** Estimated road distance in km between two points (great-circle distance × {@link ROAD_FACTOR}). */
export function roadKm(a: GeoPoint, b: GeoPoint): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h))) * ROAD_FACTOR;
}
