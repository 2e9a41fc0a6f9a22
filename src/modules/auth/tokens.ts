/**
 * Access tokens (JWT) and refresh tokens (opaque). Algorithms are pinned per key, the key is
 * chosen only by an exact `kid` match against configuration, and every registered claim is
 * checked. Time comes from an injectable clock so tests never sleep.
 */
import { createHash, createPrivateKey, createPublicKey, createSecretKey, randomBytes, randomUUID, type KeyObject } from 'node:crypto';
import { SignJWT, exportJWK, jwtVerify, type JWK, type JWTHeaderParameters } from 'jose';
import type { JwtKeyConfig } from '../../config.js';
import { Unauthorized } from '../../errors.js';
import type { Clock } from '../../lib/clock.js';

export interface AccessClaims {
  userId: number;
  jti: string;
  /** Refresh family (session) id; logout and reuse detection revoke by it. */
  sid: string;
  /** The user's session version when issued; a password change bumps it. */
  ver: number;
  exp: number;
}

/** A published verification key: always names its kid and algorithm. */
export type PublicJwk = JWK & { kty: string; kid: string; alg: string; use: 'sig' };

interface LoadedKey {
  kid: string;
  alg: JwtKeyConfig['alg'];
  signKey?: KeyObject;
  verifyKey: KeyObject;
}

export interface TokenOptions {
  keys: JwtKeyConfig[];
  issuer: string;
  audience: string;
  accessTtlSec: number;
  clockToleranceSec: number;
  clock: Clock;
}

const ACCESS_TYPE = 'access';

export class TokenService {
  private readonly keys: Map<string, LoadedKey>;
  private readonly signing: LoadedKey;
  private readonly algorithms: string[];

  constructor(private readonly opts: TokenOptions) {
    const loaded = opts.keys.map((k): LoadedKey => {
      if (k.alg === 'HS256') {
        const key = createSecretKey(Buffer.from(k.secret!, 'utf8'));
        return { kid: k.kid, alg: k.alg, signKey: key, verifyKey: key };
      }
      return {
        kid: k.kid,
        alg: k.alg,
        signKey: k.privateKeyPem ? createPrivateKey(k.privateKeyPem) : undefined,
        verifyKey: createPublicKey(k.publicKeyPem ?? k.privateKeyPem!),
      };
    });
    this.keys = new Map(loaded.map((k) => [k.kid, k]));
    this.signing = loaded[0]!;
    this.algorithms = [...new Set(loaded.map((k) => k.alg))];
  }

  private nowSec(): number {
    return Math.floor(this.opts.clock() / 1000);
  }

  get accessTtlSec(): number {
    return this.opts.accessTtlSec;
  }

  /** Same expiry rule as the verification itself (exp, with the configured skew). */
  isUnexpired(claims: AccessClaims): boolean {
    return this.nowSec() - this.opts.clockToleranceSec < claims.exp;
  }

  get clockToleranceSec(): number {
    return this.opts.clockToleranceSec;
  }

  async signAccess(userId: number, sid: string, ver: number): Promise<{ token: string; jti: string; exp: number }> {
    const now = this.nowSec();
    const jti = randomUUID();
    const exp = now + this.opts.accessTtlSec;
    const token = await new SignJWT({ type: ACCESS_TYPE, sid, ver })
      .setProtectedHeader({ alg: this.signing.alg, kid: this.signing.kid, typ: 'JWT' })
      .setSubject(String(userId))
      .setIssuer(this.opts.issuer)
      .setAudience(this.opts.audience)
      .setIssuedAt(now)
      .setNotBefore(now)
      .setExpirationTime(exp)
      .setJti(jti)
      .sign(this.signing.signKey!);
    return { token, jti, exp };
  }

  /** Verifies signature and claims; any failure is the same 401, the reason goes nowhere near the client. */
  async verifyAccess(token: string): Promise<AccessClaims> {
    let payload;
    try {
      ({ payload } = await jwtVerify(
        token,
        (header: JWTHeaderParameters) => {
          const key = typeof header.kid === 'string' ? this.keys.get(header.kid) : undefined;
          // The header's alg must be the one configured for that kid: no HS256 signed with a public key.
          if (!key || header.alg !== key.alg) throw new Error('unknown key');
          return key.verifyKey;
        },
        {
          algorithms: this.algorithms,
          issuer: this.opts.issuer,
          audience: this.opts.audience,
          clockTolerance: this.opts.clockToleranceSec,
          currentDate: new Date(this.opts.clock()),
          requiredClaims: ['sub', 'jti', 'exp', 'iat', 'nbf'],
        },
      ));
    } catch {
      throw Unauthorized('Invalid or expired token');
    }
    const userId = Number(payload.sub);
    if (
      payload.type !== ACCESS_TYPE ||
      !Number.isSafeInteger(userId) ||
      userId <= 0 ||
      typeof payload.sid !== 'string' ||
      typeof payload.ver !== 'number' ||
      typeof payload.jti !== 'string'
    ) {
      throw Unauthorized('Invalid or expired token');
    }
    return { userId, jti: payload.jti, sid: payload.sid, ver: payload.ver, exp: payload.exp! };
  }

  /** Public keys of asymmetric signing keys, for /.well-known/jwks.json. */
  async publicJwks(): Promise<PublicJwk[]> {
    const out: PublicJwk[] = [];
    for (const k of this.keys.values()) {
      if (k.alg === 'HS256') continue;
      const jwk = await exportJWK(k.verifyKey);
      out.push({ ...jwk, kty: jwk.kty!, kid: k.kid, alg: k.alg, use: 'sig' });
    }
    return out;
  }
}

/** Refresh tokens are opaque random values; only their SHA-256 is stored. */
export function newRefreshToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashRefreshToken(token) };
}

export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function newFamilyId(): string {
  return randomUUID();
}
