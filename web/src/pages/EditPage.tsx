/**
 * Create and edit a recipe. Every field is checked before sending (the API stops at its first
 * problem), so the form reports all its problems at once; edits send If-Match and a 412 says
 * someone else changed the recipe meanwhile. Leaving with unsaved changes asks first, and
 * another cook's recipe is not offered for editing.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api/client';
import { ApiProblem, LIMITS, fixFields, unwrap } from '../api/problem';
import { FIELDS, checkDraft, type Draft } from '../validate';
import { navigate, useLeaveGuard } from '../router';
import type { Route } from '../routes';
import { sessionState } from '../session';
import { Loading, PageTitle, ProblemBanner, TextArea, TextField, focusFirstProblem, useTitle } from '../ui';
import { bodyOf, draftOf } from '../recipe-form';
import { t } from '../i18n';
import { RecipeNotFound, recipeId } from './RecipePage';
import { KEEP, PictureField, savePicture, type PictureChange } from './PictureField';
import { VisibilityField, defaultVisibility, type Visibility } from '../visibility';
import type { RecipeImage } from '../types';

const empty: Draft = {
  title: '',
  ingredients: '',
  time_minutes: '',
  servings: '',
  instructions: '',
  source_url: '',
  image_url: '',
  tags: '',
};

export function EditPage({ route }: { route: Route }) {
  if (route.name !== 'edit') return <RecipeForm id={null} />;
  const id = recipeId(route.params.id);
  return id === null ? <RecipeNotFound /> : <RecipeForm id={id} />;
}

function RecipeForm({ id: routeId }: { id: number | null }) {
  // A new recipe whose picture was refused after the recipe was created is edited from then on.
  const [createdId, setCreatedId] = useState<number | null>(null);
  const id = routeId ?? createdId;
  const editing = id !== null;
  const [draft, setDraft] = useState<Draft>(empty);
  const [saved, setSaved] = useState<Draft>(empty);
  const [etag, setEtag] = useState<string | null>(null);
  const [owner, setOwner] = useState<number | null>(null);
  const [loaded, setLoaded] = useState(!editing);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [saving, setSaving] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const [image, setImage] = useState<RecipeImage | null>(null);
  const [picture, setPicture] = useState<PictureChange>(KEEP);
  const [visibility, setVisibility] = useState<Visibility>(defaultVisibility);
  const [savedVisibility, setSavedVisibility] = useState<Visibility | null>(null);
  const form = useRef<HTMLFormElement>(null);
  useTitle(editing ? t('edit.pageTitleEdit') : t('edit.pageTitleNew'));
  useLeaveGuard(FIELDS.some((f) => draft[f] !== saved[f]) || picture.kind !== 'keep');

  const load = async (which = id) => {
    const { data, response } = await unwrap(api.GET('/recipes/{id}', { params: { path: { id: which! } } }));
    setImage(data.image ?? null);
    const d = draftOf(data);
    setDraft(d);
    setSaved(d);
    setOwner(data.owner_id);
    setVisibility(data.visibility);
    setSavedVisibility(data.visibility);
    setEtag(response.headers.get('etag'));
  };
  useEffect(() => {
    if (routeId === null) return;
    load().then(
      () => setLoaded(true),
      (err: ApiProblem) => setProblem(err),
    );
  }, [routeId, attempt]);

  const set = (k: keyof Draft) => (v: string) => setDraft({ ...draft, [k]: v });
  const err = (k: string) => problem?.fields[k];

  const fail = (p: ApiProblem) => {
    setProblem(p);
    focusFirstProblem(form.current);
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    const problems = checkDraft(draft);
    if (Object.keys(problems).length) return fail(new ApiProblem(400, fixFields(problems), 'VALIDATION_FAILED', problems));
    setSaving(true);
    setProblem(null);
    try {
      // Editing sends only what changed (recipe-form.ts): with no change there is nothing to save.
      const body = bodyOf(draft, editing ? saved : null);
      if (visibility !== savedVisibility) body.visibility = visibility;
      let saveId = id;
      if (!editing || Object.keys(body).length > 0) {
        const { data } = editing
          ? await unwrap(
              api.PUT('/recipes/{id}', { params: { path: { id }, header: etag ? { 'if-match': etag } : {} }, body: body as never }),
            )
          : await unwrap(api.POST('/recipes', { body: body as never }));
        saveId = data.id;
      }
      try {
        await savePicture(saveId!, picture);
      } catch (e3) {
        // The recipe is saved, its picture is not: the form stays, now editing the saved recipe, with the picture's problem.
        if (!editing) setCreatedId(saveId);
        await load(saveId).catch(() => undefined);
        throw e3;
      }
      setPicture(KEEP);
      navigate(`/recipe/${saveId}`, { force: true });
    } catch (e2) {
      fail(e2 as ApiProblem);
    } finally {
      setSaving(false);
    }
  };

  if (editing && !loaded) {
    if (problem?.status === 404) return <RecipeNotFound />;
    return (
      <section>
        {problem ? <ProblemBanner problem={problem} onRetry={() => setAttempt(attempt + 1)} /> : <Loading label={t('recipe.loading')} />}
      </section>
    );
  }
  // Another cook's recipe (or the API said so on saving): say it instead of offering the form.
  const me = sessionState().user;
  if (editing && ((owner !== null && me !== null && owner !== me.id) || problem?.status === 403)) {
    return (
      <section>
        <PageTitle>{t('edit.notYoursTitle')}</PageTitle>
        <p>{t('edit.notYoursText', { title: saved.title })}</p>
        <p class="actions">
          <a class="button" href={`/recipe/${id}`}>
            {t('edit.openRecipe')}
          </a>
        </p>
      </section>
    );
  }

  return (
    <section>
      <p class="crumbs">
        <a href={editing ? `/recipe/${id}` : '/'}>{editing ? t('edit.backToRecipe') : t('edit.allRecipes')}</a>
      </p>
      <PageTitle>{editing ? t('edit.titleEdit', { title: draft.title || t('edit.untitled') }) : t('edit.titleNew')}</PageTitle>
      {problem?.status === 412 ? (
        <div class="banner banner-error" role="alert" tabIndex={-1}>
          <p>
            <strong>{t('edit.conflict')}</strong> {t('edit.conflictText')}
          </p>
          <p class="actions">
            <button
              type="button"
              onClick={() => {
                setProblem(null);
                load().catch((x: ApiProblem) => setProblem(x));
              }}
            >
              {t('edit.loadLatest')}
            </button>
            <button
              type="button"
              class="button-secondary"
              onClick={() => {
                setEtag(null);
                setProblem(null);
              }}
            >
              {t('edit.keepMine')}
            </button>
          </p>
        </div>
      ) : (
        <ProblemBanner problem={problem} shown={[...FIELDS, 'ingredient_groups', 'image']} />
      )}
      <form ref={form} class="recipe-form" onSubmit={submit} noValidate>
        <TextField
          label={t('edit.title')}
          name="title"
          value={draft.title}
          onValue={set('title')}
          error={err('title')}
          required
          maxLength={LIMITS.title}
        />
        <TextArea
          label={t('edit.ingredients')}
          name="ingredients"
          value={draft.ingredients}
          onValue={set('ingredients')}
          error={err('ingredients') ?? err('ingredient_groups')}
          rows={8}
          hint={t('edit.ingredientsHint')}
          required
        />
        <div class="row">
          <TextField
            label={t('edit.time')}
            name="time_minutes"
            type="number"
            inputMode="numeric"
            min={0}
            max={LIMITS.time}
            value={draft.time_minutes}
            onValue={set('time_minutes')}
            error={err('time_minutes')}
            hint={t('edit.timeHint')}
          />
          <TextField
            label={t('edit.servings')}
            name="servings"
            type="number"
            inputMode="numeric"
            min={1}
            value={draft.servings}
            onValue={set('servings')}
            error={err('servings')}
          />
        </div>
        <TextArea
          label={t('edit.method')}
          name="instructions"
          value={draft.instructions}
          onValue={set('instructions')}
          error={err('instructions')}
          rows={8}
          hint={t('edit.methodHint')}
        />
        <TextField
          label={t('edit.tags')}
          name="tags"
          value={draft.tags}
          onValue={set('tags')}
          error={err('tags')}
          hint={t('edit.tagsHint')}
        />
        <VisibilityField value={visibility} onValue={setVisibility} />
        <TextField
          label={t('edit.sourceUrl')}
          name="source_url"
          type="url"
          value={draft.source_url}
          onValue={set('source_url')}
          error={err('source_url')}
        />
        <TextField
          label={t('edit.imageUrl')}
          name="image_url"
          type="url"
          value={draft.image_url}
          onValue={set('image_url')}
          error={err('image_url')}
        />
        <PictureField
          current={image}
          title={draft.title}
          change={picture}
          onChange={setPicture}
          onProblem={setProblem}
          error={err('image')}
        />
        <p class="actions">
          <button type="submit" disabled={saving}>
            {saving ? t('edit.saving') : editing ? t('edit.save') : t('edit.create')}
          </button>
          <a class="button button-secondary" href={editing ? `/recipe/${id}` : '/'}>
            {t('edit.cancel')}
          </a>
        </p>
      </form>
    </section>
  );
}
