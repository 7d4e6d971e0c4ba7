/** The public host list (COMPAT.md §2 `list-hosts`): what it filters by and what each entry shows. */

/** Names longer than 100 characters are cut, as Padrone did. */
export function displayName(hostName: string): string {
  return hostName.length > 100 ? `${hostName.slice(0, 100)}...` : hostName;
}

export interface HostListFilter {
  projectId: string;
  version: string;
  hideFull: boolean;
  hidePasswordProtected: boolean;
  limit: number;
  /** Where the asking player is, when its address could be placed: hosts are listed nearest first. */
  caller?: { lat: number; lon: number };
}

export interface ListedHost {
  name: string;
  hostedBy?: string;
  peerInfo: { external: string; internal: string };
  isPasswordProtected: boolean;
  onlineSince: string;
  distanceInKm?: number;
  country?: string;
  version: string;
  playerCount: number;
  maxPlayers: number;
}

export interface Place {
  lat: number;
  lon: number;
}

/**
 * A place as a point on the unit sphere. Nearer places have a larger dot product with the caller's point, so a
 * list sorted by it is sorted by great-circle distance, at three multiplications a host instead of the trigonometry.
 */
export function unitVector(p: Place): { x: number; y: number; z: number } {
  const lat = (p.lat * Math.PI) / 180;
  const lon = (p.lon * Math.PI) / 180;
  return { x: Math.cos(lat) * Math.cos(lon), y: Math.cos(lat) * Math.sin(lon), z: Math.sin(lat) };
}

/** Great-circle distance in km (haversine, R = 6371 km). */
export function distanceKm(a: Place, b: Place): number {
  const rad = (d: number) => (d * Math.PI) / 180;
  const h = Math.sin(rad(b.lat - a.lat) / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(rad(b.lon - a.lon) / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}
