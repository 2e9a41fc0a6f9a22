/**
 * Other apps' export files in ../shared/fixtures/exports (read in place, never copied into the
 * project). Tests over them skip with one line when ../shared is absent, and fail under CI=true.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

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
