// @vitest-environment node
import * as React from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { SandboxProvider } from '../transport/provider';
import { createMemoryTransport } from '../transport/memory';
import {
  WebPreview,
  WebPreviewBackButton,
  WebPreviewBody,
  WebPreviewConsole,
  WebPreviewDevice,
  WebPreviewForwardButton,
  WebPreviewFullscreenButton,
  WebPreviewNavigation,
  WebPreviewOpenButton,
  WebPreviewReloadButton,
  WebPreviewUrl,
} from './index';

describe('server rendering', () => {
  it('given no window or document, should render every part', () => {
    expect(typeof window).toBe('undefined');
    const transport = createMemoryTransport({ logIntervalMs: 0 });
    const html = renderToString(
      <SandboxProvider transport={transport}>
        <WebPreview sandboxId="abc123" port={3000}>
          <WebPreviewNavigation>
            <WebPreviewBackButton />
            <WebPreviewForwardButton />
            <WebPreviewReloadButton />
            <WebPreviewOpenButton />
          </WebPreviewNavigation>
          <WebPreviewUrl />
          <WebPreviewDevice />
          <WebPreviewFullscreenButton />
          <WebPreviewBody />
          <WebPreviewConsole maxHeight={150} logs={[{ level: 'warn', message: '<b>not bold</b>', timestamp: 1_700_000_000_000 }]} />
        </WebPreview>
      </SandboxProvider>,
    );
    transport.dispose();
    expect(html).toContain('data-se-part="web-preview" data-status="resolving"');
    for (const part of ['web-preview-navigation', 'web-preview-back-button', 'web-preview-url-input', 'web-preview-device', 'web-preview-body', 'web-preview-console']) {
      expect(html).toContain(`data-se-part="${part}"`);
    }
    // The frame is only created in the browser, where its sandbox rule can see the host origin.
    expect(html).not.toContain('<iframe');
    expect(html).toContain('&lt;b&gt;not bold&lt;/b&gt;');
  });

  it('given a plain url and the one-line form, should render without a provider', () => {
    const html = renderToString(<WebPreview defaultUrl="https://example.com/" />);
    expect(html).toContain('data-se-part="web-preview-url-input"');
    expect(html).toContain('value="https://example.com/"');
  });
});
