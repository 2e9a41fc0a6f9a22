/**
 * Builds the summaries of the terms that are common in the data, without waiting for a search to
 * ask: after a seed (bench/seed.ts), a restore (scripts/backup.ts), an import that saved recipes
 * (moving/imports.service.ts) and at start (recipes.plugin.ts), so the first users of a catalog
 * that has just filled up do not pay for them.
 *
 * A term qualifies as common as it does for a search (sqlite.ts, postgres-summaries.ts): at least
 * TRACK_MIN_MATCHES recipes hold it, and there is room. The terms tried are the food names of the
 * recipes' parsed ingredient lines (migration 006: what `ingredient=` is searched for), counted
 * in a sample of at most SAMPLE_ROWS recipes spread over the ids (read by primary key, so the
 * sample costs the same at 5k and at 1M recipes), most frequent first; each is then checked
 * exactly before it is built. Pre-built terms take at most half of the postings' room, so
 * searches of other terms still find room.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { sql } from 'kysely';
import type { Dialect, Db } from '../../../lib/db.js';
import { foldCase } from '../../../lib/fold.js';
import { postgresSummaries, POSTINGS_PER_RECIPE as PG_POSTINGS_PER_RECIPE } from './postgres-summaries.js';
import { indexable, indexedHolding } from './sqlite-match.js';
import { MAX_TERMS, POSTINGS_PER_RECIPE, TRACK_MIN_MATCHES, type SummaryText } from './sqlite-summaries.js';
import type { SummaryBuilder } from './summary-builder.js';
import { findSummaryTerm } from './summary-terms.js';

/** Recipes read to find the candidate terms. */
const SAMPLE_ROWS = 5000;
/** Most terms one warm-up builds. */
const MAX_WARM_TERMS = 200;

export interface WarmupDeps {
  db: Db;
  dialect: Dialect;
  builder: Pick<SummaryBuilder, 'build'>;
  /** Progress, one line per term built, and the end. */
  log?: (msg: string, data: Record<string, unknown>) => void;
  /** Stops between terms when true (the app is closing, or a time budget is spent). */
  stopped?: () => boolean;
}

export interface WarmupResult {
  candidates: number;
  built: number;
  already: number;
  ms: number;
  /** Whether it stopped (`stopped`) before every candidate was tried. */
  stoppedEarly?: boolean;
}

/**
 * The folded food names of a recipe's parsed ingredient lines (migration 006's JSON): the terms
 * `ingredient=` is searched for, of three to 100 characters (a shorter one cannot be summarised).
 */
export function foodNames(ingredientLines: string | null | undefined): Set<string> {
  const names = new Set<string>();
  if (!ingredientLines) return names;
  let lines: unknown;
  try {
    lines = JSON.parse(ingredientLines);
  } catch {
    return names;
  }
  for (const line of Array.isArray(lines) ? (lines as { name?: unknown }[]) : []) {
    if (typeof line?.name !== 'string') continue;
    const term = foldCase(line.name.trim());
    if (indexable({ term, columns: 'ingredients' }) && term.length <= 100) names.add(term);
  }
  return names;
}

/** The folded food names of a sample of recipes, with how many recipes the sample suggests hold each, most first. */
export async function candidateTerms(db: Db): Promise<{ term: string; estimate: number }[]> {
  const top = await db
    .selectFrom('recipes')
    .select((eb) => eb.fn.max('id').as('n'))
    .executeTakeFirst();
  const maxId = Number(top?.n ?? 0);
  if (maxId < TRACK_MIN_MATCHES) return [];
  const stride = Math.max(1, Math.floor(maxId / SAMPLE_ROWS));
  const ids: number[] = [];
  for (let id = 1; id <= maxId && ids.length < SAMPLE_ROWS; id += stride) ids.push(id);
  const counts = new Map<string, number>();
  let read = 0;
  for (let i = 0; i < ids.length; i += 500) {
    // A turn of the event loop between reads: on SQLite each read holds the thread that serves.
    await nextTurn();
    const rows = await db
      .selectFrom('recipes')
      .select('ingredient_lines')
      .where('id', 'in', ids.slice(i, i + 500))
      .execute();
    for (const row of rows) {
      read++;
      for (const term of foodNames(row.ingredient_lines)) counts.set(term, (counts.get(term) ?? 0) + 1);
    }
  }
  if (read === 0) return [];
  const scale = maxId / ids.length;
  return [...counts]
    .map(([term, n]) => ({ term, estimate: Math.round(n * scale) }))
    .filter((c) => c.estimate >= TRACK_MIN_MATCHES)
    .sort((a, b) => b.estimate - a.estimate || (a.term < b.term ? -1 : 1))
    .slice(0, MAX_WARM_TERMS);
}

/** Whether at least TRACK_MIN_MATCHES recipes hold the term: the test a search makes (at most that many read). */
export async function commonTerm(db: Db, dialect: Dialect, t: SummaryText): Promise<boolean> {
  if (dialect === 'sqlite') {
    const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM (${indexedHolding(t)} LIMIT ${TRACK_MIN_MATCHES})`.execute(db);
    return Number(rows[0]?.n ?? 0) >= TRACK_MIN_MATCHES;
  }
  return postgresSummaries.common(db, t);
}

/**
 * Whether summaries may take more room: fewer than MAX_TERMS terms, and postings within `share`
 * of their room (pre-built terms take at most half, so that searches of other terms find room).
 */
export async function roomForSummaries(db: Db, dialect: Dialect, share = 0.5): Promise<boolean> {
  const postings =
    dialect === 'sqlite'
      ? sql`(SELECT coalesce(sum(postings), 0) FROM search_terms)`
      : sql`(SELECT coalesce(sum(n), 0) FROM search_term_counts)`;
  const { rows } = await sql<{ terms: number | string; postings: number | string; recipes: number | string }>`SELECT
    (SELECT count(*) FROM search_terms) AS terms, ${postings} AS postings, (SELECT coalesce(max(id), 0) FROM recipes) AS recipes`.execute(
    db,
  );
  const r = rows[0];
  if (!r) return false;
  const perRecipe = dialect === 'sqlite' ? POSTINGS_PER_RECIPE : PG_POSTINGS_PER_RECIPE;
  return Number(r.terms) < MAX_TERMS && Number(r.postings) < share * perRecipe * Number(r.recipes);
}

/**
 * Builds the summary of every common candidate term not summarised yet, one after another
 * through `builder` (in the background when the builder is), and says what it did.
 */
export async function warmSummaries(deps: WarmupDeps): Promise<WarmupResult> {
  const started = performance.now();
  const { db, dialect, builder, log } = deps;
  const candidates = await candidateTerms(db);
  let built = 0;
  let already = 0;
  let stoppedEarly = false;
  for (const c of candidates) {
    if (deps.stopped?.()) {
      stoppedEarly = true;
      break;
    }
    await nextTurn();
    const text: SummaryText = { term: c.term, columns: 'ingredients' };
    if ((await findSummaryTerm(db, text)) !== undefined) {
      already++;
      continue;
    }
    if (!(await roomForSummaries(db, dialect))) break;
    if (!(await commonTerm(db, dialect, text))) continue;
    const t = performance.now();
    const id = await builder.build(text);
    if (id === undefined) continue;
    built++;
    log?.('search summary built', {
      term: c.term,
      estimate: c.estimate,
      ms: Math.round(performance.now() - t),
      built,
      candidates: candidates.length,
    });
  }
  const result = { candidates: candidates.length, built, already, ms: Math.round(performance.now() - started), stoppedEarly };
  if (candidates.length > 0) log?.('search summaries of common terms are built', result);
  return result;
}
