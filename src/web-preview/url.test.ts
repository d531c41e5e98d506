// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { HOSTILE_INPUTS } from './__fixtures__/hostile-inputs';
import { displayPreviewUrl, frameOrigin, joinPreviewPath, parsePreviewInput, previewPathOf, rebasePreviewUrl, resolvePreviewPath } from './url';


describe('parsePreviewInput', () => {
  it('given a bare port, should become that port at /', () => {
    expect(parsePreviewInput('3000')).toEqual({ kind: 'port', port: 3000, path: '/' });
    expect(parsePreviewInput(':8080')).toEqual({ kind: 'port', port: 8080, path: '/' });
    expect(parsePreviewInput('1')).toEqual({ kind: 'port', port: 1, path: '/' });
    expect(parsePreviewInput('65535')).toEqual({ kind: 'port', port: 65535, path: '/' });
  });

  it('given localhost:PORT/path in any form, should keep the path', () => {
    expect(parsePreviewInput('localhost:3000/path?q=1#h')).toEqual({ kind: 'port', port: 3000, path: '/path?q=1#h' });
    expect(parsePreviewInput('127.0.0.1:5173')).toEqual({ kind: 'port', port: 5173, path: '/' });
    expect(parsePreviewInput('http://localhost:3000/x')).toEqual({ kind: 'port', port: 3000, path: '/x' });
    expect(parsePreviewInput(':3000/api')).toEqual({ kind: 'port', port: 3000, path: '/api' });
  });

  it('given a path, query or hash, should be a path on the current preview', () => {
    expect(parsePreviewInput('/about')).toEqual({ kind: 'path', path: '/about' });
    expect(parsePreviewInput('#/todos')).toEqual({ kind: 'path', path: '#/todos' });
    expect(parsePreviewInput('?page=2')).toEqual({ kind: 'path', path: '?page=2' });
  });

  it('given http(s) URLs or bare hosts, should accept them as URLs', () => {
    expect(parsePreviewInput('https://example.com/a?b=1')).toEqual({ kind: 'url', url: 'https://example.com/a?b=1' });
    expect(parsePreviewInput('HTTP://Example.com')).toEqual({ kind: 'url', url: 'http://example.com/' });
    expect(parsePreviewInput('example.com/docs')).toEqual({ kind: 'url', url: 'https://example.com/docs' });
    expect(parsePreviewInput('3000-abc123.proxy.example.dev:8443/x')).toEqual({ kind: 'url', url: 'https://3000-abc123.proxy.example.dev:8443/x' });
  });

  it(`given ${HOSTILE_INPUTS.length} hostile or malformed inputs, should refuse every one with a message`, () => {
    expect(HOSTILE_INPUTS.length).toBeGreaterThanOrEqual(30);
    for (const input of HOSTILE_INPUTS) {
      const result = parsePreviewInput(input);
      expect(result.kind, `input ${JSON.stringify(input)} → ${JSON.stringify(result)}`).toBe('invalid');
      if (result.kind === 'invalid') expect(result.message.length).toBeGreaterThan(5);
    }
  });

  it('given a refused scheme, should name it in the message', () => {
    const result = parsePreviewInput('javascript:alert(1)');
    expect(result).toMatchObject({ kind: 'invalid', reason: 'scheme' });
    expect(result.kind === 'invalid' && result.message).toContain('javascript:');
    expect(parsePreviewInput('70000')).toMatchObject({ kind: 'invalid', reason: 'port' });
  });

  it('given a loopback URL whose path starts with //, should refuse it as it refuses :3000//x', () => {
    // The path would otherwise leave the sandbox: `new URL('//x', 'http://localhost:3000')` is http://x/.
    expect(parsePreviewInput('http://localhost:3000//evil.example.com')).toMatchObject({ kind: 'invalid', reason: 'malformed' });
    expect(parsePreviewInput(':3000//evil.example.com')).toMatchObject({ kind: 'invalid', reason: 'malformed' });
  });

  it('given port 0 or a port out of range on any host, should refuse it as a port', () => {
    for (const input of ['https://example.com:0/', 'example.com:0', 'example.com:70000', 'localhost:0', 'HTTP://LOCALHOST:0']) {
      expect(parsePreviewInput(input), input).toMatchObject({ kind: 'invalid', reason: 'port' });
    }
    expect(parsePreviewInput('LocalHost:3000')).toEqual({ kind: 'port', port: 3000, path: '/' });
    expect(parsePreviewInput('[::1]:3000/x')).toEqual({ kind: 'port', port: 3000, path: '/x' });
    expect(parsePreviewInput('localhost/x')).toEqual({ kind: 'url', url: 'https://localhost/x' });
  });
});

