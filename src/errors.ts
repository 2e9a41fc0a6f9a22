/**
 * The catalogue of application errors and the one handler that turns any thrown error into
 * the contract's `{"error": ...}` shape. Stable `code`s let clients and tests match errors
 * without parsing messages.
 */
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isDatabaseUnavailable } from './db/database.js';
import { isRedisUnavailable } from './plugins/redis.js';

/**
 * Every `code` an error body can carry: the OpenAPI document publishes this list as the enum of
 * `Error.code`, so clients can switch on it. Fastify's own `FST_*` codes never reach a client;
 * the handler maps them onto these.
 */
export const ERROR_CODES = [
  'BAD_REQUEST',
  'VALIDATION_FAILED',
  'UNAUTHORIZED',
  'INVALID_CREDENTIALS',
  'FORBIDDEN',
  'NOT_FOUND',
  'METHOD_NOT_ALLOWED',
  'CONFLICT',
  'PRECONDITION_FAILED',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'UNPROCESSABLE',
  'TOO_MANY_REQUESTS',
  'INTERNAL',
  'BAD_GATEWAY',
  'SERVICE_UNAVAILABLE',
  'GATEWAY_TIMEOUT',
  // Before any route runs (Node's HTTP parser): a slow or oversized request.
  'REQUEST_TIMEOUT',
  'HEADERS_TOO_LARGE',
  // Passwords (register, PUT /me/password) and tags.
  'PASSWORD_TOO_SHORT',
  'PASSWORD_UNCHANGED',
  'INVALID_TAGS',
  // A page to scrape that is too big or too costly to read.
  'PAGE_TOO_MANY_ELEMENTS',
  'PAGE_TOO_DEEPLY_NESTED',
  'JSON_LD_TOO_LARGE',
  'EXTRACTION_BUDGET_EXCEEDED',
  // A Host name this deployment does not serve (HOST, PUBLIC_ORIGIN, ALLOWED_HOSTS).
  'MISDIRECTED_REQUEST',
  // Single sign-on: a callback that is not the answer to this browser's own sign-in, a provider
  // that refused or sent what does not validate, and password sign-in turned off (OIDC_ONLY).
  'OIDC_STATE_INVALID',
  'OIDC_SIGN_IN_FAILED',
  'PASSWORD_SIGN_IN_DISABLED',
  // Moving in: an upload refused before anything from it is stored (src/modules/moving).
  'ARCHIVE_TOO_MANY_ENTRIES',
  'ARCHIVE_TOO_LARGE',
  'ARCHIVE_RATIO',
  'ARCHIVE_UNSAFE_NAME',
  'ARCHIVE_SYMLINK',
  'ARCHIVE_NESTED',
  'ARCHIVE_CORRUPT',
  'IMPORT_FORMAT_UNKNOWN',
  'IMPORT_FORMAT_MISMATCH',
  'IMPORT_READ_BUDGET_EXCEEDED',
  'IMPORT_RUNNING',
  // One-time codes (invitations, password resets): spent or out of date; and sign-up control.
  'CODE_EXPIRED',
  'LAST_MEMBER',
  'LAST_ADMIN',
  'REGISTRATION_CLOSED',
  'INVITE_REQUIRED',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** The catalogue code for a status that has no more specific one. */
const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  410: 'CODE_EXPIRED',
  412: 'PRECONDITION_FAILED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  421: 'MISDIRECTED_REQUEST',
  422: 'UNPROCESSABLE',
  429: 'TOO_MANY_REQUESTS',
  500: 'INTERNAL',
  502: 'BAD_GATEWAY',
  503: 'SERVICE_UNAVAILABLE',
  504: 'GATEWAY_TIMEOUT',
};

export function codeForStatus(status: number): ErrorCode {
  return CODE_BY_STATUS[status] ?? (status >= 500 ? 'INTERNAL' : 'BAD_REQUEST');
}

/** One problem with a request: where (`body.title`, `querystring.sort`) and what. */
export interface ValidationIssue {
  path: string;
  message: string;
}

export class AppError extends Error {
  readonly statusCode: number;
  readonly code: ErrorCode;
  readonly details?: ValidationIssue[];
  readonly headers?: Record<string, string>;

  constructor(
    statusCode: number,
    code: ErrorCode,
    message: string,
    opts: { details?: ValidationIssue[]; headers?: Record<string, string>; cause?: unknown } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'AppError';
    this.statusCode = statusCode;
    this.code = code;
    this.details = opts.details;
    this.headers = opts.headers;
  }
}

export const BadRequest = (message: string, details?: ValidationIssue[]) => new AppError(400, 'BAD_REQUEST', message, { details });
/** `path` names the field (`body.password`, `body.new_password`), so a form can show the error beside it. */
export const PasswordTooShort = (min: number, path: string) =>
  new AppError(
    400,
    'PASSWORD_TOO_SHORT',
    `Password must be at least ${min} characters (Unicode code points, counted after NFKC normalization)`,
    { details: [{ path, message: `must have at least ${min} characters (Unicode code points, after NFKC normalization)` }] },
  );
