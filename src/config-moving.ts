/**
 * Limits of imports and exports (src/modules/moving), read from the environment config.ts hands
 * over (scripts/config-doc.ts reads the variables here as in config.ts). An archive is checked
 * against them before anything from it is stored.
 */
import { ConfigError } from './config-error.js';

export interface MovingConfig {
  /** Largest upload in bytes (the request body). */
  maxBytes: number;
  /** Most entries in an archive, nested ones included. */
  maxEntries: number;
  /** Most bytes an archive may expand to, nested ones included. */
  maxExpandedBytes: number;
  /** Highest expansion ratio (expanded / compressed) of the whole archive and of any large entry. */
  maxRatio: number;
  /** Worker threads reading uploads. */
  workers: number;
  /** Longest the reading of one upload may take in a worker. */
  readBudgetMs: number;
}

type Env = Record<string, string | undefined>;

function int(env: Env, name: string, def: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  if (!/^-?\d+$/.test(raw.trim())) throw new ConfigError(`${name} must be an integer, got "${raw}"`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(`${name} must be between ${min} and ${max}, got ${n}`);
  return n;
}

export function parseMovingConfig(env: Env): MovingConfig {
  return {
    maxBytes: int(env, 'IMPORT_MAX_BYTES', 50 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    maxEntries: int(env, 'IMPORT_MAX_ENTRIES', 10_000, 1, 1_000_000),
    maxExpandedBytes: int(env, 'IMPORT_MAX_EXPANDED_BYTES', 512 * 1024 * 1024, 1024, 8 * 1024 * 1024 * 1024),
    maxRatio: int(env, 'IMPORT_MAX_RATIO', 100, 2, 100_000),
    workers: int(env, 'IMPORT_WORKERS', 1, 1, 16),
    readBudgetMs: int(env, 'IMPORT_READ_BUDGET_MS', 60_000, 1000, 3_600_000),
  };
}