describe('joinPreviewPath', () => {
  it('given an http link with a token, should join the path and keep the token', () => {
    expect(joinPreviewPath('https://3000-abc.proxy.dev/?token=t1', '/about?x=1')).toBe('https://3000-abc.proxy.dev/about?x=1&token=t1');
    expect(joinPreviewPath('https://p.dev/?tkn=a', '/')).toBe('https://p.dev/?tkn=a');
  });

  it('given a link that routes the port by path, should keep its path as the root', () => {
    expect(joinPreviewPath('https://p.dev/base/?tkn=a', '/')).toBe('https://p.dev/base/?tkn=a');
    expect(joinPreviewPath('https://app.dev/api/sandbox/preview/abc/3000/', '/about?x=1#h')).toBe('https://app.dev/api/sandbox/preview/abc/3000/about?x=1#h');
    expect(joinPreviewPath('https://app.dev/api/sandbox/preview/abc/3000', '/about')).toBe('https://app.dev/api/sandbox/preview/abc/3000/about');
    expect(previewPathOf('https://app.dev/api/sandbox/preview/abc/3000/about?x=1', 'https://app.dev/api/sandbox/preview/abc/3000/')).toBe('/about?x=1');
    expect(previewPathOf('https://app.dev/api/sandbox/preview/abc/3000', 'https://app.dev/api/sandbox/preview/abc/3000/')).toBe('/');
    // Same origin but outside the link's path: not a page of this preview.
    expect(previewPathOf('https://app.dev/dashboard', 'https://app.dev/api/sandbox/preview/abc/3000/')).toBeNull();
    expect(previewPathOf('https://app.dev/api/sandbox/preview/abc/30001/x', 'https://app.dev/api/sandbox/preview/abc/3000/')).toBeNull();
    expect(rebasePreviewUrl('https://app.dev/p/abc/3000/a?t=1', 'https://app.dev/p/abc/3000/?t=1', 'https://app.dev/p/abc/3000/?t=2')).toBe('https://app.dev/p/abc/3000/a?t=2');
  });

  it('given a data: link, should put the path in the fragment (it has no path)', () => {
    const link = 'data:text/html;charset=utf-8,%3Ch1%3Ehi%3C%2Fh1%3E';
    expect(joinPreviewPath(link, '/about')).toBe(`${link}#/about`);
    expect(joinPreviewPath(link, '/#/todos')).toBe(`${link}#/todos`);
    expect(joinPreviewPath(link, '/')).toBe(link);
  });

  it('given a protocol-relative path, should throw rather than leave the sandbox', () => {
    expect(() => joinPreviewPath('https://p.dev/', '//evil.com')).toThrow(TypeError);
  });
});

describe('resolvePreviewPath', () => {
  it('given a root path, should join it to the link root, keeping the token', () => {
    expect(resolvePreviewPath('/b', { current: 'https://p.dev/a?token=t', linkUrl: 'https://p.dev/?token=t' })).toBe('https://p.dev/b?token=t');
  });

  it('given a query or a hash, should stay on the page shown, as a browser would', () => {
    const linkUrl = 'https://p.dev/?token=t';
    expect(resolvePreviewPath('?page=2', { current: 'https://p.dev/list?token=t#x', linkUrl })).toBe('https://p.dev/list?page=2&token=t');
    expect(resolvePreviewPath('#top', { current: 'https://p.dev/list?q=1&token=t', linkUrl })).toBe('https://p.dev/list?q=1&token=t#top');
    const data = 'data:text/html,x';
    expect(resolvePreviewPath('#/todos', { current: `${data}#/about`, linkUrl: data })).toBe(`${data}#/todos`);
    expect(resolvePreviewPath('?q=1', { current: 'https://e.com/docs/', linkUrl: null })).toBe('https://e.com/docs/?q=1');
  });

  it('given nothing to resolve against, should say so', () => {
    expect(resolvePreviewPath('/x', { current: null, linkUrl: null })).toBeNull();
  });
});

describe('previewPathOf / rebasePreviewUrl / display', () => {
  it('given a URL on the link, should give its path without the link token', () => {
    expect(previewPathOf('https://p.dev/a/b?x=1&token=t1#h', 'https://p.dev/?token=t1')).toBe('/a/b?x=1#h');
    expect(previewPathOf('https://other.dev/a', 'https://p.dev/')).toBeNull();
  });

  it('given a renewed link, should keep the path and swap the token', () => {
    expect(rebasePreviewUrl('https://p.dev/a?token=old#h', 'https://p.dev/?token=old', 'https://p.dev/?token=new')).toBe('https://p.dev/a?token=new#h');
    const old = 'data:text/html,old';
    expect(rebasePreviewUrl(`${old}#/about`, old, 'data:text/html,new')).toBe('data:text/html,new#/about');
  });

  it('given a data: page of a port, should display it as localhost:PORT', () => {
    const link = 'data:text/html,x';
    expect(displayPreviewUrl(link, { linkUrl: link, port: 3000 })).toBe('localhost:3000/');
    expect(displayPreviewUrl(`${link}#/about`, { linkUrl: link, port: 3000 })).toBe('localhost:3000/#/about');
    expect(displayPreviewUrl('https://e.com/x', { port: 3000 })).toBe('https://e.com/x');
  });

  it('given a sandboxed frame without allow-same-origin, should expect origin "null"', () => {
    expect(frameOrigin('https://p.dev/x', 'allow-scripts')).toBe('null');
    expect(frameOrigin('https://p.dev/x', 'allow-scripts allow-same-origin')).toBe('https://p.dev');
    expect(frameOrigin('data:text/html,x', 'allow-scripts allow-same-origin')).toBe('null');
  });
});
