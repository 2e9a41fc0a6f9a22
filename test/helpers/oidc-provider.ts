/**
 * A real OpenID Connect provider (oidc-provider) on 127.0.0.1 for the single sign-on tests, with
 * one confidential client, PKCE required, RS256 keys made for the run, and an interaction that
 * signs in at once as the account the test chose (`provider.nextLogin`). A test may also have the
 * token endpoint's ID token re-signed with other claims or another key (`provider.rewriteIdToken`),
 * to see the service refuse what a broken or hostile provider would send.
 *
 * `signInThrough(app, provider)` drives a browser's part of the flow: GET /auth/oidc/start on the
 * app (injected), the provider's pages over real HTTP with a cookie jar of their own, and back to
 * the app's callback with the flow cookie, as a browser would carry it.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, type TestContext } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { SignJWT, decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair, type JWTPayload } from 'jose';
import Provider, { type Configuration } from 'oidc-provider';
import { buildTestApp } from './build.js';

export interface TestAccount {
  sub: string;
  preferred_username?: string;
  name?: string;
  email?: string;
  email_verified?: boolean;
  groups?: string[];
}

export interface TestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  /** The account the next interaction signs in as. */
  nextLogin: TestAccount;
  /** When set, the ID token of each token answer is re-signed with the claims this returns (and `rewriteKey`, else the provider's key). */
  rewriteIdToken?: (claims: JWTPayload) => JWTPayload;
  /** Another private key to re-sign with (one the provider's JWKS does not publish), with the provider's `kid`. */
  rewriteKey?: CryptoKey;
  /** Environment for an app that uses this provider. */
  env: Record<string, string>;
  close(): Promise<void>;
}

const DEFAULT_LOGIN: TestAccount = { sub: 'sub-ana', preferred_username: 'ana', name: 'Ana Souza' };

export async function startTestProvider(opts: { redirectUri?: string; clientSecret?: string; port?: number } = {}): Promise<TestProvider> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: 'test-rs256', alg: 'RS256', use: 'sig' };
  // Idle connections kept longer than fetch keeps them (4 s), so a request never meets a socket
  // the server is closing at that moment (on a loaded machine the two timers can cross).
  const server = http.createServer({ keepAliveTimeout: 60_000 });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = 'gourmet-test';
  const clientSecret = opts.clientSecret ?? 'a-client-secret-for-the-tests-0123456789';
  const redirectUri = opts.redirectUri ?? 'http://127.0.0.1:5999/auth/oidc/callback';
  const accounts = new Map<string, TestAccount>();

  const configuration: Configuration = {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [jwk as never] },
    cookies: { keys: ['test-cookie-key-0123456789abcdef'] },
    pkce: { required: () => true },
    features: { devInteractions: { enabled: false } },
    claims: { openid: ['sub'], profile: ['name', 'preferred_username'], email: ['email', 'email_verified'], groups: ['groups'] },
    scopes: ['openid', 'profile', 'email', 'groups'],
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: async (_ctx, sub) => {
      const account = accounts.get(sub);
      if (!account) return undefined;
      return { accountId: sub, claims: async () => ({ ...account }) };
    },
    // A first-party client: every scope it asks for is granted without a consent page.
    loadExistingGrant: async (ctx) => {
      const accountId = ctx.oidc.session?.accountId;
      if (!accountId || !ctx.oidc.client) return undefined;
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId });
      grant.addOIDCScope(String(ctx.oidc.params?.scope ?? 'openid'));
      await grant.save();
      return grant;
    },
    ttl: { AccessToken: 3600, AuthorizationCode: 120, IdToken: 3600, Interaction: 600, Session: 3600, Grant: 3600 },
  };
  const provider = new Provider(issuer, configuration);
  const test: TestProvider = {
    issuer,
    clientId,
    clientSecret,
    redirectUri,
    nextLogin: { ...DEFAULT_LOGIN },
    env: {
      OIDC_ISSUER: issuer,
      OIDC_CLIENT_ID: clientId,
      OIDC_CLIENT_SECRET: clientSecret,
      OIDC_REDIRECT_URI: redirectUri,
      OIDC_PROVIDER_NAME: 'Test ID',
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  // The token endpoint's answer, re-signed when a test asks for a broken or hostile ID token.
  provider.use(async (ctx, next) => {
    await next();
    const body = ctx.body as { id_token?: string } | undefined;
    if (ctx.path !== '/token' || !test.rewriteIdToken || !body?.id_token) return;
    const claims = test.rewriteIdToken(decodeJwt(body.id_token));
    const header = decodeProtectedHeader(body.id_token);
    body.id_token = await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: header.kid }).sign(test.rewriteKey ?? privateKey);
  });

  const callback = provider.callback();
  server.on('request', (req, res) => {
    if (!req.url?.startsWith('/interaction/')) {
      callback(req, res);
      return;
    }
    // The interaction signs in at once as the chosen account: no page, no form.
    void (async () => {
      const account = test.nextLogin;
      accounts.set(account.sub, account);
      await provider.interactionDetails(req, res);
      await provider.interactionFinished(req, res, { login: { accountId: account.sub } }, { mergeWithLastSubmission: false });
    })().catch((err: unknown) => {
      res.statusCode = 500;
      res.end(String(err));
    });
  });
  return test;
}

/** A small cookie jar for the provider's own cookies (its session and interaction cookies). */
class CookieJar {
  private readonly cookies = new Map<string, string>();

