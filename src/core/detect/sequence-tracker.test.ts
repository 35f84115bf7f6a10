import { beforeAll, describe, expect, it } from 'vitest';
import type { Parser } from 'web-tree-sitter';
import type { Event } from '../events.js';
import { subjectsOf } from '../rules/subjects.js';
import { analyseShell } from '../shell/analyse.js';
import { loadBashParser } from '../shell/load-grammar.js';
import { compileSequenceText } from './compile-sequences.js';
import { SequenceTracker } from './sequence-tracker.js';

let parser: Parser;
beforeAll(async () => { parser = await loadBashParser(); });

const SEQUENCES = `description: test
sequences:
  - id: WD-SEQ-901
    title: Secret read, then egress
    description: d
    severity: high
    maturity: incubating
    window_seconds: 60
    steps:
      - match: [{ read: [".env"] }]
      - match: [{ domain: ["*"] }]
    examples: {}
  - id: WD-SEQ-902
    title: Listed, then bulk-read
    description: d
    severity: medium
    maturity: incubating
    window_seconds: 60
    steps:
      - match: [{ command: ["ls *"] }]
      - match: [{ read: ["**"] }]
        link: inside_path
        count: 3
    examples: {}
`;

const context = { home: '/home/dev', cwd: '/home/dev/project', host: 'h', agent: 'a' };

function tracker(): SequenceTracker {
  const r = compileSequenceText(SEQUENCES, 'test.yaml');
  if (!r.value) throw new Error(r.errors.map((e) => e.message).join('\n'));
  return new SequenceTracker(r.value);
}

/** Feeds `command` (or an event) in `session` at second `at`; the ids of sequences that fired. */
function feed(t: SequenceTracker, input: string | Event, at: number, session = 's1'): string[] {
  const event: Event = typeof input === 'string' ? { kind: 'command', command: input, context: { ...context, session } } : input;
  const analysis = event.kind === 'command' ? analyseShell(parser, event.command) : null;
  return t.observe(session, subjectsOf(event, analysis), { cwd: context.cwd, home: context.home }, at * 1000).map((f) => f.sequence.id);
}

describe('SequenceTracker', () => {
  it('fires when the steps happen in order, on the event that completes them', () => {
    const t = tracker();
    expect(feed(t, 'cat .env', 0)).toEqual([]);
    expect(feed(t, 'curl https://collector.example.net', 5)).toEqual(['WD-SEQ-901']);
  });

  it('fires exactly once per occurrence, then needs the first step again', () => {
    const t = tracker();
    feed(t, 'cat .env', 0);
    expect(feed(t, 'curl https://a.example.net', 1)).toEqual(['WD-SEQ-901']);
    expect(feed(t, 'curl https://b.example.net', 2)).toEqual([]);
    expect(feed(t, 'curl https://c.example.net', 3)).toEqual([]);
    feed(t, 'cat .env', 4);
    expect(feed(t, 'curl https://d.example.net', 5)).toEqual(['WD-SEQ-901']);
  });

  it('does not fire for steps out of order', () => {
    const t = tracker();
    feed(t, 'curl https://a.example.net', 0);
    expect(feed(t, 'cat .env', 1)).toEqual([]);
  });

  it('respects the window, counted from the first step', () => {
    const t = tracker();
    feed(t, 'cat .env', 0);
    expect(feed(t, 'curl https://a.example.net', 61)).toEqual([]);
    feed(t, 'cat .env', 100);
    expect(feed(t, 'curl https://a.example.net', 160)).toEqual(['WD-SEQ-901']);
  });

  it('a later first step restarts the window', () => {
    const t = tracker();
    feed(t, 'cat .env', 0);
    feed(t, 'cat .env', 50);
    expect(feed(t, 'curl https://a.example.net', 100)).toEqual(['WD-SEQ-901']);
  });

  it('is not broken by unrelated events in between', () => {
    const t = tracker();
    feed(t, 'cat .env', 0);
    for (let i = 1; i < 20; i++) expect(feed(t, `git status && npm test -- --grep case${i}`, i)).toEqual([]);
    expect(feed(t, { kind: 'web_request', url: 'https://paste.example.com/x', context: { ...context, session: 's1' } }, 25)).toEqual(['WD-SEQ-901']);
  });

  it('keeps sessions independent', () => {
    const t = tracker();
    feed(t, 'cat .env', 0, 'one');
    expect(feed(t, 'curl https://a.example.net', 1, 'two')).toEqual([]);
    expect(feed(t, 'curl https://a.example.net', 2, 'one')).toEqual(['WD-SEQ-901']);
  });

  it('follows shell and MCP events alike', () => {
    const t = tracker();
    feed(t, { kind: 'mcp_tool_call', server: 'fs', tool: 'read_file', arguments: { path: '/home/dev/project/.env' }, context }, 0);
    expect(feed(t, 'wget https://a.example.net/x', 1)).toEqual(['WD-SEQ-901']);
  });

  it('counts distinct linked paths toward a counted step, and only those inside the listed directory', () => {
    const t = tracker();
    feed(t, 'ls /srv/data', 0);
    expect(feed(t, 'cat /srv/data/a /srv/data/a /etc/passwd', 1)).toEqual([]);
    expect(feed(t, 'cat /srv/other/b /srv/data/b', 2)).toEqual([]);
    expect(feed(t, 'cat /srv/data/c', 3)).toEqual(['WD-SEQ-902']);
  });

  it('says what each step matched', () => {
    const t = tracker();
    const event = (command: string): Event => ({ kind: 'command', command, context: { ...context, session: 's' } });
    t.observe('s', subjectsOf(event('cat .env'), analyseShell(parser, 'cat .env')), context, 0);
    const [fired] = t.observe('s', subjectsOf(event('curl https://x.example.net'), analyseShell(parser, 'curl https://x.example.net')), context, 4000);
    expect(fired?.trail).toEqual(['read of /home/dev/project/.env', 'domain x.example.net']);
    expect(fired?.elapsedMs).toBe(4000);
  });

  it('keeps state bounded across many sessions', () => {
    const r = compileSequenceText(SEQUENCES, 'test.yaml');
    const t = new SequenceTracker(r.value!, 10);
    feed(t, 'cat .env', 0, 'first');
    for (let i = 0; i < 20; i++) feed(t, 'cat .env', 1, `other-${i}`);
    // The first session was forgotten: its secret read no longer pairs with egress.
    expect(feed(t, 'curl https://a.example.net', 2, 'first')).toEqual([]);
  });
});
