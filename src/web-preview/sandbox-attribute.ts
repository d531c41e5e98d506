/**
 * The iframe `sandbox` rule. A frame with both `allow-scripts` and
 * `allow-same-origin` whose document has the host page's own origin can
 * remove its own sandbox attribute and act as the host: that pair is only
 * safe for documents of another origin. So the default keeps
 * `allow-same-origin` for cross-origin previews (their cookies and storage
 * keep working, the browser's origin boundary protects the host) and drops it
 * whenever the preview shares the host's origin or has no real origin.
 */

import { originOf } from './url';

/** Tokens every preview gets by default: a normal app, isolated. */
const DEFAULT_SANDBOX = 'allow-scripts allow-forms allow-popups allow-popups-to-escape-sandbox allow-modals allow-downloads';

export interface SandboxAttributeResult {
  /** The `sandbox` attribute value to set. */
  value: string;
  /** True when the value lets a same-origin document script its way out (only possible with an override). */
  unsafe: boolean;
}

/**
 * The `sandbox` attribute for a frame showing `url` on a page whose origin is
 * `hostOrigin`. An `override` string is used as given, on purpose; `unsafe`
 * then says whether it allows the escape, so the part can flag it.
 */
export function resolveSandboxAttribute(url: string | undefined | null, hostOrigin: string | undefined | null, override?: string): SandboxAttributeResult {
  const origin = originOf(url);
  // Unknown host origin (server rendering) or unknown frame origin: assume the worst.
  const crossOrigin = origin !== null && origin !== 'null' && typeof hostOrigin === 'string' && hostOrigin !== 'null' && origin !== hostOrigin;
  if (override === undefined) return { value: crossOrigin ? `${DEFAULT_SANDBOX} allow-same-origin` : DEFAULT_SANDBOX, unsafe: false };
  const tokens = override.split(/\s+/);
  return { value: override, unsafe: tokens.includes('allow-scripts') && tokens.includes('allow-same-origin') && !crossOrigin };
}
