/** One-time codes (invitations, password resets): random, shown once, kept only as a hash. */
import { createHash, randomBytes } from 'node:crypto';

/** 24 random bytes (192 bits), base64url: unguessable, so a plain hash (no salt, no stretching) keeps it safe. */
export const newOneTimeCode = (): string => randomBytes(24).toString('base64url');

/** The SHA-256 hex of a code, as stored and looked up. */
export const hashOneTimeCode = (code: string): string => createHash('sha256').update(code, 'utf8').digest('hex');
