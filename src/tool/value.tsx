import * as React from 'react';
import { useToolPanelContext } from './context';
import { describe, toCopyText, type Described } from './describe';
import { defaultToolLabels, mergeToolLabels, type ToolLabels, type ToolLabelsInput } from './labels';

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
  labels: ToolLabels;
  Actions?: React.ComponentType<ToolValueActionProps> | undefined;
}

/** What a `ToolValue` `actions` component receives for each node. */
export interface ToolValueActionProps {
  /** The node's value. */
  value: unknown;
  /** Its key or index in the parent; undefined for the root. @default undefined */
  name?: string | undefined;
}

// Set by every ToolValue; the nodes (and `actions` such as the copy button) render only inside one.
const ViewContext = /* @__PURE__ */ React.createContext<ViewOptions | null>(null);

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
   * @default labels.value ('Value')
   */
  label?: string;
  /**
   * Replaces the viewer's strings (the value-viewer keys of `ToolLabels`); inside a `ToolPanel`, laid over the panel's labels.
   * @default the enclosing panel's labels, else defaultToolLabels
   */
  labels?: ToolLabelsInput;
  /**
   * Rendered after each node with its value and key: `ToolValueCopyButton` gives a copy button per value
   * (opt-in, so a viewer without it does not carry the clipboard code).
   * @default undefined (none)
   */
  actions?: React.ComponentType<ToolValueActionProps>;
}

/** A safe, collapsible view of any value; `actions={ToolValueCopyButton}` adds copy per value. */
export const ToolValue = /* @__PURE__ */ React.forwardRef<HTMLDivElement, ToolValueProps>(function ToolValue(
  { value, expandDepth = 2, maxItems = 100, maxStringLength = 1000, label, labels: labelsProp, actions, ...rest },
  ref,
) {
  const base = useToolPanelContext('ToolValue', { optional: true })?.labels ?? defaultToolLabels;
  const labels = React.useMemo(() => mergeToolLabels(base, labelsProp), [base, labelsProp]);
  const options = React.useMemo(
    () => ({ expandDepth, maxItems: Math.max(1, maxItems), maxStringLength: Math.max(1, maxStringLength), labels, Actions: actions }),
    [expandDepth, maxItems, maxStringLength, labels, actions],
  );
  return (
    <ViewContext.Provider value={options}>
      <div ref={ref} data-se-part="tool-value" {...rest}>
        <ul data-se-part="tool-value-list" aria-label={label ?? labels.value}>
          <ValueNode value={value} depth={0} ancestors={NO_ANCESTORS} />
        </ul>
      </div>
    </ViewContext.Provider>
  );
});

const NO_ANCESTORS: readonly unknown[] = [];

interface NodeProps {
  name?: string;
  value: unknown;
  depth: number;
  ancestors: readonly unknown[];
}

