import { Type } from 'typebox';

export const AuthMethods = Type.Object(
  {
    password: Type.Boolean({ description: 'Whether password sign-in and registration are offered (false with OIDC_ONLY=true)' }),
    oidc: Type.Union(
      [
        Type.Object(
          {
            provider_name: Type.String({
              maxLength: 60,
              description: "The provider's name for the sign-in button (OIDC_PROVIDER_NAME)",
              examples: ['Authentik'],
            }),
            start_url: Type.Literal('/auth/oidc/start', {
              description: 'Where a browser goes to sign in through the provider (add `?next=/path` to come back there)',
            }),
          },
          { additionalProperties: false },
        ),
        Type.Null(),
      ],
      { description: 'Single sign-on through an OpenID Connect provider, or null when none is configured' },
    ),
  },
  {
    $id: 'AuthMethods',
    additionalProperties: false,
    description: 'How one may sign in here',
    examples: [{ password: true, oidc: { provider_name: 'Authentik', start_url: '/auth/oidc/start' } }],
  },
);

export const OidcStartQuery = Type.Object(
  {
    next: Type.Optional(
      Type.String({
        maxLength: 2000,
        description: 'A path of this site to return to after signing in (anything else, another origin included, returns to /)',
        examples: ['/recipe/7'],
      }),
    ),
  },
  { additionalProperties: false },
);

/**
 * The provider's answer, as it puts it in the redirect. Other parameters are let through (and
 * ignored): providers add their own, such as Keycloak's `session_state`.
 */
/** Printable ASCII: what RFC 6749 (Appendix A) allows in a code, a state and an error. */
const VSCHAR = '^[\\x20-\\x7e]+$';
export const OidcCallbackQuery = Type.Object(
  {
    code: Type.Optional(Type.String({ maxLength: 2048, pattern: VSCHAR, description: 'The authorization code' })),
    state: Type.Optional(
      Type.String({ maxLength: 512, pattern: VSCHAR, description: 'Must be the state of the sign-in this browser started' }),
    ),
    iss: Type.Optional(
      Type.String({ maxLength: 2048, format: 'uri', description: 'The issuer (RFC 9207), checked when the provider sends it' }),
    ),
    error: Type.Optional(Type.String({ maxLength: 200, pattern: VSCHAR, description: "The provider's refusal (access_denied, …)" })),
    error_description: Type.Optional(Type.String({ maxLength: 2000, pattern: VSCHAR, description: "The provider's words on its refusal" })),
  },
  { additionalProperties: Type.String({ maxLength: 2048 }) },
);

/** A redirect: no body, the address in Location. */
export const redirectTo = (description: string) => ({
  description,
  headers: { Location: { type: 'string', format: 'uri-reference', maxLength: 8192, description: 'Where the browser goes next' } },
  type: 'null',
});
