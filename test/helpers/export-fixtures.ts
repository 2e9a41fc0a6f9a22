/**
 * Other apps' export files in ../shared/fixtures/exports (read in place, never copied into the
 * project). Tests over them skip with one line when ../shared is absent, and fail under CI=true.
 */
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LoggedInUser } from './build.js';

export const EXPORTS_DIR = process.env.RECIPE_FIXTURES_ROOT
  ? path.resolve(process.env.RECIPE_FIXTURES_ROOT, 'exports')
  : path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/fixtures/exports');

const CI = process.env.CI === 'true' || process.env.CI === '1';
const present = fs.existsSync(path.join(EXPORTS_DIR, 'README.md'));

/** The `skip` option of a test over the export files: false when they are there (or under CI, where they must be). */
export function exportsSkip(): string | false {
  if (present || CI) return false;
  return `export fixtures not found at ${EXPORTS_DIR} (no ../shared beside this clone)`;
}

/** The bytes of one export file; fails clearly when it is missing. */
export function exportFile(name: string): Buffer {
  const file = path.join(EXPORTS_DIR, name);
  if (!fs.existsSync(file)) throw new Error(`the export fixture ${file} is required (CI=true or the folder is there) but missing`);
  return fs.readFileSync(file);
}

/** An import job as GET /imports/{id} answers it. */
export interface ImportJobAnswer {
  id: string;
  status: string;
  format: string;
  total: number;
  done: number;
  imported: number[];
  skipped: Array<{ name: string; reason: string }>;
}

/** POSTs the file to /imports and follows the job to its end. */
export async function importFile(app: FastifyInstance, user: LoggedInUser, bytes: Buffer, format: string): Promise<ImportJobAnswer> {
  const res = await app.inject({
    method: 'POST',
    url: `/imports?format=${format}`,
    headers: { ...user.auth, 'content-type': 'application/octet-stream' },
    payload: bytes,
  });
  assert.equal(res.statusCode, 202, res.body);
  await app.importsService.idle();
  const job = await app.inject({ url: `/imports/${res.json().id}`, headers: user.auth });
  assert.equal(job.statusCode, 200);
  return job.json();
}
