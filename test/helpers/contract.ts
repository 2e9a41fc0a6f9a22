/**
 * Holds every response of a test app to the OpenAPI document: one onSend hook checks that the
 * status is declared for the route and that the body matches the declared schema (Ajv over the
 * document itself, so `$ref`s, `nullable` and formats mean what they mean to clients). The
 * document is the app's own `app.swagger()`, read at the first response.
 *
 * Responses outside any documented route (the 404 of an unknown URL) must be the standard error
 * shape; hidden routes (the document itself, Swagger UI's files) are not checked.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ValidateFunction } from 'ajv';
import { makeAjv } from '../../src/plugins/validation.js';

export interface ContractViolation {
  method: string;
  url: string;
  status: number;
  problem: string;
}

type Doc = {
  paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> }>>;
  components?: { schemas?: Record<string, unknown> };
};

const escape = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

/** Compiles response schemas of one document, each once. */
class DocumentValidator {
  private readonly ajv = makeAjv({ coerceTypes: false, useDefaults: false, allErrors: true });
  private readonly cache = new Map<string, ValidateFunction>();

  constructor(readonly doc: Doc) {
    // The whole document as one schema resource: `#/components/schemas/X` inside any response
    // schema then resolves against it, exactly as in the document.
    this.ajv.addSchema({ ...doc, $id: 'openapi' } as object);
  }

  validator(pointer: string): ValidateFunction {
    let fn = this.cache.get(pointer);
    if (!fn) {
      fn = this.ajv.compile({ $ref: `openapi#${pointer}` });
      this.cache.set(pointer, fn);
    }
    return fn;
  }
}

const validators = new Map<string, DocumentValidator>();
function validatorFor(doc: Doc): DocumentValidator {
  const key = JSON.stringify(doc);
  let v = validators.get(key);
  if (!v) {
    v = new DocumentValidator(doc);
    validators.set(key, v);
  }
  return v;
}

function check(v: DocumentValidator, request: FastifyRequest, reply: FastifyReply, payload: unknown): string | undefined {
  const status = reply.statusCode;
  const route = request.routeOptions;
  const schema = route.schema as { hide?: boolean } | undefined;
  if (schema?.hide) return undefined;
  const contentType = String(reply.getHeader('content-type') ?? '');
  let pointer: string;
  let declaredTypes: string[] = ['application/json'];
  if (!route.url) {
    pointer = '/components/schemas/Error';
  } else {
    if (!schema) return undefined; // a route without a schema is not in the document (Swagger UI's static files)
    const path = route.url.replace(/:(\w+)/g, '{$1}');
    // Fastify answers HEAD with the GET route (without the body).
    const method = request.method === 'HEAD' ? 'get' : request.method.toLowerCase();
    if (request.method === 'HEAD') payload = undefined;
    const op = v.doc.paths[path]?.[method];
    if (!op) return `${request.method} ${path} is served but not in the document`;
    const response = op.responses?.[String(status)] ?? op.responses?.[`${String(status)[0]}XX`];
    if (!response) return `status ${status} is not declared (declared: ${Object.keys(op.responses ?? {}).join(', ')})`;
    if (!response.content) {
      const empty = payload === undefined || payload === null || payload === '';
      return empty || status === 204 || status === 304 ? undefined : `status ${status} is declared without a body but one was sent`;
    }
    declaredTypes = Object.keys(response.content);
    const mediaType = declaredTypes.find((t) => contentType.startsWith(t));
    if (!mediaType) return `content-type "${contentType}" is not declared for ${status} (declared: ${declaredTypes.join(', ')})`;
    if (!mediaType.includes('json')) return undefined;
    if (request.method === 'HEAD') return undefined;
    pointer = `/paths/${escape(path)}/${method}/responses/${status}/content/${escape(mediaType)}/schema`;
  }
  if (!contentType.includes('json')) return `content-type "${contentType}" where JSON is declared`;
  let body: unknown;
  try {
    body = JSON.parse(typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : String(payload));
  } catch {
    return 'the body is not JSON';
  }
  const validate = v.validator(pointer);
  if (validate(body)) return undefined;
  const errors = (validate.errors ?? [])
    .slice(0, 5)
    .map((e) => `${e.instancePath || '(body)'} ${e.message}`)
    .join('; ');
  return `the body does not match the declared schema: ${errors}; body: ${JSON.stringify(body).slice(0, 300)}`;
}

/** Adds the checking hook to `app` (before ready); violations are pushed to the returned list. */
export function holdToContract(app: FastifyInstance): ContractViolation[] {
  const violations: ContractViolation[] = [];
  let validator: DocumentValidator | undefined;
  app.addHook('onSend', async (request, reply, payload) => {
    // Streams (Swagger UI's files) are never JSON bodies of documented routes.
    if (payload !== null && typeof payload === 'object' && !Buffer.isBuffer(payload)) return payload;
    validator ??= validatorFor(app.swagger() as unknown as Doc);
    const problem = check(validator, request, reply, payload);
    if (problem) violations.push({ method: request.method, url: request.url, status: reply.statusCode, problem });
    return payload;
  });
  return violations;
}

export function describeViolations(violations: ContractViolation[]): string {
  return violations.map((v) => `${v.method} ${v.url} -> ${v.status}: ${v.problem}`).join('\n');
}
