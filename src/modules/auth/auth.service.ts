/** The rules of registration, login, token rotation, logout and per-request authentication. */
import type { Static } from 'typebox';
import type { Clock } from '../../lib/clock.js';
import type { Db } from '../../lib/db.js';
import {
  AppError,
  Conflict,
  InvalidCredentials,
  NotFound,
  PasswordSignInDisabled,
  PasswordTooShort,
  PasswordUnchanged,
  Unauthorized,
} from '../../errors.js';
import type { TokenPairResponse } from './auth.schemas.js';
import type { AuthThrottle } from './auth.throttle.js';
import { MIN_PASSWORD_CODE_POINTS, NO_PASSWORD_HASH, normalizePassword, passwordLength, type PasswordHasher } from './passwords.js';
import type { RevocationStore } from './revocation.js';
import { sessionsRepository } from './sessions.repository.js';
import { hashRefreshToken, newFamilyId, newRefreshToken, type AccessClaims, type PublicJwk, type TokenService } from './tokens.js';
import { BoundedMap } from '../../lib/bounded-map.js';
import { CheckedTokens } from './checked-tokens.js';
import { UserStateCache } from './user-state.cache.js';
import { isUniqueViolation, usersRepository } from './users.repository.js';

export type TokenPair = Static<typeof TokenPairResponse>;

export interface AuthServiceDeps {
  db: Db;
  hasher: PasswordHasher;
  tokens: TokenService;
  revocations: RevocationStore;
  clock: Clock;
  refreshTtlSec: number;
  /** Brute-force limits on login and registration; none when absent (unit use). */
  throttle?: AuthThrottle;
  /** How long the per-request user lookup may be cached; only honoured when revocations are in memory (see UserStateCache). */
  userCacheTtlMs?: number;
  /**
   * SQLite's `auth` change token (moves on any committed write to users or revocations, from any
   * process). With it, a token that passed every check is not re-checked until one happens.
   */
  dbChangeToken?: () => string;
  /** OIDC_ONLY: registration and password sign-in are refused (sessions then start only through the identity provider). */
  passwordSignInDisabled?: boolean;
  /** What a new account is given (its household and role) and who may register (households.service.ts); none in unit use. */
  accounts?: NewAccounts;
}

/** Whoever keeps households and roles: told of every new account, in the transaction that creates it. */
export interface NewAccounts {
  /** Before the password is hashed: refuses a registration the sign-up rules refuse outright. */
  checkRegistration(inviteCode: string | undefined): Promise<void>;
  accountCreated(trx: Db, user: { id: number; username: string }, opts: { inviteCode?: string; registration: boolean }): Promise<void>;
}

const isInvalidCredentials = (err: unknown) => err instanceof AppError && err.code === 'INVALID_CREDENTIALS';

/** Who is asking, for the per-address limits. */
export interface ClientInfo {
  ip: string;
}

export class AuthService {
  private jwksCache?: Promise<{ keys: PublicJwk[] }>;
  private readonly users: UserStateCache;
  private readonly checked = new CheckedTokens();
  /** Token strings whose signature verified, with their claims (see verifySignature). */
  private readonly verified = new BoundedMap<string, AccessClaims>(10_000);

  constructor(private readonly deps: AuthServiceDeps) {
    const ttl = deps.revocations.inMemory ? (deps.userCacheTtlMs ?? 0) : 0;
    this.users = new UserStateCache(
      async (id) => {
        const row = await usersRepository.findSessionVersion(deps.db, id);
        return row && { sessionVersion: Number(row.session_version) };
      },
      ttl,
      deps.clock,
    );
  }

  private nowSec(): number {
    return Math.floor(this.deps.clock() / 1000);
  }