  take(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(line) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

/** The Set-Cookie value of cookie `name` in an injected answer ('' when it is cleared), or undefined when it is not set. */
export function setCookie(res: LightMyRequestResponse, name: string): { value: string; line: string } | undefined {
  const lines = ([] as string[]).concat((res.headers['set-cookie'] as string | string[] | undefined) ?? []);
  const line = lines.filter((l) => l.startsWith(`${name}=`)).at(-1);
  return line === undefined ? undefined : { value: line.slice(name.length + 1).split(';')[0]!, line };
}

export interface FlowSteps {
  /** The app's answer to GET /auth/oidc/start. */
  start: LightMyRequestResponse;
  /** The provider's authorization URL the app redirected to (possibly changed by `changeAuthorizationUrl`). */
  authorizationUrl: URL;
  /** The flow cookie as the browser keeps it ("gourmet_oidc=…"). */
  flowCookie: string;
  /** The callback path and query the provider sent the browser to. */
  callbackPath: string;
}

/**
 * The browser's part up to the callback: start on the app, then through the provider (following
 * its redirects, signing in through the automatic interaction) until it redirects to the app's
 * redirect URI. `changeAuthorizationUrl` may alter the request to the provider (a tampered nonce).
 */
export async function throughProvider(
  app: FastifyInstance,
  provider: TestProvider,
  opts: { next?: string; changeAuthorizationUrl?: (url: URL) => void } = {},
): Promise<FlowSteps> {
  const start = await app.inject({ method: 'GET', url: `/auth/oidc/start${opts.next ? `?next=${encodeURIComponent(opts.next)}` : ''}` });
  assert.equal(start.statusCode, 302, start.body);
  const authorizationUrl = new URL(String(start.headers.location));
  opts.changeAuthorizationUrl?.(authorizationUrl);
  const flow = setCookie(start, 'gourmet_oidc');
  assert.ok(flow && flow.value, 'the flow cookie is set');
  const jar = new CookieJar();
  let url = authorizationUrl.href;
  for (let hop = 0; hop < 10; hop++) {
    const res = await fetch(url, { redirect: 'manual', headers: { cookie: jar.header() } });
    jar.take(res);
    const location = res.headers.get('location');
    assert.ok(res.status >= 300 && res.status < 400 && location, `the provider redirects (hop ${hop}: ${res.status} ${await res.text()})`);
    const next = new URL(location, url);
    if (next.href.startsWith(provider.redirectUri)) {
      return { start, authorizationUrl, flowCookie: `gourmet_oidc=${flow.value}`, callbackPath: next.pathname + next.search };
    }
    url = next.href;
  }
  throw new Error('the provider never redirected back to the app');
}

/** The app's callback, with the flow cookie as the browser would send it. */
export function callback(
  app: FastifyInstance,
  steps: Pick<FlowSteps, 'callbackPath' | 'flowCookie'>,
  cookie = steps.flowCookie,
): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'GET', url: steps.callbackPath, headers: cookie ? { cookie } : {} });
}

/**
 * One provider for a whole test file (started before its first test, closed after its last), put
 * back to its defaults before each test; `setup` builds a test's app on a fresh database using it.
 */
export function oidcSuite() {
  let provider: TestProvider | undefined;
  before(async () => {
    provider = await startTestProvider();
  });
  after(async () => {
    await provider?.close();
  });
  beforeEach(() => {
    if (!provider) return;
    provider.nextLogin = { ...DEFAULT_LOGIN };
    provider.rewriteIdToken = undefined;
    provider.rewriteKey = undefined;
  });
  return {
    async setup(t: TestContext, env: Record<string, string> = {}) {
      assert.ok(provider, 'the provider is running');
      const ctx = await buildTestApp(t, { env: { ...provider.env, ...env } });
      return { ...ctx, provider };
    },
  };
}

const CSRF = { 'x-requested-with': 'fetch' };

/** The session the callback set, used as the web app does: POST /session/refresh, then /me with the access token. */
export async function sessionUser(app: FastifyInstance, res: LightMyRequestResponse): Promise<{ id: number; username: string }> {
  const cookie = setCookie(res, 'gourmet_refresh');
  assert.ok(cookie?.value, `the session cookie is set (${res.statusCode} ${res.body})`);
  assert.match(cookie.line, /HttpOnly/i);
  assert.match(cookie.line, /SameSite=Strict/i);
  assert.match(cookie.line, /Path=\//);
  const refreshed = await app.inject({
    method: 'POST',
    url: '/session/refresh',
    headers: { ...CSRF, cookie: `gourmet_refresh=${cookie.value}` },
  });
  assert.equal(refreshed.statusCode, 200, refreshed.body);
  const me = await app.inject({ method: 'GET', url: '/me', headers: { authorization: `Bearer ${refreshed.json().access_token}` } });
  assert.equal(me.statusCode, 200, me.body);
  return me.json();
}

/** A refused callback: the status and code, `{error, code}`, no session cookie, and the flow cookie cleared. */
export function assertRefused(res: LightMyRequestResponse, status: number, code: string): void {
  assert.equal(res.statusCode, status, res.body);
  const body = res.json();
  assert.equal(body.code, code, res.body);
  assert.equal(typeof body.error, 'string');
  assert.equal(setCookie(res, 'gourmet_refresh')?.value || undefined, undefined, 'no session cookie');
  assert.equal(setCookie(res, 'gourmet_oidc')?.value, '', 'the flow cookie is cleared');
}

export async function userCount(app: FastifyInstance): Promise<number> {
  const row = await app.db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
