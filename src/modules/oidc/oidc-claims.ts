/**
 * Pure rules about what an identity provider says of a person: the username a new account gets,
 * whether the person is in the admin group, and where the browser may be sent afterwards. No
 * input can make them slow: every loop is bounded by a fixed count or by the input's length.
 */

/** The claims these rules read (an ID token's, with the userinfo answer's merged in). */
export interface ProfileClaims {
  preferred_username?: unknown;
  name?: unknown;
  nickname?: unknown;
  groups?: unknown;
}

const MIN = 3;
const MAX = 80;
/** Room left for a `-<n>` suffix, so a made-unique name still fits in MAX. */
const BASE_MAX = MAX - 8;

/**
 * A username of the account rules (3–80 of `A-Z a-z 0-9 _ . -`) from a claim: accents dropped
 * ("José" → "Jose"), spaces as dots, other characters left out. Empty when nothing usable is left.
 */
export function usernameFrom(value: unknown): string {
  if (typeof value !== 'string') return '';
  const ascii = value.slice(0, 500).normalize('NFKD').replace(/\p{M}/gu, '');
  const name = ascii
    .trim()
    .replace(/\s+/g, '.')
    .replace(/[^A-Za-z0-9_.-]/g, '')
    .replace(/([_.-])[_.-]+/g, '$1');
  return trimSeparators(trimSeparators(name).slice(0, BASE_MAX));
}

/** Without leading and trailing '_', '.' and '-' (a loop: an unanchored `[_.-]+$` is quadratic on long runs). */
function trimSeparators(s: string): string {
  const sep = (c: string | undefined) => c === '_' || c === '.' || c === '-';
  let a = 0;
  let b = s.length;
  while (a < b && sep(s[a])) a++;
  while (b > a && sep(s[b - 1])) b--;
  return s.slice(a, b);
}

/**
 * The username a new account starts from: the provider's preferred_username, else the name, else
 * the nickname, else "user"; one shorter than three characters is lengthened with "-user".
 */
export function usernameBase(claims: ProfileClaims): string {
  const name = usernameFrom(claims.preferred_username) || usernameFrom(claims.name) || usernameFrom(claims.nickname) || 'user';
  return name.length >= MIN ? name : `${name}-user`;
}

/**
 * The names tried in turn until one is free: the base, then base-2 … base-20, then base with a
 * random suffix (the caller gives the randomness), so a common name costs at most 21 look-ups;
 * `randomOnly` starts with the random ones.
 */
export function* usernameCandidates(base: string, random: () => string, randomOnly = false): Generator<string> {
  if (!randomOnly) {
    yield base;
    for (let n = 2; n <= 20; n++) yield `${base}-${n}`;
  }
  for (;;) yield `${base}-${random().slice(0, 6)}`;
}

/**
 * Whether the person is in `group` by the `groups` claim: a list of names (Authentik, Authelia,
 * Keycloak with a group mapper) or a single name. Exact and case-sensitive, as groups are at the
 * providers; anything else (no claim, numbers, objects) is not membership.
 */
export function isAdminGroupMember(claims: ProfileClaims, group: string): boolean {
  const { groups } = claims;
  if (typeof groups === 'string') return groups === group;
  return Array.isArray(groups) && groups.some((g) => g === group);
}

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const pathOnly = (v: string) => /^\/(?![/\\])/.test(v) && !CONTROL.test(v);

/**
 * Where to send the browser after signing in: a path of this site, else `/`. The rule of the web
 * app's `safeNext` (web/src/next.ts): `//host`, `/\host` and control characters could leave the
 * origin, checked on the value and on it once decoded.
 */
export function safeReturnPath(next: string | undefined): string {
  if (!next || next.length > 2000 || !pathOnly(next)) return '/';
  let decoded: string;
  try {
    decoded = decodeURIComponent(next);
  } catch {
    return '/';
  }
  if (!pathOnly(decoded)) return '/';
  try {
    if (new URL(next, 'http://app.invalid').origin !== 'http://app.invalid') return '/';
  } catch {
    return '/';
  }
  return next;
}
