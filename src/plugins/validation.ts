/**
 * Two Ajv instances: query strings, params and headers arrive as text and are coerced to the
 * schema's types; JSON bodies are validated strictly, so `"username": 123` is a 400, not "123".
 */
import { Ajv, type Options } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';

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

export function makeAjv(opts: Options): Ajv {
  const ajv = new Ajv({ removeAdditional: false, useDefaults: true, allErrors: false, strict: false, ...opts });
  addFormats.default(ajv);
  ajv.addFormat('uri', isAbsoluteUrl);
  return ajv;
}

export function createValidatorCompiler(): FastifySchemaCompiler<unknown> {
  const coercing = makeAjv({ coerceTypes: 'array' });
  const strict = makeAjv({ coerceTypes: false });
  return ({ schema, httpPart }) => {
    // A named schema (with $id) may be the root of several routes' schemas; Ajv registers a root
    // $id once, so compile it anonymously (nested $ids are local to each compilation).
    const { $id: _id, ...anonymous } = schema as Record<string, unknown>;
    return (httpPart === 'body' ? strict : coercing).compile(anonymous);
  };
}
