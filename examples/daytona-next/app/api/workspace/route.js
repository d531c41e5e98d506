// @ts-check
// Finds (or creates, or wakes) this user's sandbox by label and hands the
// browser a signed cookie naming it. Replace `userOf` with your auth.
import { SANDBOX_COOKIE, sandbox, signSandbox } from '../../../lib/sandbox';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** @param {Request} request */
function userOf(request) {
  // Demo only: a user name from a header. Use your session (NextAuth, Clerk, …).
  const user = request.headers.get('x-demo-user') ?? 'demo';
  return /^[A-Za-z0-9_-]{1,40}$/.test(user) ? user : undefined;
}

/** @param {Request} request */
export async function POST(request) {
  const user = userOf(request);
  if (!user) return Response.json({ error: 'unknown user' }, { status: 401 });
  try {
    const { workspaces } = sandbox();
    const ws = await workspaces.getOrCreate(`user-${user}`, { env: { APP_USER: user } }, request.signal);
    const cookie = `${SANDBOX_COOKIE}=${encodeURIComponent(signSandbox(user, ws.sandboxId))}; Path=/api/sandbox; HttpOnly; SameSite=Strict; Secure`;
    return Response.json({ sandboxId: ws.sandboxId, state: ws.state }, { headers: { 'set-cookie': cookie } });
  } catch (error) {
    const e = /** @type {{ code?: string; message?: string; status?: number }} */ (error);
    return Response.json({ error: { code: e.code ?? 'internal', message: e.message ?? 'failed' } }, { status: e.status ?? 500 });
  }
}
