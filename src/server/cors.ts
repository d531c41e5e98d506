import type { CorsOptions } from './options';

/** Whether `origin` is on the allowlist. A throwing predicate denies. */
export function originAllowed(cors: CorsOptions, origin: string): boolean {
  if (cors.origins === '*') return true;
  if (typeof cors.origins === 'function') {
    try {
      return cors.origins(origin) === true;
    } catch {
      return false;
    }
  }
  return cors.origins.includes(origin);
}