export const PasswordUnchanged = () =>
  new AppError(400, 'PASSWORD_UNCHANGED', 'The new password must differ from the current one', {
    details: [{ path: 'body.new_password', message: 'must differ from the current password' }],
  });
export const Unauthorized = (message = 'Missing or invalid token') =>
  new AppError(401, 'UNAUTHORIZED', message, { headers: { 'www-authenticate': 'Bearer' } });
export const InvalidCredentials = () => new AppError(401, 'INVALID_CREDENTIALS', 'Invalid credentials');
export const Forbidden = (message = 'You do not have permission to do this') => new AppError(403, 'FORBIDDEN', message);
export const NotFound = (message = 'Not found') => new AppError(404, 'NOT_FOUND', message);
export const Conflict = (message: string) => new AppError(409, 'CONFLICT', message);
export const MethodNotAllowed = (method: string, path: string, allow: string[]) =>
  new AppError(405, 'METHOD_NOT_ALLOWED', `Method ${method} is not allowed on ${path}; allowed: ${allow.join(', ')}`, {
    headers: { allow: allow.join(', ') },
  });
export const PreconditionFailed = (message = 'The resource has changed; fetch it again') =>
  new AppError(412, 'PRECONDITION_FAILED', message);
export const PayloadTooLarge = (message = 'Payload too large') => new AppError(413, 'PAYLOAD_TOO_LARGE', message);
export const UnsupportedMediaType = (message: string) => new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', message);
/** RFC 9110 15.5.20: the request names a host this server does not serve (a DNS-rebinding page, a wrong name). */
export const MisdirectedRequest = (host: string) =>
  new AppError(
    421,
    'MISDIRECTED_REQUEST',
    `This server does not answer to the host name ${JSON.stringify(host.slice(0, 100))}; see PUBLIC_ORIGIN and ALLOWED_HOSTS`,
  );
/** The callback carries no sign-in this browser started (no, an expired or a forged flow cookie, or another state). */
export const OidcStateInvalid = (message: string) => new AppError(400, 'OIDC_STATE_INVALID', message);
/** The provider refused, or what it sent failed a check (code, ID token signature, issuer, audience, expiry, nonce). */
export const OidcSignInFailed = (message: string) => new AppError(401, 'OIDC_SIGN_IN_FAILED', message);
export const PasswordSignInDisabled = () =>
  new AppError(
    403,
    'PASSWORD_SIGN_IN_DISABLED',
    'Password sign-in and registration are turned off here (OIDC_ONLY); sign in through the identity provider at GET /auth/oidc/start',
  );
export const Unprocessable = (message: string) => new AppError(422, 'UNPROCESSABLE', message);
/**
 * A scraped page refused for what reading it would cost: over one of the parsing bounds (checked
 * before the page is parsed) or over the per-page extraction time budget (docs/import.md).
 */
export const SCRAPE_PAGE_REFUSALS = {
  PAGE_TOO_MANY_ELEMENTS: 413,
  JSON_LD_TOO_LARGE: 413,
  PAGE_TOO_DEEPLY_NESTED: 422,
  EXTRACTION_BUDGET_EXCEEDED: 422,
} as const;
export type ScrapePageRefusal = keyof typeof SCRAPE_PAGE_REFUSALS;
export const isScrapePageRefusal = (code: unknown): code is ScrapePageRefusal =>
  typeof code === 'string' && Object.hasOwn(SCRAPE_PAGE_REFUSALS, code);
export const PageRefused = (code: ScrapePageRefusal, message: string) => new AppError(SCRAPE_PAGE_REFUSALS[code], code, message);
export const TooManyRequests = (retryAfterSeconds: number, message = 'Too many requests, try again later') =>
  new AppError(429, 'TOO_MANY_REQUESTS', message, { headers: { 'retry-after': String(Math.max(1, Math.ceil(retryAfterSeconds))) } });
export const BadGateway = (message = 'Upstream request failed') => new AppError(502, 'BAD_GATEWAY', message);
export const ServiceUnavailable = (message = 'Service temporarily unavailable') => new AppError(503, 'SERVICE_UNAVAILABLE', message);
export const GatewayTimeout = (message = 'Upstream timed out') => new AppError(504, 'GATEWAY_TIMEOUT', message);
/** Tags that break the rules (recipe-tags.ts): empty, longer than 40 characters, control characters, more than 20. */
/** A one-time code that existed but was spent or is out of date. */
export const CodeExpired = (message = 'This code was already used or has expired') => new AppError(410, 'CODE_EXPIRED', message);
export const LastMember = () => new AppError(409, 'LAST_MEMBER', 'The last member of a household cannot be removed from it');
export const LastAdmin = () => new AppError(409, 'LAST_ADMIN', 'The last admin cannot be removed');
export const RegistrationClosed = () => new AppError(403, 'REGISTRATION_CLOSED', 'Registration is closed on this server');
export const InviteRequired = () =>
  new AppError(403, 'INVITE_REQUIRED', 'Registration on this server needs an invitation code (invite_code)');
