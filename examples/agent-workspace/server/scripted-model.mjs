// The model the workspace runs without an API key: AI SDK 7's mock language
// model (`ai/test`) driven by a script. It is stateless, like a real model:
// each request, it reads the conversation it is given and picks the next step,
// so approvals, denials and reloads work exactly as with a real model.
import { simulateReadableStream } from 'ai';
import { MockLanguageModelV4 } from 'ai/test';

const usage = {
  inputTokens: { total: 10, noCache: 10, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: 10, text: 10, reasoning: 0 },
};

/** The page the agent writes. */
export const AGENT_PAGE = `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8"><title>Made by the agent</title></head>
  <body style="font-family: system-ui; margin: 2rem">
    <h1>Hello from the agent</h1>
    <p>Written with writeFile, served with exec, shown with previewUrl.</p>
  </body>
</html>
`;

/**
 * @param {{ siteDir: string, serveCommand: string, port: number }} plan where the page goes and how it is served
 */
export function createScriptedModel(plan) {
  const steps = [
    { say: 'I will write a page, serve it and show it to you.', tool: 'writeFile', input: { path: `${plan.siteDir}/index.html`, content: AGENT_PAGE } },
    { say: `Starting a static server on port ${plan.port}.`, tool: 'exec', input: { command: plan.serveCommand } },
    { say: 'Here is the live preview.', tool: 'previewUrl', input: { port: plan.port } },
    { say: 'Let me look at the desktop.', tool: 'screenshot', input: {} },
    { say: 'Now I will clean up the scratch directory.', tool: 'exec', input: { command: 'rm -rf scratch' } },
  ];

  return new MockLanguageModelV4({
    provider: 'sandbox-elements',
    modelId: 'scripted-agent',
    doStream: async ({ prompt }) => {
      const results = prompt.filter((m) => m.role === 'tool').flatMap((m) => m.content).filter((p) => p.type === 'tool-result');
      const last = results.at(-1);
      let chunks;
      if (last?.output?.type === 'execution-denied') {
        const reason = last.output.reason ? ` (your reason: “${last.output.reason}”)` : '';
        chunks = text(`Understood: you denied \`rm -rf scratch\`${reason}, so I left scratch alone. The page is live on port ${plan.port}.`);
      } else if (results.length >= steps.length) {
        chunks = text('All done.');
      } else {
        const step = steps[results.length];
        chunks = [...text(step.say, false), { type: 'tool-call', toolCallId: `call-${results.length + 1}-${Date.now().toString(36)}`, toolName: step.tool, input: JSON.stringify(step.input) }, finish('tool-calls')];
      }
      return { stream: simulateReadableStream({ chunks, chunkDelayInMs: 5 }) };
    },
  });
}

function text(value, done = true) {
  const id = `t${Math.random().toString(36).slice(2)}`;
  const words = value.split(/(?<= )/);
  return [
    { type: 'stream-start', warnings: [] },
    { type: 'text-start', id },
    ...words.map((delta) => ({ type: 'text-delta', id, delta })),
    { type: 'text-end', id },
    ...(done ? [finish('stop')] : []),
  ];
}

function finish(reason) {
  return { type: 'finish', finishReason: { unified: reason, raw: reason }, usage };
}
