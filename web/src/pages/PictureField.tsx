/**
 * The recipe form's picture: choose one from the device (a phone offers its camera for
 * `accept="image/*"`), see it before saving (a local object URL: nothing is sent until Save),
 * replace it or remove it. The change is applied when the form is saved (savePicture).
 */
import { useEffect } from 'preact/hooks';
import { api } from '../api/client';
import { ApiProblem, unwrap } from '../api/problem';
import { t, tm, type Message } from '../i18n';
import { checkPictureFile, pictureProblem, PICTURE_MAX_BYTES } from '../picture';
import { Picture } from '../Picture';
import type { RecipeImage } from '../types';

export type PictureChange = { kind: 'keep' } | { kind: 'set'; file: File; preview: string } | { kind: 'remove' };
export const KEEP: PictureChange = { kind: 'keep' };

interface Props {
  current: RecipeImage | null;
  title: string;
  change: PictureChange;
  onChange: (change: PictureChange) => void;
  /** A file refused before sending (too large, not a picture), or null once a good one is chosen. */
  onProblem: (problem: ApiProblem | null) => void;
  error?: Message;
}

export function PictureField({ current, title, change, onChange, onProblem, error }: Props) {
  // The object URL holds the file in memory: let it go when the choice changes or the form closes.
  useEffect(() => () => (change.kind === 'set' ? URL.revokeObjectURL(change.preview) : undefined), [change]);

  const choose = (e: Event) => {
    const input = e.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    // Cleared, so choosing the same file again (after fixing it, say) is a change too.
    input.value = '';
    if (!file) return;
    const bad = checkPictureFile(file);
    onProblem(bad);
    if (!bad) onChange({ kind: 'set', file, preview: URL.createObjectURL(file) });
  };

  const shown = change.kind === 'set' || (change.kind === 'keep' && current !== null);
  const status =
    change.kind === 'set'
      ? t('picture.pending', { name: change.file.name })
      : change.kind === 'remove'
        ? t('picture.removing')
        : current
          ? t('picture.current')
          : t('picture.none');
  const described = ['f-image-hint', error ? 'f-image-error' : ''].filter(Boolean).join(' ');

  return (
    <fieldset class="picture-field">
      <legend>{t('picture.legend')}</legend>
      <div class="picture-box">
        {change.kind === 'set' ? (
          <img class="picture picture-preview" src={change.preview} alt={t('picture.previewAlt', { title: title || t('edit.untitled') })} />
        ) : change.kind === 'keep' && current ? (
          <Picture image={current} alt={title} sizes="20rem" load="eager" class="picture-preview" />
        ) : (
          <div class="picture picture-none picture-preview" aria-hidden="true" />
        )}
        <p class="muted picture-status" role="status">
          {status}
        </p>
      </div>
      <div class={`field${error ? ' field-invalid' : ''}`}>
        <label for="f-image">{shown ? t('picture.replace') : t('picture.choose')}</label>
        <input
          id="f-image"
          name="image"
          type="file"
          accept="image/*"
          onChange={choose}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={described}
        />
        <p class="hint" id="f-image-hint">
          {t('picture.hint', { max: PICTURE_MAX_BYTES / 1024 / 1024 })}
        </p>
        {error && (
          <p class="field-error" id="f-image-error">
            {tm(error)}
          </p>
        )}
      </div>
      <p class="actions">
        {shown && (
          <button type="button" class="button-secondary" onClick={() => onChange(current ? { kind: 'remove' } : KEEP)}>
            {t('picture.remove')}
          </button>
        )}
        {change.kind !== 'keep' && current && (
          <button type="button" class="button-secondary" onClick={() => onChange(KEEP)}>
            {t('picture.keep')}
          </button>
        )}
      </p>
    </fieldset>
  );
}

/** Applies the form's picture change to a saved recipe; a refusal comes back in the picture's words. */
export async function savePicture(id: number, change: PictureChange): Promise<void> {
  try {
    if (change.kind === 'set') {
      await unwrap(
        api.PUT('/recipes/{id}/image', {
          params: { path: { id } },
          body: change.file,
          // The API reads what the bytes are; a file without a type is sent as a JPEG would be.
          headers: { 'content-type': change.file.type || 'image/jpeg' },
          // The bytes as they are (the default serializer writes JSON).
          bodySerializer: (body) => body as Blob,
        }),
      );
    } else if (change.kind === 'remove') {
      await unwrap(api.DELETE('/recipes/{id}/image', { params: { path: { id } } }));
    }
  } catch (err) {
    throw err instanceof ApiProblem ? pictureProblem(err) : err;
  }
}
