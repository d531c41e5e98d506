// @ts-check
/**
 * Server-only wiring: one Daytona client, the Daytona transport, a workspace
 * per user, and the sandbox handler that puts the transport on the wire.
 * Imported by the route handlers and by server.mjs (for the PTY WebSocket).
 *
 * The Daytona API key lives only here, in the server's environment
 * (DAYTONA_API_KEY, DAYTONA_API_URL, DAYTONA_TARGET); the browser talks to
 * /api/sandbox and never sees it.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { Daytona } from '@daytonaio/sdk';
import { DaytonaService, DaytonaWorkspaceManager } from 'sandbox-elements/daytona';
import { createSandboxHandler, SandboxError } from 'sandbox-elements/server';

const SECRET = process.env.SESSION_SECRET ?? '';
export const SANDBOX_COOKIE = 'se-sandbox';

/** `sandboxId.signature`: proves this browser was given this sandbox by /api/workspace. */
export function signSandbox(user, sandboxId) {
  const mac = createHmac('sha256', SECRET).update(`${user}\n${sandboxId}`).digest('base64url');
  return `${user}.${sandboxId}.${mac}`;
}

/** The sandbox the request's cookie grants, or undefined. */
export function grantedSandbox(request) {
  const cookie = request.headers.get('cookie') ?? '';
  const raw = cookie.split(/;\s*/).find((c) => c.startsWith(`${SANDBOX_COOKIE}=`))?.slice(SANDBOX_COOKIE.length + 1);
  if (!raw || !SECRET) return undefined;
  const [user, sandboxId, mac] = decodeURIComponent(raw).split('.');
  if (!user || !sandboxId || !mac) return undefined;
  const expected = Buffer.from(signSandbox(user, sandboxId).split('.')[2] ?? '');
  const given = Buffer.from(mac);
  return expected.length === given.length && timingSafeEqual(expected, given) ? { user, sandboxId } : undefined;
}

function create() {
  if (!SECRET) throw new Error('Set SESSION_SECRET (any long random string) to sign sandbox cookies');
  // Reads DAYTONA_API_KEY / DAYTONA_API_URL / DAYTONA_TARGET from the environment.
  const daytona = new Daytona();
  // Signed preview URLs (iframes can load them), refreshed by <WebPreview> before they expire.
  const service = new DaytonaService({ daytona, preview: 'signed', signedUrlTtlSeconds: 600 });
  const workspaces = new DaytonaWorkspaceManager({ service, labels: { app: 'daytona-next-example' } });
  // Stop workspaces nobody used for 30 minutes (checked every 5 minutes).
  workspaces.startIdleCleanup(5 * 60_000, { idleMs: 30 * 60_000, action: 'stop' });
  const handler = createSandboxHandler({
    transport: service.transport,
    basePath: '/api/sandbox',
    // exec, files and sandboxes stay off the wire; the page needs none of them.
    expose: ['getSandbox', 'logs', 'pty', 'computerUse'],
    authorize: (request, { op, sandboxId }) => {
      if (op === 'capabilities') return true;
      const grant = grantedSandbox(request);
      if (!grant) throw new SandboxError('unauthorized', 'Open a workspace first (POST /api/workspace)');
      // A browser may only touch the sandbox it was given.
      return sandboxId === grant.sandboxId;
    },
  });
  return { daytona, service, workspaces, handler };
}

/** One instance per process, shared by route modules and the custom server. */
export function sandbox() {
  const g = /** @type {{ __sandboxElements?: ReturnType<typeof create> }} */ (globalThis);
  return (g.__sandboxElements ??= create());
}
