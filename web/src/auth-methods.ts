/**
 * How one may sign in here (GET /auth/methods): password sign-in or not, and the single sign-on
 * provider if there is one. Asked once per page load, by whichever page needs it first; a failed
 * request is asked again next time, and meanwhile the password form is offered as before.
 */
import { useEffect, useState } from 'preact/hooks';
import { api } from './api/client';

export interface AuthMethods {
  password: boolean;
  oidc: { provider_name: string; start_url: string } | null;
}

const FALLBACK: AuthMethods = { password: true, oidc: null };
let known: AuthMethods | null = null;
let asking: Promise<AuthMethods> | null = null;

function ask(): Promise<AuthMethods> {
  asking ??= api
    .GET('/auth/methods')
    .then(({ data }) => {
      if (!data) throw new Error('no answer');
      known = data;
      return data;
    })
    .catch(() => {
      asking = null;
      return FALLBACK;
    });
  return asking;
}

/** The methods, or null until the first answer. */
export function useAuthMethods(): AuthMethods | null {
  const [methods, setMethods] = useState(known);
  useEffect(() => {
    // The answer may have come between this render and this effect (asked by another component):
    // take it then, or the page would keep showing what it shows without one.
    if (known) setMethods(known);
    else void ask().then(setMethods);
  }, []);
  return methods;
}

/** Where the single sign-on button goes: the provider's start, returning to `next` afterwards. */
export function ssoHref(methods: AuthMethods, next: string): string {
  return `${methods.oidc!.start_url}${next !== '/' ? `?next=${encodeURIComponent(next)}` : ''}`;
}
