/** What the household page and the administration pages show alike: copy links, member roles, the outcome of an action, a new password. */
import { useState } from 'preact/hooks';
import { ApiProblem } from '../api/problem';
import { t } from '../i18n';
import { TextField } from '../ui';

/** A link with a button that copies it (the Clipboard API, where the browser grants it). */
export function CopyLink({ href, label }: { href: string; label: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <p class="copy-link">
      <label>
        {label}
        <input type="text" readOnly value={href} onFocus={(e) => (e.currentTarget as HTMLInputElement).select()} />
      </label>
      <button
        type="button"
        class="button-secondary"
        onClick={() =>
          void navigator.clipboard?.writeText(href).then(
            () => setCopied(true),
            () => setCopied(false),
          )
        }
      >
        {copied ? t('household.copied') : t('household.copy')}
      </button>
    </p>
  );
}

/** An account's role as the pages name it. */
export const roleName = (role: 'admin' | 'member') => (role === 'admin' ? t('household.admin') : t('admin.member'));

/**
 * Actions of a page whose outcome is a problem or a notice: `run` clears both, does the work, and
 * keeps the API's problem if it fails (anything else is no problem to show).
 */
export function useActions() {
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const run = async (work: () => Promise<void>) => {
    setProblem(null);
    setNotice(null);
    try {
      await work();
    } catch (err) {
      setProblem(err instanceof ApiProblem ? err : null);
    }
  };
  return { problem, notice, setNotice, run };
}

/** What an action did, said once it is done. */
export function Notice({ text }: { text: string | null }) {
  if (!text) return null;
  return (
    <div class="banner banner-ok" role="status">
      <p>{text}</p>
    </div>
  );
}

/** The new password of a change or a reset (at least 8 characters, as the API asks). */
export function NewPasswordField({ value, onValue }: { value: string; onValue: (v: string) => void }) {
  return (
    <TextField
      label={t('account.newPassword')}
      name="new_password"
      type="password"
      autoComplete="new-password"
      value={value}
      onValue={onValue}
    />
  );
}
