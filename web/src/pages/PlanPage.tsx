/** The household's week: seven days (a column each on a wide screen, a day list on a phone), entries by meal, picking a recipe into a slot, and the week onto a shopping list. */
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api/client';
import { unwrap, type ApiProblem } from '../api/problem';
import { t } from '../i18n';
import { navigate } from '../router';
import type { Route } from '../routes';
import { Loading, PageTitle, ProblemBanner, useTitle } from '../ui';
import { ListOptions, SlotPicker, useLists, type Slot } from './plan-pickers';

type Entry = {
  id: number;
  date: string;
  slot: Slot;
  recipe: { id: number; title: string } | null;
  note: string | null;
  servings: number | null;
};
const DAY = 86_400_000;

/** The Monday of the week of a date (UTC days, as the plan's dates are). */
export function mondayOf(ms: number): string {
  const d = new Date(Math.floor(ms / DAY) * DAY);
  return new Date(d.getTime() - ((d.getUTCDay() + 6) % 7) * DAY).toISOString().slice(0, 10);
}
const addDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);

export function PlanPage({ route }: { route: Route }) {
  useTitle(t('plan.pageTitle'));
  const week = route.query.get('week') ?? mondayOf(Date.now());
  const days = Array.from({ length: 7 }, (_, i) => addDays(week, i));
  const [entries, setEntries] = useState<Entry[] | null>(null);
  const [recipes, setRecipes] = useState<{ id: number; title: string }[]>([]);
  const lists = useLists();
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    setEntries(null);
    unwrap(api.GET('/plan', { params: { query: { from: days[0]!, to: days[6]! } } }))
      .then(({ data }) => setEntries(data as Entry[]))
      .catch(setProblem);
  }, [week, attempt]);
  useEffect(() => {
    unwrap(api.GET('/recipes', { params: { query: { limit: 100, sort: 'title', fields: 'summary' } } }))
      .then(({ data }) => setRecipes((data as { id: number; title: string }[]).map((r) => ({ id: r.id, title: r.title }))))
      .catch(() => {});
  }, []);

  const add = async (form: HTMLFormElement, date: string) => {
    const f = new FormData(form);
    const recipeId = Number(f.get('recipe')) || undefined;
    const note = String(f.get('note') ?? '').trim() || undefined;
    const servings = Number(f.get('servings')) || undefined;
    try {
      await unwrap(api.POST('/plan', { body: { date, slot: f.get('slot') as Entry['slot'], recipe_id: recipeId, note, servings } }));
      form.reset();
      setAttempt((n) => n + 1);
    } catch (err) {
      setProblem(err as ApiProblem);
    }
  };
  const remove = async (id: number) => {
    try {
      await unwrap(api.DELETE('/plan/{id}', { params: { path: { id } } }));
      setAttempt((n) => n + 1);
    } catch (err) {
      setProblem(err as ApiProblem);
    }
  };
  const weekToList = async (form: HTMLFormElement) => {
    const chosen = Number(new FormData(form).get('list'));
    try {
      const id = chosen || (await unwrap(api.POST('/lists', { body: { name: `${t('plan.pageTitle')} ${week}` } }))).data.id;
      await unwrap(api.POST('/lists/{id}/plan', { params: { path: { id } }, body: { from: days[0]!, to: days[6]! } }));
      navigate(`/shopping/${id}`);
    } catch (err) {
      setProblem(err as ApiProblem);
    }
  };

  return (
    <section class="plan">
      <PageTitle>{t('plan.title')}</PageTitle>
      <p class="actions">
        <a class="button button-secondary" href={`/week?week=${addDays(week, -7)}`}>
          {t('plan.prev')}
        </a>{' '}
        <a class="button button-secondary" href={`/week?week=${addDays(week, 7)}`}>
          {t('plan.next')}
        </a>
      </p>
      {problem && <ProblemBanner problem={problem} onRetry={() => (setProblem(null), setAttempt((n) => n + 1))} />}
      <form
        class="week-to-list"
        onSubmit={(e) => {
          e.preventDefault();
          void weekToList(e.currentTarget);
        }}
      >
        <label for="week-list">{t('lists.list')}</label>
        <select id="week-list" name="list">
          <ListOptions lists={lists} />
        </select>
        <button type="submit">{t('plan.weekToList')}</button>
      </form>
      {entries === null ? (
        <Loading />
      ) : (
        <ol class="week">
          {days.map((date) => {
            const today = entries.filter((e) => e.date === date);
            return (
              <li key={date} class="day" data-date={date}>
                <h2>{new Date(`${date}T12:00:00Z`).toLocaleDateString(undefined, { weekday: 'long', day: 'numeric', month: 'short' })}</h2>
                {today.length === 0 && <p class="muted">{t('plan.empty')}</p>}
                <ul class="entries">
                  {today.map((e) => (
                    <li key={e.id} class="entry">
                      <span class="slot">{t(`plan.slot.${e.slot}`)}</span>{' '}
                      {e.recipe ? <a href={`/recipe/${e.recipe.id}`}>{e.recipe.title}</a> : null} {e.note ? <em>{e.note}</em> : null}
                      {e.servings ? ` · ${e.servings}` : ''}{' '}
                      <button
                        type="button"
                        class="link"
                        aria-label={`${t('plan.remove')} ${e.recipe?.title ?? e.note ?? ''}`}
                        onClick={() => void remove(e.id)}
                      >
                        {t('plan.remove')}
                      </button>
                    </li>
                  ))}
                </ul>
                <form
                  class="plan-add"
                  onSubmit={(ev) => {
                    ev.preventDefault();
                    void add(ev.currentTarget, date);
                  }}
                >
                  <SlotPicker />
                  <label>
                    {t('plan.recipe')}
                    <select name="recipe">
                      <option value="">{t('plan.noRecipe')}</option>
                      {recipes.map((r) => (
                        <option key={r.id} value={r.id}>
                          {r.title}
                        </option>
                      ))}
                    </select>
                  </label>
                  <label>
                    {t('plan.note')}
                    <input name="note" maxLength={500} />
                  </label>
                  <button type="submit">{t('plan.add')}</button>
                </form>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
