/** On a recipe page: put the recipe in the plan (date and meal), or on a shopping list at the servings asked. */
import { useState } from 'preact/hooks';
import { api } from '../api/client';
import { unwrap, type ApiProblem } from '../api/problem';
import { t } from '../i18n';
import { ProblemBanner } from '../ui';
import { ListOptions, SlotPicker, useLists, type Slot } from './plan-pickers';

export function AddToPlanAndList({ recipeId, servings }: { recipeId: number; servings: number | null }) {
  const lists = useLists();
  const [done, setDone] = useState<string | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const toPlan = async (form: HTMLFormElement) => {
    const f = new FormData(form);
    try {
      await unwrap(api.POST('/plan', { body: { date: String(f.get('date')), slot: f.get('slot') as Slot, recipe_id: recipeId } }));
      setDone(t('plan.added'));
    } catch (err) {
      setProblem(err as ApiProblem);
    }
  };
  const toList = async (form: HTMLFormElement) => {
    const f = new FormData(form);
    const asked = Number(f.get('servings')) || undefined;
    try {
      const id = Number(f.get('list')) || (await unwrap(api.POST('/lists', { body: { name: t('lists.title') } }))).data.id;
      const { data } = await unwrap(
        api.POST('/lists/{id}/recipes', { params: { path: { id } }, body: { recipe_id: recipeId, servings: asked } }),
      );
      setDone(`${t('lists.addedToList')}${data.skipped?.count ? ` · ${t('lists.skipped', { count: data.skipped.count })}` : ''}`);
    } catch (err) {
      setProblem(err as ApiProblem);
    }
  };
  return (
    <div class="add-to">
      {done && (
        <p class="banner banner-ok" role="status">
          {done}
        </p>
      )}
      {problem && <ProblemBanner problem={problem} />}
      <form
        class="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          void toPlan(e.currentTarget);
        }}
      >
        <label>
          {t('plan.date')}
          <input type="date" name="date" required value={new Date().toISOString().slice(0, 10)} />
        </label>
        <SlotPicker />
        <button type="submit">{t('plan.addToPlan')}</button>
      </form>
      <form
        class="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          void toList(e.currentTarget);
        }}
      >
        <label>
          {t('lists.list')}
          <select name="list">
            <ListOptions lists={lists} />
          </select>
        </label>
        <label>
          {t('plan.servings')}
          <input type="number" name="servings" min={1} max={1000} value={servings ?? ''} />
        </label>
        <button type="submit">{t('lists.addToList')}</button>
      </form>
    </div>
  );
}
