/**
 * `npm run lint:openapi [file.json]`: lints the OpenAPI document with the tools its consumers use,
 * from devDependencies, with the rulesets in the repository root:
 *   Redocly `recommended` (redocly.yaml), Spectral `spectral:oas` (.spectral.yaml) and the OWASP
 *   ruleset (.spectral-owasp.yaml, waivers listed there with their reasons).
 * Without a file it lints the document buildApp makes. Exits 1 unless Redocly and spectral:oas
 * have 0 errors and 0 warnings and OWASP has 0 errors.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildOpenApiDocument, serializeDocument } from './openapi-document.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name: string) => path.join(ROOT, 'node_modules', '.bin', name);

export interface LintCount {
  errors: number;
  warnings: number;
  problems: string[];
}
export interface LintReport {
  redocly: LintCount;
  spectralOas: LintCount;
  spectralOwasp: LintCount;
}

function run(cmd: string, args: string[]): string {
  const res = spawnSync(cmd, args, {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, NO_COLOR: '1', REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
  });
  if (res.error) throw res.error;
  return res.stdout;
}

/**
 * Redocly findings waived one operation at a time, each with its reason (Redocly's own ignore
 * file is keyed by the linted file's path, and the document is linted from a temporary file).
 */
const REDOCLY_WAIVERS: { ruleId: string; pointer: string; reason: string }[] = [
  {
    ruleId: 'operation-2xx-response',
    pointer: '#/paths/~1auth~1oidc~1start/get/responses',
    reason: 'a browser navigation: its success is the 302 to the identity provider',
  },
  {
    ruleId: 'operation-2xx-response',
    pointer: '#/paths/~1auth~1oidc~1callback/get/responses',
    reason: 'a browser navigation: its success is the 302 into the app with the session cookie',
  },
];

function redocly(file: string): LintCount {
  const out = JSON.parse(run(bin('redocly'), ['lint', file, '--config', path.join(ROOT, 'redocly.yaml'), '--format=json'])) as {
    totals: { errors: number; warnings: number };
    problems: { ruleId: string; severity: string; message: string; location?: { pointer?: string }[] }[];
  };
  const waived = (p: (typeof out.problems)[number]) =>
    REDOCLY_WAIVERS.some((w) => w.ruleId === p.ruleId && w.pointer === p.location?.[0]?.pointer);
  const kept = out.problems.filter((p) => !waived(p));
  return {
    errors: kept.filter((p) => p.severity === 'error').length,
    warnings: kept.filter((p) => p.severity === 'warn').length,
    problems: kept.map((p) => `${p.severity} ${p.ruleId} ${p.location?.[0]?.pointer ?? ''}: ${p.message}`),
  };
}

function spectral(file: string, ruleset: string): LintCount {
  const text = run(bin('spectral'), ['lint', file, '--ruleset', path.join(ROOT, ruleset), '--format', 'json', '--quiet']).trim();
  const results = (text ? JSON.parse(text) : []) as { code: string; severity: number; message: string; path: string[] }[];
  const describe = (r: (typeof results)[number]) =>
    `${['error', 'warning', 'info', 'hint'][r.severity]} ${r.code} ${r.path.join('.')}: ${r.message}`;
  return {
    errors: results.filter((r) => r.severity === 0).length,
    warnings: results.filter((r) => r.severity === 1).length,
    problems: results.map(describe),
  };
}

export function lintFile(file: string): LintReport {
  return { redocly: redocly(file), spectralOas: spectral(file, '.spectral.yaml'), spectralOwasp: spectral(file, '.spectral-owasp.yaml') };
}

/** Writes the document buildApp makes to a temporary file and lints it. */
export async function lintAppDocument(): Promise<LintReport> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openapi-lint-'));
  try {
    const file = path.join(dir, 'openapi.json');
    fs.writeFileSync(file, serializeDocument(await buildOpenApiDocument()));
    return lintFile(file);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function reportIsClean(r: LintReport): boolean {
  return r.redocly.errors + r.redocly.warnings + r.spectralOas.errors + r.spectralOas.warnings + r.spectralOwasp.errors === 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const file = process.argv[2];
  const report = file ? lintFile(path.resolve(file)) : await lintAppDocument();
  for (const [name, c] of Object.entries(report) as [string, LintCount][]) {
    console.log(`${name}: ${c.errors} errors, ${c.warnings} warnings`);
    for (const p of c.problems.filter((x) => x.startsWith('error') || name !== 'spectralOwasp')) console.log(`  ${p}`);
  }
  process.exit(reportIsClean(report) ? 0 : 1);
}
