/// <reference types="vite/client" />
// Blocks of the Theming docs page (stories/Theming.mdx): every --se-* token of
// the default theme, read live in a light and a dark container, and a part
// restyled through its data attributes only.
import * as React from 'react';
// The family's theme section (docs pages load no story file's CSS).
import '../../src/styles/tool.css';
import { ToolPanel } from '../../src';

const sheets = import.meta.glob<string>('../../src/styles/*.css', { eager: true, query: '?raw', import: 'default' });

/** Every custom property the theme declares, in the order first seen (base.css first). */
export const TOKENS: string[] = (() => {
  const seen = new Set<string>();
  const ordered = Object.entries(sheets).sort(([a], [b]) => (a.endsWith('/base.css') ? -1 : b.endsWith('/base.css') ? 1 : a.localeCompare(b)));
  for (const [, css] of ordered) for (const m of css.matchAll(/(--se-[a-z0-9-]+)\s*:/g)) seen.add(m[1]!);
  return [...seen];
})();

const COLOR = /^(#|rgb|hsl|oklch|oklab|color\(|transparent)/;

function useTokenValues(ref: React.RefObject<HTMLElement | null>): Record<string, string> {
  const [values, setValues] = React.useState<Record<string, string>>({});
  React.useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const style = getComputedStyle(el);
    setValues(Object.fromEntries(TOKENS.map((t) => [t, style.getPropertyValue(t).trim()])));
  }, [ref]);
  return values;
}

function Swatch({ token, value }: { token: string; value: string }) {
  const isColor = COLOR.test(value);
  return (
    <tr>
      <td>
        <code>{token}</code>
      </td>
      <td>
        {isColor ? (
          <span
            aria-hidden
            style={{ display: 'inline-block', width: 28, height: 18, verticalAlign: 'middle', marginRight: 8, background: `var(${token})`, border: '1px solid var(--se-border)', borderRadius: 4 }}
          />
        ) : null}
        <code>{value || '—'}</code>
      </td>
    </tr>
  );
}

function ThemeColumn({ theme }: { theme: 'light' | 'dark' }) {
  const ref = React.useRef<HTMLDivElement>(null);
  const values = useTokenValues(ref);
  return (
    <div ref={ref} data-theme={theme} style={{ background: 'var(--se-bg)', color: 'var(--se-fg)', border: '1px solid var(--se-border)', borderRadius: 8, padding: 12, minWidth: 0 }}>
      <table style={{ width: '100%', borderCollapse: 'collapse', fontSize: 13 }} data-testid={`tokens-${theme}`}>
        <caption style={{ textAlign: 'left', fontWeight: 600, paddingBottom: 8 }}>{theme === 'light' ? 'Light' : 'Dark'}</caption>
        <thead>
          <tr>
            <th scope="col" style={{ textAlign: 'left' }}>
              Token
            </th>
            <th scope="col" style={{ textAlign: 'left' }}>
              Value
            </th>
          </tr>
        </thead>
        <tbody>
          {TOKENS.map((t) => (
            <Swatch key={t} token={t} value={values[t] ?? ''} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Every --se-* token with its live value, light beside dark. */
export function TokenTable() {
  return (
    <div className="sb-unstyled" style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(300px, 1fr))', gap: 16 }}>
      <ThemeColumn theme="light" />
      <ThemeColumn theme="dark" />
    </div>
  );
}

export const RESTYLE_CSS = `.restyle-demo [data-se-part='tool-panel'] {
  border-radius: 16px;
  border-width: 2px;
  box-shadow: 0 4px 16px rgb(0 0 0 / 0.08);
}
.restyle-demo [data-se-part='tool-panel-header'] {
  background: var(--se-bg-muted);
  text-transform: uppercase;
  letter-spacing: 0.04em;
}
.restyle-demo [data-se-part='tool-panel'][data-status='error'] {
  border-color: var(--se-danger);
}`;

const demoTool = { id: 'demo-1', name: 'search_docs', status: 'error' as const, args: { query: 'theming' }, error: 'The index is rebuilding' };

/** A ToolPanel restyled by RESTYLE_CSS, beside the default look. */
export function RestyleDemo() {
  return (
    <div className="sb-unstyled" style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(280px, 1fr))', gap: 16 }}>
      <style>{RESTYLE_CSS}</style>
      <figure style={{ margin: 0 }}>
        <figcaption style={{ marginBottom: 8 }}>Default theme</figcaption>
        <ToolPanel tool={demoTool} />
      </figure>
      <figure className="restyle-demo" style={{ margin: 0 }}>
        <figcaption style={{ marginBottom: 8 }}>Restyled through data attributes</figcaption>
        <ToolPanel tool={demoTool} />
      </figure>
    </div>
  );
}
