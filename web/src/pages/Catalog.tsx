/** The catalog: search, filters (ingredient, time, tags, only mine) and pages from X-Total-Count / Link. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api/client';
import { ApiProblem, unwrap } from '../api/problem';
import { navigate } from '../router';
import { sessionState } from '../session';
import type { Route } from '../routes';
import type { RecipeSummary } from '../types';
import { Field, PageTitle, ProblemBanner, TextField, useTitle } from '../ui';
import { formatMinutes, formatNumber, t, tm } from '../i18n';
import { loadAllTags, loadTags, type TagCount } from '../tags';
import { SORTS, catalogHref, filtersFrom, parseLink, type Filters } from '../catalog-filters';
import { Picture } from '../Picture';

export const PAGE_SIZE = 12;
/** The search fields that show their own problem. */
const SHOWN = ['q', 'ingredient', 'max_time'];

interface Result {
  recipes: RecipeSummary[];
  total: number;
  links: Record<string, string>;
}

export function CatalogPage({ route }: { route: Route }) {
  const applied = filtersFrom(route.query);
  const key = catalogHref(applied);
  const [form, setForm] = useState(applied);
  const [result, setResult] = useState<Result | null>(null);
  const [loading, setLoading] = useState(true);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  // null until GET /tags has answered: the tag filter sits above the results, so the results wait
  // for it on the first load instead of being pushed down when it arrives.
  const [tags, setTags] = useState<TagCount[] | null>(null);
  const [attempt, setAttempt] = useState(0);
  // The filters other than the words sit behind a disclosure on a phone, so the first recipe is on the first screen.
  const moreActive =
    [applied.ingredient, applied.max_time].filter((x) => x.trim()).length +
    (applied.mine ? 1 : 0) +
    (applied.sort !== '-created_at' ? 1 : 0);
  const [open, setOpen] = useState(() => moreActive > 0 || (typeof matchMedia !== 'undefined' && matchMedia('(min-width: 48rem)').matches));
  const [tagQuery, setTagQuery] = useState('');
  const [allTags, setAllTags] = useState<TagCount[] | null>(null);
  const resultsStart = useRef<HTMLParagraphElement>(null);
  // Who added a recipe, for the cards: the household's members by id (others' recipes name no one).
  const [members, setMembers] = useState<Map<number, string>>(new Map());
  useTitle(t('catalog.pageTitle'));
  useEffect(() => {
    unwrap(api.GET('/household')).then(
      ({ data }) => setMembers(new Map(data.members.map((m) => [m.id, m.username]))),
      () => undefined,
    );
  }, []);

  useEffect(() => {
    setForm(applied);
  }, [key]);
  useEffect(() => {
    loadTags().then(setTags, () => setTags([]));
  }, []);

  useEffect(() => {
    let live = true;
    setLoading(true);
    setProblem(null);
    const maxTime = applied.max_time.trim() === '' ? undefined : Number(applied.max_time);
    unwrap(
      api.GET('/recipes', {
        params: {
          query: {
            q: applied.q || undefined,
            ingredient: applied.ingredient || undefined,
            max_time: maxTime,
            tag: applied.tags.length ? applied.tags : undefined,
            mine: applied.mine ? true : undefined,
            sort: applied.sort as '-created_at',
            limit: PAGE_SIZE,
            offset: (applied.page - 1) * PAGE_SIZE,
            // Cards show none of the ingredients: summaries leave them (and their parse, most of a recipe's bytes) out.
            fields: 'summary',
          },
        },
      }),
    )
      .then(
        ({ data, response }) => {
          if (!live) return;
          setResult({
            recipes: data as RecipeSummary[],
            total: Number(response.headers.get('x-total-count') ?? data.length),
            links: parseLink(response.headers.get('link')),
          });
        },
        (err: ApiProblem) => {
          if (live) setProblem(err);
        },
      )
      .finally(() => {
        if (live) setLoading(false);
      });
    return () => {
      live = false;
    };
  }, [key, attempt]);

  const go = (f: Filters) => navigate(catalogHref(f));
  const submit = (e: Event) => {
    e.preventDefault();
    go({ ...form, page: 1 });
  };
  const toggleTag = (t: string) => {
    const next = applied.tags.includes(t) ? applied.tags.filter((x) => x !== t) : [...applied.tags, t];
    go({ ...form, tags: next, page: 1 });
  };
  const findTag = (q: string) => {
    setTagQuery(q);
    if (q.trim() && !allTags) loadAllTags().then(setAllTags, () => setAllTags(tags ?? []));
  };
  const needle = tagQuery.trim().toLocaleLowerCase();
  const rowTags = needle ? (allTags ?? tags ?? []).filter((x) => x.name.toLocaleLowerCase().includes(needle)) : (tags ?? []);
  /** Another page of results: the reader goes to the top of the results, not of the page. */
  const turn = (e: MouseEvent, page: number) => {
    e.preventDefault();
    navigate(catalogHref({ ...applied, page }), { keepScroll: true });
    resultsStart.current?.scrollIntoView({ block: 'start' });
    resultsStart.current?.focus({ preventScroll: true });
  };
  const pages = result ? Math.max(1, Math.ceil(result.total / PAGE_SIZE)) : 1;
  const shown = tags === null ? null : result;
  const filtered = key !== '/' && !/^\/\?page=\d+$/.test(key);

  return (
    <section aria-labelledby="catalog-title">
      <div class="page-head">
        <PageTitle>
          <span id="catalog-title">{t('catalog.title')}</span>
        </PageTitle>
        <div class="actions">
          <a class="button" href="/new">
            {t('catalog.newRecipe')}
          </a>
          <a class="button button-secondary" href="/import">
            {t('catalog.import')}
          </a>
        </div>
      </div>
      <form class="filters" role="search" aria-label={t('catalog.searchLabel')} onSubmit={submit}>
        <div class="search-row">
          <TextField
            label={t('catalog.search')}
            name="q"
            type="search"
            value={form.q}
            onValue={(q) => setForm({ ...form, q })}
            hint={t('catalog.searchHint')}
            maxLength={200}
            error={problem?.fields.q}
          />
          <button type="submit">{t('catalog.searchButton')}</button>
        </div>
        <details class="more-filters" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
          <summary>{moreActive ? t('catalog.filtersActive', { count: moreActive }) : t('catalog.filters')}</summary>
          <div class="more-grid">
            <TextField
              label={t('catalog.ingredient')}
              name="ingredient"
              value={form.ingredient}
              onValue={(ingredient) => setForm({ ...form, ingredient })}
              maxLength={200}
              error={problem?.fields.ingredient}
            />
            <TextField
              label={t('catalog.maxTime')}
              name="max_time"
              type="number"
              inputMode="numeric"
              min={0}
              max={10080}
              value={form.max_time}
              onValue={(max_time) => setForm({ ...form, max_time })}
              error={problem?.fields.max_time}
            />
            <Field label={t('catalog.sortBy')} name="sort">
              {(ids) => (
                <select {...ids} name="sort" value={form.sort} onChange={(e) => go({ ...form, sort: e.currentTarget.value, page: 1 })}>
                  {SORTS.map(([v, l]) => (
                    <option key={v} value={v}>
                      {tm({ key: l })}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <div class="field field-check">
              <input
                id="f-mine"
                type="checkbox"
                checked={form.mine}
                onChange={(e) => go({ ...form, mine: e.currentTarget.checked, page: 1 })}
              />
              <label for="f-mine">{t('catalog.mine')}</label>
            </div>
            <div class="filter-actions">
              <button type="submit" class="button-secondary">
                {t('catalog.apply')}
              </button>
              {filtered && (
                <a class="button button-secondary" href="/">
                  {t('catalog.clear')}
                </a>
              )}
            </div>
          </div>
        </details>
      </form>
      {/* Drawn, empty, while the tags load: the results below do not move when they arrive. */}
      {(tags === null || tags.length > 0 || applied.tags.length > 0) && (
        <fieldset class="tag-filter">
          <legend>{t('catalog.tags')}</legend>
          {applied.tags.length > 0 && (
            <ul class="chips active-tags" aria-label={t('catalog.activeTags')}>
              {applied.tags.map((tag) => (
                <li key={tag}>
                  <button type="button" class="chip chip-on" onClick={() => toggleTag(tag)} aria-label={t('catalog.removeTag', { tag })}>
                    {tag} <span aria-hidden="true">×</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
          <div class="field tag-find">
            <label for="f-tag-find">{t('catalog.findTag')}</label>
            <input
              id="f-tag-find"
              type="search"
              value={tagQuery}
              onInput={(e) => findTag(e.currentTarget.value)}
              autoComplete="off"
              aria-controls="tag-row"
              maxLength={40}
            />
          </div>
          <ul
            class="chips tag-row"
            id="tag-row"
            aria-busy={tags === null ? 'true' : 'false'}
            aria-label={needle ? t('catalog.tagsFound') : t('catalog.tagsMostUsed')}
          >
            {rowTags.map((tag) => (
              <li key={tag.name}>
                <button
                  type="button"
                  class="chip"
                  aria-pressed={applied.tags.includes(tag.name) ? 'true' : 'false'}
                  onClick={() => toggleTag(tag.name)}
                >
                  {tag.name}{' '}
                  <span class="count" aria-label={t('catalog.tagCount', { count: tag.count })}>
                    {formatNumber(tag.count)}
                  </span>
                </button>
              </li>
            ))}
          </ul>
          {needle && allTags && rowTags.length === 0 && (
            <p class="muted" role="status">
              {t('catalog.noTagFound', { tag: tagQuery.trim() })}
            </p>
          )}
        </fieldset>
      )}
      {/* A bad search field is shown at its field; everything else here. */}
      <ProblemBanner
        problem={problem && !SHOWN.some((f) => problem.fields[f]) ? problem : null}
        onRetry={() => setAttempt(attempt + 1)}
        shown={SHOWN}
      />
      <p class="result-count" role="status" aria-live="polite" ref={resultsStart} tabIndex={-1}>
        {loading || !shown
          ? problem
            ? '\u00a0'
            : t('catalog.loading')
          : shown.total > PAGE_SIZE
            ? t('catalog.countPaged', { count: shown.total, page: applied.page, pages })
            : t('catalog.count', { count: shown.total })}
      </p>
      <div class="results" aria-busy={loading ? 'true' : 'false'}>
        {!shown && !problem && (
          <ul class="cards">
            {Array.from({ length: 6 }, (_, i) => (
              <li key={i} class="card card-placeholder" aria-hidden="true">
                <Picture image={null} alt="" sizes="" class="card-picture" />
              </li>
            ))}
          </ul>
        )}
        {shown && shown.recipes.length === 0 && !loading && (
          <div class="empty">
            <h2>{filtered ? t('catalog.noMatch') : t('catalog.empty')}</h2>
            <p>{filtered ? t('catalog.noMatchHint') : t('catalog.emptyHint')}</p>
            <p class="actions">
              {filtered ? (
                <a href="/">{t('catalog.showAll')}</a>
              ) : (
                <>
                  <a class="button" href="/new">
                    {t('catalog.newRecipe')}
                  </a>{' '}
                  <a class="button button-secondary" href="/import">
                    {t('catalog.importOne')}
                  </a>
                </>
              )}
            </p>
          </div>
        )}
        {shown && shown.recipes.length > 0 && (
          <ul class={`cards${loading ? ' stale' : ''}`}>
            {shown.recipes.map((r, i) => (
              <RecipeCard key={r.id} recipe={r} index={i} addedBy={members.get(r.owner_id)} mine={r.owner_id === sessionState().user?.id} />
            ))}
          </ul>
        )}
      </div>
      {shown && shown.total > PAGE_SIZE && (
        <nav class="pager" aria-label={t('catalog.pages')}>
          {shown.links.prev ? (
            <a href={catalogHref({ ...applied, page: applied.page - 1 })} rel="prev" onClick={(e) => turn(e, applied.page - 1)}>
              {t('catalog.previous')}
            </a>
          ) : (
            <span aria-hidden="true" class="pager-off">
              {t('catalog.previous')}
            </span>
          )}
          <span>{t('catalog.pageOf', { page: applied.page, pages })}</span>
          {shown.links.next ? (
            <a href={catalogHref({ ...applied, page: applied.page + 1 })} rel="next" onClick={(e) => turn(e, applied.page + 1)}>
              {t('catalog.next')}
            </a>
          ) : (
            <span aria-hidden="true" class="pager-off">
              {t('catalog.next')}
            </span>
          )}
        </nav>
      )}
    </section>
  );
}

/** The card's picture: a square thumbnail beside the text on a phone, the card's width above it from 48rem. */
const CARD_SIZES = '(min-width: 48rem) 23rem, 6.5rem';

/** The first card's picture is the page's largest paint; the first screen's are fetched at once, the rest when near. */
function RecipeCard({ recipe, index, addedBy, mine }: { recipe: RecipeSummary; index: number; addedBy?: string; mine: boolean }) {
  return (
    <li class="card">
      <Picture
        image={recipe.image}
        alt={recipe.title}
        sizes={CARD_SIZES}
        load={index === 0 ? 'lcp' : index < 4 ? 'eager' : 'lazy'}
        class="card-picture"
      />
      <div class="card-text">
        <h2>
          <a href={`/recipe/${recipe.id}`}>{recipe.title}</a>
        </h2>
        <p class="meta">
          {formatMinutes(recipe.time_minutes)}
          {recipe.servings ? ` · ${t('meta.serves', { count: recipe.servings })}` : ''}
        </p>
        {(mine || addedBy) && <p class="added-by">{mine ? t('card.addedByYou') : t('card.addedBy', { name: addedBy! })}</p>}
        {recipe.tags && recipe.tags.length > 0 && (
          <p class="tags">
            {recipe.tags.slice(0, 4).map((t) => (
              <span key={t} class="tag">
                {t}
              </span>
            ))}
          </p>
        )}
      </div>
    </li>
  );
}
