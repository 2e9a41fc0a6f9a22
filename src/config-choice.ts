import { ConfigError } from './config-error.js';

/** A comma-separated list, trimmed, without empty items. */
export function list(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** A variable that takes one of a few words (REGISTRATION, RECIPE_DEFAULT_VISIBILITY), case-insensitively; empty means the default. */

export function oneOf<T extends string>(name: string, given: string | undefined, values: readonly T[], def: T): T {
  const raw = given?.trim().toLowerCase();
  if (raw === undefined || raw === '') return def;
  if (!(values as readonly string[]).includes(raw)) throw new ConfigError(`${name} must be one of ${values.join(', ')}, got "${given}"`);
  return raw as T;
}

export const VISIBILITIES = ['public', 'household', 'private'] as const;
