/**
 * Sign-in through an OpenID Connect provider: discovery, the authorization code flow with PKCE
 * (S256), state and nonce, and an ID token checked against the provider's published keys (its
 * signature, issuer, audience, expiry and nonce; openid-client does the checks). An account is
 * linked by the provider's (issuer, subject) only, and made at the first sign-in.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import * as oidc from 'openid-client';
import type { OidcConfig } from '../../config-oidc.js';
import { AppError, BadGateway, Conflict, OidcSignInFailed, OidcStateInvalid } from '../../errors.js';
import type { Clock } from '../../lib/clock.js';
import { isUniqueViolation, type Db } from '../../lib/db.js';
import type { AuthService, TokenPair } from '../auth/auth.service.js';
import { FLOW_TTL_SEC, type FlowSealer } from './flow-cookie.js';
import { isAdminGroupMember, safeReturnPath, usernameBase, usernameCandidates, type ProfileClaims } from './oidc-claims.js';
import { oidcIdentitiesRepository } from './oidc-identities.repository.js';

/** What one sign-in did to the accounts. */
export interface OidcSignInResult {
  userId: number;
  /** A new account was made for this identity (its first sign-in). */
  created: boolean;
  /**
   * With OIDC_ADMIN_GROUP set: whether this sign-in's `groups` claim names that group (decided
   * anew at every sign-in, so leaving the group at the provider is seen at the next one);
   * undefined without it.
   */
  adminGroupMember?: boolean;
}

export interface OidcServiceDeps {
  config: OidcConfig;
  db: Db;
  auth: Pick<AuthService, 'startSession' | 'usernameTaken' | 'createPasswordlessUser'>;
  clock: Clock;
  sealer: FlowSealer;
  log: FastifyBaseLogger;
  /**
   * Gives the account the admin-group decision, in the transaction that links the identity, at
   * every sign-in while OIDC_ADMIN_GROUP is set. Roles belong to the accounts, so whoever keeps
   * them provides this; without it the decision is only reported in the result.
   */
  applyAdminGroup?: (trx: Db, userId: number, isMember: boolean) => Promise<void>;
}

/** The provider's metadata is discovered again after this long (its keys are re-read by openid-client when a new `kid` shows up). */
const DISCOVERY_TTL_MS = 60 * 60_000;
/** Seconds one request to the provider may take. */
const PROVIDER_TIMEOUT_SEC = 10;
/** Names tried before giving up on a free username (the last ones are random). */
const MAX_USERNAME_TRIES = 25;
/** Rounds of the linking transaction when a unique index refused it (see signIn). */
const MAX_ATTEMPTS = 6;

/** openid-client's codes for an answer that arrived but did not validate (as opposed to one that never arrived). */
const REFUSED_CODES = new Set([
  'OAUTH_JWT_TIMESTAMP_CHECK_FAILED',
  'OAUTH_JWT_CLAIM_COMPARISON_FAILED',
  'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED',
  'OAUTH_KEY_SELECTION_FAILED',
  'OAUTH_INVALID_RESPONSE',
]);

const sameText = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

export class OidcService {
  private discovery?: { at: number; config: Promise<oidc.Configuration> };

  constructor(private readonly deps: OidcServiceDeps) {}

  get providerName(): string {
    return this.deps.config.providerName;
  }

  /** The provider's configuration, discovered once and kept for an hour; a failed discovery is tried again at the next request. */
  private configuration(): Promise<oidc.Configuration> {
    const now = this.deps.clock();
    if (!this.discovery || now - this.discovery.at > DISCOVERY_TTL_MS) {
      const config = this.discover();
      this.discovery = { at: now, config };
      config.catch(() => {
        if (this.discovery?.config === config) this.discovery = undefined;
      });
    }
    return this.discovery.config;
  }

  private async discover(): Promise<oidc.Configuration> {
    const { issuer, clientId, clientSecret } = this.deps.config;
    const url = new URL(issuer);
    try {
      return await oidc.discovery(url, clientId, { client_secret: clientSecret }, oidc.ClientSecretBasic(clientSecret), {
        timeout: PROVIDER_TIMEOUT_SEC,
        // Signatures of ID tokens are checked against the provider's JWKS even though they come
        // straight from its token endpoint; plain http only where config.ts allowed it (loopback).
        execute: [oidc.enableNonRepudiationChecks, ...(url.protocol === 'http:' ? [oidc.allowInsecureRequests] : [])],
      });
    } catch (err) {
      this.deps.log.warn(
        { err: { message: (err as Error).message, code: (err as { code?: string }).code } },
        'OpenID Connect discovery failed',
      );
      throw BadGateway('The identity provider could not be reached; try again later');
    }
  }

