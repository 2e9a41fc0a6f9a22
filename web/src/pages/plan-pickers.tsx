/** What the plan's pages pick alike: the meal of a day, and a shopping list (or a new one). */
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import { t } from '../i18n';

export const SLOTS = ['breakfast', 'lunch', 'dinner', 'snack'] as const;
export type Slot = (typeof SLOTS)[number];

/** The meal an entry goes in (`slot` in the form), dinner first chosen. */
export function SlotPicker() {
  return (
    <label>
      {t('plan.slot')}
      <select name="slot">
        {SLOTS.map((s) => (
          <option key={s} value={s} selected={s === 'dinner'}>
            {t(`plan.slot.${s}`)}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The household's shopping lists, read once; none while they load or if they cannot be read (a new list is then made). */
export function useLists(): { id: number; name: string }[] {
  const [lists, setLists] = useState<{ id: number; name: string }[]>([]);
  useEffect(() => {
    unwrap(api.GET('/lists')).then(
      ({ data }) => setLists(data),
      () => {},
    );
  }, []);
  return lists;
}

/** The options of a list choice (`list` in the form): a new list (the empty value), then each list. */
export function ListOptions({ lists }: { lists: { id: number; name: string }[] }) {
  return (
    <>
      <option value="">{t('plan.newList')}</option>
      {lists.map((l) => (
        <option key={l.id} value={l.id}>
          {l.name}
        </option>
      ))}
    </>
  );
}