  async register(username: string, password: string, client?: ClientInfo, inviteCode?: string): Promise<number> {
    const { db, hasher, clock, throttle, accounts } = this.deps;
    if (this.deps.passwordSignInDisabled) throw PasswordSignInDisabled();
    // Checked like the schema, before the attempt counts against the address.
    if (passwordLength(password) < MIN_PASSWORD_CODE_POINTS) throw PasswordTooShort(MIN_PASSWORD_CODE_POINTS, 'body.password');
    if (throttle && client) await throttle.beforeRegister(client.ip);
    await accounts?.checkRegistration(inviteCode);
    // Cheap pre-check first, so a taken name does not cost an Argon2 hash; the unique index decides races.
    if (await usersRepository.findByUsername(db, username)) throw Conflict('User already exists');
    const passwordHash = await hasher.hash(password);
    try {
      // The account, its household and role, and the invitation it spends: one commit.
      return await db.transaction().execute(async (trx) => {
        const id = await usersRepository.insert(trx, { username, passwordHash, createdAt: new Date(clock()).toISOString() });
        await accounts?.accountCreated(trx, { id, username }, { inviteCode, registration: true });
        return id;
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw Conflict('User already exists');
      throw err;
    }
  }

  /** Same 401 and the same Argon2 work for an unknown user and a wrong password. */
  async verifyCredentials(username: string, password: string): Promise<{ id: number; session_version: number }> {
    const { db, hasher } = this.deps;
    const user = await usersRepository.findByUsername(db, username);
    if (!user || user.password_hash === NO_PASSWORD_HASH) {
      await hasher.verifyDummy(password);
      throw InvalidCredentials();
    }
    if (!(await hasher.verify(user.password_hash, password))) throw InvalidCredentials();
    if (hasher.needsRehash(user.password_hash)) {
      await usersRepository.updatePasswordHash(db, user.id, await hasher.hash(password));
    }
    return user;
  }

  /** Failed attempts count per username (existing or not) and per address; see AuthThrottle. */
  async login(username: string, password: string, client?: ClientInfo): Promise<TokenPair> {
    // Before the throttle and the hash: a refused method costs nothing and counts against no one.
    if (this.deps.passwordSignInDisabled) throw PasswordSignInDisabled();
    const throttle = client && this.deps.throttle;
    const reservation = throttle ? await throttle.beforeLogin(username, client.ip) : undefined;
    // A wrong password keeps the reserved hits; a success (or an outage, which checked nothing) gives them back.
    const user = await this.verifyCredentials(username, password).catch(async (err: unknown) => {
      if (throttle && reservation && !isInvalidCredentials(err)) await throttle.succeeded(reservation);
      throw err;
    });
    if (throttle && reservation) await throttle.succeeded(reservation);
    return this.issuePair(this.deps.db, user.id, Number(user.session_version), newFamilyId());
  }

  /**
   * A new session (refresh-token family) for a user whose identity was established another way
   * (an identity provider's ID token); the same tokens as a password login.
   */
  async startSession(userId: number): Promise<TokenPair> {
    const user = await usersRepository.findSessionVersion(this.deps.db, userId);
    if (!user) throw Unauthorized('The account no longer exists');
    return this.issuePair(this.deps.db, userId, Number(user.session_version), newFamilyId());
  }

  /** Whether a username is taken (case-insensitively), in `db` (a transaction of the caller's). */
  async usernameTaken(db: Db, username: string): Promise<boolean> {
    return (await usersRepository.findByUsername(db, username)) !== undefined;
  }

  /**
   * Creates an account that has no password (it signs in through an identity provider), in `db`
   * (the caller's transaction, which links the identity in the same commit). A taken username
   * raises the database's unique violation; the caller picks the name and retries.
   */
  async createPasswordlessUser(db: Db, username: string): Promise<number> {
    const id = await usersRepository.insert(db, {
      username,
      passwordHash: NO_PASSWORD_HASH,
      createdAt: new Date(this.deps.clock()).toISOString(),
    });
    await this.deps.accounts?.accountCreated(db, { id, username }, { registration: false });
    return id;
  }

  /**
   * Signs an access token and stores its refresh token. Called inside the refresh transaction
   * (so the access token exists before any revocation that follows can compute its deny-list
   * expiry) or, for a new login, on its own: the row carries the session version the login saw,
   * so a login that raced a password change yields a refresh token that is refused.
   */
  private async issuePair(db: Db, userId: number, sessionVersion: number, familyId: string): Promise<TokenPair> {
    const { tokens, clock, refreshTtlSec } = this.deps;
    const access = await tokens.signAccess(userId, familyId, sessionVersion);
    const refresh = newRefreshToken();
    await sessionsRepository.insertRefreshToken(db, {
      tokenHash: refresh.hash,
      familyId,
      userId,
      sessionVersion,
      expiresAt: this.nowSec() + refreshTtlSec,
      createdAt: new Date(clock()).toISOString(),
    });
    return { access_token: access.token, refresh_token: refresh.token, token_type: 'Bearer', expires_in: tokens.accessTtlSec };
  }

  /**
   * Rotation: the presented token is spent and a new pair of the same family is issued. A spent
   * token presented again means it was stolen (or replayed): the whole family is revoked.
   *
   * Spending and issuing are one transaction under the user's session lock (see
   * usersRepository.lockSessions), and it re-checks under that lock that the token is still
   * live, its family not revoked and the user's session version the one it was issued under.
   * Logout, reuse detection and password change take the same lock, so a revocation either
   * comes first (and this refresh is refused) or waits for it (and revokes what it issued).
   */
  async refresh(refreshToken: string): Promise<TokenPair> {
    const { db } = this.deps;
    const tokenHash = hashRefreshToken(refreshToken);
    const found = await sessionsRepository.findRefreshToken(db, tokenHash);
    if (!found || found.revoked || found.expires_at < this.nowSec()) throw Unauthorized('Invalid or expired refresh token');
    if (found.spent) {
      await this.revokeFamily(found.family_id, found.user_id);
      throw Unauthorized('Refresh token was already used; the session has been revoked');
    }
    const pair = await db.transaction().execute(async (trx) => {
      const user = await usersRepository.lockSessions(trx, found.user_id, 'share');
      // Read again under the lock: a revocation may have committed since the read above. A token
      // spent meanwhile is a concurrent refresh of the same token (not reuse): that one won.
      const row = await sessionsRepository.findRefreshToken(trx, tokenHash);
      if (!user || !row || row.revoked || row.spent || row.expires_at < this.nowSec()) return undefined;
      if (Number(row.session_version) !== user.session_version) return undefined;
      if (await sessionsRepository.isFamilyRevoked(trx, row.family_id)) return undefined;
      if (!(await sessionsRepository.spendRefreshToken(trx, row.id))) return undefined;
      return this.issuePair(trx, found.user_id, user.session_version, row.family_id);
    });
    if (!pair) throw Unauthorized('Invalid or expired refresh token');
    return pair;
  }

  /** Revokes every refresh token of the family under the user's session lock, then its access tokens. */
  private async revokeFamily(familyId: string, userId: number): Promise<void> {
    await this.deps.db.transaction().execute(async (trx) => {
      await usersRepository.lockSessions(trx, userId, 'update');
      await sessionsRepository.revokeFamily(trx, familyId);
    });
    // Access tokens of the family die too, for as long as any of them could still be accepted:
    // all were signed before the transaction above could take the lock, so before now.
    await this.deps.revocations.revoke(
      { sid: familyId },
      this.nowSec() + this.deps.tokens.accessTtlSec + this.deps.tokens.clockToleranceSec + 1,
    );
  }

  /**
   * Ends the session a refresh token belongs to (the browser logout, which holds only the
   * cookie): its refresh tokens and every access token of the family stop working. An unknown or
   * expired token ends nothing and is not an error, so logging out twice is harmless.
   */
  async endSession(refreshToken: string): Promise<void> {
    const row = await sessionsRepository.findRefreshToken(this.deps.db, hashRefreshToken(refreshToken));
    if (row && !row.revoked) await this.revokeFamily(row.family_id, row.user_id);
  }

  async logout(claims: AccessClaims): Promise<void> {
    // A token is accepted until exp + clock tolerance, so its deny-list entry must live that long too.
    await this.deps.revocations.revoke({ jti: claims.jti }, claims.exp + this.deps.tokens.clockToleranceSec + 1);
    await this.revokeFamily(claims.sid, claims.userId);
  }

  /**
   * Per request: signature and claims, then revocation, then the user still exists with the same
   * session version. With Redis the last two are answered from memory (see RevocationStore).
   */
  async authenticate(token: string): Promise<AccessClaims> {
    const changeToken = this.deps.dbChangeToken?.();
    if (changeToken !== undefined) {
      const known = this.checkedSince(token, changeToken);
      if (known) return known;
    }
    const claims = await this.checkToken(token);
    if (changeToken !== undefined) this.checked.set(token, claims, changeToken);
    return claims;
  }

  /**
   * The claims of a token that passed every check and is still unexpired, when no write to users
   * or revocations has been committed since, by any process (SQLite's `auth` change token, read
   * now); undefined otherwise, and always where there is no change token. Synchronous, so the
   * authenticate hook answers such a token without a promise; `authenticate` does the rest.
   */
  recentlyChecked(token: string): AccessClaims | undefined {
    const { dbChangeToken } = this.deps;
    return dbChangeToken ? this.checkedSince(token, dbChangeToken()) : undefined;
  }

  private checkedSince(token: string, changeToken: string): AccessClaims | undefined {
    const known = this.checked.get(token, changeToken);
    return known && this.deps.tokens.isUnexpired(known) ? known : undefined;
  }

  /**
   * The signature and fixed claims of a token string never change (the keys are fixed for the
   * life of the process), so a string that verified once is only checked for expiry after that;
   * an expired one is verified again, which refuses it with the usual error.
   */
  private async verifySignature(token: string): Promise<AccessClaims> {
    const known = this.verified.get(token);
    if (known && this.deps.tokens.isUnexpired(known)) return known;
    const claims = await this.deps.tokens.verifyAccess(token);
    this.verified.set(token, claims);
    return claims;
  }

  private async checkToken(token: string): Promise<AccessClaims> {
    const claims = await this.verifySignature(token);
    if (await this.deps.revocations.isRevoked(claims)) throw Unauthorized('Token has been revoked');
    const user = await this.users.get(claims.userId, claims.ver);
    if (!user || user.sessionVersion !== claims.ver) throw Unauthorized('Token is no longer valid');
    return claims;
  }

  /** The public keys a client or another service needs to verify our access tokens (JWKS). */
  jwks(): Promise<{ keys: PublicJwk[] }> {
    this.jwksCache ??= this.deps.tokens.publicJwks().then((keys) => ({ keys }));
    return this.jwksCache;
  }

  async me(
    userId: number,
    householdId: number,
  ): Promise<{ id: number; username: string; created_at: string; role: 'admin' | 'member'; household_id: number }> {
    const user = await usersRepository.findById(this.deps.db, userId);
    if (!user) throw NotFound('User not found');
    return { id: user.id, username: user.username, created_at: user.created_at, role: user.role, household_id: householdId };
  }

  /**
   * Changes the password and ends every session of the user (all access and refresh tokens).
   * The session lock is taken before anything is revoked, so a refresh in flight either finishes
   * first (and its tokens are revoked here) or runs after (and is refused).
   */
  async changePassword(userId: number, currentPassword: string, newPassword: string, client?: ClientInfo): Promise<void> {
    const { db, hasher } = this.deps;
    if (passwordLength(newPassword) < MIN_PASSWORD_CODE_POINTS) throw PasswordTooShort(MIN_PASSWORD_CODE_POINTS, 'body.new_password');
    // Compared as they are hashed (NFKC): the same password typed in another form is the same password.
    if (normalizePassword(newPassword) === normalizePassword(currentPassword)) throw PasswordUnchanged();
    // Wrong current_password values are limited like failed logins (per user and per address).
    const throttle = client && this.deps.throttle;
    const reservation = throttle ? await throttle.beforePasswordCheck(userId, client.ip) : undefined;
    const user = await usersRepository.findById(db, userId).catch(async (err: unknown) => {
      if (throttle && reservation) await throttle.succeeded(reservation);
      throw err;
    });
    if (!user || !(await hasher.verify(user.password_hash, currentPassword))) throw InvalidCredentials();
    if (throttle && reservation) await throttle.succeeded(reservation);
    const passwordHash = await hasher.hash(newPassword);
    const version = await db.transaction().execute(async (trx) => {
      await usersRepository.lockSessions(trx, userId, 'update');
      // Another change may have committed while the hashes were computed: the password checked
      // above is no longer the current one.
      const now = await usersRepository.findById(trx, userId);
      if (!now || now.password_hash !== user.password_hash) throw InvalidCredentials();
      await usersRepository.updatePasswordHash(trx, userId, passwordHash);
      await sessionsRepository.revokeAllOfUser(trx, userId);
      return usersRepository.bumpSessionVersion(trx, userId);
    });
    await this.sessionsEnded(userId, version);
  }

  /**
   * Sets a new password without the current one, for a one-time reset code an admin made:
   * `spend` spends the code in the same transaction and names the account (it throws for a code
   * that cannot be spent, and nothing changes). Every session of the account ends, as on a change.
   */
  async resetPassword(newPassword: string, spend: (trx: Db) => Promise<number>): Promise<void> {
    const { db, hasher } = this.deps;
    if (passwordLength(newPassword) < MIN_PASSWORD_CODE_POINTS) throw PasswordTooShort(MIN_PASSWORD_CODE_POINTS, 'body.new_password');
    const passwordHash = await hasher.hash(newPassword);
    const { userId, version } = await db.transaction().execute(async (trx) => {
      const userId = await spend(trx);
      await usersRepository.lockSessions(trx, userId, 'update');
      await usersRepository.updatePasswordHash(trx, userId, passwordHash);
      await sessionsRepository.revokeAllOfUser(trx, userId);
      return { userId, version: await usersRepository.bumpSessionVersion(trx, userId) };
    });
    await this.sessionsEnded(userId, version);
  }

  /**
   * After a commit that revoked a user's refresh tokens and moved their session version: the
   * database alone is exact for the database store; an in-memory store (Redis) also needs to
   * hear it, so every process refuses the older tokens without reading the user row.
   */
  private async sessionsEnded(userId: number, version: number): Promise<void> {
    const { tokens } = this.deps;
    await this.deps.revocations.revokeUserSessionsBelow(
      userId,
      version,
      this.nowSec() + tokens.accessTtlSec + tokens.clockToleranceSec + 1,
    );
    this.users.forget(userId);
  }

  /** After an account was deleted: forgets what per-request checks remember of it (the database refuses its tokens from now on). */
  async accountDeleted(userId: number): Promise<void> {
    await this.deps.revocations.revokeUserSessionsBelow(
      userId,
      Number.MAX_SAFE_INTEGER,
      this.nowSec() + this.deps.tokens.accessTtlSec + this.deps.tokens.clockToleranceSec + 1,
    );
    this.users.forget(userId);
  }
}
