/** The variables of the scraper, pictures, single sign-on and moving in and out (spread into CONFIG_VARIABLES, config.schema.ts). */
import type { ConfigVariable } from './config.schema.js';

export const FEATURE_VARIABLES: Record<string, ConfigVariable> = {
  OIDC_ISSUER: {
    group: 'Single sign-on',
    default: '',
    description:
      'The OpenID Connect provider\'s issuer (`https://auth.example.org`, Keycloak `https://kc.example.org/realms/home`, Authentik `https://authentik.example.org/application/o/recipes/`). With `OIDC_CLIENT_ID` and `OIDC_CLIENT_SECRET`, turns on "Sign in with …" (docs/auth.md). Must be https, except on a loopback address; anything else stops the start.',
  },
  OIDC_CLIENT_ID: { group: 'Single sign-on', default: '', description: 'The client id this service has at the provider.' },
  OIDC_CLIENT_SECRET: {
    group: 'Single sign-on',
    default: '',
    description: 'The client secret (sent with HTTP Basic authentication, `client_secret_basic`).',
  },
  OIDC_REDIRECT_URI: {
    group: 'Single sign-on',
    default: '`PUBLIC_ORIGIN` + `/auth/oidc/callback`',
    description:
      'The redirect URI registered at the provider; one of it and `PUBLIC_ORIGIN` is needed when sign-on is on. https, except on a loopback address.',
  },
  OIDC_PROVIDER_NAME: {
    group: 'Single sign-on',
    default: "the issuer's host name",
    description: 'The name on the sign-in button ("Sign in with Authentik"), at most 60 characters.',
  },
  OIDC_SCOPES: {
    group: 'Single sign-on',
    default: 'openid profile',
    description:
      'Scopes asked for, separated by spaces or commas; must include `openid`. Add `groups` where the provider releases the groups claim only for that scope (Authelia).',
  },
  OIDC_ONLY: {
    group: 'Single sign-on',
    default: 'false',
    description:
      "`true`: password sign-in and registration (`/login`, `/register`, `/session`) answer 403 `PASSWORD_SIGN_IN_DISABLED` and the web app shows only the provider's button. Needs sign-on configured.",
  },
  OIDC_ADMIN_GROUP: {
    group: 'Single sign-on',
    default: '',
    description:
      'A group whose members (the `groups` claim of the ID token or of the userinfo answer, exact name) count as admins; decided anew at every sign-in (docs/auth.md).',
  },

  IMAGE_MAX_BYTES: {
    group: 'Pictures',
    default: '10485760',
    description: 'Largest picture upload in bytes (10 MiB): 413 above it, refused from Content-Length before the body is read.',
  },
  IMAGE_MAX_PIXELS: {
    group: 'Pictures',
    default: '50000000',
    description:
      'Most pixels a picture may declare (50 million), read from its header before decoding: 422 above it (decompression bombs).',
  },
  IMAGE_MAX_CONCURRENT: {
    group: 'Pictures',
    default: 'half the cores, at least 1',
    description: "Pictures decoded and re-encoded at once per process (on sharp's own threads).",
  },
  IMAGE_MAX_QUEUED: {
    group: 'Pictures',
    default: '8',
    description: 'Uploads waiting for an encoder per process; one more gets 503 with `Retry-After`.',
  },
  IMAGE_CACHE_MB: {
    group: 'Pictures',
    default: '32',
    description: 'MB of picture variants each process keeps in memory, so serving one rarely reads the database.',
  },

  SCRAPE_ALLOW_HOSTS: {
    group: 'Scraping',
    default: '',
    description:
      'Comma-separated `host:port` spellings exempt from the private-address rule (the tests serve pages from 127.0.0.1 this way). Nothing else is exempt.',
  },
  SCRAPE_TIMEOUT_MS: { group: 'Scraping', default: '10000', description: 'Connect and whole-response time limit of a fetch (504 above).' },
  SCRAPE_MAX_BYTES: {
    group: 'Scraping',
    default: '5242880',
    description: 'Largest page, counted after decompression (413 above); also the largest page or text sent in a body.',
  },
  SCRAPE_MAX_CONCURRENT: {
    group: 'Scraping',
    default: '16',
    description: 'Outbound fetches at once in the process (a short queue, then 429).',
  },
  SCRAPE_MAX_PER_USER: { group: 'Scraping', default: '2', description: 'Outbound fetches at once per user (429 with `Retry-After`).' },
  SCRAPE_EXTRACT_WORKERS: {
    group: 'Scraping',
    default: 'one per core, at least 2',
    description: 'Extraction worker threads (`DEFAULT_EXTRACT_WORKERS`), started on first use.',
  },
  SCRAPE_EXTRACT_BUDGET_MS: {
    group: 'Scraping',
    default: '5000',
    description: "Longest one page's extraction may run; then 422 `EXTRACTION_BUDGET_EXCEEDED` and the worker is replaced.",
  },
  SCRAPE_MAX_ELEMENTS: {
    group: 'Scraping',
    default: '50000',
    description: 'Elements a page may have, counted before it is parsed (413 `PAGE_TOO_MANY_ELEMENTS`).',
  },
  SCRAPE_MAX_DEPTH: {
    group: 'Scraping',
    default: '512',
    description: "Nesting depth a page may have (422 `PAGE_TOO_DEEPLY_NESTED`; 512 is where Chromium's parser stops nesting).",
  },
  SCRAPE_MAX_JSON_LD_CHARS: {
    group: 'Scraping',
    default: '262144',
    description: 'Characters of one JSON-LD block (413 `JSON_LD_TOO_LARGE`).',
  },

  IMPORT_MAX_BYTES: {
    group: 'Moving in and out',
    default: '52428800',
    description: 'Largest upload to `POST /imports` in bytes (50 MiB): 413 above it, refused from Content-Length before the body is read.',
  },
  IMPORT_MAX_ENTRIES: {
    group: 'Moving in and out',
    default: '10000',
    description:
      'Most entries an uploaded archive may hold, nested archives included (413 `ARCHIVE_TOO_MANY_ENTRIES`, read from its directory).',
  },
  IMPORT_MAX_EXPANDED_BYTES: {
    group: 'Moving in and out',
    default: '536870912',
    description:
      'Most bytes an uploaded archive may expand to, nested archives included (413 `ARCHIVE_TOO_LARGE`): counted as it is read, never trusted from its headers.',
  },
  IMPORT_MAX_RATIO: {
    group: 'Moving in and out',
    default: '100',
    description: 'Highest expansion ratio of an archive, and of any entry over 1 MiB (422 `ARCHIVE_RATIO`): zip bombs.',
  },
  IMPORT_WORKERS: {
    group: 'Moving in and out',
    default: '1',
    description: 'Worker threads that read uploads (archives, JSON, CSV, HTML), started on first use.',
  },
  IMPORT_READ_BUDGET_MS: {
    group: 'Moving in and out',
    default: '60000',
    description:
      'Longest the reading of one upload may take in a worker; then 422 `IMPORT_READ_BUDGET_EXCEEDED` and the worker is replaced.',
  },
};
