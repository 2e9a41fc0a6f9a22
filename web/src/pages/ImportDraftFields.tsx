/** The preview's fields, which the cook may correct before saving: the method shown as the steps it will become. */
import type { ImportDraft } from '../import-draft';
import { t, type Message } from '../i18n';
import { steps } from '../steps';
import { TextArea, TextField } from '../ui';

export function DraftFields({
  draft,
  setDraft,
  errors: f,
}: {
  draft: ImportDraft;
  setDraft: (d: ImportDraft) => void;
  errors: Partial<Record<string, Message>>;
}) {
  return (
    <>
      <TextField
        label={t('edit.title')}
        name="title"
        value={draft.title}
        onValue={(title) => setDraft({ ...draft, title })}
        error={f.title}
        maxLength={1000}
        required
      />
      <div class="row">
        <TextField
          label={t('edit.servings')}
          name="servings"
          type="number"
          inputMode="numeric"
          min={1}
          max={10000}
          value={draft.servings}
          onValue={(servings) => setDraft({ ...draft, servings })}
          error={f.servings}
        />
        <TextField
          label={t('edit.time')}
          name="time_minutes"
          type="number"
          inputMode="numeric"
          min={0}
          max={10080}
          value={draft.time_minutes}
          onValue={(time_minutes) => setDraft({ ...draft, time_minutes })}
          error={f.time_minutes}
          hint={t('import.timeHint')}
        />
      </div>
      <TextField
        label={t('edit.tags')}
        name="tags"
        value={draft.tags}
        onValue={(tags) => setDraft({ ...draft, tags })}
        error={f.tags}
        hint={t('edit.tagsHint')}
      />
      <div class="recipe-body">
        <TextArea
          label={t('edit.ingredients')}
          name="ingredients"
          value={draft.ingredients}
          onValue={(ingredients) => setDraft({ ...draft, ingredients })}
          error={f.ingredients ?? f.ingredient_groups}
          hint={t('edit.ingredientsHint')}
          rows={Math.min(20, draft.ingredients.split('\n').length + 2)}
        />
        <div>
          <TextArea
            label={t('edit.method')}
            name="instructions"
            value={draft.instructions}
            onValue={(instructions) => setDraft({ ...draft, instructions })}
            error={f.instructions}
            hint={t('edit.methodHint')}
            rows={Math.min(20, draft.instructions.split('\n').length + 2)}
          />
          {steps(draft.instructions).length ? (
            <ol class="steps-preview" aria-label={t('recipe.method')}>
              {steps(draft.instructions).map((x, i) => (
                <li key={i}>{x}</li>
              ))}
            </ol>
          ) : (
            <p class="muted">{t('import.noInstructions')}</p>
          )}
        </div>
      </div>
    </>
  );
}

/**
 * The picture the import will keep. The preview only knows the page's address for it, and loading
 * it from there would tell that site who looks (and the CSP forbids it): the picture is fetched
 * and stored by the server when the recipe is saved, and shown from here on.
 */
export function ImportPicture({ imageUrl }: { imageUrl: string | null | undefined }) {
  let host = '';
  try {
    host = imageUrl ? new URL(imageUrl).host : '';
  } catch {
    host = '';
  }
  return (
    <div class="picture-box import-picture">
      <div class="picture picture-none picture-preview" aria-hidden="true" />
      <p class="muted">{host ? t('import.pictureKept', { host }) : t('import.noPicture')}</p>
    </div>
  );
}
