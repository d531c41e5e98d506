import * as React from 'react';
import type {
  ComputerToolInput,
  ComputerToolOutput,
  ExecToolInput,
  ExecToolOutput,
  ListFilesToolOutput,
  PreviewUrlToolOutput,
  ReadFileToolOutput,
  SandboxToolImage,
  SandboxToolName,
  WriteFileToolInput,
  WriteFileToolOutput,
} from '../ai/types';
import { capitalize, mergeLabels } from '../internal/labels';
import type { SandboxToolLabels } from '../tool/labels';
import { ToolPanel, useToolInvocation, type ToolValueRenderer } from '../tool/panel';
import type { ToolRenderer, ToolRendererProps } from '../tool/list';
import type { ToolInvocation } from '../tool/normalize';
import type { ComputerAction, FileEntry } from '../transport/types';
import { useOptionalSandboxTransport, useSandboxId } from '../transport/provider';
import { parseAnsi } from '../web-preview/ansi';
import { WebPreview } from '../web-preview/web-preview';
import { diffLines } from './diff';

// Each renderer is a ToolPanel whose input and output viewers know the tool,
// so every state (streaming, approval, denied, error) reads as it does for
// any other tool, and the panel opens by itself because what a sandbox tool
// did is the point of showing it. Values come from a model and a network:
// every field is checked before use, and nothing is ever rendered as HTML.

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v !== null && typeof v === 'object' ? (v as Obj) : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

function panel(name: SandboxToolName, renderArgs: ToolValueRenderer, renderResult: ToolValueRenderer): ToolRenderer {
  function Renderer({ tool, onApprove, onDeny }: ToolRendererProps) {
    return <ToolPanel tool={tool} onApprove={onApprove} onDeny={onDeny} renderArgs={renderArgs} renderResult={renderResult} defaultOpen data-sandbox-tool={name} />;
  }
  Renderer.displayName = `${capitalize(name)}ToolRenderer`;
  return Renderer;
}

function Ansi({ text }: { text: string }) {
  return (
    <>
      {parseAnsi(text).map((seg, i) => (
        <span
          key={i}
          data-fg={seg.style.fg && !seg.style.fg.startsWith('#') ? seg.style.fg : undefined}
          data-bold={seg.style.bold ? '' : undefined}
          data-dim={seg.style.dim ? '' : undefined}
          style={seg.style.fg?.startsWith('#') ? { color: seg.style.fg } : undefined}
        >
          {seg.text}
        </span>
      ))}
    </>
  );
}

// ─── Labels ──────────────────────────────────────────────────────────────────

/** English defaults of the sandbox renderers' strings (`labels.sandbox` of `ToolList` / `ToolPanel` replaces any of them). */
export const defaultSandboxToolLabels: SandboxToolLabels = {
  commandOutput: 'Command output',
  outputDropped: '…earlier output dropped…',
  exitCode: (code) => `Exit code ${code}`,
  fileContent: (path) => `Content of ${path}`,
  newFile: (lines) => `new file, ${lines} lines`,
  fileChanges: (path) => `Changes to ${path}`,
  directoryEntries: (path) => `Entries of ${path ?? 'the directory'}`,
  emptyDirectory: 'Empty directory',
  fileSize: formatBytes,
  port: (port) => `Port ${port ?? '…'}`,
  computerAction: describeComputerAction,
  screenshotAlt: (width, height) => `Screenshot of the sandbox desktop (${width}×${height})`,
  desktopAfter: (action) => `The desktop after: ${action}`,
  noImage: 'No image',
  noScreenshot: 'Done (no screenshot)',
};

/** The enclosing panel's `labels.sandbox` over the defaults. */
function useSandboxLabels(): SandboxToolLabels {
  const overrides = useToolInvocation().labels.sandbox;
  return React.useMemo(() => mergeLabels(defaultSandboxToolLabels, overrides), [overrides]);
}

/** A viewer as a component, so that it can read the panel's labels. */
const view =
  (View: React.ComponentType<{ value: unknown; invocation: ToolInvocation }>): ToolValueRenderer =>
  (value, invocation) => <View value={value} invocation={invocation} />;

