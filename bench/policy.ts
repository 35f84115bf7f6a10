// A realistic policy of about 200 rules over three roles, as an organisation might write it.

const DENY_COMMANDS = [
  'git push --force*', 'git push --delete*', 'git clean --force*', 'git reset --hard origin*', 'git filter-branch*',
  'rm -rf /*', 'rm -rf ~*', 'rm -rf .git*', 'chmod -R 777 *', 'chown -R *', 'dd *', 'mkfs*', 'shred *', 'nc *', 'ncat *',
  'socat *', 'kubectl delete *', 'kubectl exec *', 'kubectl drain *', 'terraform destroy*', 'aws iam *', 'aws s3 rb *',
  'gcloud projects delete *', 'docker run --privileged *', 'docker system prune*', 'curl --upload-file *', 'scp *',
  'ssh-keygen *', 'crontab *', 'systemctl stop *', 'npm publish*', 'psql --command=DROP*',
];
const ASK_COMMANDS = [
  'git rebase *', 'git reset --hard*', 'git push*', 'kubectl apply *', 'kubectl scale *', 'helm upgrade *', 'helm install *',
  'docker push *', 'npm install -g *', 'pip install *', 'brew install *', 'apt-get install *', 'sudo *', 'ssh *',
];
const ALLOW_COMMANDS = [
  'git status*', 'git diff*', 'git log*', 'git show*', 'git add *', 'git commit *', 'git checkout *', 'git switch *',
  'git branch *', 'git fetch*', 'git pull*', 'git stash*', 'ls*', 'cat *', 'head *', 'tail *', 'grep *', 'rg *', 'find *',
  'wc *', 'sort *', 'uniq *', 'jq *', 'sed *', 'awk *', 'echo *', 'printf *', 'pwd', 'cd *', 'mkdir *', 'touch *', 'cp *',
  'mv *', 'npm test*', 'npm run *', 'npm ci*', 'npx *', 'node *', 'tsc *', 'pnpm *', 'yarn *', 'python *', 'pytest *',
  'go test *', 'go build *', 'cargo test*', 'cargo build*', 'make *', 'kubectl get *', 'kubectl describe *', 'kubectl logs *',
  'docker ps*', 'docker build *', 'docker images*', 'terraform plan*', 'terraform fmt*', 'terraform validate*',
];
const MCP_RULES = [
  '{ tool: "filesystem/write_file", action: deny, args: { path: "^/(etc|usr|bin|boot)/" } }',
  '{ tool: "filesystem/*", action: deny, args: { path: "(^|/)\\\\.(ssh|aws|gnupg)/" } }',
  '{ tool: "*/*", action: deny, args: { "*": "\\\\.\\\\./\\\\.\\\\./" } }',
  '{ tool: "*/*", action: ask, args: { "*": "AKIA[0-9A-Z]{16}" } }',
  '{ tool: "postgres/query", action: deny, args: { sql: "^\\\\s*(DROP|TRUNCATE|drop|truncate)\\\\b" } }',
  '{ tool: "postgres/query", action: ask, args: { sql: "^\\\\s*(DELETE|UPDATE|delete|update)\\\\b" } }',
  '{ tool: "postgres/*", action: allow }',
  '{ tool: "github/delete_*", action: deny }',
  '{ tool: "github/merge_pull_request", action: ask }',
  '{ tool: "github/*", action: allow }',
  '{ tool: "slack/post_message", action: ask, args: { channel: "^#(general|announcements)$" } }',
  '{ tool: "slack/*", action: allow }',
  '{ tool: "shell/*", action: ask }',
  '{ tool: "browser/navigate", action: deny, args: { url: "^file:" } }',
  '{ tool: "browser/*", action: allow }',
  '{ tool: "filesystem/*", action: allow }',
  '{ tool: "memory/*", action: allow }',
  '{ tool: "k8s-{{env}}/*", action: ask }',
];
const FILE_RULES = [
  '{ path: "~/.ssh/**", action: deny }', '{ path: "~/.aws/**", action: deny }', '{ path: "~/.gnupg/**", action: deny }',
  '{ path: "~/.kube/config", action: deny }', '{ path: ".env", action: deny }', '{ path: ".env.*", action: ask }',
  '{ path: "*.pem", action: deny }', '{ path: "*.key", action: deny }', '{ path: "/etc/**", access: write, action: deny }',
  '{ path: "/etc/shadow", action: deny }', '{ path: "**/.git/config", access: write, action: ask }',
  '{ path: "secrets/**", action: deny }', '{ path: "~/.config/**", access: write, action: ask }',
];
const WEB_RULES = [
  '{ domain: "*.pastebin.com", action: deny }', '{ domain: "pastebin.com", action: deny }', '{ domain: "transfer.sh", action: deny }',
  '{ domain: "*.ngrok.io", action: deny }', '{ domain: "169.254.169.254", action: deny }', '{ domain: "*.github.com", action: allow }',
  '{ domain: "github.com", action: allow }', '{ domain: "registry.npmjs.org", action: allow }', '{ domain: "*.pypi.org", action: allow }',
  '{ domain: "docs.*", action: allow }',
];

