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

export interface Database {
  users: UsersTable;
  recipes: RecipesTable;
  recipe_tags: RecipeTagsTable;
  refresh_tokens: RefreshTokensTable;
  revoked_tokens: RevokedTokensTable;
}

export type UserRow = Selectable<UsersTable>;
export type NewUserRow = Insertable<UsersTable>;
export type RecipeRow = Selectable<RecipesTable>;
export type NewRecipeRow = Insertable<RecipesTable>;
export type RecipeUpdate = Updateable<RecipesTable>;
