import * as React from 'react';
import { describe, toCopyText, type Described } from './describe';

// ─── ToolValue ───────────────────────────────────────────────────────────────
// A collapsible tree for args and results. Children render only when a node
// is open, and only a page of them at a time, so a 100k-element array or a
// 10 MB string costs one page of DOM. Strings render as React text (never
// HTML). Cycles are detected against the node's ancestors (a value shared by
// two siblings is not a cycle).

interface ViewOptions {
  expandDepth: number;
  maxItems: number;
  maxStringLength: number;
}

const ViewContext = /* @__PURE__ */ React.createContext<ViewOptions>({ expandDepth: 2, maxItems: 100, maxStringLength: 1000 });

export interface ToolValueProps extends Omit<React.HTMLAttributes<HTMLDivElement>, 'children'> {
  /** The value to show: anything, including cyclic, hostile or huge values. */
  value: unknown;
  /**
   * Nesting levels open at first; deeper nodes show a summary and an expand button.
   * @default 2
   */
  expandDepth?: number;
  /**
   * Children shown per page of an array, object, Map or Set ("Show more" adds a page).
   * @default 100
   */
  maxItems?: number;
  /**
   * Characters of a string shown before "Show more".
   * @default 1000
   */
  maxStringLength?: number;
  /**
   * Accessible name of the tree.
   * @default 'Value'
   */
  label?: string;
}

/** A safe, collapsible view of any value, with copy per value. */
export const ToolValue = /* @__PURE__ */ React.forwardRef<HTMLDivElement, ToolValueProps>(function ToolValue(
  { value, expandDepth = 2, maxItems = 100, maxStringLength = 1000, label = 'Value', ...rest },
  ref,
) {
  const options = React.useMemo(
    () => ({ expandDepth, maxItems: Math.max(1, maxItems), maxStringLength: Math.max(1, maxStringLength) }),
    [expandDepth, maxItems, maxStringLength],
  );
  return (
    <ViewContext.Provider value={options}>
      <div ref={ref} data-se-part="tool-value" {...rest}>
        <ul data-se-part="tool-value-list" aria-label={label}>
          <ValueNode value={value} depth={0} ancestors={NO_ANCESTORS} />
        </ul>
      </div>
    </ViewContext.Provider>
  );
});

const NO_ANCESTORS: readonly unknown[] = [];
const fmt = (n: number) => n.toLocaleString('en-US');

interface NodeProps {
  name?: string;
  value: unknown;
  depth: number;
  ancestors: readonly unknown[];
}

// Memoised: a panel re-rendering for a new status skips its unchanged input tree.
const ValueNode = /* @__PURE__ */ React.memo(function ValueNode({ name, value, depth, ancestors }: NodeProps) {
  const options = React.useContext(ViewContext);
  const d: Described = React.useMemo(() => describe(value), [value]);
  const circular = d.slice !== undefined && ancestors.includes(value);
  const expandable = d.size > 0 && !circular;
  // null = follow the default, so a streaming `{}` that gains keys opens.
  const [openState, setOpen] = React.useState<boolean | null>(null);
  const open = openState ?? depth < options.expandDepth;
  const [shown, setShown] = React.useState(() => (d.kind === 'string' ? options.maxStringLength : options.maxItems));
  const childId = React.useId();

  let body: React.ReactNode;
  if (circular) body = <span data-se-part="tool-value-text" data-type="circular">[Circular]</span>;
  else if (d.kind === 'string') {
    const cut = d.text.length > shown;
    body = (
      <>
        <span data-se-part="tool-value-text" data-type="string" data-empty={d.text ? undefined : ''}>
          "{cut ? d.text.slice(0, shown) : d.text}
          {cut ? '…' : '"'}
        </span>
        {cut ? (
          <button type="button" data-se-part="tool-value-more" onClick={() => setShown((s) => s * 10)}>
            Show more ({fmt(d.text.length - shown)} more characters)
          </button>
        ) : null}
      </>
    );
  } else body = <span data-se-part="tool-value-text" data-type={d.kind}>{d.text}</span>;

  return (
    <li data-se-part="tool-value-node" data-type={circular ? 'circular' : d.kind} data-state={expandable ? (open ? 'open' : 'closed') : undefined}>
      {expandable ? (
        <button
          type="button"
          data-se-part="tool-value-toggle"
          aria-expanded={open}
          aria-controls={open ? childId : undefined}
          aria-label={`${open ? 'Collapse' : 'Expand'} ${name ?? 'value'}`}
          onClick={() => setOpen(!open)}
        >
          {open ? '▾' : '▸'}
        </button>
      ) : null}
      {name !== undefined ? <span data-se-part="tool-value-key">{name}: </span> : null}
      {body}
      {expandable ? <span data-se-part="tool-value-size">{` ${fmt(d.size)} ${d.kind === 'object' ? 'key' : 'item'}${d.size === 1 ? '' : 's'}`}</span> : null}
      <CopyButton value={value} name={name ?? 'value'} />
      {open && expandable ? (
        <ul id={childId} data-se-part="tool-value-list">
          {d.slice!(0, Math.min(shown, d.size)).map(([k, v], i) => (
            <ValueNode key={i} name={k} value={v} depth={depth + 1} ancestors={[...ancestors, value]} />
          ))}
          {d.size > shown ? (
            <li data-se-part="tool-value-node" data-type="more">
              <button type="button" data-se-part="tool-value-more" onClick={() => setShown((s) => s + options.maxItems)}>
                Show more ({fmt(d.size - shown)} more items)
              </button>
            </li>
          ) : null}
        </ul>
      ) : null}
    </li>
  );
});

// ─── Copy ────────────────────────────────────────────────────────────────────

/**
 * Copies `text`: the Clipboard API first, then the legacy `execCommand`
 * route; resolves false when both are refused (insecure origin, no
 * permission, jsdom) so the caller can offer manual copying.
 */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    /* refused or missing: fall through */
  }
  try {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.appendChild(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    return ok;
  } catch {
    return false;
  }
}

type CopyState = 'idle' | 'copied' | 'failed';

function CopyButton({ value, name }: { value: unknown; name: string }) {
  const [state, setState] = React.useState<CopyState>('idle');
  const [text, setText] = React.useState('');
  const alive = React.useRef(true);
  React.useEffect(() => {
    alive.current = true;
    return () => void (alive.current = false);
  }, []);
  React.useEffect(() => {
    if (state !== 'copied') return;
    const timer = setTimeout(() => setState('idle'), 1500);
    return () => clearTimeout(timer);
  }, [state]);
  const copy = async () => {
    const t = toCopyText(value);
    const ok = await copyText(t);
    if (!alive.current) return;
    setText(ok ? '' : t);
    setState(ok ? 'copied' : 'failed');
  };
  return (
    <>
      <button type="button" data-se-part="tool-value-copy" data-status={state} aria-label={`Copy ${name}`} onClick={copy}>
        {state === 'copied' ? 'Copied' : 'Copy'}
      </button>
      {state === 'failed' ? (
        <span data-se-part="tool-value-copy-fallback" role="status">
          Copying was blocked; select the text and copy it by hand.
          <textarea
            readOnly
            aria-label={`Text of ${name}`}
            value={text}
            ref={(el) => el?.select()}
            onBlur={() => setState('idle')}
          />
        </span>
      ) : null}
    </>
  );
}
