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
