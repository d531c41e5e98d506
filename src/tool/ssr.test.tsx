// @vitest-environment node
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { aiParts, manyTools, seedCalls } from './fixtures';
import { ToolList, ToolPanel, ToolPanelDuration, ToolValue } from './index';

describe('tool family — server rendering', () => {
  it('given no DOM, importing and rendering should not touch window or document', () => {
    expect(typeof document).toBe('undefined');
    expect(typeof window).toBe('undefined');
  });

  it.each([...seedCalls, ...aiParts].map((t) => ['id' in t ? t.status : `${t.type}/${t.state}`, t] as const))(
    'given %s, should render to a string with its status',
    (_name, tool) => {
      const html = renderToString(<ToolPanel tool={tool} defaultOpen onApprove={() => undefined} onDeny={() => undefined} />);
      expect(html).toContain('data-se-part="tool-panel"');
      expect(html).toMatch(/data-se-part="tool-panel-status"[^>]*>[A-Z][a-z]/);
    },
  );

  it('given a completed seed call with timestamps, should render its frozen duration', () => {
    const html = renderToString(
      <ToolPanel tool={seedCalls[2]!}>
        <ToolPanelDuration />
      </ToolPanel>,
    );
    expect(html).toContain('1.3s');
  });

  it('given a large list, should render the first window and the summary', () => {
    const html = renderToString(<ToolList tools={manyTools(2000)} />);
    expect(html).toContain('2000 tool calls');
    expect(html).toContain('data-virtualized=""');
    expect((html.match(/data-se-part="tool-list-item"/g) ?? []).length).toBeLessThan(40);
  });

  it('given a hostile value, should render it as escaped text', () => {
    const html = renderToString(<ToolValue value={{ h: '<script>alert(1)</script>', n: 1n }} />);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('1n');
  });
});
