import type { Migration } from 'kysely';
import * as m001 from './001-initial.js';
import * as m002 from './002-change-counters.js';
import * as m003 from './003-gin-no-fastupdate.js';
import * as m004 from './004-deferred-fts.js';
import * as m005 from './005-recipe-tags.js';
import * as m006 from './006-ingredient-lines.js';
import * as m007 from './007-search-folding.js';
import * as m008 from './008-refresh-session-version.js';
import * as m011 from './011-search-summaries.js';
import * as m012 from './012-search-summaries-postgres.js';
import * as m013 from './013-fts-merge-in-batches.js';
import * as m014 from './014-recipe-version-on-any-change.js';
import * as m015 from './015-tags-full-case-folding.js';
import * as m016 from './016-recipe-images.js';
import * as m017 from './017-unknown-time.js';
import * as m019 from './019-oidc-identities.js';
import * as m020 from './020-households.js';
import * as m021 from './021-import-jobs.js';
import * as m022 from './022-plan-and-lists.js';
import * as m024 from './024-recipe-version-on-visibility.js';
import * as m025 from './025-not-public-covering.js';

/** Every migration, in order. Names sort lexically; never rename or edit an applied one. */
export const migrations: Record<string, Migration> = {
  '001-initial': m001,
  '002-change-counters': m002,
  '003-gin-no-fastupdate': m003,
  '004-deferred-fts': m004,
  '005-recipe-tags': m005,
  '006-ingredient-lines': m006,
  '007-search-folding': m007,
  '008-refresh-session-version': m008,
  '011-search-summaries': m011,
  '012-search-summaries-postgres': m012,
  '013-fts-merge-in-batches': m013,
  '014-recipe-version-on-any-change': m014,
  '015-tags-full-case-folding': m015,
  '016-recipe-images': m016,
  '017-unknown-time': m017,
  '019-oidc-identities': m019,
  '020-households': m020,
  '021-import-jobs': m021,
  '022-plan-and-lists': m022,
  '024-recipe-version-on-visibility': m024,
  '025-not-public-covering': m025,
};
