/**
 * Why a recipe of an import was left out: a stable code per reason, which clients translate (the
 * web app's Move in page does), and the reason in English for those that show it as it is. No
 * dependencies: the schemas (at start) and the format readers (in the import worker) both read it.
 */
export const SKIP_REASONS = {
  NO_TITLE: 'The recipe has no title',
  NO_INGREDIENTS: 'The recipe has no ingredients',
  FILE_NOT_JSON: 'The file is not JSON',
  LINE_NOT_JSON: 'The line is not JSON',
  CSV_UNREADABLE: 'The CSV does not parse',
  NO_FRONT_MATTER: 'No YAML front matter',
  NOT_SCHEMA_ORG: 'recipe.json is not a schema.org Recipe',
  NOT_TANDOOR: 'recipe.json is not a Tandoor recipe',
  NOT_PAPRIKA: 'The file is not a Paprika recipe',
  NOT_GZIP: 'The file is not a gzipped Paprika recipe',
  TOO_LARGE: 'The file expands past the limit of one recipe',
  DUPLICATE_SOURCE: 'Already in your recipes (the same source URL)',
  DUPLICATE_CONTENT: 'Already in your recipes (the same title and lines)',
  BUSY: 'The server was busy; run the import again (what was saved is skipped)',
  NOT_SAVED: 'The recipe could not be saved',
} as const;

export type SkipCode = keyof typeof SKIP_REASONS;
export const SKIP_CODES = Object.keys(SKIP_REASONS) as SkipCode[];

export interface Skipped {
  name: string;
  code: SkipCode;
  /** In English: the code's sentence, or for NOT_SAVED the refusal's own message when there is one. */
  reason: string;
}

/** A recipe left out for `code`, with the code's sentence as its reason unless another is given. */
export function skip(name: string, code: SkipCode, reason: string = SKIP_REASONS[code]): Skipped {
  return { name, code, reason };
}
