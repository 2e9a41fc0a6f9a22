/** The visibility choice of the edit and import pages, with the server's default (RECIPE_DEFAULT_VISIBILITY, from GET /me) preselected. */
import { sessionState } from './session';
import { t } from './i18n';

export type Visibility = 'public' | 'household' | 'private';
export const VISIBILITIES: readonly Visibility[] = ['public', 'household', 'private'];

/** What a new recipe gets when the cook changes nothing. */
export const defaultVisibility = (): Visibility => sessionState().user?.defaultVisibility ?? 'public';

export function VisibilityField({ value, onValue }: { value: Visibility; onValue: (v: Visibility) => void }) {
  return (
    <fieldset class="visibility">
      <legend>{t('visibility.label')}</legend>
      {VISIBILITIES.map((v) => (
        <label key={v}>
          <input type="radio" name="visibility" value={v} checked={value === v} onChange={() => onValue(v)} /> {t(`visibility.${v}`)}
        </label>
      ))}
    </fieldset>
  );
}
