/** One recipe: servings scaling and metric/US units (done by the API), ingredient groups, steps, edit and delete. */
import { AddToPlanAndList } from './AddToPlanAndList';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api/client';
import { ApiProblem, unwrap } from '../api/problem';
import { navigate } from '../router';
import type { Route } from '../routes';
import { sessionState } from '../session';
import { Field, Loading, PageTitle, ProblemBanner, useTitle } from '../ui';
import { formatDate, formatMinutes, t } from '../i18n';
import { flash } from '../flash';
import { steps } from '../steps';
import type { CookMode as CookModeType, CookState } from './CookMode';
import { cookLines, ingredientGroups, type RecipeView } from '../recipe-lines';
import { Picture } from '../Picture';

/** An address's recipe id, or null when it cannot be one (/recipe/abc): then there is no such recipe, and nothing to ask the API. */
export function recipeId(param: string | undefined): number | null {
  return param && /^[1-9]\d{0,9}$/.test(param) && Number(param) <= 2_147_483_647 ? Number(param) : null;
}

/** What a missing recipe looks like, for its page and its edit page. */
export function RecipeNotFound() {
  useTitle(t('recipe.notFound'));
  return (
    <section>
      <PageTitle>{t('recipe.notFound')}</PageTitle>
      <p>
        {t('recipe.notFoundText')} <a href="/">{t('recipe.backToRecipes')}</a>
      </p>
    </section>
  );
}

export function RecipePage({ route }: { route: Route }) {
  const id = recipeId(route.params.id);
  return id === null ? <RecipeNotFound /> : <RecipeView id={id} route={route} />;
}

