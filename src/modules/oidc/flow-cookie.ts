/**
 * What a sign-in through the provider must remember between GET /auth/oidc/start and the callback
 * (state, nonce, PKCE verifier, where to go afterwards), kept in the browser that started it, in
 * one short-lived HttpOnly cookie, sealed with AES-256-GCM: authenticated (a changed byte is
 * refused) and secret (the verifier and nonce are not readable even from a copy of the cookie).
 *
 * Why a cookie and not a server-side table: it binds the sign-in to the browser that began it
 * (a callback opened in another browser, the login-CSRF case, has no cookie and is refused), it
 * works on every instance with no shared store (each derives the same key from the JWT signing
 * keys), and there is nothing to clean up. A replayed callback is stopped by the provider, which
 * redeems a code once.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { JwtKeyConfig } from '../../config.js';

/** How long a browser has between GET /auth/oidc/start and the callback. */
export const FLOW_TTL_SEC = 600;

export interface OidcFlow {
  state: string;
  nonce: string;
  verifier: string;
  /** The path to return to afterwards (already checked by safeReturnPath). */
  next: string;
  /** When the sign-in must have come back by (ms since the epoch). */
  expiresAt: number;
}

const VERSION = 'v1';
const AAD = Buffer.from('gourmet oidc flow v1');
const IV_BYTES = 12;
const TAG_BYTES = 16;
const SEALED = new RegExp(`^${VERSION}\\.[A-Za-z0-9_-]+$`);

/** The secret material of each signing key (public-only keys carry none), newest first. */
export function flowKeyMaterial(keys: readonly JwtKeyConfig[]): string[] {
  return keys.map((k) => k.secret ?? k.privateKeyPem).filter((m): m is string => typeof m === 'string' && m.length > 0);
}

export class FlowSealer {
  private readonly keys: Buffer[];

  /** `material`: secrets, newest first; sealing uses the first, opening tries each (a key being rotated out still opens). */
  constructor(material: readonly string[]) {
    if (material.length === 0) throw new Error('FlowSealer needs at least one secret');
    this.keys = material.map((m) => Buffer.from(hkdfSync('sha256', m, 'gourmet-oidc-flow', 'aes-256-gcm flow cookie', 32)));
  }

  seal(flow: OidcFlow): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.keys[0]!, iv).setAAD(AAD);
    const body = Buffer.concat([cipher.update(JSON.stringify(flow), 'utf8'), cipher.final()]);
    return `${VERSION}.${Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url')}`;
  }

  /** The flow, or undefined when the value is not one we sealed, was changed, or has expired at `now`. */
  open(value: string | undefined, now: number): OidcFlow | undefined {
    // Node's base64 decoder skips characters it does not know: only the exact form is read.
    if (!value || value.length > 4096 || !SEALED.test(value)) return undefined;
    const raw = Buffer.from(value.slice(VERSION.length + 1), 'base64url');
    if (raw.length <= IV_BYTES + TAG_BYTES) return undefined;
    const iv = raw.subarray(0, IV_BYTES);
    const tag = raw.subarray(raw.length - TAG_BYTES);
    const body = raw.subarray(IV_BYTES, raw.length - TAG_BYTES);
    for (const key of this.keys) {
      let text: string;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, iv).setAAD(AAD).setAuthTag(tag);
        text = Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
      } catch {
        continue; // another key's, or changed
      }
      const flow = parseFlow(text);
      return flow && flow.expiresAt > now ? flow : undefined;
    }
    return undefined;
  }
}

function parseFlow(text: string): OidcFlow | undefined {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return undefined;
  }
  const f = v as Partial<OidcFlow> | null;
  if (
    !f ||
    typeof f.state !== 'string' ||
    typeof f.nonce !== 'string' ||
    typeof f.verifier !== 'string' ||
    typeof f.next !== 'string' ||
    typeof f.expiresAt !== 'number'
  )
    return undefined;
  return { state: f.state, nonce: f.nonce, verifier: f.verifier, next: f.next, expiresAt: f.expiresAt };
}
