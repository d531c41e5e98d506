/**
 * The page the simulated sandbox "serves" on a port: self-contained HTML that
 * needs no network. In-page links use the hash so they navigate inside a
 * `data:` URL; with the preview bridge loaded, navigations reach the parent.
 */
export function previewHtml(req: { sandboxId: string; port: number; issuedAt?: number }): string {
  const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const id = esc(req.sandboxId);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sandbox ${id}:${req.port}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f8fafc;color:#0f172a}header{background:#0f172a;color:#f8fafc;padding:12px 20px}main{padding:20px}nav a{margin-right:12px;color:#0369a1}code{background:#e2e8f0;padding:2px 4px;border-radius:4px}</style>
</head><body><header><strong>demo-app</strong> · sandbox <code style="color:#0f172a">${id}</code> · port ${req.port}</header>
<main><nav><a href="#/">Home</a><a href="#/about">About</a><a href="#/todos">Todos</a></nav>
<h1 id="title">Home</h1><p id="body">This page is served by the simulated sandbox on port ${req.port}.</p>
<button id="count" type="button">Clicked 0 times</button></main>
<script>
var pages={'/':['Home','This page is served by the simulated sandbox on port ${req.port}.'],'/about':['About','A preview with no network: everything you see is generated in memory.'],'/todos':['Todos','1. Write tests  2. Ship it']};
function show(){var p=location.hash.slice(1)||'/';var v=pages[p]||['Not found','No page at '+p];document.getElementById('title').textContent=v[0];document.getElementById('body').textContent=v[1];console.log('navigated to '+p);}
  window.addEventListener('hashchange',show);show();var n=0;document.getElementById('count').onclick=function(){n++;this.textContent='Clicked '+n+' times';console.info('clicked',n);};
</script></body></html>`;
}
