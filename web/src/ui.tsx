/** Small shared pieces: labelled fields with their error, the problem banner, page titles and focus. */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import type { ApiProblem } from './api/problem';
import { hasNavigated } from './router';

export function useTitle(title: string): void {
  useEffect(() => { document.title = `${title} · Gourmet`; }, [title]);
}

/** The page's h1, focused when the page opens so keyboard and screen-reader users land on it. */
export function PageTitle({ children }: { children: ComponentChildren }) {
  const ref = useRef<HTMLHeadingElement>(null);
  // Not on the first load: the browser starts at the top of the page (skip link first), as users expect.
  useEffect(() => { if (hasNavigated()) ref.current?.focus({ preventScroll: true }); }, []);
  return <h1 ref={ref} tabIndex={-1}>{children}</h1>;
}

interface FieldProps {
  label: string;
  name: string;
  error?: string;
  hint?: string;
  children: (ids: { id: string; 'aria-invalid'?: 'true'; 'aria-describedby'?: string }) => ComponentChildren;
}

/** A visible label, the control, a hint and the API's error for this field right under it. */
export function Field({ label, name, error, hint, children }: FieldProps) {
  const id = `f-${name}`;
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`field${error ? ' field-invalid' : ''}`}>
      <label for={id}>{label}</label>
      {children({ id, 'aria-invalid': error ? 'true' : undefined, 'aria-describedby': described })}
      {hint && <p class="hint" id={`${id}-hint`}>{hint}</p>}
      {error && <p class="field-error" id={`${id}-error`}>{error}</p>}
    </div>
  );
}

interface Common { label: string; name: string; value: string; onValue: (v: string) => void; error?: string; hint?: string; required?: boolean; placeholder?: string; class?: string; maxLength?: number }
interface InputProps extends Common {
  type?: 'text' | 'search' | 'number' | 'url' | 'password'; inputMode?: 'numeric' | 'text' | 'url'; min?: number; max?: number; autoComplete?: string;
}
export function TextField({ label, name, value, onValue, error, hint, type = 'text', ...rest }: InputProps) {
  return (
    <Field label={label} name={name} error={error} hint={hint}>
      {(ids) => <input {...rest} {...ids} type={type as 'text'} name={name} value={value} onInput={(e) => onValue(e.currentTarget.value)} />}
    </Field>
  );
}

interface AreaProps extends Common { rows?: number }
export function TextArea({ label, name, value, onValue, error, hint, ...rest }: AreaProps) {
  return (
    <Field label={label} name={name} error={error} hint={hint}>
      {(ids) => <textarea {...rest} {...ids} name={name} value={value} onInput={(e) => onValue(e.currentTarget.value)} />}
    </Field>
  );
}

/** An API failure as a person reads it, with a retry where retrying can help (429, 503, offline). */
export function ProblemBanner({ problem, onRetry }: { problem?: ApiProblem | null; onRetry?: () => void }) {
  if (!problem) return null;
  const retryable = problem.status === 0 || problem.status === 429 || problem.status >= 500;
  return (
    <div class="banner banner-error" role="alert">
      <p>{problem.message}</p>
      {retryable && onRetry && <button type="button" class="button-secondary" onClick={onRetry}>Try again</button>}
    </div>
  );
}

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return <p class="loading" role="status">{label}</p>;
}

export function minutes(n: number): string {
  if (n <= 0) return 'time not given';
  const h = Math.floor(n / 60);
  const m = n % 60;
  return h ? `${h} h${m ? ` ${m} min` : ''}` : `${m} min`;
}
