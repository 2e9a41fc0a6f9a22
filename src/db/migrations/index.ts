import type { Migration } from 'kysely';
import * as m001 from './001-initial.js';
import * as m002 from './002-change-counters.js';
import * as m003 from './003-gin-no-fastupdate.js';
import * as m004 from './004-deferred-fts.js';
import * as m005 from './005-recipe-tags.js';
import * as m006 from './006-ingredient-lines.js';

/** Every migration, in order. Names sort lexically; never rename or edit an applied one. */
export const migrations: Record<string, Migration> = {
  '001-initial': m001,
  '002-change-counters': m002,
  '003-gin-no-fastupdate': m003,
  '004-deferred-fts': m004,
  '005-recipe-tags': m005,
  '006-ingredient-lines': m006,
};
