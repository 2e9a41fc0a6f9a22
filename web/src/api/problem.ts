/** Every failed API call becomes one ApiProblem: a message a cook can read, and field errors by field name. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: string,
    /** Validation errors by field (`title`, `time_minutes`, ...), from the API's `details[].path`. */
    readonly fields: Record<string, string> = {},
    readonly retryAfter?: number,
  ) {
    super(message);
  }
}

interface ErrorBody { error?: string; code?: string; details?: { path?: string; message?: string }[] }

function fieldName(path: string): string {
  // "body.title", "querystring.max_time", "body.tags.2" -> "title", "max_time", "tags"
  return path.replace(/^(body|querystring|params|headers)\.?/, '').split('.')[0] ?? path;
}

export function toProblem(response: Response, body: unknown): ApiProblem {
  const b = (body && typeof body === 'object' ? body : {}) as ErrorBody;
  const retry = Number(response.headers.get('retry-after'));
  const retryAfter = Number.isFinite(retry) && retry > 0 ? retry : undefined;
  const fields: Record<string, string> = {};
  for (const d of Array.isArray(b.details) ? b.details : []) {
    if (d && typeof d.path === 'string') {
      const name = fieldName(d.path);
      fields[name] ??= d.message ?? 'is invalid';
    }
  }
  const status = response.status;
  let message = b.error ?? `The server answered ${status}`;
  if (status === 429) message = `Too many requests. Please wait ${retryAfter ?? 'a few'} second${retryAfter === 1 ? '' : 's'} and try again.`;
  if (status === 503) message = 'The catalog is briefly unavailable (its database is not answering). Please try again in a moment.';
  // Every error belongs to a named field: point at the fields; otherwise keep the API's own message.
  if (status === 400 && Object.keys(fields).length > 0 && !('' in fields)) message = 'Please correct the highlighted fields.';
  return new ApiProblem(status, message, b.code, fields, retryAfter);
}

export const offline = () => new ApiProblem(0, 'Could not reach the server. Check your connection and try again.', 'NETWORK');

/** Unwraps an openapi-fetch result: the data, or an ApiProblem thrown. */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<{ data: T; response: Response }> {
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
