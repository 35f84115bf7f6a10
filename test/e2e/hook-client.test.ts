// The compiled hook client (warden-hook, built as `npm run build` builds it) as agents run it: against a server speaking the
// daemon protocol (hook-protocol-server.ts), with no daemon, with a daemon that hangs or answers
// outside the protocol, and against random answers. Its fallback is a small script here (run with
// /bin/sh as the "node" binary), so that what it received and what it printed can be told apart
// from the daemon's answer; one test uses the real CLI.
import { spawn, spawnSync } from 'node:child_process';
import { chownSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HOOK_AGENTS } from '../../src/intercept/hooks/index.js';
import { answerBytes, BODY_LIMIT, startProtocolServer, TOO_LARGE_ANSWER, type Behaviour, type ProtocolServer } from './hook-protocol-server.js';

const BUILD_SCRIPT = fileURLToPath(new URL('../../scripts/build-hook-client.mjs', import.meta.url));
const FALLBACK_EXIT = 7;

interface ClientResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: Buffer;
  readonly stderr: Buffer;
}

// The client built from the current source by the build script, into a scratch directory: these
// tests do not depend on the TypeScript build, nor rewrite build/bin under a running agent.
const root = mkdtempSync(join(tmpdir(), 'warden-hook-client-'));
const CLIENT = join(root, 'warden-hook');
const build = spawnSync(process.execPath, [BUILD_SCRIPT, '--out', CLIENT], { encoding: 'utf8' });
const noCompiler = build.status === 0 && /no C compiler/.test(build.stderr);
const fallbackStdin = join(root, 'fallback-stdin');
const fallbackScript = join(root, 'fallback.sh');
// Stands in for `node main.js hook <agent> --in-process`: keeps its stdin, says how it was run.
writeFileSync(fallbackScript, `cat > "$FALLBACK_STDIN"\nprintf 'FALLBACK %s\\n' "$*"\nprintf 'fallback stderr\\n' >&2\nexit ${FALLBACK_EXIT}\n`);
beforeAll(() => {
  if (build.status !== 0) throw new Error(`scripts/build-hook-client.mjs failed:\n${build.stdout}${build.stderr}`);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

let n = 0;
const servers: ProtocolServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** A fresh WARDEN_HOME, with a protocol server on its socket unless behaviour is null. */
async function home(behaviour: Behaviour | null): Promise<{ dir: string; server: ProtocolServer | null }> {
  const dir = join(root, `home-${++n}`);
  mkdirSync(dir, { mode: 0o700 });
  if (!behaviour) return { dir, server: null };
  const server = await startProtocolServer(dir, behaviour);
  servers.push(server);
  return { dir, server };
}

function runClient(args: readonly string[], input: Buffer | string, env: Record<string, string>): Promise<ClientResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(CLIENT, args, {
      env: { PATH: process.env.PATH ?? '', WARDEN_NODE: '/bin/sh', WARDEN_CLI: fallbackScript, FALLBACK_STDIN: fallbackStdin, ...env },
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    // The client may finish without reading all of stdin (an unknown agent): not an error here.
    child.stdin.on('error', () => undefined);
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout: Buffer.concat(out), stderr: Buffer.concat(err) }));
    child.stdin.end(input);
  });
}

const payload = (command: string): string =>
  JSON.stringify({ session_id: 's', cwd: '/tmp', hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command } });

const DENY = '{"hookSpecificOutput":{"hookEventName":"PreToolUse","permissionDecision":"deny","permissionDecisionReason":"Blocked by Warden (no-force-push): force push"}}';

/**
 * What the fallback script prints for an agent, and what it was handed; the request id it was
 * given. `down`: nothing listened on the socket, so the fallback is told to start the daemon again.
 */
function expectFallback(r: ClientResult, agent: string, sent: Buffer | string, down = false): string {
  expect(r.signal).toBeNull();
  expect(r.stdout.toString()).toMatch(new RegExp(`^FALLBACK hook ${agent} --in-process --request-id [0-9a-f]{32}${down ? ' --daemon-down' : ''}\n$`));
  expect(r.stderr.toString()).toContain('fallback stderr\n');
  expect(r.code).toBe(FALLBACK_EXIT);
  expect(readFileSync(fallbackStdin).equals(Buffer.from(sent))).toBe(true);
  return /--request-id ([0-9a-f]{32})/.exec(r.stdout.toString())![1]!;
}