function RecipeView({ id, route }: { id: number; route: Route }) {
  const servingsParam = route.query.get('servings') ?? '';
  const factorParam = route.query.get('factor') ?? '';
  const units = (route.query.get('units') ?? '') as '' | 'metric' | 'us';
  const [recipe, setRecipe] = useState<RecipeView | null>(null);
  const [etag, setEtag] = useState<string | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [loading, setLoading] = useState(true);
  const [servings, setServings] = useState(servingsParam);
  const [attempt, setAttempt] = useState(0);
  const dialog = useRef<HTMLDialogElement>(null);
  const [deleting, setDeleting] = useState(false);
  const [deleteProblem, setDeleteProblem] = useState<ApiProblem | null>(null);
  // Cook mode is a chunk of its own, fetched on the first click; what is ticked lives as long as the page.
  const [cook, setCook] = useState<typeof CookModeType | null>(null);
  const [cooking, setCooking] = useState(false);
  const [cookProblem, setCookProblem] = useState<ApiProblem | null>(null);
  const cookState = useRef<CookState>({ ingredients: new Set(), steps: new Set() });
  const cookButton = useRef<HTMLButtonElement>(null);
  useTitle(recipe?.title ?? (problem?.status === 404 ? t('recipe.notFound') : t('recipe.pageTitle')));

  useEffect(() => {
    let live = true;
    setLoading(true);
    setProblem(null);
    const query = {
      servings: servingsParam ? Number(servingsParam) : undefined,
      factor: factorParam ? Number(factorParam) : undefined,
      units: units || undefined,
    };
    unwrap(api.GET('/recipes/{id}', { params: { path: { id }, query } }))
      .then(
        ({ data, response }) => {
          if (!live) return;
          setRecipe(data as RecipeView);
          setEtag(response.headers.get('etag'));
          if (!servingsParam && data.servings) setServings(String(data.servings));
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
  }, [id, servingsParam, factorParam, units, attempt]);

  const view = (changes: Record<string, string>) => {
    const p = new URLSearchParams(route.query);
    for (const [k, v] of Object.entries(changes)) {
      if (v) p.set(k, v);
      else p.delete(k);
    }
    const s = p.toString();
    // The reader stays where they are: the lines change in place.
    navigate(`/recipe/${id}${s ? `?${s}` : ''}`, { replace: true, keepScroll: true });
  };

  if (!recipe) {
    return (
      <section>
        {loading && <Loading label={t('recipe.loading')} />}
        {problem &&
          (problem.status === 404 ? <RecipeNotFound /> : <ProblemBanner problem={problem} onRetry={() => setAttempt(attempt + 1)} />)}
      </section>
    );
  }

  const me = sessionState().user;
  const mine = me !== null && me.id === recipe.owner_id;
  const groups = ingredientGroups(recipe);
  const stepList = steps(recipe.instructions);

  const openCook = () => {
    setCookProblem(null);
    if (cook) {
      setCooking(true);
      return;
    }
    import('./CookMode').then(
      (m) => {
        setCook(() => m.CookMode);
        setCooking(true);
      },
      () => setCookProblem(new ApiProblem(0, { key: 'error.offline' })),
    );
  };
  const closeCook = () => {
    setCooking(false);
    requestAnimationFrame(() => cookButton.current?.focus());
  };
  const Cook = cooking ? cook : null;

  const remove = async () => {
    setDeleting(true);
    setDeleteProblem(null);
    try {
      await unwrap(api.DELETE('/recipes/{id}', { params: { path: { id }, header: etag ? { 'if-match': etag } : {} } }));
      dialog.current?.close();
      flash({ key: 'recipe.deleted', params: { title: recipe.title } });
      navigate('/');
    } catch (err) {
      setDeleteProblem(err as ApiProblem);
    } finally {
      setDeleting(false);
    }
  };

  return (
    <article class="recipe" aria-busy={loading ? 'true' : 'false'}>
      <p class="crumbs">
        <a href="/">{t('recipe.allRecipes')}</a>
      </p>
      <PageTitle>{recipe.title}</PageTitle>
      <p class="meta">
        {formatMinutes(recipe.time_minutes)}
        {recipe.servings ? ` · ${t('meta.serves', { count: recipe.servings })}` : ''}
        {recipe.created_at && ` · ${t('meta.added', { date: formatDate(recipe.created_at) })}`}
        {recipe.source_url && (
          <>
            {' '}
            ·{' '}
            <a href={recipe.source_url} rel="noopener noreferrer nofollow" target="_blank">
              {t('recipe.source')}
              <span class="visually-hidden">{t('recipe.newTab')}</span>
            </a>
          </>
        )}
      </p>
      {recipe.tags && recipe.tags.length > 0 && (
        <p class="tags" aria-label={t('recipe.tags')}>
          {recipe.tags.map((t) => (
            <a key={t} class="tag" href={`/?tag=${encodeURIComponent(t)}`}>
              {t}
            </a>
          ))}
        </p>
      )}
      {/* The page's largest paint: fetched first. It stays in cook mode, above the steps. */}
      {recipe.image && (
        <Picture
          image={recipe.image}
          alt={recipe.title}
          sizes="(min-width: 50rem) 48rem, calc(100vw - 2rem)"
          load="lcp"
          class="recipe-picture"
        />
      )}
      {mine && !Cook && (
        <p class="actions">
          <a class="button" href={`/recipe/${id}/edit`}>
            {t('recipe.edit')}
          </a>
          <button
            type="button"
            class="button-danger"
            onClick={() => {
              setDeleteProblem(null);
              dialog.current?.showModal();
            }}
          >
            {t('recipe.delete')}
          </button>
        </p>
      )}

      {/* While cooking, only what cooking needs: no edit or delete under floury fingers. */}
      {!Cook && (
        <p class="actions cook-open">
          <button type="button" ref={cookButton} onClick={openCook}>
            {t('cook.open')}
          </button>
        </p>
      )}
      <ProblemBanner problem={cookProblem} onRetry={openCook} />
      {!Cook && <AddToPlanAndList recipeId={recipe.id} servings={recipe.servings ?? null} />}

      <form
        class="scale"
        aria-label={t('recipe.scaleForm')}
        onSubmit={(e) => {
          e.preventDefault();
          view({ servings: recipe.servings ? servings : '', factor: '' });
        }}
      >
        {recipe.servings || servingsParam ? (
          <Field label={t('recipe.servings')} name="servings" error={problem?.fields.servings}>
            {(ids) => (
              <span class="stepper">
                <button
                  type="button"
                  aria-label={t('recipe.fewer')}
                  disabled={Number(servings) <= 1}
                  onClick={() => {
                    const v = String(Math.max(1, Number(servings) - 1));
                    setServings(v);
                    view({ servings: v });
                  }}
                >
                  −
                </button>
                <input
                  {...ids}
                  type="number"
                  inputMode="numeric"
                  min={1}
                  max={1000}
                  value={servings}
                  onInput={(e) => setServings(e.currentTarget.value)}
                  onChange={(e) => view({ servings: e.currentTarget.value })}
                />
                <button
                  type="button"
                  aria-label={t('recipe.more')}
                  onClick={() => {
                    const v = String(Number(servings) + 1);
                    setServings(v);
                    view({ servings: v });
                  }}
                >
                  +
                </button>
              </span>
            )}
          </Field>
        ) : (
          <Field label={t('recipe.scale')} name="factor">
            {(ids) => (
              <select
                {...ids}
                value={factorParam || '1'}
                onChange={(e) => view({ factor: e.currentTarget.value === '1' ? '' : e.currentTarget.value })}
              >
                {['0.5', '1', '1.5', '2', '3', '4'].map((f) => (
                  <option key={f} value={f}>
                    {t('recipe.times', { factor: Number(f) })}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        <Field label={t('recipe.units')} name="units">
          {(ids) => (
            <select {...ids} value={units} onChange={(e) => view({ units: e.currentTarget.value })}>
              <option value="">{t('recipe.units.asWritten')}</option>
              <option value="metric">{t('recipe.units.metric')}</option>
              <option value="us">{t('recipe.units.us')}</option>
            </select>
          )}
        </Field>
      </form>
      <ProblemBanner problem={problem} onRetry={() => setAttempt(attempt + 1)} />

      {Cook ? (
        <Cook lines={cookLines(recipe)} steps={stepList} state={cookState.current} onClose={closeCook} />
      ) : (
        <div class="recipe-body">
          <section aria-labelledby="ingredients-title" class="ingredients">
            <h2 id="ingredients-title">{t('recipe.ingredients')}</h2>
            {groups.map((g, i) => (
              <div key={i} class="group">
                {g.name && <h3>{g.name}</h3>}
                <ul>
                  {g.lines.map((l, j) => (
                    <li key={j}>{l}</li>
                  ))}
                </ul>
              </div>
            ))}
          </section>
          <section aria-labelledby="steps-title" class="steps">
            <h2 id="steps-title">{t('recipe.method')}</h2>
            {stepList.length ? (
              <ol>
                {stepList.map((s, i) => (
                  <li key={i}>{s}</li>
                ))}
              </ol>
            ) : (
              <p class="muted">{t('recipe.noMethod')}</p>
            )}
          </section>
        </div>
      )}

      <dialog ref={dialog} aria-labelledby="delete-title" class="dialog">
        <h2 id="delete-title">{t('recipe.deleteTitle', { title: recipe.title })}</h2>
        <p>{t('recipe.deleteWarning')}</p>
        <ProblemBanner problem={deleteProblem} onRetry={remove} />
        {deleteProblem?.status === 412 && (
          <p>
            {t('recipe.deleteChanged')}{' '}
            <a
              href={`/recipe/${id}`}
              onClick={() => {
                dialog.current?.close();
                setAttempt(attempt + 1);
              }}
            >
              {t('recipe.deleteSeeLatest')}
            </a>
          </p>
        )}
        <p class="actions">
          <button type="button" class="button-danger" onClick={remove} disabled={deleting}>
            {deleting ? t('recipe.deleting') : t('recipe.deleteConfirm')}
          </button>
          <button type="button" class="button-secondary" onClick={() => dialog.current?.close()} autofocus>
            {t('recipe.cancel')}
          </button>
        </p>
      </dialog>
    </article>
  );
}
