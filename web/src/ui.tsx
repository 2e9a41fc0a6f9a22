/** Small shared pieces: labelled fields with their error, the problem banner, page titles and focus. */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import type { ApiProblem } from './api/problem';
import { t, tm, type Message } from './i18n';
import { hasNavigated } from './router';

export function useTitle(title: string): void {
  useEffect(() => {
    document.title = t('title.suffix', { title });
  }, [title]);
}

/** The page's h1, focused when the page opens so keyboard and screen-reader users land on it. */
export function PageTitle({ children }: { children: ComponentChildren }) {
  const ref = useRef<HTMLHeadingElement>(null);
  // Not on the first load: the browser starts at the top of the page (skip link first), as users expect.
  useEffect(() => {
    if (hasNavigated()) ref.current?.focus({ preventScroll: true });
  }, []);
  return (
    <h1 ref={ref} tabIndex={-1}>
      {children}
    </h1>
  );
}

interface FieldProps {
  label: string;
  name: string;
  error?: Message;
  hint?: string;
  children: (ids: { id: string; 'aria-invalid'?: 'true'; 'aria-describedby'?: string }) => ComponentChildren;
}

/** A visible label, the control, a hint and the problem with this field right under it, tied to the control. */
export function Field({ label, name, error, hint, children }: FieldProps) {
  const id = `f-${name}`;
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`field${error ? ' field-invalid' : ''}`}>
      <label for={id}>{label}</label>
      {children({ id, 'aria-invalid': error ? 'true' : undefined, 'aria-describedby': described })}
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p class="field-error" id={`${id}-error`}>
          {tm(error)}
        </p>
      )}
    </div>
  );
}

interface Common {
  label: string;
  name: string;
  value: string;
  onValue: (v: string) => void;
  error?: Message;
  hint?: string;
  required?: boolean;
  placeholder?: string;
  class?: string;
  maxLength?: number;
}
interface InputProps extends Common {
  type?: 'text' | 'search' | 'number' | 'url' | 'password';
  inputMode?: 'numeric' | 'text' | 'url';
  min?: number;
  max?: number;
  autoComplete?: string;
}
export function TextField({ label, name, value, onValue, error, hint, type = 'text', ...rest }: InputProps) {
  return (
    <Field label={label} name={name} error={error} hint={hint}>
      {(ids) => (
        <input {...rest} {...ids} type={type as 'text'} name={name} value={value} onInput={(e) => onValue(e.currentTarget.value)} />
      )}
    </Field>
  );
}

interface AreaProps extends Common {
  rows?: number;
}
export function TextArea({ label, name, value, onValue, error, hint, ...rest }: AreaProps) {
  return (
    <Field label={label} name={name} error={error} hint={hint}>
      {(ids) => <textarea {...rest} {...ids} name={name} value={value} onInput={(e) => onValue(e.currentTarget.value)} />}
    </Field>
  );
}

/**
 * An API failure as a person reads it, with a retry where retrying can help (429, 5xx, offline).
 * `shown` names the fields the page marks itself; problems with any other field are listed here,
 * so none goes unsaid.
 */
export function ProblemBanner({ problem, onRetry, shown = [] }: { problem?: ApiProblem | null; onRetry?: () => void; shown?: string[] }) {
  if (!problem) return null;
  const retryable = problem.status === 0 || problem.status === 429 || problem.status >= 500;
  const others = Object.entries(problem.fields).filter(([name]) => !shown.includes(name));
  return (
    <div class="banner banner-error" role="alert" tabIndex={-1}>
      <p>{tm(problem.msg)}</p>
      {others.length > 0 && (
        <ul>
          {others.map(([name, m]) => (
            <li key={name}>{tm(m)}</li>
          ))}
        </ul>
      )}
      {retryable && onRetry && (
        <button type="button" class="button-secondary" onClick={onRetry}>
          {t('problem.retry')}
        </button>
      )}
    </div>
  );
}

export function Loading({ label }: { label?: string }) {
  return (
    <p class="loading" role="status">
      {label ?? t('app.loading')}
    </p>
  );
}

/** Moves the focus to a form's first marked field, or else to the error banner, once they are on screen. */
export function focusFirstProblem(form: HTMLElement | null): void {
  requestAnimationFrame(() => {
    const target = form?.querySelector<HTMLElement>('[aria-invalid="true"]') ?? document.querySelector<HTMLElement>('.banner-error');
    target?.focus();
  });
}