describe.skipIf(noCompiler)('warden-hook with the daemon answering', () => {
  it('sends HOOK <agent> and the payload, and prints the answer: stdout, stderr and exit code', async () => {
    const { dir, server } = await home({ kind: 'answer', answer: () => answerBytes(0, DENY, 'Blocked by Warden (no-force-push): force push\n') });
    const sent = payload('git push --force');
    const r = await runClient(['claude-code'], sent, { WARDEN_HOME: dir });
    expect(r.stdout.toString()).toBe(DENY);
    expect(r.stderr.toString()).toBe('Blocked by Warden (no-force-push): force push\n');
    expect(r.code).toBe(0);
    expect(server?.requests).toEqual([{ header: expect.stringMatching(/^HOOK claude-code [0-9a-f]{32}$/) as unknown, agent: 'claude-code', requestId: expect.stringMatching(/^[0-9a-f]{32}$/) as unknown, body: Buffer.from(sent) }]);
  });

  it('prints an empty answer as nothing at all, exit 0', async () => {
    const { dir } = await home({ kind: 'answer', answer: () => answerBytes(0, '', '') });
    const r = await runClient(['gemini'], payload('ls'), { WARDEN_HOME: dir });
    expect(r).toMatchObject({ code: 0, signal: null });
    expect(r.stdout.length + r.stderr.length).toBe(0);
  });

  it('is binary-safe both ways: every byte value, NUL and newlines included', async () => {
    const bytes = Buffer.from(Array.from({ length: 512 }, (_, i) => i % 256));
    const { dir, server } = await home({ kind: 'answer', answer: (req) => answerBytes(0, req.body, Buffer.from(bytes).reverse()) });
    const r = await runClient(['cursor'], bytes, { WARDEN_HOME: dir });
    expect(r.code).toBe(0);
    expect(server?.requests[0]?.body.equals(bytes)).toBe(true);
    expect(r.stdout.equals(bytes)).toBe(true);
    expect(r.stderr.equals(Buffer.from(bytes).reverse())).toBe(true);
  });

  it('carries a 10 MB payload whole, and a 10 MB answer', async () => {
    const big = Buffer.alloc(10 * 1024 * 1024, 'a');
    big.write('{"tool_input":"', 0);
    const { dir, server } = await home({ kind: 'answer', answer: (req) => answerBytes(0, req.body, 'ok\n') });
    const r = await runClient(['codex'], big, { WARDEN_HOME: dir });
    expect(r.code).toBe(0);
    expect(server?.requests[0]?.body.equals(big)).toBe(true);
    expect(r.stdout.equals(big)).toBe(true);
    expect(r.stderr.toString()).toBe('ok\n');
  });

  it('passes a payload over 16 MiB on as 16 MiB and one byte, so the daemon answers it as too large', async () => {
    const { dir, server } = await home({ kind: 'answer', answer: () => answerBytes(0, 'judged', '') });
    const r = await runClient(['copilot'], Buffer.alloc(BODY_LIMIT + 4096, 'x'), { WARDEN_HOME: dir });
    expect(server?.requests[0]?.body.length).toBe(BODY_LIMIT + 1);
    expect(Buffer.concat([Buffer.from(`0 ${r.stdout.length} ${r.stderr.length}\n`), r.stdout, r.stderr]).equals(TOO_LARGE_ANSWER)).toBe(true);
    expect(r.code).toBe(0);
  });

  it('takes an answer the daemon sends before reading the body, and does not fall back', async () => {
    const { dir } = await home({ kind: 'early', answer: answerBytes(0, 'early answer', '') });
    const r = await runClient(['claude-code'], Buffer.alloc(8 * 1024 * 1024, 'y'), { WARDEN_HOME: dir });
    expect(r.stdout.toString()).toBe('early answer');
    expect(r.code).toBe(0);
  });

  it('passes on what it read when the writer keeps stdin open for 10 s, rather than hanging', async () => {
    const { dir, server } = await home({ kind: 'answer', answer: (req) => answerBytes(0, `got ${req.body.length} bytes`, '') });
    const child = spawn(CLIENT, ['claude-code'], { env: { PATH: process.env.PATH ?? '', WARDEN_HOME: dir, WARDEN_HOOK_DEBUG: '1' } });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.stdin.write('{"partial":');
    const started = Date.now();
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    child.stdin.destroy();
    expect(Date.now() - started).toBeGreaterThanOrEqual(9_000);
    expect(code).toBe(0);
    expect(Buffer.concat(out).toString()).toBe('got 11 bytes');
    expect(Buffer.concat(err).toString()).toContain('stdin still open after the read deadline');
    expect(server?.requests[0]?.body.toString()).toBe('{"partial":');
  }, 20_000);

  it('keeps calls made at the same time apart: each gets the answer to its own payload', async () => {
    const { dir, server } = await home({ kind: 'answer', answer: (req) => answerBytes(0, Buffer.concat([Buffer.from('echo:'), req.body]), '') });
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => runClient(['claude-code'], payload(`echo ${i}`), { WARDEN_HOME: dir })));
    results.forEach((r, i) => {
      expect(r.code).toBe(0);
      expect(r.stdout.toString()).toBe(`echo:${payload(`echo ${i}`)}`);
    });
    expect(server?.requests).toHaveLength(20);
    // Each call its own request id.
    expect(new Set(server?.requests.map((q) => q.requestId)).size).toBe(20);
  });

  it('finds the socket in ~/.warden when WARDEN_HOME is not set', async () => {
    const userHome = join(root, `user-${++n}`);
    mkdirSync(userHome);
    const server = await startProtocolServer(join(userHome, '.warden'), { kind: 'answer', answer: () => answerBytes(0, 'from ~/.warden', '') });
    servers.push(server);
    const r = await runClient(['claude-code'], payload('ls'), { HOME: userHome });
    expect(r.stdout.toString()).toBe('from ~/.warden');
    expect(server.requests).toHaveLength(1);
  });

  it('knows the same agents as Warden, and refuses any other name before connecting', async () => {
    const { dir, server } = await home({ kind: 'answer', answer: (req) => answerBytes(0, req.agent, '') });
    for (const agent of HOOK_AGENTS) {
      const r = await runClient([agent], payload('ls'), { WARDEN_HOME: dir });
      expect(r.stdout.toString()).toBe(agent);
    }
    const refused = [
      ['vim', 'vim'],
      ['claude-code ', 'claude-code '],
      ['', ''],
      ['Claude-Code', 'Claude-Code'],
      // Control characters are shown, not printed: the agent's hook log stays one line.
      ['claude-code\nSTATUS', 'claude-code\\x0aSTATUS'],
      ['x'.repeat(100), `${'x'.repeat(64)}...`],
    ];
    for (const [name, shown] of refused) {
      const r = await runClient([name ?? ''], payload('ls'), { WARDEN_HOME: dir });
      expect(r.code).toBe(2);
      expect(r.stdout.length).toBe(0);
      expect(r.stderr.toString()).toBe(`warden-hook: no hook for "${shown}" (agents: claude-code, cursor, gemini, codex, copilot)\n`);
    }
    expect(server?.connections).toBe(HOOK_AGENTS.length);
  });

  it('prints usage for --help (exit 0) and for a wrong argument count (exit 2)', async () => {
    const help = await runClient(['--help'], '', {});
    expect(help.code).toBe(0);
    expect(help.stdout.toString()).toMatch(/^usage: warden-hook <agent>\n/);
    const none = await runClient([], '', {});
    expect(none.code).toBe(2);
    expect(none.stderr.toString()).toMatch(/^usage: warden-hook <agent>\n/);
  });
});

