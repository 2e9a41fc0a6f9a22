/**
 * Every failed API call becomes one ApiProblem: a catalogue message for a cook, and one message
 * per field. The API's own texts (Ajv's "must NOT have fewer than 1 characters", patterns, byte
 * counts, codes) are never shown: the status, the `code` and the field named by `details[].path`
 * choose the words, with a plain fallback for each status.
 */
import type { Key, Message } from '../i18n/index.ts';

export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly msg: Message,
    readonly code?: string,
    /** Messages by field (`title`, `time_minutes`, ...), from the API's `details[].path` or the form's own checks. */
    readonly fields: Record<string, Message> = {},
    readonly retryAfter?: number,
  ) {
    super(msg.key);
  }
}

interface ErrorBody {
  error?: string;
  code?: string;
  details?: { path?: string; message?: string }[];
}

/** The limits of the API's schemas (src/modules/recipes/recipes.schemas.ts, recipe-tags.ts, auth). */
export const LIMITS = {
  title: 200,
  ingredients: 10_000,
  time: 10_080,
  servings: 10_000,
  instructions: 50_000,
  url: 2048,
  tags: 20,
  tag: 40,
  password: 8,
  search: 200,
} as const;

/** What each field of our forms expects, said once for whatever rule it broke. */
export const FIELD_MESSAGES: Record<string, Message> = {
  title: { key: 'field.title', params: { max: LIMITS.title } },
  ingredients: { key: 'field.ingredients', params: { max: LIMITS.ingredients } },
  ingredient_groups: { key: 'field.ingredients', params: { max: LIMITS.ingredients } },
  time_minutes: { key: 'field.time_minutes', params: { max: LIMITS.time } },
  servings: { key: 'field.servings', params: { max: LIMITS.servings } },
  instructions: { key: 'field.instructions', params: { max: LIMITS.instructions } },
  source_url: { key: 'field.url' },
  image_url: { key: 'field.url' },
  tags: { key: 'field.tags', params: { max: LIMITS.tags, length: LIMITS.tag } },
  username: { key: 'field.username' },
  password: { key: 'field.password', params: { min: LIMITS.password } },
  new_password: { key: 'field.password', params: { min: LIMITS.password } },
  url: { key: 'field.importUrl' },
  html: { key: 'field.html' },
  text: { key: 'field.text' },
  max_time: { key: 'field.max_time' },
  q: { key: 'field.search', params: { max: LIMITS.search } },
  ingredient: { key: 'field.search', params: { max: LIMITS.search } },
};

const fieldMessage = (name: string): Message => FIELD_MESSAGES[name] ?? { key: 'field.invalid' };

function fieldName(path: string): string {
  // "body.title", "querystring.max_time", "body.tags.2" -> "title", "max_time", "tags"
  return path.replace(/^(body|querystring|params|headers)\.?/, '').split('.')[0] ?? path;
}

const BY_STATUS: Record<number, Key> = {
  400: 'error.badRequest',
  401: 'error.signedOut',
  403: 'error.forbidden',
  404: 'error.notFound',
  409: 'error.conflict',
  412: 'error.changed',
  413: 'error.tooLarge',
  422: 'error.unprocessable',
  502: 'error.upstream',
  503: 'error.unavailable',
  504: 'error.upstreamSlow',
};
const BY_CODE: Record<string, Key> = {
  INVALID_CREDENTIALS: 'error.credentials',
  PAGE_TOO_MANY_ELEMENTS: 'error.pageTooBig',
  PAGE_TOO_DEEPLY_NESTED: 'error.pageTooBig',
  JSON_LD_TOO_LARGE: 'error.pageTooBig',
  EXTRACTION_BUDGET_EXCEEDED: 'error.pageTooBig',
};
/** Codes that concern one field even when the API names none. */
const FIELD_BY_CODE: Record<string, [string, Message]> = {
  INVALID_TAGS: ['tags', FIELD_MESSAGES.tags!],
  PASSWORD_TOO_SHORT: ['password', FIELD_MESSAGES.password!],
  PASSWORD_UNCHANGED: ['new_password', { key: 'field.passwordUnchanged' }],
};

/** A summary for the banner when fields are marked: "2 entries need fixing". */
export const fixFields = (fields: Record<string, Message>): Message => ({
  key: 'problem.fixFields',
  params: { count: Object.keys(fields).length },
});

export function toProblem(response: Pick<Response, 'status' | 'headers'>, body: unknown): ApiProblem {
  const b = (body && typeof body === 'object' ? body : {}) as ErrorBody;
  const status = response.status;
  const code = typeof b.code === 'string' ? b.code : undefined;
  const retry = Number(response.headers.get('retry-after'));
  const retryAfter = Number.isFinite(retry) && retry > 0 ? retry : undefined;

  const fields: Record<string, Message> = {};
  let badAddress = false;
  for (const d of Array.isArray(b.details) ? b.details : []) {
    if (!d || typeof d.path !== 'string') continue;
    // A bad path parameter (/recipes/abc) means the address is wrong, not something the user typed.
    if (d.path.startsWith('params')) {
      badAddress = true;
      continue;
    }
    const name = fieldName(d.path);
    if (name) fields[name] ??= fieldMessage(name);
  }
  // The service's own rules name their field (and say more than the schema's field message).
  const byCode = code ? FIELD_BY_CODE[code] : undefined;
  if (byCode) fields[byCode[0]] = byCode[1];

  let msg: Message;
  if (status === 429) msg = retryAfter ? { key: 'error.tooMany', params: { count: retryAfter } } : { key: 'error.tooManyNoWait' };
  else if (status === 400 && Object.keys(fields).length > 0) msg = fixFields(fields);
  else if (status === 400 && badAddress) msg = { key: 'error.badAddress' };
  else msg = { key: (code && BY_CODE[code]) || BY_STATUS[status] || (status >= 500 ? 'error.server' : 'error.generic') };
  return new ApiProblem(status, msg, code, fields, retryAfter);
}

export const offline = () => new ApiProblem(0, { key: 'error.offline' }, 'NETWORK');

/** Unwraps an openapi-fetch result: the data, or an ApiProblem thrown. */
export async function unwrap<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<{ data: T; response: Response }> {
  let result;
  try {
    result = await call;
  } catch (err) {
    if (err instanceof ApiProblem) throw err;
    throw offline();
  }
  if (!result.response.ok) throw toProblem(result.response, result.error);
  return { data: result.data as T, response: result.response };
}