// Memoised: a panel re-rendering for a new status skips its unchanged input tree.
const ValueNode = /* @__PURE__ */ React.memo(function ValueNode({ name, value, depth, ancestors }: NodeProps) {
  const options = React.useContext(ViewContext)!;
  const { labels, Actions } = options;
  const d: Described = React.useMemo(() => describe(value), [value]);
  // Only a value with children can contain itself.
  const circular = d.size > 0 && ancestors.includes(value);
  const expandable = d.size > 0 && !circular;
  // null = follow the default, so a streaming `{}` that gains keys opens.
  const [openState, setOpen] = React.useState<boolean | null>(null);
  const open = openState ?? depth < options.expandDepth;
  const [shown, setShown] = React.useState(d.kind === 'string' ? options.maxStringLength : options.maxItems);
  const childId = React.useId();

  const type = circular ? 'circular' : d.kind;
  // A string shows quoted, cut at `shown` characters with an ellipsis (and "Show more").
  const string = type === 'string';
  const cut = string && d.text.length > shown;
  const text = circular ? labels.circular : string ? `"${d.text.slice(0, shown)}${cut ? '…' : '"'}` : d.text;

  return (
    <li data-se-part="tool-value-node" data-type={type} data-state={expandable ? (open ? 'open' : 'closed') : undefined}>
      {expandable ? (
        <button
          type="button"
          data-se-part="tool-value-toggle"
          aria-expanded={open}
          aria-controls={open ? childId : undefined}
          aria-label={(open ? labels.collapse : labels.expand)(name)}
          onClick={() => setOpen(!open)}
        >
          {open ? '▾' : '▸'}
        </button>
      ) : null}
      {name !== undefined ? <span data-se-part="tool-value-key">{name}: </span> : null}
      <span data-se-part="tool-value-text" data-type={type} data-empty={string && !d.text ? '' : undefined}>
        {text}
      </span>
      {cut ? (
        <button type="button" data-se-part="tool-value-more" onClick={() => setShown((s) => s * 10)}>
          {labels.showMoreCharacters(d.text.length - shown)}
        </button>
      ) : null}
      {expandable ? <span data-se-part="tool-value-size">{` ${labels.childCount(d.size, d.kind === 'object')}`}</span> : null}
      {Actions ? <Actions value={value} name={name} /> : null}
      {open && expandable ? (
        <ul id={childId} data-se-part="tool-value-list">
          {d.slice!(0, Math.min(shown, d.size)).map(([k, v], i) => (
            <ValueNode key={i} name={k} value={v} depth={depth + 1} ancestors={[...ancestors, value]} />
          ))}
          {d.size > shown ? (
            <li data-se-part="tool-value-node" data-type="more">
              <button type="button" data-se-part="tool-value-more" onClick={() => setShown((s) => s + options.maxItems)}>
                {labels.showMoreItems(d.size - shown)}
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

// The copy button's English defaults, here rather than in defaultToolLabels so
// that a viewer without the (opt-in) button does not carry them.
const COPY_LABELS: Required<Pick<ToolLabels, 'copy' | 'copied' | 'copyValue' | 'copyBlocked' | 'copyText'>> = {
  copy: 'Copy',
  copied: 'Copied',
  copyValue: (name) => `Copy ${name ?? 'value'}`,
  copyBlocked: 'Copying was blocked; select the text and copy it by hand.',
  copyText: (name) => `Text of ${name ?? 'value'}`,
};

/**
 * Copies a node's value as JSON (`toCopyText`) and confirms; where the browser
 * refuses, shows the text selected for manual copying. Pass it to
 * `ToolValue`'s `actions`.
 */
export function ToolValueCopyButton({ value, name }: ToolValueActionProps): React.JSX.Element {
  // Outside a ToolValue (no context) it still works, in English.
  const labels = { ...COPY_LABELS, ...React.useContext(ViewContext)?.labels };
  const [state, setState] = React.useState<CopyState>('idle');
  const [text, setText] = React.useState('');
  React.useEffect(() => {
    if (state !== 'copied') return;
    const timer = setTimeout(() => setState('idle'), 1500);
    return () => clearTimeout(timer);
  }, [state]);
  const copy = async () => {
    const t = toCopyText(value);
    const ok = await copyText(t);
    // (After unmount, setting state is a no-op.)
    setText(ok ? '' : t);
    setState(ok ? 'copied' : 'failed');
  };
  return (
    <>
      <button type="button" data-se-part="tool-value-copy" data-status={state} aria-label={labels.copyValue(name)} onClick={copy}>
        {state === 'copied' ? labels.copied : labels.copy}
      </button>
      {state === 'failed' ? (
        <span data-se-part="tool-value-copy-fallback" role="status">
          {labels.copyBlocked}
          <textarea
            readOnly
            aria-label={labels.copyText(name)}
            value={text}
            ref={(el) => el?.select()}
            onBlur={() => setState('idle')}
          />
        </span>
      ) : null}
    </>
  );
}