describe.skipIf(noCompiler)('warden-hook without a daemon that answers', () => {
  it('runs `<node> <cli> hook <agent> --in-process` with the payload when there is no socket', async () => {
    const { dir } = await home(null);
    const sent = payload('git status');
    const r = await runClient(['claude-code'], sent, { WARDEN_HOME: dir, WARDEN_HOOK_DEBUG: '1' });
    expectFallback(r, 'claude-code', sent, true);
    expect(r.stderr.toString()).toContain('warden-hook: judging in-process: no daemon socket\n');
  });

  it('falls back when the socket refuses connections (a daemon that was killed left it behind)', async () => {
    const { dir } = await home(null);
    const sock = join(dir, 'warden.sock');
    const listener = spawn(process.execPath, ['-e', 'require("node:net").createServer().listen(process.argv[1], () => console.log("ready"))', sock]);
    await new Promise<void>((resolve) => listener.stdout.once('data', () => resolve()));
    listener.kill('SIGKILL');
    await new Promise<void>((resolve) => listener.once('exit', () => resolve()));
    expect(lstatSync(sock).isSocket()).toBe(true);
    const r = await runClient(['cursor'], 'payload', { WARDEN_HOME: dir, WARDEN_HOOK_DEBUG: '1' });
    expectFallback(r, 'cursor', 'payload', true);
    expect(r.stderr.toString()).toContain('the daemon socket refuses connections');
  });

  it('falls back without connecting when warden.sock is not a socket', async () => {
    const { dir } = await home(null);
    writeFileSync(join(dir, 'warden.sock'), '');
    const r = await runClient(['cursor'], 'payload', { WARDEN_HOME: dir, WARDEN_HOOK_DEBUG: '1' });
    expectFallback(r, 'cursor', 'payload');
    expect(r.stderr.toString()).toContain('not a socket owned by this user');
  });

  it.skipIf(process.getuid?.() !== 0)('does not ask a socket another user owns (run as root, so that it can be given away)', async () => {
    const { dir, server } = await home({ kind: 'answer', answer: () => answerBytes(0, 'not to be trusted', '') });
    chownSync(join(dir, 'warden.sock'), 65534, 65534);
    const r = await runClient(['claude-code'], 'x', { WARDEN_HOME: dir, WARDEN_HOOK_DEBUG: '1' });
    expectFallback(r, 'claude-code', 'x');
    expect(r.stderr.toString()).toContain('not a socket owned by this user');
    expect(server?.connections).toBe(0);
  });

  it('falls back after WARDEN_HOOK_TIMEOUT_MS when the daemon accepts and never answers', async () => {
    const { dir, server } = await home({ kind: 'silent' });
    const started = Date.now();
    const r = await runClient(['gemini'], payload('ls'), { WARDEN_HOME: dir, WARDEN_HOOK_TIMEOUT_MS: '400', WARDEN_HOOK_DEBUG: '1' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    const id = expectFallback(r, 'gemini', payload('ls'));
    expect(r.stderr.toString()).toContain('before the deadline');
    expect(server?.requests).toHaveLength(1);
    // The fallback records under the id the daemon was asked with: a late daemon answer is not a second entry.
    expect(server?.requests[0]?.requestId).toBe(id);
  });

  it('takes an answer with a non-zero exit code as a refusal, and judges in-process instead', async () => {
    // The protocol's answer to a request the daemon does not know: passed on, the agent would see a
    // failed hook, which most agents let through.
    const { dir } = await home({ kind: 'answer', answer: () => answerBytes(1, 'not this', 'unknown agent\n') });
    const r = await runClient(['claude-code'], payload('ls'), { WARDEN_HOME: dir, WARDEN_HOOK_DEBUG: '1' });
    expectFallback(r, 'claude-code', payload('ls'));
    expect(r.stderr.toString()).toContain('the daemon refused the request');
    expect(r.stderr.toString()).not.toContain('unknown agent');
  });

  it('falls back when the daemon sends part of an answer and stalls', async () => {
    const { dir } = await home({ kind: 'answer', answer: () => Buffer.from('0 100 0\n{"partial":') });
    // The server closes after these bytes: shorter than the header says.
    const r = await runClient(['codex'], payload('ls'), { WARDEN_HOME: dir });
    expectFallback(r, 'codex', payload('ls'));
  });

  it.each([
    ['a huge stdout length', '0 99999999999999999999 0\n'],
    ['a length over the 16 MiB part limit', '0 16777217 0\n'],
    ['a negative exit code', '-1 0 0\n'],
    ['a negative length', '0 -5 0\n'],
    ['an exit code over 255', '256 0 0\n'],
    ['a non-numeric header', 'ok\n'],
    ['a sign', '+0 0 0\n'],
    ['leading zeros', '00 0 0\n'],
    ['two spaces', '0  0 0\n'],
    ['a CRLF line end', '0 0 0\r\n'],
    ['a missing field', '0 0\n'],
    ['an extra field', '0 0 0 0\n'],
    ['no newline before the close', '0 0 0'],
    ['a header line of 64 bytes and more', `0 0 0${' '.repeat(70)}`],
    ['more bytes than the header says', '0 2 0\nabc'],
    ['fewer bytes than the header says', '0 2 2\nabc'],
    ['nothing at all', ''],
  ])('falls back on an answer with %s, printing none of it', async (_, bytes) => {
    const { dir } = await home({ kind: 'answer', answer: () => Buffer.from(bytes) });
    const r = await runClient(['copilot'], 'x', { WARDEN_HOME: dir, WARDEN_HOOK_DEBUG: '1' });
    expectFallback(r, 'copilot', 'x');
    expect(r.stderr.toString()).toMatch(/^warden-hook: judging in-process: the daemon('s answer| closed)/);
  });

  it('falls back when the socket path is too long for a Unix socket address', async () => {
    let dir = join(root, `long-${++n}`);
    while (dir.length < 120) dir = join(dir, 'a-directory-with-a-long-name');
    mkdirSync(dir, { recursive: true });
    const r = await runClient(['claude-code'], 'x', { WARDEN_HOME: dir, WARDEN_HOOK_DEBUG: '1' });
    expectFallback(r, 'claude-code', 'x');
    expect(r.stderr.toString()).toContain('too long');
  });

  it('exits 2 with a clear message when the fallback cannot start either', async () => {
    const { dir } = await home(null);
    const missing = join(root, 'no-such-node');
    const r = await runClient(['claude-code'], 'x', { WARDEN_HOME: dir, WARDEN_NODE: missing });
    expect(r.code).toBe(2);
    expect(r.stdout.length).toBe(0);
    expect(r.stderr.toString()).toBe(`Warden hook client: the daemon is not answering and ${missing} cannot be started: No such file or directory\n`);
  });
});

/** The answer the client must print for these bytes (always exit 0), or null when it must fall back. */
function wellFormed(bytes: Buffer): { code: number; stdout: Buffer; stderr: Buffer } | null {
  const nl = bytes.indexOf(0x0a);
  if (nl < 0 || nl >= 64) return null;
  const m = /^(0|[1-9]\d{0,9}) (0|[1-9]\d{0,9}) (0|[1-9]\d{0,9})$/.exec(bytes.subarray(0, nl).toString('latin1'));
  if (!m) return null;
  const [code, out, err] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // A well-formed answer with another exit code than 0 is a refusal: the client falls back.
  if (code !== 0 || out > BODY_LIMIT || err > BODY_LIMIT || bytes.length !== nl + 1 + out + err) return null;
  return { code, stdout: bytes.subarray(nl + 1, nl + 1 + out), stderr: bytes.subarray(nl + 1 + out) };
}

describe.skipIf(noCompiler)('warden-hook against random answers', () => {
  it('never dies by a signal, and prints either a well-formed answer exactly or only the fallback', async () => {
    const { dir, server } = await home({ kind: 'answer', answer: () => Buffer.alloc(0) });
    const digits = fc.oneof(fc.constant('0'), fc.nat({ max: 300 }).map(String), fc.constantFrom('-1', '007', '4294967296', '18446744073709551617', '', ' ', 'x'));
    const answers = fc.oneof(
      fc.uint8Array({ maxLength: 200 }).map((a) => Buffer.from(a)),
      fc.tuple(digits, digits, digits, fc.uint8Array({ maxLength: 300 })).map(([c, o, e, body]) => Buffer.concat([Buffer.from(`${c} ${o} ${e}\n`), Buffer.from(body)])),
      fc.tuple(fc.oneof(fc.constant(0), fc.nat({ max: 255 })), fc.uint8Array({ maxLength: 100 }), fc.uint8Array({ maxLength: 100 }), fc.integer({ min: -3, max: 3 })).map(([c, o, e, skew]) => {
        const b = answerBytes(c, Buffer.from(o), Buffer.from(e));
        return skew >= 0 ? Buffer.concat([b, Buffer.alloc(skew, 0x7b)]) : b.subarray(0, Math.max(0, b.length + skew));
      }),
    );
    await fc.assert(
      fc.asyncProperty(answers, async (bytes) => {
        if (server) server.behaviour = { kind: 'answer', answer: () => bytes };
        const r = await runClient(['claude-code'], 'p', { WARDEN_HOME: dir });
        expect(r.signal).toBeNull();
        const expected = wellFormed(bytes);
        if (expected) {
          expect(r.code).toBe(expected.code);
          expect(r.stdout.equals(expected.stdout)).toBe(true);
          expect(r.stderr.equals(expected.stderr)).toBe(true);
        } else expectFallback(r, 'claude-code', 'p');
      }),
      { numRuns: 150 },
    );
  });
});
