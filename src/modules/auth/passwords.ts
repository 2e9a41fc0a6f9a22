/** Argon2id password hashing with explicit OWASP parameters; hashing runs on libuv's thread pool, off the event loop. */
import { hash, verify, type Algorithm } from '@node-rs/argon2';
import { Semaphore } from '../../lib/semaphore.js';

// Algorithm is an ambient const enum (not importable under isolatedModules); 2 is Argon2id.
const ARGON2ID = 2 as Algorithm;

export interface Argon2Params {
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

/** The same password typed on different devices (NFC vs NFD) must verify: normalize, never trim or case-fold. */
export function normalizePassword(password: string): string {
  return password.normalize('NFKC');
}

/**
 * The password hash of an account that signs in only through an identity provider: not an
 * Argon2 hash, so no password ever verifies against it (the login path treats it like an unknown
 * user, with the same work, so such accounts cannot be told apart by timing).
 */
export const NO_PASSWORD_HASH = '!';

/** Shortest acceptable password, in Unicode code points of its NFKC form (NIST SP 800-63B 5.1.1.2). */
export const MIN_PASSWORD_CODE_POINTS = 8;

/**
 * The length the minimum is checked against: code points after NFKC, the form that is hashed.
 * "e" + combining acute is two code points typed but one ("é") once normalized; counting before
 * normalizing let four of them pass as eight characters. Code points rather than graphemes:
 * every code point is entropy an attacker must guess, and the count does not depend on the
 * Unicode version's segmentation rules.
 */
export function passwordLength(password: string): number {
  let n = 0;
  for (const _ of normalizePassword(password)) n += 1;
  return n;
}

export class PasswordHasher {
  private dummyHash?: Promise<string>;
  /** A login storm would otherwise put every libuv thread on Argon2 and starve the event loop of CPU. */
  private readonly slots: Semaphore;

  constructor(
    private readonly params: Argon2Params,
    maxConcurrent = 1,
  ) {
    this.slots = new Semaphore(maxConcurrent);
  }

  hash(password: string): Promise<string> {
    return this.slots.run(() => hash(normalizePassword(password), { algorithm: ARGON2ID, ...this.params }));
  }

  async verify(passwordHash: string, password: string): Promise<boolean> {
    try {
      return await this.slots.run(() => verify(passwordHash, normalizePassword(password)));
    } catch {
      return false;
    }
  }

  /** Spends the same work as a real verification, so an unknown user is not told apart by timing. */
  async verifyDummy(password: string): Promise<false> {
    this.dummyHash ??= this.hash('dummy-password-for-timing-equalization');
    await this.verify(await this.dummyHash, password);
    return false;
  }

  /** True when the stored hash was made with other parameters than the current ones (rehash on login). */
  needsRehash(passwordHash: string): boolean {
    const m = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(passwordHash);
    if (!m) return true;
    return Number(m[1]) !== this.params.memoryCost || Number(m[2]) !== this.params.timeCost || Number(m[3]) !== this.params.parallelism;
  }
}