  /** Where to send the browser to sign in, and the sealed flow to keep in its cookie until it comes back. */
  async start(next: string | undefined): Promise<{ location: string; flowCookie: string }> {
    const config = await this.configuration();
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const url = oidc.buildAuthorizationUrl(config, {
      response_type: 'code',
      redirect_uri: this.deps.config.redirectUri,
      scope: this.deps.config.scopes.join(' '),
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    const flowCookie = this.deps.sealer.seal({
      state,
      nonce,
      verifier,
      next: safeReturnPath(next),
      expiresAt: this.deps.clock() + FLOW_TTL_SEC * 1000,
    });
    return { location: url.href, flowCookie };
  }

  /**
   * The callback: the flow from this browser's cookie must match the answer's state; then the code
   * is redeemed (with the PKCE verifier) and the ID token checked (with the nonce); then the
   * account is found or made, and a session started for it.
   */
  async finish(
    query: URLSearchParams,
    flowCookie: string | undefined,
  ): Promise<{ pair: TokenPair; next: string; result: OidcSignInResult }> {
    const flow = this.deps.sealer.open(flowCookie, this.deps.clock());
    if (!flow)
      throw OidcStateInvalid('No sign-in through the identity provider was started in this browser in the last 10 minutes; start again');
    const state = query.get('state');
    if (state === null || !sameText(state, flow.state))
      throw OidcStateInvalid(
        'This answer from the identity provider is not for the sign-in this browser started (state differs); start again',
      );
    const config = await this.configuration();
    const currentUrl = new URL(this.deps.config.redirectUri);
    currentUrl.search = query.toString();
    let profile: ProfileClaims & { sub: string; iss: string };
    try {
      const tokens = await oidc.authorizationCodeGrant(config, currentUrl, {
        pkceCodeVerifier: flow.verifier,
        expectedState: flow.state,
        expectedNonce: flow.nonce,
        idTokenExpected: true,
      });
      const claims = tokens.claims();
      if (!claims) throw OidcSignInFailed('The identity provider sent no ID token');
      // Profile claims may be only in the userinfo answer (providers that keep ID tokens small);
      // the ID token's own values win, and the subject must be the same (openid-client checks).
      const info = config.serverMetadata().userinfo_endpoint ? await oidc.fetchUserInfo(config, tokens.access_token, claims.sub) : {};
      profile = { ...info, ...claims };
    } catch (err) {
      throw this.providerError(err);
    }
    const result = await this.signIn(profile.iss, profile.sub, profile);
    const pair = await this.deps.auth.startSession(result.userId);
    return { pair, next: flow.next, result };
  }

  /**
   * Finds the account linked to (issuer, subject), or makes one and links it, in one transaction.
   * Two first sign-ins of one identity at once: the primary key lets one commit, the other's
   * unique violation sends it round again, where it finds the account the first made. Sign-ins
   * of different people racing for one username go round the same way; from the third round on
   * a new account takes a random suffix at once, so a crowd cannot keep colliding.
   */
  async signIn(issuer: string, subject: string, profile: ProfileClaims): Promise<OidcSignInResult> {
    const { db, clock, config, applyAdminGroup } = this.deps;
    const adminGroupMember = config.adminGroup === undefined ? undefined : isAdminGroupMember(profile, config.adminGroup);
    for (let attempt = 1; ; attempt++) {
      const at = new Date(clock()).toISOString();
      try {
        return await db.transaction().execute(async (trx) => {
          let userId = await oidcIdentitiesRepository.findUserId(trx, issuer, subject);
          const created = userId === undefined;
          if (userId === undefined) {
            userId = await this.createAccount(trx, profile, attempt >= 3);
            await oidcIdentitiesRepository.insert(trx, { issuer, subject, userId, at });
          } else {
            await oidcIdentitiesRepository.touch(trx, issuer, subject, at);
          }
          if (adminGroupMember !== undefined && applyAdminGroup) await applyAdminGroup(trx, userId, adminGroupMember);
          return { userId, created, adminGroupMember };
        });
      } catch (err) {
        if (attempt < MAX_ATTEMPTS && isUniqueViolation(err)) continue;
        throw err;
      }
    }
  }

  private async createAccount(trx: Db, profile: ProfileClaims, randomFirst: boolean): Promise<number> {
    const { auth } = this.deps;
    let tries = 0;
    for (const name of usernameCandidates(usernameBase(profile), () => randomBytes(4).toString('hex'), randomFirst)) {
      if (++tries > MAX_USERNAME_TRIES) break;
      if (!(await auth.usernameTaken(trx, name))) return auth.createPasswordlessUser(trx, name);
    }
    throw Conflict('No free username could be found for this account');
  }

  /** A refusal by the provider, or an answer that failed a check, is 401; one that never came (or came broken) is 502. */
  private providerError(err: unknown): AppError {
    if (err instanceof AppError) return err;
    const e = err as { code?: string; error?: string; status?: number; message?: string };
    const { log } = this.deps;
    if (err instanceof oidc.AuthorizationResponseError) {
      return OidcSignInFailed(`The identity provider did not sign you in (${String(e.error).slice(0, 100)})`);
    }
    if ((err instanceof oidc.ResponseBodyError || err instanceof oidc.WWWAuthenticateChallengeError) && (e.status ?? 400) < 500) {
      log.info({ err: { code: e.code, error: e.error, status: e.status } }, 'the identity provider refused a sign-in');
      return OidcSignInFailed(`The identity provider refused the sign-in (${String(e.error ?? e.status).slice(0, 100)}); start again`);
    }
    if (e.code && REFUSED_CODES.has(e.code)) {
      log.warn({ err: { code: e.code, message: e.message } }, 'an answer of the identity provider failed a check');
      return OidcSignInFailed(`What the identity provider sent did not pass the checks (${String(e.message).slice(0, 200)})`);
    }
    log.warn({ err: { code: e.code, message: e.message } }, 'the identity provider could not be used');
    return BadGateway('The identity provider could not be reached or answered unexpectedly; try again later');
  }
}
