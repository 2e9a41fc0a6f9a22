/** Who may call and by what name: CORS_ORIGINS, PUBLIC_ORIGIN and ALLOWED_HOSTS. */
import { ConfigError } from './config-error.js';
import { list } from './config-choice.js';

/** Exact origins (scheme://host[:port]) or "*"; a path or a typo would silently never match, so fail fast. */
export function parseCorsOrigins(raw: string | undefined): string[] {
  const origins = list(raw);
  for (const o of origins) {
    if (o !== '*' && !/^https?:\/\/[^/\s?#]+$/.test(o))
      throw new ConfigError(`CORS_ORIGINS entry "${o}" must be an origin like https://app.example.com (no path) or *`);
  }
  return origins;
}

/** PUBLIC_ORIGIN: one origin, scheme://host[:port], written as the URL parser writes it (lower case, no default port). */
export function parsePublicOrigin(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  const value = raw.trim();
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    /* refused below */
  }
  if (!url || !/^https?:\/\/[^/\s?#@]+\/?$/.test(value) || url.username || url.password) {
    throw new ConfigError(
      `PUBLIC_ORIGIN must be an origin like https://recipes.example.org (scheme, host and optional port; no path), got "${raw}"`,
    );
  }
  return url.origin;
}

/** ALLOWED_HOSTS: host names, IPv4 or bracketed IPv6 literals, each with an optional port, or `*`. */
export function parseAllowedHosts(raw: string | undefined): string[] {
  const hosts = list(raw).map((h) => h.toLowerCase());
  for (const h of hosts) {
    if (h !== '*' && !/^(\[[0-9a-f:.]+\]|[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*)(:\d{1,5})?$/.test(h)) {
      throw new ConfigError(
        `ALLOWED_HOSTS entry "${h}" must be a host name or address, with an optional :port (recipes.example.org, 192.168.1.20:5000, [fd00::1]), or *`,
      );
    }
  }
  return hosts;
}
