/**
 * Turn a preview link (the sandbox's noVNC/websockify port, http or https)
 * into the WebSocket URL RFB connects to: http→ws, https→wss, and `path`
 * appended (websockify serves its socket on any path; noVNC's default page
 * uses `websockify`). A ws:// or wss:// URL is kept as it is.
 */
export function toVncWebSocketUrl(link: string, path = 'websockify', token?: string): string {
  const url = new URL(link);
  if (url.protocol === 'http:') url.protocol = 'ws:';
  else if (url.protocol === 'https:') url.protocol = 'wss:';
  else if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
    throw new TypeError(`A VNC link must be http(s) or ws(s), got ${url.protocol}`);
  }
  if (path) {
    const base = url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`;
    url.pathname = `${base}${path.replace(/^\/+/, '')}`;
  }
  if (token && !url.searchParams.has('token')) url.searchParams.set('token', token);
  return url.toString();
}