export const InvalidTags = (message: string) => new AppError(400, 'INVALID_TAGS', message);

/** Fastify's own error codes that are the client's fault: the status, catalogue code and message we answer with. */
const FASTIFY_CLIENT_ERRORS: Record<string, { status: number; code: ErrorCode; message: string }> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
    message: 'Unsupported Content-Type; send application/json',
  },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'PAYLOAD_TOO_LARGE', message: 'Request body is too large' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'BAD_REQUEST', message: 'Request body is empty but Content-Type is application/json' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'BAD_REQUEST', message: 'Request body is not valid JSON' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'BAD_REQUEST', message: 'Invalid Content-Length' },
};

/** Ajv's messages, made readable where they name no values (an enum lists what it allows). */
function issueMessage(v: NonNullable<FastifyError['validation']>[number]): string {
  const params = v.params as { allowedValues?: unknown[]; additionalProperty?: string } | undefined;
  if (v.keyword === 'enum' && Array.isArray(params?.allowedValues))
    return `must be one of ${params.allowedValues.map((x) => JSON.stringify(x)).join(', ')}`;
  if (v.keyword === 'additionalProperties' && params?.additionalProperty)
    return `has an unknown field "${params.additionalProperty.slice(0, 100)}"`;
  return v.message ?? 'is invalid';
}

function validationDetails(error: FastifyError): ValidationIssue[] {
  return (error.validation ?? []).map((v) => {
    const missing = (v.params as { missingProperty?: string } | undefined)?.missingProperty;
    const path = `${error.validationContext ?? 'body'}${v.instancePath ? v.instancePath.replace(/\//g, '.') : ''}${missing ? `.${missing}` : ''}`;
    return { path, message: issueMessage(v) };
  });
}

/** Maps every error to `{"error": ...}`; 5xx bodies are generic and the cause goes to the log only. */
export function errorHandler(this: FastifyInstance, error: FastifyError | AppError, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof AppError) {
    if (error.statusCode >= 500) request.log.warn({ err: error.cause ?? error }, error.message);
    if (error.headers) reply.headers(error.headers);
    const body: Record<string, unknown> = { error: error.message, code: error.code };
    if (error.details) body.details = error.details;
    return reply.status(error.statusCode).send(body);
  }
  if (error.validation) {
    const details = validationDetails(error);
    const first = details[0];
    return reply
      .status(400)
      .send({ error: first ? `Invalid request: ${first.path} ${first.message}` : 'Invalid request', code: 'VALIDATION_FAILED', details });
  }
  const known = error.code ? FASTIFY_CLIENT_ERRORS[error.code] : undefined;
  if (known) return reply.status(known.status).send({ error: known.message, code: known.code });
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    // Other client errors raised by Fastify or a plugin: keep their status and a short message,
    // with the catalogue's code for that status (never a framework's internal code).
    return reply.status(status).send({ error: error.message || 'Bad request', code: codeForStatus(status) });
  }
  // A backend that is down is not a bug: answer 503 at once (clients and load balancers retry)
  // instead of a 500, and keep the details in the log.
  const down = isDatabaseUnavailable(error) ? 'database' : isRedisUnavailable(error) ? 'Redis' : undefined;
  if (down) {
    request.log.warn({ err: error }, `${down} unavailable`);
    return reply
      .status(503)
      .header('retry-after', '1')
      .send({ error: `Service temporarily unavailable: the ${down} is not reachable`, code: 'SERVICE_UNAVAILABLE' });
  }
  request.log.error({ err: error }, 'unhandled error');
  return reply.status(500).send({ error: 'Internal server error', code: 'INTERNAL' });
}

/**
 * Errors Node's HTTP parser raises before there is a request (Fastify's `clientErrorHandler`):
 * a header block over the size limit, a request not received within the header or request
 * timeout, or bytes that are not HTTP. Answered in the same `{error, code}` shape as everything
 * else, then the connection is closed, as Node and Fastify do by default.
 */
const CLIENT_ERRORS: Record<string, { status: number; code: string; error: string }> = {
  HPE_HEADER_OVERFLOW: { status: 431, code: 'HEADERS_TOO_LARGE', error: 'Request header fields are too large' },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, code: 'REQUEST_TIMEOUT', error: 'The request was not received in time' },
};

export function clientErrorHandler(this: FastifyInstance, err: Error & { code?: string }, socket: Socket): void {
  // A reset connection is gone; there is nobody to answer.
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const known = (err.code && CLIENT_ERRORS[err.code]) || { status: 400, code: 'BAD_REQUEST', error: 'Malformed HTTP request' };
  this.log.debug({ err: { code: err.code, message: err.message } }, `client error: ${known.code}`);
  if (socket.writable) {
    const body = JSON.stringify({ error: known.error, code: known.code });
    socket.write(
      `HTTP/1.1 ${known.status} ${STATUS_CODES[known.status]}\r\nContent-Type: application/json; charset=utf-8\r\nX-Content-Type-Options: nosniff\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(err);
}
