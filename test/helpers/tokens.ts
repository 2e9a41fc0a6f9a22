/** Hand-made tokens for the attacks every protected route must refuse. */
import { SignJWT } from 'jose';
import { TEST_SECRET } from './build.js';

const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

export interface ForgeOptions {
  secret?: string;
  alg?: string;
  kid?: string;
  claims?: Record<string, unknown>;
  iat?: number;
  exp?: number;
}

export function baseClaims(userId: number, nowSec = Math.floor(Date.now() / 1000)) {
  return {
    sub: String(userId),
    iss: 'gourmet-recipe-catalog',
    aud: 'gourmet-recipe-catalog-api',
    type: 'access',
    sid: 'forged-session',
    ver: 0,
    jti: `forged-${Math.random()}`,
    iat: nowSec,
    nbf: nowSec,
    exp: nowSec + 900,
  };
}

/** A correctly formed HS256 token with the given claims, signed with `secret` (the app's by default). */
export async function forgeToken(userId: number, opts: ForgeOptions = {}): Promise<string> {
  const claims = { ...baseClaims(userId), ...opts.claims };
  return new SignJWT(claims)
    .setProtectedHeader({ alg: opts.alg ?? 'HS256', kid: opts.kid ?? 'k1', typ: 'JWT' })
    .sign(new TextEncoder().encode(opts.secret ?? TEST_SECRET));
}

/** An unsigned token (`alg: none`) that would be valid if the signature were not checked. */
export function algNoneToken(userId: number): string {
  return `${enc({ alg: 'none', typ: 'JWT', kid: 'k1' })}.${enc(baseClaims(userId))}.`;
}

/** Takes a valid token and changes its payload without re-signing. */
export function tamperToken(token: string, change: Record<string, unknown>): string {
  const [h, p, s] = token.split('.');
  const payload = JSON.parse(Buffer.from(p!, 'base64url').toString());
  return `${h}.${enc({ ...payload, ...change })}.${s}`;
}
