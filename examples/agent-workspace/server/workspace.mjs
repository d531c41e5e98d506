// The workspace's server side: one sandbox transport shared by the agent's
// tools and by the browser panes (through createSandboxHandler), and the chat
// route that streams the agent with `streamText`.
import { convertToModelMessages, stepCountIs, streamText } from 'ai';
import { createSandboxTools } from 'sandbox-elements/ai';
import { createMemoryTransport, createSandboxHandler, toNodeListener } from 'sandbox-elements/server';
import { createScriptedModel } from './scripted-model.mjs';

const SYSTEM = `You are a coding agent working in a sandbox through tools. Keep the user informed in one or two short sentences per step.
Serve web pages on a port, then call previewUrl so the user sees them. Ask before destructive commands; if the user denies one, do not retry it.`;

/**
 * @param {{
 *   sandbox?: 'memory' | 'local',
 *   root?: string,            // local: the directory the sandbox is confined to
 *   token: string,            // bearer token the page must send
 *   port?: number,            // where the agent serves its page
 *   display?: { width: number, height: number } | string | false,
 * }} options
 */
export async function createWorkspace(options) {
  const sandbox = options.sandbox ?? 'memory';
  const port = options.port ?? 8123;
  let transport;
  let sandboxId;
  let plan;
  if (sandbox === 'local') {
    // Loaded only here: node-pty and Xvfb are needed for the local sandbox only.
    const { createLocalTransport } = await import('sandbox-elements/local');
    transport = createLocalTransport({
      root: options.root,
      shell: '/bin/bash',
      shellArgs: ['--norc', '--noprofile'],
      env: { PS1: '$ ', HISTFILE: '/dev/null' },
      ports: [port],
      ...(options.display !== undefined ? { display: options.display } : {}),
    });
    sandboxId = 'local';
    await transport.files.write({ sandboxId, path: 'scratch/notes.txt', content: 'scratch notes\n' });
    plan = {
      siteDir: 'site',
      // In the background with its pid kept, so the call returns and the server can be stopped;
      // the call returns once the port answers (bash's /dev/tcp), so the preview never races it.
      serveCommand:
        `cd site && (python3 -m http.server ${port} --bind 127.0.0.1 > ../server.log 2>&1 & echo $! > ../server.pid) && ` +
        `for i in $(seq 300); do (exec 3<>/dev/tcp/127.0.0.1/${port}) 2>/dev/null && break; sleep 0.1; done && echo "serving site on port ${port}"`,
      port,
    };
  } else {
    transport = createMemoryTransport({ files: { '/home/user/site/': '', '/home/user/scratch/notes.txt': 'scratch notes\n' } });
    sandboxId = 'abc123';
    plan = { siteDir: '/home/user/site', serveCommand: `serve -p ${port} /home/user/site`, port };
  }

  const handler = createSandboxHandler({
    transport,
    basePath: '/api/sandbox',
    expose: ['getSandbox', 'logs', 'pty', 'computerUse', 'exec', 'files'],
    authorize: (request) => request.headers.get('authorization') === `Bearer ${options.token}`,
  });

  const tools = createSandboxTools({ transport, sandboxId });
  // A provider key picks a real model through the AI Gateway; without one, the scripted model.
  const model = process.env.AI_GATEWAY_API_KEY ? (process.env.AGENT_MODEL ?? 'anthropic/claude-sonnet-4.5') : createScriptedModel(plan);

  /** POST /api/chat: the AI SDK UI message stream of one agent turn. */
  async function chat(req, res) {
    if (req.headers.authorization !== `Bearer ${options.token}`) {
      res.writeHead(401, { 'content-type': 'text/plain' }).end('unauthorized');
      return;
    }
    let body = '';
    for await (const chunk of req) {
      body += chunk;
      if (body.length > 20 * 1024 * 1024) return void res.writeHead(413).end();
    }
    const { messages } = JSON.parse(body);
    const result = streamText({
      model,
      system: SYSTEM,
      tools,
      messages: await convertToModelMessages(messages, { tools }),
      stopWhen: stepCountIs(20),
      abortSignal: AbortSignal.timeout(5 * 60_000),
    });
    result.pipeUIMessageStreamToResponse(res, { onError: (error) => (error instanceof Error ? error.message : String(error)) });
  }

  return {
    sandbox,
    sandboxId,
    plan,
    transport,
    handler,
    api: toNodeListener(handler),
    chat,
    model: typeof model === 'string' ? model : 'scripted (ai/test MockLanguageModelV4)',
    async close() {
      if (sandbox === 'local') await transport.exec({ sandboxId, command: 'test -f server.pid && kill $(cat server.pid) 2>/dev/null; true' }).catch(() => {});
      await handler.close();
      if (typeof transport.close === 'function') await transport.close();
      else transport.dispose?.();
    },
  };
}
