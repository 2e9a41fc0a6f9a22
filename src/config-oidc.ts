/**
 * OpenID Connect settings, read from the environment config.ts hands over and checked at start
 * (scripts/config-doc.ts reads the variables here as in config.ts).
 * A provider reached over plain http could have its discovery document, keys and tokens changed
 * by anyone on the path, so the issuer (and the redirect address) must be https, except on a
 * loopback address, where the traffic never leaves the machine.
 */
import { ConfigError } from './config-error.js';
import { isLoopbackBind } from './lib/host-policy.js';

export interface OidcConfig {
  /** The provider's issuer identifier, as it publishes it. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Where the provider sends the browser back: OIDC_REDIRECT_URI, else PUBLIC_ORIGIN + /auth/oidc/callback. */
  redirectUri: string;
  /** Shown on the sign-in button ("Sign in with …"). */
  providerName: string;
  scopes: string[];
  /** OIDC_ONLY: password sign-in and registration are refused, and hidden in the web app. */
  only: boolean;
  /** Members of this group (the `groups` claim) are the provider's admins. */
  adminGroup?: string;
}

/** An http(s) URL without credentials, query or fragment; https unless its host is a loopback address. */
function providerUrl(name: string, raw: string): URL {
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    /* refused below */
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password || url.hash || url.search) {
    throw new ConfigError(`${name} must be an https:// URL without credentials, query or fragment, got "${raw}"`);
  }
  if (url.protocol === 'http:' && !isLoopbackBind(url.hostname)) {
    throw new ConfigError(
      `${name} must use https:// (plain http is allowed only on a loopback address such as 127.0.0.1 or localhost), got "${raw}"`,
    );
  }
  return url;
}

/** One scope: the characters RFC 6749 3.3 allows. */
const SCOPE = /^[\x21\x23-\x5b\x5d-\x7e]{1,100}$/;

/**
 * On when the issuer, client id and client secret are all set; one or two of them alone is a
 * mistake that would silently leave single sign-on off, so it stops the start, as does
 * OIDC_ONLY without a provider (nobody could sign in).
 */
export function parseOidcConfig(
  env: Record<string, string | undefined>,
  only: boolean,
  publicOrigin: string | undefined,
): OidcConfig | undefined {
  const issuer = env.OIDC_ISSUER?.trim() || undefined;
  const clientId = env.OIDC_CLIENT_ID?.trim() || undefined;
  const clientSecret = env.OIDC_CLIENT_SECRET || undefined;
  if (!issuer && !clientId && !clientSecret) {
    if (only)
      throw new ConfigError(
        'OIDC_ONLY=true needs OpenID Connect configured (OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET): nobody could sign in',
      );
    return undefined;
  }
  const missing = Object.entries({ OIDC_ISSUER: issuer, OIDC_CLIENT_ID: clientId, OIDC_CLIENT_SECRET: clientSecret })
    .filter(([, v]) => !v)
    .map(([n]) => n);
  if (missing.length)
    throw new ConfigError(
      `OpenID Connect needs OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET together; missing: ${missing.join(', ')}`,
    );
  const issuerUrl = providerUrl('OIDC_ISSUER', issuer!);
  let redirectUri: string;
  if (env.OIDC_REDIRECT_URI?.trim()) redirectUri = providerUrl('OIDC_REDIRECT_URI', env.OIDC_REDIRECT_URI.trim()).href;
  else if (publicOrigin) redirectUri = `${publicOrigin}/auth/oidc/callback`;
  else
    throw new ConfigError('OpenID Connect needs PUBLIC_ORIGIN (or OIDC_REDIRECT_URI) to tell the provider where to send the browser back');
  const scopes = [...new Set((env.OIDC_SCOPES ?? 'openid profile').split(/[\s,]+/).filter(Boolean))];
  if (!scopes.includes('openid')) throw new ConfigError(`OIDC_SCOPES must include openid, got "${env.OIDC_SCOPES}"`);
  if (!scopes.every((s) => SCOPE.test(s)))
    throw new ConfigError(`OIDC_SCOPES holds a character a scope may not have, got "${env.OIDC_SCOPES}"`);
  const providerName = env.OIDC_PROVIDER_NAME?.trim() || issuerUrl.hostname;
  if (providerName.length > 60) throw new ConfigError('OIDC_PROVIDER_NAME must be at most 60 characters');
  const adminGroup = env.OIDC_ADMIN_GROUP?.trim() || undefined;
  return {
    issuer: issuer!,
    clientId: clientId!,
    clientSecret: clientSecret!,
    redirectUri,
    providerName,
    scopes,
    only,
    adminGroup,
  };
}
