import { sandboxHandler } from '../../../../lib/sandbox.js';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

function handle(request: Request): Promise<Response> {
  return sandboxHandler().fetch(request);
}

export { handle as GET, handle as POST, handle as PUT, handle as DELETE, handle as OPTIONS };
