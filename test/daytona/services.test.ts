// @vitest-environment node
/** DaytonaService, DaytonaWorkspaceManager and DaytonaExecutor on the real SDK against the fake Daytona. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CommandFailedError, DaytonaExecutor, DaytonaService, DaytonaWorkspaceManager } from '../../src/daytona/index';
import type { SandboxError } from '../../src/transport/errors';
import type { RecordedRequest } from './fake-daytona';
import { startHarness, type Harness } from './helpers';

let h: Harness;
let service: DaytonaService;
beforeEach(async () => {
  h = await startHarness();
  service = new DaytonaService({ transport: h.transport });
});
afterEach(async () => {
  service.dispose();
  await h.cleanup();
});

function sent(method: string, path: string | RegExp): RecordedRequest[] {
  return h.fake.requests.filter((r) => r.method === method && (typeof path === 'string' ? r.path === path : path.test(r.path)));
}

async function rejection(promise: Promise<unknown>): Promise<SandboxError> {
  try {
    await promise;
  } catch (error) {
    return error as SandboxError;
  }
  throw new Error('expected a rejection');
}

describe('DaytonaService', () => {
  it('given daytona options instead of a transport, should build its own transport on the same code', async () => {
    const own = new DaytonaService({ daytona: h.daytona, preview: 'token' });
    const link = await own.getPreviewLink('abc123', 8080);
    expect(link.token).toBe(h.fake.sandboxes.get('abc123')!.previewToken);
    expect(own.transport.stats()).toMatchObject({ ptyConnections: 0, logSubscriptions: 0, cachedSandboxes: 1 });
    own.dispose();
  });

  it('should create folders and read and write files as text', async () => {
    await service.createFolder('abc123', '/home/user/project/src');
    expect(sent('POST', '/toolbox/abc123/files/folder')[0]!.query).toEqual({ path: '/home/user/project/src', mode: '755' });
    await service.writeFile('abc123', '/home/user/project/src/index.ts', 'export {};\n');
    expect(await service.readTextFile('abc123', '/home/user/project/src/index.ts')).toBe('export {};\n');
    expect((await service.listFiles('abc123', '/home/user/project/src')).map((e) => e.name)).toEqual(['index.ts']);
    await service.deleteFile('abc123', '/home/user/project', { recursive: true });
    expect((await rejection(service.listFiles('abc123', '/home/user/project'))).code).toBe('not_found');
    expect((await rejection(service.createFolder('abc123', '/x', 'rwx'))).code).toBe('invalid_request');
  });

  it('should clone, stage, commit, push, pull, list branches and check out through the git routes', async () => {
    await service.git.clone('abc123', { url: 'https://github.com/acme/app.git', path: '/home/user/app2', branch: 'main', username: 'bot', password: 'tok' });
    expect(sent('POST', '/toolbox/abc123/git/clone')[0]!.body).toEqual({ url: 'https://github.com/acme/app.git', branch: 'main', path: '/home/user/app2', username: 'bot', password: 'tok' });
    expect(await service.readTextFile('abc123', '/home/user/app2/README.md')).toContain('acme/app.git');
    await service.git.add('abc123', '/home/user/app2', ['README.md']);
    expect(sent('POST', '/toolbox/abc123/git/add')[0]!.body).toEqual({ path: '/home/user/app2', files: ['README.md'] });
    const status = await service.git.status('abc123', '/home/user/app2');
    expect(status).toEqual({ currentBranch: 'main', ahead: 0, behind: 0, branchPublished: false, files: [{ name: 'README.md', staging: 'Added', worktree: 'Unmodified' }] });
    expect(sent('GET', '/toolbox/abc123/git/status')[0]!.query).toEqual({ path: '/home/user/app2' });
    const { sha } = await service.git.commit('abc123', '/home/user/app2', { message: 'init', author: 'Bot', email: 'bot@example.com' });
    expect(sha).toMatch(/^[0-9a-f]+$/);
    expect(sent('POST', '/toolbox/abc123/git/commit')[0]!.body).toEqual({ path: '/home/user/app2', message: 'init', author: 'Bot', email: 'bot@example.com' });
    await service.git.push('abc123', '/home/user/app2', { username: 'bot', password: 'tok' });
    await service.git.pull('abc123', '/home/user/app2');
    expect(h.fake.sandboxes.get('abc123')!.git.remote).toEqual(['push', 'pull']);
    expect(sent('POST', '/toolbox/abc123/git/push')[0]!.body).toEqual({ path: '/home/user/app2', username: 'bot', password: 'tok' });
    expect(await service.git.branches('abc123', '/home/user/app2')).toEqual(['main', 'dev']);
    await service.git.checkoutBranch('abc123', '/home/user/app2', 'dev');
    expect(sent('POST', '/toolbox/abc123/git/checkout')[0]!.body).toEqual({ path: '/home/user/app2', branch: 'dev' });
    const missing = await rejection(service.git.checkoutBranch('abc123', '/home/user/app2', 'nope'));
    expect(missing.code).toBe('not_found');
    expect(missing.message).toContain('branch nope not found');
  });

  it('given a clone URL that is not https, ssh or git@, should refuse it without calling Daytona', async () => {
    const error = await rejection(service.git.clone('abc123', { url: 'file:///etc', path: '/tmp/x' }));
    expect(error.code).toBe('invalid_request');
    expect(sent('POST', /git\/clone/)).toHaveLength(0);
  });

  it('should run commands, drive the desktop and stop computer use', async () => {
    expect(await service.exec('abc123', 'echo from-service')).toEqual({ exitCode: 0, output: 'from-service\n' });
    await service.perform('abc123', { type: 'click', x: 5, y: 5 });
    expect(await service.displayInfo('abc123')).toEqual({ width: 1280, height: 800 });
    await service.stopComputerUse('abc123');
    expect(sent('POST', '/toolbox/abc123/computeruse/stop')).toHaveLength(1);
    expect(await service.computerUseStatus('abc123')).toBe('inactive');
  });
});

describe('DaytonaWorkspaceManager', () => {
  let manager: DaytonaWorkspaceManager;
  beforeEach(() => {
    manager = new DaytonaWorkspaceManager({ service, labels: { app: 'demo' } });
  });

  it('should create a workspace once, labelled with its key, and find it again by label', async () => {
    const [a, b] = await Promise.all([manager.getOrCreate('user-42', { env: { TZ: 'UTC' } }), manager.getOrCreate('user-42')]);
    expect(a.sandboxId).toBe(b.sandboxId);
    expect(sent('POST', '/api/sandbox')).toHaveLength(1);
    expect((sent('POST', '/api/sandbox')[0]!.body as { labels: Record<string, string> }).labels).toMatchObject({ app: 'demo', 'sandbox-elements.workspace': 'user-42' });
    const again = await manager.getOrCreate('user-42');
    expect(again).toMatchObject({ key: 'user-42', sandboxId: a.sandboxId, state: 'running' });
    expect(sent('POST', '/api/sandbox')).toHaveLength(1);
    const listQuery = JSON.parse(sent('GET', '/api/sandbox').at(-1)!.query.labels!);
    expect(listQuery).toEqual({ app: 'demo', 'sandbox-elements.workspace': 'user-42' });
    expect(await manager.get('nobody')).toBeUndefined();
    expect((await manager.list()).map((w) => w.key)).toEqual(['user-42']);
  });

  it('given a stopped or archived workspace, should start it instead of creating another', async () => {
    const ws = await manager.getOrCreate('proj-1');
    await manager.archive('proj-1');
    expect(sent('POST', `/api/sandbox/${ws.sandboxId}/stop`)).toHaveLength(1);
    expect((await manager.get('proj-1'))!.state).toBe('archived');
    const back = await manager.getOrCreate('proj-1');
    expect(back).toMatchObject({ sandboxId: ws.sandboxId, state: 'running' });
    expect(sent('POST', `/api/sandbox/${ws.sandboxId}/start`)).toHaveLength(1);
    expect(sent('POST', '/api/sandbox')).toHaveLength(1);
  });

  it('given a workspace in an error Daytona can recover, should recover it rather than make another', async () => {
    h.fake.addSandbox('broken1', { state: 'error', errorReason: 'oom', recoverable: true, labels: { app: 'demo', 'sandbox-elements.workspace': 'bad' } });
    const ws = await manager.getOrCreate('bad');
    expect(ws).toMatchObject({ sandboxId: 'broken1', state: 'running' });
    expect(sent('POST', '/api/sandbox/broken1/recover')).toHaveLength(1);
    expect(sent('POST', '/api/sandbox')).toHaveLength(0);
  });

  it('should stop and remove by key, and refuse malformed keys', async () => {
    await manager.getOrCreate('k1');
    expect((await manager.stop('k1')).state).toBe('stopped');
    await manager.remove('k1');
    expect(await manager.get('k1')).toBeUndefined();
    expect((await rejection(manager.stop('k1'))).code).toBe('not_found');
    expect((await rejection(manager.getOrCreate('../etc'))).code).toBe('invalid_request');
  });

  it('should clean up idle running workspaces, sparing the ones onIdle keeps and the ones touched recently', async () => {
    const kept: string[] = [];
    const m = new DaytonaWorkspaceManager({
      service,
      labels: { app: 'demo' },
      onIdle: (ws) => {
        if (ws.key === 'vip') {
          kept.push(ws.key);
          return 'keep';
        }
        return 'stop';
      },
    });
    await m.getOrCreate('old');
    await m.getOrCreate('vip');
    await m.getOrCreate('fresh');
    const later = Date.now() + 60 * 60_000;
    // `fresh` was active just before the sweep.
    const done = await m.cleanupIdle({ idleMs: 30 * 60_000, now: later, action: 'stop' }).then(async (first) => first);
    expect(done.map((d) => [d.key, d.action]).sort()).toEqual([['fresh', 'stop'], ['old', 'stop']]);
    expect(kept).toEqual(['vip']);
    expect((await m.get('old'))!.state).toBe('stopped');
    expect((await m.get('vip'))!.state).toBe('running');
    // Within the idle window nothing happens.
    await m.getOrCreate('old');
    m.touch('old');
    expect(await m.cleanupIdle({ idleMs: 30 * 60_000 })).toEqual([]);
    expect(() => m.startIdleCleanup(10)).toThrow(/at least 1000/);
    const stop = m.startIdleCleanup(60_000);
    stop.dispose();
    stop.dispose();
  });
});

describe('DaytonaExecutor', () => {
  let exec: DaytonaExecutor;
  beforeEach(() => {
    h.fake.sandboxes.get('abc123')!.fs.mkdir('/home/user/work', '/', true);
    exec = new DaytonaExecutor({ service, sandboxId: 'abc123', cwd: '/home/user/work', timeoutMs: 5000 });
  });

  it('should run commands in its cwd with its timeout', async () => {
    expect(await exec.run('pwd')).toEqual({ exitCode: 0, output: '/home/user/work\n' });
    expect(sent('POST', '/toolbox/abc123/process/execute')[0]!.body).toEqual({ command: 'pwd', cwd: '/home/user/work', timeout: 5 });
    expect((await exec.run('cat nothing-here')).exitCode).toBe(1);
  });

  it('given check: true and a failing command, should reject with its exit code and output', async () => {
    const error = await rejection(exec.run('no-such-tool --version', { check: true }));
    expect(error).toBeInstanceOf(CommandFailedError);
    expect((error as CommandFailedError).exitCode).toBe(127);
    expect(error.message).toContain('`no-such-tool --version` exited with 127');
    expect(error.message).toContain('command not found');
  });

  it('should write, read and list files relative to its cwd', async () => {
    await exec.writeFile('notes.txt', 'hello');
    expect(await exec.readFile('notes.txt')).toBe('hello');
    expect(await exec.readFile('/home/user/work/notes.txt')).toBe('hello');
    expect((await exec.listFiles()).map((e) => e.path)).toEqual(['/home/user/work/notes.txt']);
    expect(new TextDecoder().decode(await exec.readBytes('notes.txt'))).toBe('hello');
  });

  it('should say what failed, where, and why', async () => {
    const missing = await rejection(exec.readFile('missing.txt'));
    expect(missing.code).toBe('not_found');
    expect(missing.message).toMatch(/^Cannot read missing\.txt in sandbox abc123 \(no such file, directory or sandbox\): /);
    const nowhere = new DaytonaExecutor({ service, sandboxId: 'ghost' });
    const gone = await rejection(nowhere.run('true'));
    expect(gone.code).toBe('not_found');
    expect(gone.message).toContain('in sandbox ghost');
    expect((await rejection(exec.readFile(''))).code).toBe('invalid_request');
    expect(() => new DaytonaExecutor({ service, sandboxId: '' })).toThrow(/sandboxId/);
  });
});
