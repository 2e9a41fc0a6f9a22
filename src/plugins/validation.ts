/**
 * Two Ajv instances: query strings, params and headers arrive as text and are coerced to the
 * schema's types; JSON bodies are validated strictly, so `"username": 123` is a 400, not "123".
 */
import { Ajv, type Options } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';
import type { DeferredCompilation } from './deferred-compilation.js';

/**
 * `format: uri` is what the WHATWG URL parser (browsers', Node's `URL`) accepts as an absolute URL,
 * without whitespace; schemas narrow it further with a pattern (src/lib/http-url.ts for http(s)).
 */
function isAbsoluteUrl(value: string): boolean {
  if (/\s/.test(value)) return false;
  try {
    return new URL(value).protocol.length > 1;
  } catch {
    return false;
  }
}

let ajvsMade = 0;
/** How many Ajv instances this process has made: each holds its own compiled schemas. */
export const ajvInstancesMade = () => ajvsMade;

export function makeAjv(opts: Options): Ajv {
  ajvsMade += 1;
  const ajv = new Ajv({ removeAdditional: false, useDefaults: true, allErrors: false, strict: false, ...opts });
  addFormats.default(ajv);
  ajv.addFormat('uri', isAbsoluteUrl);
  return ajv;
}

/**
 * The app's validator compiler. Given a DeferredCompilation, each route's validator is compiled
 * when first used (or when the idle server warms them), and the Ajv instances when first needed.
 */
export function createValidatorCompiler(deferred?: DeferredCompilation): FastifySchemaCompiler<unknown> {
  let ajvs: { coercing: Ajv; strict: Ajv } | undefined;
  const instances = () => (ajvs ??= { coercing: makeAjv({ coerceTypes: 'array' }), strict: makeAjv({ coerceTypes: false }) });
  return ({ schema, httpPart }) => {
    // A named schema (with $id) may be the root of several routes' schemas; Ajv registers a root
    // $id once, so compile it anonymously (nested $ids are local to each compilation).
    const { $id: _id, ...anonymous } = schema as Record<string, unknown>;
    const compile = () => instances()[httpPart === 'body' ? 'strict' : 'coercing'].compile(anonymous);
    return deferred ? deferred.defer(compile) : compile();
  };
}
