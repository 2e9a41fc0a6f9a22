/** Row types of every table, as Kysely sees them. Timestamps are ISO-8601 UTC strings on every dialect. */
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export interface UsersTable {
  id: Generated<number>;
  username: string;
  /** Lower-cased username, unique: usernames are unique case-insensitively. */
  username_key: string;
  password_hash: string;
  created_at: string;
  /** Carried in every access token (`ver`); bumped on password change so every older token is refused. */
  session_version: Generated<number>;
  /** The user's household (migration 020); NULL only for a row written outside the service, until first asked. */
  household_id: number | null;
  /** 'admin' or 'member' (migration 020). */
  role: Generated<'admin' | 'member'>;
}

/** A household (migration 020): every user is in exactly one. */
export interface HouseholdsTable {
  id: Generated<number>;
  name: string;
  created_at: string;
}

/** A one-time invitation (migration 020), kept as the SHA-256 hash of its code; `used_at` is set by the one spend that wins. */
export interface InvitationsTable {
  code_hash: string;
  /** 'household': joins `household_id`; 'admin': lets someone register where REGISTRATION=invite. */
  kind: 'household' | 'admin';
  household_id: number | null;
  created_by: number | null;
  created_at: string;
  /** Epoch seconds. */
  expires_at: number;
  used_at: string | null;
  used_by: number | null;
}

/** A one-time password-reset code an admin made (migration 020), kept as the SHA-256 hash of the code. */
export interface PasswordResetsTable {
  code_hash: string;
  user_id: number;
  created_by: number | null;
  /** Epoch seconds. */
  expires_at: number;
  used_at: string | null;
}

/** An account's identity at an OpenID Connect provider (migration 019): linked by (issuer, subject) only. */
export interface OidcIdentitiesTable {
  issuer: string;
  subject: string;
  user_id: number;
  created_at: string;
  last_sign_in_at: string;
}

/** An import of another app's export (migration 021); `imported` and `skipped` are JSON arrays. */
export interface ImportJobsTable {
  id: string;
  user_id: number;
  format: string;
  /** running, done or failed; one running job per user (a partial unique index). */
  status: string;
  total: number;
  done: number;
  imported: string;
  skipped: string;
  error: string | null;
  created_at: string;
  updated_at: string;
}

export interface RecipesTable {
  id: Generated<number>;
  title: string;
  ingredients: string;
  /** Minutes, or NULL when unknown (migration 016). */
  time_minutes: number | null;
  instructions: string | null;
  servings: number | null;
  source_url: string | null;
  image_url: string | null;
  owner_id: number;
  created_at: string;
  updated_at: string;
  /** Incremented on every update; the ETag is derived from it. */
  version: Generated<number>;
  /** Folded title for search when it is not ASCII, else NULL (lower() folds it; migration 007, src/lib/fold.ts). */
  search_title: string | null;
  /** Folded ingredients for search when not ASCII, else NULL. */
  search_ingredients: string | null;
  /** JSON array of the recipe's normalised tags (migration 005); recipe_tags holds the same, indexed. */
  tags: Generated<string>;
  /** JSON array of the parsed lines of `ingredients` with their group headings (migration 006). */
  ingredient_lines: string | null;
  /** The PARSER_VERSION that produced ingredient_lines; another value means "parse again". */
  parser_version: string | null;
  /** The recipe's picture: an image_sets id (migration 016), or NULL. */
  image_set: Generated<string | null>;
  /** The JSON of the picture as a Recipe shows it (`image`), or NULL when there is none. */
  image: Generated<string | null>;
  /** 'public', 'household' (the owner's household) or 'private' (the owner); migration 020. */
  visibility: Generated<RecipeVisibility>;
}

export type RecipeVisibility = 'public' | 'household' | 'private';

/** One distinct picture (migration 016): the size of its largest variant and its variants' public description (JSON). */
export interface ImageSetsTable {
  id: string;
  width: number;
  height: number;
  variants: string;
  created_at: string;
}

/** The immutable encoded bytes of one variant of a picture, addressed by the hash of those bytes. */
export interface ImageVariantsTable {
  hash: string;
  set_id: string;
  width: number;
  height: number;
  type: string;
  bytes: Buffer;
  created_at: string;
}

/** One row per tag of a recipe (migration 005); the primary key (tag, recipe_id) serves ?tag= and GET /tags. */
export interface RecipeTagsTable {
  tag: string;
  recipe_id: number;
}

export interface RefreshTokensTable {
  id: Generated<number>;
  token_hash: string;
  family_id: string;
  user_id: number;
  expires_at: number;
  spent: Generated<number>;
  revoked: Generated<number>;
  created_at: string;
  /** The user's session_version when the token was issued; a refresh under another version is refused. */
  session_version: number;
}

export interface RevokedTokensTable {
  jti: string;
  /** Epoch seconds when the token expires anyway; after that the row can go. */
  expires_at: number;
}

/** SQLite: one counter per table, moved by triggers on every write (migration 002). */
export interface ChangeCountersTable {
  name: string;
  n: number;
}

/** SQLite: the highest recipe id the FTS5 index holds; the single row has id 1 (migration 004). */
export interface RecipesFtsStateTable {
  id: number;
  watermark: number;
}

/**
 * SQLite: the FTS5 trigram index of the recipes' folded text (migration 007), rowid = recipe id.
 * A virtual table: the column named after the table takes FTS5 commands ('merge', 'delete') and
 * MATCH queries, `rank` the command's argument.
 */
