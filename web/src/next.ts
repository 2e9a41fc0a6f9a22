/**
 * Where to go after signing in: only a path of this app. A browser's URL parser reads `\` as `/`,
 * ignores tabs and newlines, and resolves `//host`, so anything but `/` followed by neither `/` nor
 * `\` could leave the origin (an open redirect) or make `history.pushState` throw (a page stuck on
 * "Please wait…"). The check also runs on the once-decoded value, so an encoded slash or backslash
 * right after the first `/` cannot become one later.
 */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

function pathOnly(value: string): boolean {
  return /^\/(?![/\\])/.test(value) && !CONTROL.test(value);
}

export function safeNext(next: string | null | undefined, origin = 'http://app.invalid'): string {
  if (!next || !pathOnly(next)) return '/';
  let decoded: string;
  try {
    decoded = decodeURIComponent(next);
  } catch {
    return '/';
  }
  if (!pathOnly(decoded)) return '/';
  // The last word is the URL parser's: the result must stay on this origin.
  try {
    if (new URL(next, origin).origin !== new URL(origin).origin) return '/';
  } catch {
    return '/';
  }
  return next;
}
