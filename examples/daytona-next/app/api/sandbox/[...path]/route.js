// @ts-check
// Every sandbox call from the browser lands here: preview links, sandbox state,
// logs (Server-Sent Events), screenshots and computer-use actions. PTYs need a
// WebSocket upgrade, which a route handler cannot take: server.mjs does that.
import { sandbox } from '../../../../lib/sandbox';

export const runtime = 'nodejs'; // the Daytona SDK needs Node, not the Edge runtime
export const dynamic = 'force-dynamic';

/** @param {Request} request */
const handle = (request) => sandbox().handler.fetch(request);

export { handle as GET, handle as POST, handle as PUT, handle as DELETE, handle as OPTIONS };
