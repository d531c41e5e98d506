#!/usr/bin/env node
// A tiny web app to preview: started inside the sandbox (by the end-to-end
// tests and `npm run dev:live`), it serves one page and logs every request to
// stdout, so WebPreview shows the page and its console shows the lines.
// Usage: node demo-server.mjs [port] [title]
import { createServer } from 'node:http';

const port = Number(process.argv[2] ?? 3000);
const title = process.argv[3] ?? 'Hello from the sandbox';
let hits = 0;

const server = createServer((req, res) => {
  hits++;
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname === '/favicon.ico') {
    res.writeHead(204).end();
    console.log(`GET ${url.pathname} 204`);
    return;
  }
  if (url.pathname === '/boom') {
    res.writeHead(500, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><title>Boom</title><h1>Server error</h1>');
    console.error(`GET ${url.pathname} 500: simulated failure`);
    return;
  }
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title>
<style>body{font:16px system-ui,sans-serif;margin:2rem;background:#f5f7ff;color:#111}h1{color:#3b3bd6}</style></head>
<body><h1>${escape(title)}</h1><p>Served by process ${process.pid} on port ${port}, request #${hits}, path <code>${escape(url.pathname)}</code>.</p></body></html>`;
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(html);
  console.log(`GET ${url.pathname} 200 (request #${hits})`);
});

server.on('error', (error) => {
  console.error(`error: cannot listen on ${port}: ${error.message}`);
  process.exit(1);
});
server.listen(port, '127.0.0.1', () => console.log(`info: demo server ready on http://127.0.0.1:${port}/`));
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(signal, () => server.close(() => process.exit(0)));

function escape(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
