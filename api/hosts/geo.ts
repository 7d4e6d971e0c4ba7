import type { HostLocation } from '../../domain/hosts/contract';

const countries = new Intl.DisplayNames(['en'], { type: 'region' });
type GeoIp = typeof import('geoip-lite');
let geoip: Promise<GeoIp> | undefined;

/** geoip-lite is CommonJS: a dynamic import yields its exports under `default` in Node, bare under test transforms. */
async function loadGeoIp(): Promise<GeoIp> {
  const mod = (await import('geoip-lite')) as GeoIp & { default?: GeoIp };
  return mod.default ?? mod;
}

/** Looks an address up in the GeoIP database geoip-lite ships (loaded on first use: ~70 ms, ~150 MB). */
export async function locate(ip: string | undefined): Promise<HostLocation | undefined> {
  if (!ip) return undefined;
  geoip ??= loadGeoIp();
  const found = (await geoip).lookup(ip.replace(/^::ffff:/, ''));
  if (!found?.ll || (found.ll[0] === 0 && found.ll[1] === 0)) return undefined;
  return { lat: found.ll[0], lon: found.ll[1], country: found.country ? countries.of(found.country) : undefined };
}

/** The address part of `ip:port` or `[v6]:port`. */
export function endpointAddress(endpoint: string): string {
  const v6 = /^\[(.+)\]:\d+$/.exec(endpoint);
  return v6 ? v6[1]! : endpoint.slice(0, endpoint.lastIndexOf(':'));
}
