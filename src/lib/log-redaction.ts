/**
 * What of a URL may go into a log line. A URL a user asks us to scrape can carry credentials
 * (`https://user:secret@host/…`, `?token=…`), so logs keep scheme, host, port and path and
 * replace userinfo, query and fragment with a marker. Request URLs (`/scrape/recipe?url=…`)
 * get the same treatment for every query value that is a URL, and sensitive-looking query
 * parameters are masked whatever their value.
 */

const REDACTED = '[redacted]';
/** Query parameters whose value is a secret whatever it looks like (matched whole or as a `_suffix`). */
const SENSITIVE_PARAMS = [
  'token',
  'access_token',
  'refresh_token',
  'password',
  'passwd',
  'secret',
  'key',
  'apikey',
  'api_key',
  'auth',
  'signature',
  'sig',
  'code',
  'session',
];

/** A URL for the logs: userinfo, query and fragment replaced by `[redacted]`; unparseable ones masked whole. */
export function redactUrlForLog(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return raw.includes('@') || raw.includes('?') || raw.includes('#') ? `${REDACTED} (unparseable URL)` : raw;
  }
  if (!url.host) return `${url.protocol}${REDACTED}`; // mailto:, data: and the like: nothing to keep
  const userinfo = url.username || url.password ? `${REDACTED}@` : '';
  return `${url.protocol}//${userinfo}${url.host}${url.pathname}${url.search ? `?${REDACTED}` : ''}${url.hash ? `#${REDACTED}` : ''}`;
}

function isSensitiveParam(name: string): boolean {
  const key = name.toLowerCase();
  return SENSITIVE_PARAMS.some((s) => key === s || key.endsWith(`_${s}`) || key.endsWith(`-${s}`));
}

function decode(text: string): string | null {
  try {
    return decodeURIComponent(text.replaceAll('+', ' '));
  } catch {
    return null;
  }
}

/**
 * A request target (`/path?query`) for the logs: every query value that is (or contains) a URL
 * is redacted like redactUrlForLog, sensitive parameters are masked, the rest is kept as sent.
 */
export function redactRequestUrlForLog(target: string): string {
  const q = target.indexOf('?');
  if (q < 0) return target;
  const pairs = target
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return pair;
      const name = pair.slice(0, eq);
      const value = decode(pair.slice(eq + 1));
      if (value === null) return `${name}=${REDACTED}`;
      if (isSensitiveParam(decode(name) ?? name)) return `${name}=${REDACTED}`;
      if (name === 'url' || value.includes('://') || value.includes('@')) return `${name}=${redactUrlForLog(value)}`;
      return pair;
    });
  return `${target.slice(0, q)}?${pairs.join('&')}`;
}
