// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { createMemoryTransport } from './index';

const page = (url: string) => decodeURIComponent(url.replace(/^data:text\/html;charset=utf-8,/, ''));

describe('memory transport — serve', () => {
  it('given `serve -p PORT DIR`, should show DIR/index.html as the preview of PORT and nothing else changes', async () => {
    const t = createMemoryTransport({ logIntervalMs: 0, files: { '/home/user/site/index.html': '<h1>Made by the agent</h1>' } });
    const before = page((await t.getPreviewLink({ sandboxId: 'abc123', port: 8123 })).url);
    expect(before).toContain('served by the simulated sandbox on port 8123');
    const run = await t.exec!({ sandboxId: 'abc123', command: 'serve -p 8123 site' });
    expect(run).toEqual({ exitCode: 0, output: 'Serving /home/user/site on http://localhost:8123\n' });
    expect(page((await t.getPreviewLink({ sandboxId: 'abc123', port: 8123 })).url)).toBe('<h1>Made by the agent</h1>');
    // Other ports, and other sandboxes, keep the demo page.
    expect(page((await t.getPreviewLink({ sandboxId: 'abc123', port: 3000 })).url)).toContain('port 3000');
  });

  it('given a directory without index.html, should list it; given a bad port or directory, should fail', async () => {
    const t = createMemoryTransport({ logIntervalMs: 0, files: { '/srv/a.txt': 'a', '/srv/sub/': '' } });
    expect((await t.exec!({ sandboxId: 'abc123', command: 'serve /srv' })).exitCode).toBe(0);
    const html = page((await t.getPreviewLink({ sandboxId: 'abc123', port: 3000 })).url);
    expect(html).toContain('<h1>Index of /srv</h1>');
    expect(html).toContain('<li>a.txt</li><li>sub/</li>');
    expect(await t.exec!({ sandboxId: 'abc123', command: 'serve -p 99999 /srv' })).toMatchObject({ exitCode: 2 });
    expect(await t.exec!({ sandboxId: 'abc123', command: 'serve -p 8080 /nope' })).toMatchObject({ exitCode: 1 });
  });
});
