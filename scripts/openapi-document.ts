/**
 * The OpenAPI document of the app as buildApp makes it, without listening: for the client
 * generator, the linters and the drift check. `node --import tsx scripts/openapi-document.ts [out.json]`
 * writes it (to stdout without an argument).
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';

/** A fixed configuration, so the document never depends on the machine it is built on. */
const DOCUMENT_ENV = {
  NODE_ENV: 'test',
  DATABASE_URL: 'sqlite::memory:',
  JWT_SECRET: 'openapi-document-build-secret-0123456789abcdef',
  LOG_LEVEL: 'silent',
};

export async function buildOpenApiDocument(): Promise<Record<string, unknown>> {
  const app = await buildApp(loadConfig(DOCUMENT_ENV), { logger: false });
  try {
    await app.ready();
    // A deep copy: @fastify/swagger caches its object, and callers may change theirs.
    return JSON.parse(JSON.stringify(app.swagger())) as Record<string, unknown>;
  } finally {
    await app.close();
  }
}

/** The document as the repository keeps it: two-space JSON with a final newline. */
export function serializeDocument(doc: unknown): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const text = serializeDocument(await buildOpenApiDocument());
  const out = process.argv[2];
  if (out) fs.writeFileSync(out, text);
  else process.stdout.write(text);
}
