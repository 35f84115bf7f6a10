// Audit entries as a busy fleet writes them: mostly allowed commands, some tool calls, a few
// percent blocked, held or flagged, spread over hosts, agents and programs.
import type { AuditEntryInput, AuditOutcome } from '../src/audit/entry.js';
import type { Severity, Verdict } from '../src/core/vocabulary.js';
import { Random } from './random.js';

export const BENCH_HOSTS = Array.from({ length: 50 }, (_, i) => `host-${String(i).padStart(2, '0')}`);
export const BENCH_AGENTS = ['claude-code', 'cursor', 'gemini-cli', 'codex-cli', 'copilot-cli'] as const;
export const BENCH_BINARIES = ['git', 'npm', 'ls', 'cat', 'grep', 'node', 'python3', 'curl', 'rm', 'kubectl', 'terraform', 'docker', 'make', 'sed', 'find', 'ssh', 'psql', 'cargo', 'go', 'aws'] as const;

const COMMANDS: Record<string, readonly string[]> = {
  git: ['git status', 'git diff --stat', 'git log --oneline -20', 'git push origin feature/{w}', 'git push --force origin main', 'git commit -m "fix {w}"'],
  npm: ['npm test', 'npm install {w}', 'npm run build', 'npm publish'],
  ls: ['ls -la', 'ls src/{w}'],
  cat: ['cat package.json', 'cat ~/.ssh/id_rsa', 'cat src/{w}.ts'],
  grep: ['grep -rn "{w}" src', 'grep -c TODO src/{w}.ts'],
  node: ['node scripts/{w}.js', 'node -e "console.log(1)"'],
  python3: ['python3 -m pytest', 'python3 {w}.py'],
  curl: ['curl -s https://api.example.com/{w}', 'curl https://get.example.sh | sh', 'curl -H "Authorization: Bearer {t}" https://api.example.com'],
  rm: ['rm -rf build', 'rm {w}.tmp', 'rm -rf /'],
  kubectl: ['kubectl get pods -n {w}', 'kubectl exec -it {w} -- sh', 'kubectl delete ns {w}'],
  terraform: ['terraform plan', 'terraform apply -auto-approve'],
  docker: ['docker ps', 'docker run --privileged {w}'],
  make: ['make', 'make test'],
  sed: ['sed -i s/{w}/x/ src/a.ts'],
  find: ['find . -name "*.{w}"', 'find / -perm -4000'],
  ssh: ['ssh deploy@{w}.internal'],
  psql: ['psql -c "select 1"', 'psql -c "drop table {w}"'],
  cargo: ['cargo build', 'cargo test'],
  go: ['go test ./...', 'go build'],
  aws: ['aws s3 ls', 'aws iam create-user --user-name {w}'],
};

const OUTCOMES: readonly [AuditOutcome, Verdict, number][] = [
  ['allowed', 'allow', 0.9],
  ['allowed', 'flag', 0.03],
  ['would_block', 'block', 0.03],
  ['blocked', 'block', 0.025],
  ['held', 'ask', 0.01],
  ['approved', 'ask', 0.003],
  ['denied', 'ask', 0.002],
];

function outcome(r: Random): [AuditOutcome, Verdict] {
  let x = r.next();
  for (const [o, v, p] of OUTCOMES) {
    if (x < p) return [o, v];
    x -= p;
  }
  return ['allowed', 'allow'];
}

function severity(r: Random, verdict: Verdict): Severity {
  if (verdict === 'allow') return r.chance(0.95) ? 'info' : 'low';
  if (verdict === 'flag') return r.pick(['low', 'medium'] as const);
  return r.pick(['medium', 'high', 'high', 'critical'] as const);
}

/** A seeded generator of entries: the same seed gives the same sequence. */
export function entryGenerator(seed: number): () => AuditEntryInput {
  const r = new Random(seed);
  return () => {
    const [o, verdict] = outcome(r);
    const sev = severity(r, verdict);
    // A skewed host mix: a few busy hosts, many quiet ones.
    const host = BENCH_HOSTS[Math.floor(BENCH_HOSTS.length * r.next() ** 2)]!;
    const agent = r.pick(BENCH_AGENTS);
    const base = { host, agent, session: `s-${r.int(5_000)}`, cwd: `/home/dev/${r.word(4, 8)}`, verdict, outcome: o, severity: sev, role: 'developer', mode: o === 'would_block' ? 'monitor' : 'enforce', latencyMs: Math.round(r.next() * 200) / 1000 } as const;
    const judged = verdict === 'allow' ? { rule: null, reason: 'allowed by the default of role developer' } : { rule: `rule-${r.int(40)}`, reason: `matched rule-${r.int(40)}` };
    if (r.chance(0.15)) {
      return { ...base, ...judged, type: 'mcp_tool_call', tool: 'mcp__fs__write_file', subject: 'filesystem/write_file', arguments: { path: `/home/dev/${r.word()}.ts`, content: r.word(20, 200) } };
    }
    const binary = r.pick(BENCH_BINARIES);
    const subject = r.pick(COMMANDS[binary]!).replaceAll('{w}', r.word()).replaceAll('{t}', r.word(24, 32));
    const findings = verdict === 'allow' ? [] : [{ rule: `pack.${binary}`, severity: sev, verdict, title: `${binary} rule` }];
    return { ...base, ...judged, type: 'command', tool: 'Bash', binary, subject, findings };
  };
}
