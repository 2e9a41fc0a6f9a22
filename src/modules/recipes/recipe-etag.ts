/**
 * The HTTP side of a recipe's versions: its ETag (`"12-3"`: id and version), the ETag of a scaled
 * or converted view (`"12-3;factor=2;units=metric"`), and what an If-Match or If-None-Match header
 * says about them (RFC 9110, parsed by src/lib/entity-tags.ts). The service sees none of this: it
 * is given a VersionMatch.
 */
import type { RecipeRow } from '../../db/tables.js';
import { BadRequest } from '../../errors.js';
import { parseEntityTagList } from '../../lib/entity-tags.js';
import type { UnitSystemTarget } from '../ingredients/convert.js';
import { MAX_FACTOR, MIN_FACTOR } from '../ingredients/scale.js';
import type { RecipeViewSpec } from './recipe-view.js';
import type { VersionMatch } from './recipes.service.js';

export function etagOf(row: Pick<RecipeRow, 'id' | 'version'>): string {
  return `"${row.id}-${row.version}"`;
}

/** The part of a view's ETag after the stored version: `;factor=2` or `;factor=0.5;units=metric`. */
function viewSuffix(factor: number, units: UnitSystemTarget | undefined): string {
  return `;factor=${Number(factor.toPrecision(6))}${units ? `;units=${units}` : ''}`;
}

/** Whether `suffix` is exactly one viewSuffix gives: a factor in range, written as it writes it, and a known unit system, nothing else. */
function isIssuedView(suffix: string): boolean {
  const m = /^;factor=([0-9.e+-]{1,24})(?:;units=(metric|us))?$/.exec(suffix);
  if (!m) return false;
  const factor = Number(m[1]);
  return (
    Number.isFinite(factor) &&
    factor >= MIN_FACTOR &&
    factor <= MAX_FACTOR &&
    viewSuffix(factor, m[2] as UnitSystemTarget | undefined) === suffix
  );
}

/**
 * The ETag of the recipe as answered: the stored form's, or with a view (recipe-view.ts) the
 * stored version's with the view appended, so it differs from the stored form's while naming
 * the same version.
 */
export function viewEtag(row: Pick<RecipeRow, 'id' | 'version'>, view: RecipeViewSpec | undefined): string {
  return view ? `"${row.id}-${row.version}${viewSuffix(view.factor, view.units)}"` : etagOf(row);
}

/**
 * What an If-Match header (a list of ETags, or *) lets through: a test of the row's current
 * version, or undefined without the header. The ETag of a scaled or converted view names the
 * same stored version, so it is accepted too: a client that read the scaled view and edits the
 * recipe is protected against the same lost update as one that read the stored form. A malformed
 * header is 400 when the test is made (after the recipe is found and its owner checked).
 */
export function ifMatchOf(ifMatch: string | undefined): VersionMatch | undefined {
  if (ifMatch === undefined) return undefined;
  return (row) => {
    const tags = parseEntityTagList(ifMatch);
    if (tags === null) throw BadRequest('If-Match must be * or a comma-separated list of entity tags such as "12-3"');
    if (tags === '*') return true;
    const current = etagOf(row);
    // Strong comparison: a weak tag never matches. A view's tag names its stored version before the
    // ';', and counts only when the rest is a view as viewEtag issues it.
    return tags.some((t) => {
      if (t.weak) return false;
      const semi = t.opaque.indexOf(';');
      if (semi < 0) return t.opaque === current;
      return `${t.opaque.slice(0, semi)}"` === current && isIssuedView(t.opaque.slice(semi, -1));
    });
  };
}

/**
 * True when an If-None-Match header (a list of ETags, or *) names the response's ETag. If-None-Match
 * uses the weak comparison (RFC 9110 13.1.2): `W/"12-3"` matches `"12-3"`.
 */
export function etagListMatches(header: string, currentEtag: string): boolean {
  const tags = parseEntityTagList(header);
  if (tags === null) return false;
  return tags === '*' || tags.some((t) => t.opaque === currentEtag);
}