const imageSrc = (image: SandboxToolImage) => `data:${image.mediaType};base64,${image.data}`;
function imageOf(value: unknown): SandboxToolImage | undefined {
  const v = obj(value);
  const width = num(v.width);
  const height = num(v.height);
  const mediaType = str(v.mediaType);
  const data = str(v.data);
  // Only images, and only base64 text: the value becomes a data: URL.
  if (!width || !height || !mediaType?.startsWith('image/') || !data || !/^[A-Za-z0-9+/=\s]*$/.test(data)) return undefined;
  return { width, height, mediaType, data };
}

// ─── exec ────────────────────────────────────────────────────────────────────

const execArgs: ToolValueRenderer = (value) => {
  const { command, cwd } = obj(value) as Partial<ExecToolInput>;
  return (
    <pre data-se-part="sandbox-exec-command">
      {typeof cwd === 'string' ? <span data-se-part="sandbox-exec-cwd">{cwd} </span> : null}
      <span aria-hidden="true">$ </span>
      {typeof command === 'string' ? command : ''}
    </pre>
  );
};
const execResult = /* @__PURE__ */ view(function ExecResult({ value }) {
  const { exitCode, output, truncated } = obj(value) as Partial<ExecToolOutput>;
  const code = num(exitCode);
  const labels = useSandboxLabels();
  return (
    <div data-se-part="sandbox-exec-result">
      <pre data-se-part="sandbox-terminal-output" role="group" tabIndex={0} aria-label={labels.commandOutput}>
        {truncated ? (
          <span data-se-part="sandbox-exec-truncated">
            {labels.outputDropped}
            {'\n'}
          </span>
        ) : null}
        <Ansi text={str(output) ?? ''} />
      </pre>
      {code !== undefined ? (
        <span data-se-part="sandbox-exit-code" data-exit={code === 0 ? 'success' : 'failure'}>
          {labels.exitCode(code)}
        </span>
      ) : null}
    </div>
  );
});
/** `exec`: the command line, then its output as a terminal shows it (ANSI colours) and the exit code. */
export const ExecToolRenderer = /* @__PURE__ */ panel('exec', execArgs, execResult);

// ─── readFile / writeFile / listFiles ───────────────────────────────────────

function FileView({ path, content }: { path: string; content: string }) {
  const lines = content.split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  const labels = useSandboxLabels();
  return (
    <figure data-se-part="sandbox-file">
      <figcaption data-se-part="sandbox-file-path">{path}</figcaption>
      <pre data-se-part="sandbox-file-content" role="group" tabIndex={0} aria-label={labels.fileContent(path)}>
        {lines.map((line, i) => (
          <span key={i} data-se-part="sandbox-file-line" data-line={i + 1}>
            {line}
            {'\n'}
          </span>
        ))}
      </pre>
    </figure>
  );
}

const pathArgs: ToolValueRenderer = (value) => <code data-se-part="sandbox-path">{str(obj(value).path) ?? ''}</code>;
const readFileResult: ToolValueRenderer = (value) => {
  const { path, content } = obj(value) as Partial<ReadFileToolOutput>;
  return <FileView path={str(path) ?? ''} content={str(content) ?? ''} />;
};
/** `readFile`: the file's text under its path, with line numbers. */
export const ReadFileToolRenderer = /* @__PURE__ */ panel('readFile', pathArgs, readFileResult);

function Diff({ path, before, after }: { path: string; before: string | undefined; after: string }) {
  const lines = diffLines(before ?? '', after);
  const added = lines.filter((l) => l.kind === 'added').length;
  const removed = lines.filter((l) => l.kind === 'removed').length;
  const labels = useSandboxLabels();
  return (
    <figure data-se-part="sandbox-diff" data-created={before === undefined ? '' : undefined}>
      <figcaption data-se-part="sandbox-file-path">
        {path}{' '}
        <span data-se-part="sandbox-diff-stat">
          {before === undefined ? labels.newFile(added) : `+${added} −${removed}`}
        </span>
      </figcaption>
      <pre data-se-part="sandbox-diff-lines" role="group" tabIndex={0} aria-label={labels.fileChanges(path)}>
        {lines.map((line, i) => (
          <span key={i} data-se-part="sandbox-diff-line" data-kind={line.kind}>
            <span data-se-part="sandbox-diff-sign">
              {line.kind === 'added' ? '+' : line.kind === 'removed' ? '-' : ' '}
            </span>
            {line.text}
            {'\n'}
          </span>
        ))}
      </pre>
    </figure>
  );
}

