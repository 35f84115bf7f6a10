import { describe, expect, it } from 'vitest';
import { eventContext, urlsInText, webSearchEvents } from './event-builders.js';

describe('urlsInText', () => {
  it('finds every http(s) URL in a prompt, without trailing punctuation, once', () => {
    expect(urlsInText('Compare https://a.example/x, (https://b.example/y) and https://a.example/x.')).toEqual(['https://a.example/x', 'https://b.example/y']);
  });

  it('refuses a prompt naming more URLs than one call may', () => {
    expect(() => urlsInText(Array.from({ length: 65 }, (_, i) => `https://h${i}.example/`).join(' '))).toThrow(/limit/);
  });
});

describe('webSearchEvents', () => {
  it('contacts each allowed domain, or else an unnamed provider the web default judges', () => {
    const ctx = { agent: 'claude-code' };
    expect(webSearchEvents('a b', [' docs.example.com ', 'docs.example.com'], ctx).map((e) => e.kind === 'web_request' && e.url)).toEqual(['https://docs.example.com/?q=a%20b']);
    expect(webSearchEvents('a b', [], ctx).map((e) => e.kind === 'web_request' && e.url)).toEqual(['web-search:?q=a%20b']);
  });
});

describe('eventContext', () => {
  it('lays what the payload says over the caller’s context and drops empty values', () => {
    expect(eventContext({ agent: 'cursor', session: 's', cwd: '', tool: 'Shell' }, { context: { host: 'h', cwd: '/w', home: '' } })).toEqual({ host: 'h', cwd: '/w', agent: 'cursor', session: 's', tool: 'Shell' });
  });
});