const q = (s: string): string => JSON.stringify(s);

function role(name: string, strict: boolean): string {
  // Production hosts deny what developers may be asked about, and allow nothing by name.
  const lines = [
    `  - name: ${name}`,
    `    description: ${strict ? 'Production hosts' : 'Developer workstations'}`,
    '    mode: enforce',
    '    on_unresolved: ask',
    '    commands:',
    '      - { pattern: "terraform apply*", action: deny, severity: critical, when: { env: production }, reason: "No applies from agents on production" }',
    '      - { pattern: "kubectl --context={{env}} delete *", action: deny }',
    ...DENY_COMMANDS.map((p) => `      - { pattern: ${q(p)}, action: deny }`),
    ...ASK_COMMANDS.map((p) => `      - { pattern: ${q(p)}, action: ${strict ? 'deny' : 'ask'} }`),
    ...(strict ? [] : ALLOW_COMMANDS.map((p) => `      - { pattern: ${q(p)}, action: allow }`)),
    '    mcp:',
    ...(strict ? MCP_RULES.slice(0, 7) : MCP_RULES).map((r) => `      - ${r}`),
    '    files:',
    ...FILE_RULES.map((r) => `      - ${r}`),
    '    web:',
    ...(strict ? WEB_RULES.slice(0, 5) : WEB_RULES).map((r) => `      - ${r}`),
    `    defaults: { command: ${strict ? 'ask' : 'allow'}, mcp: ${strict ? 'ask' : 'allow'}, file: allow, web: ${strict ? 'deny' : 'allow'} }`,
  ];
  return lines.join('\n');
}

/** The benchmark policy: role `developer` (every rule, enforce) and `production` (strict, fewer rules). */
export function benchPolicyText(): string {
  return [
    '# Benchmark policy: about 200 rules in two roles, the shape a real organisation writes.',
    'version: 1',
    'default_role: developer',
    'variables:',
    '  env:',
    '    - { value: production, patterns: ["^prod-", "\\\\.prod\\\\.internal$"] }',
    '    - { value: staging, patterns: ["^stg-"] }',
    '    - { value: dev, patterns: ["-mbp$", "^dev-", "^ci-"] }',
    'roles:',
    role('developer', false),
    role('production', true),
    'tests:',
    '  - { command: "git push -f origin main", expect: block }',
    '  - { command: "git status", expect: allow }',
    '  - { mcp: "github/delete_repository", expect: block }',
    '  - { file: "~/.ssh/id_rsa", expect: block }',
    '  - { url: "https://pastebin.com/raw/x", expect: block }',
    '',
  ].join('\n');
}

export function ruleCount(text: string): number {
  return text.split('\n').filter((l) => /^\s+- \{ (pattern|tool|path|domain):/.test(l)).length;
}