const writeFileArgs: ToolValueRenderer = (value, invocation) => {
  const { path, content } = obj(value) as Partial<WriteFileToolInput>;
  // Once the result is in, the diff shows the content; before, the content is what the user approves.
  if (invocation.hasResult) return <code data-se-part="sandbox-path">{str(path) ?? ''}</code>;
  return <FileView path={str(path) ?? ''} content={str(content) ?? ''} />;
};
const writeFileResult: ToolValueRenderer = (value, invocation) => {
  const { path, previous } = obj(value) as Partial<WriteFileToolOutput>;
  const content = str(obj(invocation.args).content) ?? '';
  return <Diff path={str(path) ?? ''} before={str(previous)} after={content} />;
};
/** `writeFile`: the content to approve, then the change as a diff against `previous` (all added for a new file). */
export const WriteFileToolRenderer = /* @__PURE__ */ panel('writeFile', writeFileArgs, writeFileResult);

const listFilesResult = /* @__PURE__ */ view(function ListFilesResult({ value }) {
  const { path, entries } = obj(value) as Partial<ListFilesToolOutput>;
  const labels = useSandboxLabels();
  const list = (Array.isArray(entries) ? entries : [])
    .map(obj)
    .filter((e): e is Obj & FileEntry => typeof e.name === 'string')
    .sort((a, b) => Number(b.isDir) - Number(a.isDir) || a.name.localeCompare(b.name));
  return (
    <div data-se-part="sandbox-file-tree">
      <p data-se-part="sandbox-file-tree-root" data-kind="dir">
        {str(path) ?? ''}
      </p>
      {list.length ? (
        <ul aria-label={labels.directoryEntries(str(path))}>
          {list.map((e, i) => (
            <li key={`${e.name}#${i}`} data-se-part="sandbox-file-tree-item" data-kind={e.isDir ? 'dir' : 'file'}>
              <span aria-hidden="true">{i === list.length - 1 ? '└─ ' : '├─ '}</span>
              {e.name}
              {e.isDir ? '/' : <span data-se-part="sandbox-file-size"> {labels.fileSize(num(e.size) ?? 0)}</span>}
            </li>
          ))}
        </ul>
      ) : (
        <p data-se-part="tool-panel-placeholder">{labels.emptyDirectory}</p>
      )}
    </div>
  );
});
function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
/** `listFiles`: the directory as a tree, folders first. */
export const ListFilesToolRenderer = /* @__PURE__ */ panel('listFiles', pathArgs, listFilesResult);

// ─── previewUrl ──────────────────────────────────────────────────────────────

const portArgs = /* @__PURE__ */ view(function PortArgs({ value }) {
  return <code data-se-part="sandbox-port">{useSandboxLabels().port(num(obj(value).port))}</code>;
});
function PortPreview({ port, url }: { port: number | undefined; url: string | undefined }) {
  // With a SandboxProvider the preview resolves (and renews) the port's link
  // itself; without one it shows the URL the tool returned.
  const transport = useOptionalSandboxTransport();
  const sandboxId = useSandboxId();
  const live = transport !== null && sandboxId !== undefined && port !== undefined;
  return live ? <WebPreview data-se-part="sandbox-preview" port={port} /> : <WebPreview data-se-part="sandbox-preview" defaultUrl={url} />;
}
const previewResult: ToolValueRenderer = (value) => {
  const { port, url } = obj(value) as Partial<PreviewUrlToolOutput>;
  return <PortPreview port={num(port)} url={str(url)} />;
};
/** `previewUrl`: a live, inline `WebPreview` of the port. */
export const PreviewUrlToolRenderer = /* @__PURE__ */ panel('previewUrl', portArgs, previewResult);

// ─── screenshot / computer ──────────────────────────────────────────────────

function Screen({ image, alt, action }: { image: SandboxToolImage; alt: string; action?: ComputerAction }) {
  const points = action ? pointsOf(action) : [];
  return (
    <figure data-se-part="sandbox-screenshot" style={{ position: 'relative', margin: 0 }}>
      <img src={imageSrc(image)} alt={alt} width={image.width} height={image.height} style={{ display: 'block', width: '100%', height: 'auto' }} />
      {points.length ? (
        <svg
          data-se-part="sandbox-action-marker"
          viewBox={`0 0 ${image.width} ${image.height}`}
          aria-hidden="true"
          style={{ position: 'absolute', inset: 0, width: '100%', height: '100%', pointerEvents: 'none' }}
        >
          {points.length === 2 ? <line x1={points[0]!.x} y1={points[0]!.y} x2={points[1]!.x} y2={points[1]!.y} data-se-part="sandbox-action-path" /> : null}
          {points.map((p, i) => (
            <circle key={i} cx={p.x} cy={p.y} r={Math.max(8, image.width / 80)} data-se-part="sandbox-action-point" />
          ))}
        </svg>
      ) : null}
    </figure>
  );
}

