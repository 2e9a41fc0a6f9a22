/** Create and edit a recipe. Edits send If-Match; a 412 says someone else changed it meanwhile. */
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api/client';
import { ApiProblem, unwrap } from '../api/problem';
import { navigate } from '../router';
import type { Route } from '../routes';
import type { Recipe } from '../types';
import { Loading, PageTitle, ProblemBanner, TextArea, TextField, useTitle } from '../ui';
import { parseTags } from '../tags';

interface Draft { title: string; ingredients: string; time_minutes: string; servings: string; instructions: string; source_url: string; image_url: string; tags: string }

const empty: Draft = { title: '', ingredients: '', time_minutes: '', servings: '', instructions: '', source_url: '', image_url: '', tags: '' };

function draftOf(r: Recipe & { tags?: string[] }): Draft {
  return {
    title: r.title, ingredients: r.ingredients, time_minutes: String(r.time_minutes), servings: r.servings ? String(r.servings) : '',
    instructions: r.instructions ?? '', source_url: r.source_url ?? '', image_url: r.image_url ?? '', tags: (r.tags ?? []).join(', '),
  };
}

/** The body for POST/PUT: empty optional fields become null (cleared) on edit and are left out on create. */
function bodyOf(d: Draft, editing: boolean, hadTags: boolean) {
  const opt = (v: string) => (v.trim() === '' ? (editing ? null : undefined) : v.trim());
  const num = (v: string) => (v.trim() === '' ? Number.NaN : Number(v));
  return {
    title: d.title.trim(),
    ingredients: d.ingredients,
    time_minutes: num(d.time_minutes),
    servings: d.servings.trim() === '' ? (editing ? null : undefined) : num(d.servings),
    instructions: opt(d.instructions),
    source_url: opt(d.source_url),
    image_url: opt(d.image_url),
    // Sent when there are tags, or to clear the ones the recipe had.
    tags: d.tags.trim() || hadTags ? parseTags(d.tags) : undefined,
  };
}

export function EditPage({ route }: { route: Route }) {
  const editing = route.name === 'edit';
  const id = Number(route.params.id);
  const [draft, setDraft] = useState<Draft>(empty);
  const [etag, setEtag] = useState<string | null>(null);
  const [hadTags, setHadTags] = useState(false);
  const [loaded, setLoaded] = useState(!editing);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [saving, setSaving] = useState(false);
  const [attempt, setAttempt] = useState(0);
  useTitle(editing ? 'Edit recipe' : 'New recipe');

  const load = async () => {
    const { data, response } = await unwrap(api.GET('/recipes/{id}', { params: { path: { id } } }));
    setDraft(draftOf(data));
    setHadTags(((data as { tags?: string[] }).tags ?? []).length > 0);
    setEtag(response.headers.get('etag'));
  };
  useEffect(() => {
    if (!editing) return;
    load().then(() => setLoaded(true), (err: ApiProblem) => setProblem(err));
  }, [id, attempt]);

  const set = (k: keyof Draft) => (v: string) => setDraft({ ...draft, [k]: v });
  const err = (k: string) => problem?.fields[k];

  const submit = async (e: Event) => {
    e.preventDefault();
    setSaving(true);
    setProblem(null);
    try {
      const raw = bodyOf(draft, editing, hadTags);
      // A number field left empty or not a number: say so here rather than send NaN.
      const local: Record<string, string> = {};
      if (!Number.isInteger(raw.time_minutes)) local.time_minutes = 'Enter the time in whole minutes (0 if unknown)';
      if (raw.servings !== undefined && raw.servings !== null && !Number.isInteger(raw.servings)) local.servings = 'Enter a whole number';
      if (Object.keys(local).length) throw new ApiProblem(400, 'Please correct the highlighted fields.', 'VALIDATION_FAILED', local);
      const body = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined)) as typeof raw;
      if (editing) {
        const { data } = await unwrap(api.PUT('/recipes/{id}', { params: { path: { id }, header: etag ? { 'if-match': etag } : {} }, body: body as never }));
        navigate(`/recipe/${data.id}`);
      } else {
        const { data } = await unwrap(api.POST('/recipes', { body: body as never }));
        navigate(`/recipe/${data.id}`);
      }
    } catch (e2) {
      setProblem(e2 as ApiProblem);
      requestAnimationFrame(() => (document.querySelector('[aria-invalid="true"], .banner-error') as HTMLElement | null)?.focus());
    } finally {
      setSaving(false);
    }
  };

  if (editing && !loaded) return <section>{problem ? <ProblemBanner problem={problem} onRetry={() => setAttempt(attempt + 1)} /> : <Loading label="Loading the recipe…" />}</section>;

  return (
    <section>
      <p class="crumbs"><a href={editing ? `/recipe/${id}` : '/'}>← {editing ? 'Back to the recipe' : 'All recipes'}</a></p>
      <PageTitle>{editing ? `Edit “${draft.title || 'recipe'}”` : 'New recipe'}</PageTitle>
      {problem?.status === 412 ? (
        <div class="banner banner-error" role="alert" tabIndex={-1}>
          <p><strong>Someone else changed this recipe while you were editing it.</strong> Your changes are not saved.
            Load their version to see what changed (your text below will be replaced), or keep editing and save again over it.</p>
          <p class="actions">
            <button type="button" onClick={() => { setProblem(null); load().catch((x: ApiProblem) => setProblem(x)); }}>Load the latest version</button>
            <button type="button" class="button-secondary" onClick={() => { setEtag(null); setProblem(null); }}>Keep my version</button>
          </p>
        </div>
      ) : (
        <ProblemBanner problem={problem} />
      )}
      <form class="recipe-form" onSubmit={submit} noValidate>
        <TextField label="Title" name="title" value={draft.title} onValue={set('title')} error={err('title')} required maxLength={200} />
        <TextArea label="Ingredients" name="ingredients" value={draft.ingredients} onValue={set('ingredients')} error={err('ingredients')} rows={8}
          hint="One per line, e.g. “200 g arborio rice”. A line ending with “:” starts a group." required />
        <div class="row">
          <TextField label="Time (minutes)" name="time_minutes" type="number" inputMode="numeric" min={0} max={10080} value={draft.time_minutes}
            onValue={set('time_minutes')} error={err('time_minutes')} required />
          <TextField label="Servings" name="servings" type="number" inputMode="numeric" min={1} value={draft.servings} onValue={set('servings')} error={err('servings')} />
        </div>
        <TextArea label="Method" name="instructions" value={draft.instructions} onValue={set('instructions')} error={err('instructions')} rows={8} hint="One step per line." />
        <TextField label="Tags" name="tags" value={draft.tags} onValue={set('tags')} error={err('tags')} hint="Separated by commas, e.g. vegetarian, quick" />
        <TextField label="Source URL" name="source_url" type="url" value={draft.source_url} onValue={set('source_url')} error={err('source_url')} />
        <TextField label="Image URL" name="image_url" type="url" value={draft.image_url} onValue={set('image_url')} error={err('image_url')} />
        <p class="actions">
          <button type="submit" disabled={saving}>{saving ? 'Saving…' : editing ? 'Save changes' : 'Create recipe'}</button>
          <a class="button button-secondary" href={editing ? `/recipe/${id}` : '/'}>Cancel</a>
        </p>
      </form>
    </section>
  );
}