export interface RecipesFtsTable {
  rowid: number;
  title: string;
  ingredients: string;
  recipes_fts: string;
  rank: number;
}

/** SQLite: the view of the recipes' folded text the FTS5 index is filled from (migration 007). */
export interface RecipesSearchView {
  id: number;
  title: string;
  ingredients: string;
}

/** SQLite: how many indexed recipes have each time_minutes (migration 011). */
export interface RecipeTimeCountsTable {
  time_minutes: number;
  n: number;
}

/**
 * The summarised search terms (migration 011 on SQLite, 012 on PostgreSQL): the folded term and
 * the columns it searches. SQLite also keeps the number of postings, PostgreSQL the LIKE pattern
 * its triggers test (see SqliteSearchTables and PostgresSearchTables).
 */
export interface SearchTermsTable {
  id: Generated<number>;
  columns: 'ingredients' | 'title ingredients';
  term: string;
}

/** Per summarised term and time_minutes, how many recipes match (PostgreSQL: +1/−1 rows, summed). */
export interface SearchTermCountsTable {
  term_id: number;
  time_minutes: number;
  n: number;
}

/** A summarised term's matches in created_at order, with their time (the recipe's id is `id` on SQLite, `recipe_id` on PostgreSQL). */
interface SearchPostingsColumns {
  term_id: number;
  created_at: string;
  time_minutes: number;
}

/** A meal-plan entry of a household (migration 022): a recipe, a note, or both, on a date and in a slot. */
export interface PlanEntriesTable {
  id: Generated<number>;
  household_id: number;
  /** YYYY-MM-DD. */
  date: string;
  slot: 'breakfast' | 'lunch' | 'dinner' | 'snack';
  recipe_id: number | null;
  note: string | null;
  /** The servings planned; NULL: the recipe's own. */
  servings: number | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

/** A user's calendar-feed token (migration 022), kept as its SHA-256 hash; one per user. */
export interface PlanFeedTokensTable {
  token_hash: string;
  user_id: number;
  created_at: string;
}

/** A household's shopping list (migration 022). */
export interface ShoppingListsTable {
  id: Generated<number>;
  household_id: number;
  name: string;
  created_at: string;
  updated_at: string;
}

/** An item of a list (migration 022): the merge engine's item, its totals and sources as JSON. */
export interface ListItemsTable {
  id: string;
  list_id: number;
  position: number;
  food: string;
  name: string;
  category: string;
  /** 0 or 1 on both databases. */
  checked: number;
  /** When `checked` was last written (per-field last write wins). */
  checked_at: string | null;
  amounts: string;
  sources: string;
  updated_at: string;
}

/** A change to a list (migration 022), numbered for Last-Event-ID. */
export interface ListEventsTable {
  id: Generated<number>;
  list_id: number;
  type: string;
  /** The event's JSON. */
  data: string;
  /** Epoch milliseconds. */
  created_at: number;
}

/** A single-use ticket for a list's event stream (migration 022), hashed; `claims` are the access token's that asked for it. */
export interface ListEventTicketsTable {
  ticket_hash: string;
  user_id: number;
  list_id: number;
  claims: string;
  /** Epoch seconds. */
  expires_at: number;
}

/** A household's pantry foods (migration 022), a JSON array of names. */
export interface HouseholdPantryTable {
  household_id: number;
  foods: string;
}

/** An aisle a household chose by hand for a food key (migration 022). */
export interface HouseholdAislesTable {
  household_id: number;
  food: string;
  category: string;
}

/** The tables both databases have. */
export interface Database {
  users: UsersTable;
  households: HouseholdsTable;
  invitations: InvitationsTable;
  password_resets: PasswordResetsTable;
  oidc_identities: OidcIdentitiesTable;
  recipes: RecipesTable;
  import_jobs: ImportJobsTable;
  recipe_tags: RecipeTagsTable;
  refresh_tokens: RefreshTokensTable;
  revoked_tokens: RevokedTokensTable;
  image_sets: ImageSetsTable;
  image_variants: ImageVariantsTable;
  search_term_counts: SearchTermCountsTable;
  plan_entries: PlanEntriesTable;
  plan_feed_tokens: PlanFeedTokensTable;
  shopping_lists: ShoppingListsTable;
  list_items: ListItemsTable;
  list_events: ListEventsTable;
  list_event_tickets: ListEventTicketsTable;
  household_pantry: HouseholdPantryTable;
  household_aisles: HouseholdAislesTable;
}

/** The search tables only SQLite has, and its shape of those both have (migrations 002, 004, 007, 011). */
export type SqliteSearchTables = {
  change_counters: ChangeCountersTable;
  recipes_fts_state: RecipesFtsStateTable;
  recipes_fts: RecipesFtsTable;
  recipes_search: RecipesSearchView;
  recipe_time_counts: RecipeTimeCountsTable;
  search_terms: SearchTermsTable & { postings: number };
  search_postings: SearchPostingsColumns & { id: number };
};

/** PostgreSQL's shape of the search summary tables (migration 012). */
export type PostgresSearchTables = {
  search_terms: SearchTermsTable & { pattern: string };
  search_postings: SearchPostingsColumns & { recipe_id: number };
};

export type UserRow = Selectable<UsersTable>;
export type NewUserRow = Insertable<UsersTable>;
export type RecipeRow = Selectable<RecipesTable>;
export type NewRecipeRow = Insertable<RecipesTable>;
export type RecipeUpdate = Updateable<RecipesTable>;