function pointsOf(action: ComputerAction): Array<{ x: number; y: number }> {
  const a = action as unknown as Obj;
  if (num(a.x) !== undefined && num(a.y) !== undefined) return [{ x: a.x as number, y: a.y as number }];
  const from = obj(a.from);
  const to = obj(a.to);
  if (num(from.x) !== undefined && num(from.y) !== undefined && num(to.x) !== undefined && num(to.y) !== undefined) {
    return [from as { x: number; y: number }, to as { x: number; y: number }];
  }
  return [];
}

/** A sentence for an action, e.g. `Click at (10, 20)` (English; `labels.sandbox.computerAction` replaces it in the renderers). */
export function describeComputerAction(action: unknown): string {
  const a = obj(action);
  const at = (x: unknown, y: unknown) => `(${num(x) ?? '?'}, ${num(y) ?? '?'})`;
  switch (a.type) {
    case 'click':
      return `${a.double ? 'Double-click' : 'Click'}${a.button && a.button !== 'left' ? ` (${String(a.button)})` : ''} at ${at(a.x, a.y)}`;
    case 'move':
      return `Move to ${at(a.x, a.y)}`;
    case 'drag':
      return `Drag from ${at(obj(a.from).x, obj(a.from).y)} to ${at(obj(a.to).x, obj(a.to).y)}`;
    case 'scroll':
      return `Scroll ${String(a.direction ?? '')} at ${at(a.x, a.y)}`;
    case 'type':
      return `Type ${JSON.stringify(str(a.text) ?? '')}`;
    case 'press':
      return `Press ${[...(Array.isArray(a.modifiers) ? a.modifiers.map(String) : []), String(a.key ?? '')].join('+')}`;
    case 'hotkey':
      return `Press ${String(a.keys ?? '')}`;
    default:
      return a.type === undefined ? 'Waiting for the action…' : `Unknown action ${JSON.stringify(String(a.type))}`;
  }
}

const noArgs: ToolValueRenderer = () => null;
const screenshotResult = /* @__PURE__ */ view(function ScreenshotResult({ value }) {
  const image = imageOf(value);
  const labels = useSandboxLabels();
  if (!image) return <p data-se-part="tool-panel-placeholder">{labels.noImage}</p>;
  return <Screen image={image} alt={labels.screenshotAlt(image.width, image.height)} />;
});
/** `screenshot`: the image. */
export const ScreenshotToolRenderer = /* @__PURE__ */ panel('screenshot', noArgs, screenshotResult);

const computerArgs = /* @__PURE__ */ view(function ComputerArgs({ value }) {
  return <p data-se-part="sandbox-computer-action">{useSandboxLabels().computerAction(obj(value as Partial<ComputerToolInput>).action)}</p>;
});
const computerResult = /* @__PURE__ */ view(function ComputerResult({ value }) {
  const { action, screenshot } = obj(value) as Partial<ComputerToolOutput>;
  const image = imageOf(screenshot);
  const labels = useSandboxLabels();
  if (!image) return <p data-se-part="tool-panel-placeholder">{labels.noScreenshot}</p>;
  return <Screen image={image} alt={labels.desktopAfter(labels.computerAction(action))} action={action} />;
});
/** `computer`: the action in words, then the screen after it with the action's point marked. */
export const ComputerToolRenderer = /* @__PURE__ */ panel('computer', computerArgs, computerResult);

// ─── All of them ─────────────────────────────────────────────────────────────

/**
 * Renderers for the tools of `createSandboxTools`, by name, for
 * `<ToolList renderers={sandboxToolRenderers} />`. Spread it to add your own.
 */
export const sandboxToolRenderers: Readonly<Record<SandboxToolName, ToolRenderer>> = {
  exec: ExecToolRenderer,
  readFile: ReadFileToolRenderer,
  writeFile: WriteFileToolRenderer,
  listFiles: ListFilesToolRenderer,
  previewUrl: PreviewUrlToolRenderer,
  screenshot: ScreenshotToolRenderer,
  computer: ComputerToolRenderer,
};
