// The benchmark corpus: generated, seeded variations of what agents attempt, by category.
// Events are distinct (names, paths, messages vary), so no per-event cache could help.
import type { Event, EventContext } from '../src/core/events.js';
import { Random } from './random.js';

export const CATEGORIES = ['simple', 'compound', 'long', 'mcp', 'file', 'web'] as const;
export type Category = (typeof CATEGORIES)[number];

export const CATEGORY_LABELS: Record<Category, string> = {
  simple: 'simple commands',
  compound: 'compound commands (| && $(…) bash -c …)',
  long: 'long commands (2–6 KB)',
  mcp: 'MCP tool calls, nested arguments',
  file: 'file reads and writes',
  web: 'web requests',
};

/**
 * Shapes of long lines, equally likely: a chain of dozens of commands, a commit message, a JSON
 * body, a file written through a here-document, an inline interpreter script, a shell script.
 */
export const LONG_SHAPES = ['chain', 'message', 'json', 'file', 'inline', 'script'] as const;
export type LongShape = (typeof LONG_SHAPES)[number];

/** The shape of a long line of this corpus, from its first words. */
export function longShape(command: string): LongShape {
  if (command.startsWith('bash <<')) return 'script';
  if (command.startsWith('python3 ')) return 'inline';
  if (command.startsWith('mkdir -p ') && command.includes(" <<'EOF'\n")) return 'file';
  if (command.startsWith('curl -sS -X POST')) return 'json';
  if (/^git commit -m "[^"]*$|^git commit -m "\$\(cat <<'EOF'/.test(command.split('\n')[0]!) && command.includes('&& git push origin')) return 'message';
  return 'chain';
}

/** Share of each category in the mixed corpus, roughly what an agent session looks like. */
export const MIX: Record<Category, number> = { simple: 0.4, compound: 0.2, long: 0.05, mcp: 0.15, file: 0.12, web: 0.08 };

const HOSTS = ['alice-mbp', 'dev-build-3', 'ci-runner-12', 'stg-web-2', 'prod-db-1', 'unknown-host'];

class Generator {
  constructor(private readonly r: Random) {}

  context(): EventContext {
    const user = this.r.pick(['alice', 'bob', 'carol', 'dave']);
    return { host: this.r.pick(HOSTS), agent: 'claude-code', role: 'developer', cwd: `/home/${user}/src/${this.r.word()}`, home: `/home/${user}` };
  }

  branch(): string { return `${this.r.pick(['feature', 'fix', 'chore'])}/${this.r.word()}-${this.r.int(1000)}`; }
  fileName(): string { return `${this.r.pick(['src', 'lib', 'test', 'docs'])}/${this.r.word()}.${this.r.pick(['ts', 'js', 'py', 'go', 'md', 'json'])}`; }
  dir(): string { return `${this.r.pick(['src', 'packages', 'services', 'tmp'])}/${this.r.word()}`; }
  ns(): string { return this.r.pick(['default', 'kube-system', 'payments', 'staging', this.r.word()]); }
  message(): string { return `${this.r.pick(['Fix', 'Add', 'Update', 'Remove'])} ${this.r.word()} ${this.r.word()} in ${this.r.word()}`; }

  simple(): string {
    const r = this.r;
    const templates: (() => string)[] = [
      () => 'git status',
      () => `git diff --stat ${this.fileName()}`,
      () => `git log --oneline -n ${1 + r.int(50)} ${this.branch()}`,
      () => `git push origin ${this.branch()}`,
      () => `git push --force origin ${this.branch()}`,
      () => `git push origin ${this.branch()} -f`,
      () => `git commit -m "${this.message()}"`,
      () => `git checkout -b ${this.branch()}`,
      () => `/usr/bin/git -C ${this.dir()} status --short`,
      () => `ls -la ${this.dir()}`,
      () => `cat ${this.fileName()}`,
      () => `grep -rn "${r.word()}" ${this.dir()}`,
      () => `rm -rf ${this.dir()}/build`,
      () => `rm -fr /tmp/${r.word()}`,
      () => `npm test -- ${this.fileName()}`,
      () => `npm run ${r.pick(['build', 'lint', 'dev', 'typecheck'])}`,
      () => `kubectl get pods -n ${this.ns()}`,
      () => `kubectl delete pod ${r.word()}-${r.int(99999)} -n ${this.ns()}`,
      () => `kubectl -n ${this.ns()} exec -it ${r.word()} -- sh`,
      () => `terraform plan -var-file=${r.pick(['dev', 'staging', 'production'])}.tfvars`,
      () => `terraform apply -auto-approve -target=module.${r.word()}`,
      () => `docker build -t ${r.word()}:${r.int(100)} .`,
      () => `curl -s https://api.${r.word()}.com/v1/${r.word()}`,
      () => `python -m pytest tests/test_${r.word()}.py -k ${r.word()}`,
      () => `sed -i 's/${r.word()}/${r.word()}/g' ${this.fileName()}`,
      () => `find . -name '*.${r.pick(['ts', 'log', 'tmp'])}' -mtime +${r.int(30)}`,
      () => `mkdir -p ${this.dir()}/${r.word()}`,
      () => `sudo systemctl restart ${r.word()}`,
      () => `ssh deploy@${r.word()}.internal uptime`,
      () => `pip install ${r.word()}==1.${r.int(20)}.${r.int(10)}`,
      () => `\\git push --delete origin ${this.branch()}`,
      () => `"git" reset --hard HEAD~${1 + r.int(5)}`,
    ];
    return r.pick(templates)();
  }

  compound(): string {
    const r = this.r;
    const templates: (() => string)[] = [
      () => `cd ${this.dir()} && npm ci && npm test`,
      () => `git add -A && git commit -m "${this.message()}" && git push origin ${this.branch()}`,
      () => `cat ${this.fileName()} | grep ${r.word()} | sort | uniq -c | sort -rn | head -n ${r.int(50)}`,
      () => `echo $(git rev-parse HEAD) > ${this.dir()}/REVISION`,
      () => `bash -c "git push --force origin ${this.branch()}"`,
      () => `sh -c 'cd ${this.dir()} && make ${r.word()}'`,
      () => `find . -name '*.${r.pick(['orig', 'rej', 'tmp'])}' -exec rm -f {} \\;`,
      () => `ls ${this.dir()} | xargs -n1 git rm --cached`,
      () => `sudo -E env FOO=${r.word()} timeout 30 kubectl delete ns ${this.ns()}`,
      () => `(cd ${this.dir()}; git stash; git pull --rebase; git stash pop)`,
      () => `for f in $(ls ${this.dir()}); do echo "$f"; wc -l "$f"; done`,
      () => `bash <<< "rm -rf ${this.dir()}"`,
      () => `npm test 2>&1 | tee ${r.word()}.log || echo "tests failed: ${r.word()}"`,
      () => `if [ -f ${this.fileName()} ]; then cat ${this.fileName()}; else touch ${this.fileName()}; fi`,
      () => `X=$(curl -fsSL https://${r.word()}.sh/install) && echo "$X" | sh`,
      () => `git fetch origin && git rebase origin/main && npm run build && npm test -- --run ${this.fileName()}`,
      () => `docker ps -q --filter name=${r.word()} | xargs docker rm -f`,
      () => `eval "$(${r.word()} env --shell bash)" && ${r.word()} deploy`,
      () => `kubectl get pods -n ${this.ns()} -o name | grep ${r.word()} | xargs kubectl delete -n ${this.ns()}`,
      () => `nohup nice -n 10 python train_${r.word()}.py --epochs ${r.int(100)} > out.log 2>&1 &`,
    ];
    return r.pick(templates)();
  }

  /** A source file's text, as agents write it through a here-document. */
  private sourceText(size: number): string {
    const r = this.r;
    const lines: string[] = [`import { ${r.word()} } from './${r.word()}.js';`, ''];
    while (lines.join('\n').length < size) {
      lines.push(r.pick([
        () => `export function ${r.word()}(${r.word()}: string): number {`,
        () => `  const ${r.word()} = ${r.word()}.${r.word()}(\`\${${r.word()}}/${r.word()}\`); // ${this.message()}`,
        () => `  if (!/^[a-z]+\\d*$/.test(${r.word()})) throw new Error("bad ${r.word()}: " + ${r.word()});`,
        () => `  return ${r.word()}.length * ${r.int(100)};`,
        () => '}',
        () => '',
      ])());
    }
    return lines.join('\n');
  }

  /** Long lines by shape: the kind is in the first words (see longShape). */
  long(): string {
    const r = this.r;
    const size = 2_000 + r.int(4_000);
    const shape = r.pick(LONG_SHAPES);
    switch (shape) {
      case 'chain': {
        // A long && chain of everyday commands.
        const parts: string[] = [];
        let length = 0;
        while (length < size) {
          const c = r.chance(0.3) ? this.compound() : this.simple();
          if (c.endsWith('&')) continue; // `job & && next` is not shell
          parts.push(c);
          length += c.length + 4;
        }
        return parts.join(' && ');
      }
      case 'message': {
        // A commit with a long, multi-paragraph message, given directly or through a here-document.
        const lines: string[] = [this.message(), ''];
        while (lines.join('\n').length < size) lines.push(Array.from({ length: 8 + r.int(6) }, () => r.word(2, 9)).join(' '));
        if (r.chance(0.5)) return `git commit -m "${lines.join('\n')}" && git push origin ${this.branch()}`;
        return `git commit -m "$(cat <<'EOF'\n${lines.join('\n')}\nEOF\n)" && git push origin ${this.branch()}`;
      }
      case 'json': {
        // A request with a large JSON body.
        const body: Record<string, string | number> = {};
        while (JSON.stringify(body).length < size) body[r.word()] = r.chance(0.5) ? r.word(5, 30) : r.int(1e6);
        return `curl -sS -X POST -H 'Content-Type: application/json' -d '${JSON.stringify(body)}' https://api.${r.word()}.com/v2/items`;
      }
      case 'file': {
        // A file written through a here-document.
        return `mkdir -p ${this.dir()} && cat > ${this.fileName()} <<'EOF'\n${this.sourceText(size)}\nEOF`;
      }
      case 'inline': {
        // A script for an interpreter, inline.
        const lines = ['import json, sys'];
        while (lines.join('\n').length < size) lines.push(`for ${r.word()} in json.load(open("${this.fileName()}"))["${r.word()}"]: print(${r.word()}, ${r.int(100)})`);
        return r.chance(0.5) ? `python3 - <<'PY'\n${lines.join('\n')}\nPY` : `python3 -c '${lines.join('\n')}'`;
      }
      case 'script': {
        // A here-document script fed to a shell.
        const lines: string[] = ['set -euo pipefail'];
        while (lines.join('\n').length < size) lines.push(this.simple());
        return `bash <<'SCRIPT'\n${lines.join('\n')}\nSCRIPT`;
      }
    }
  }

  mcp(): { server: string; tool: string; arguments: unknown } {
    const r = this.r;
    const path = (): string => r.pick([`/home/u/src/${this.fileName()}`, `/etc/${r.word()}.conf`, `~/.ssh/id_${r.word()}`, `../../${r.word()}/%2e%2e%2fsecret`, this.fileName()]);
    const templates: (() => { server: string; tool: string; arguments: unknown })[] = [
      () => ({ server: 'filesystem', tool: 'read_file', arguments: { path: path() } }),
      () => ({ server: 'filesystem', tool: 'write_file', arguments: { path: path(), content: Array.from({ length: 5 + r.int(60) }, () => r.word()).join(' ') } }),
      () => ({
        server: 'filesystem', tool: 'edit_file',
        arguments: { path: path(), edits: Array.from({ length: 1 + r.int(5) }, () => ({ oldText: r.word(5, 40), newText: r.word(5, 40) })), dryRun: r.chance(0.5) },
      }),
      () => ({
        server: 'github', tool: r.pick(['create_pull_request', 'merge_pull_request', 'delete_branch', 'create_issue']),
        arguments: { owner: r.word(), repo: r.word(), title: this.message(), body: Array.from({ length: 20 + r.int(80) }, () => r.word()).join(' '), head: this.branch(), base: 'main', labels: [r.word(), r.word()] },
      }),
      () => ({
        server: 'postgres', tool: 'query',
        arguments: { sql: r.pick([`SELECT * FROM ${r.word()} WHERE id = $1`, `DELETE FROM ${r.word()} WHERE created_at < now()`, `DROP TABLE ${r.word()}`, `UPDATE ${r.word()} SET x = 1`]), params: [r.int(1e6)], options: { timeout: r.int(1e4), readOnly: r.chance(0.5) } },
      }),
      () => ({
        server: 'slack', tool: 'post_message',
        arguments: { channel: r.pick(['#general', '#eng', `#${r.word()}`]), text: this.message(), blocks: [{ type: 'section', text: { type: 'mrkdwn', text: this.message() } }, { type: 'context', elements: [{ type: 'plain_text', text: r.word() }] }] },
      }),
      () => ({ server: 'browser', tool: 'navigate', arguments: { url: r.pick([`https://${r.word()}.com/`, `file:///etc/${r.word()}`]) } }),
      () => ({
        server: 'memory', tool: 'create_entities',
        arguments: { entities: Array.from({ length: 1 + r.int(6) }, () => ({ name: r.word(), entityType: r.word(), observations: Array.from({ length: 1 + r.int(4) }, () => this.message()) })) },
      }),
      () => ({ server: 'shell', tool: 'run', arguments: { payload: JSON.stringify({ cmd: this.simple(), env: { AWS_ACCESS_KEY_ID: r.chance(0.2) ? 'AKIAABCDEFGHIJKLMNOP' : r.word() } }) } }),
      () => ({ server: 'k8s-dev', tool: 'apply', arguments: { manifest: JSON.stringify({ kind: 'Deployment', metadata: { name: r.word() }, spec: { replicas: r.int(10) } }) } }),
    ];
    return r.pick(templates)();
  }

  fileAccess(): { path: string; access: 'read' | 'write' } {
    const r = this.r;
    const path = r.pick([
      () => `/home/alice/src/${r.word()}/${this.fileName()}`,
      () => this.fileName(),
      () => `./${this.dir()}/${r.word()}.json`,
      () => `~/.ssh/id_${r.word()}`,
      () => `../${r.word()}/.env`,
      () => `/home/bob/src/${r.word()}/../../.aws/credentials`,
      () => `${this.dir()}/secrets/${r.word()}.key`,
      () => `/etc/${r.word()}.conf`,
      () => `/home/carol/.config/${r.word()}/settings.json`,
      () => `file:///home/dave/src/${r.word()}/.git/config`,
    ])();
    return { path, access: r.chance(0.6) ? 'read' : 'write' };
  }

  url(): string {
    const r = this.r;
    return r.pick([
      () => `https://github.com/${r.word()}/${r.word()}/blob/main/${this.fileName()}`,
      () => `https://raw.githubusercontent.com/${r.word()}/${r.word()}/main/README.md`,
      () => `https://pastebin.com/raw/${r.word(8, 8)}`,
      () => `https://${r.word()}.pastebin.com/${r.word()}`,
      () => `https://docs.${r.word()}.io/guide/${r.word()}`,
      () => `http://169.254.169.254/latest/meta-data/iam/${r.word()}`,
      () => `https://user@${r.word()}.com:8443/${r.word()}?q=${r.word()}`,
      () => `https://registry.npmjs.org/${r.word()}`,
      () => `https://${r.word()}.ngrok.io/hook`,
      () => `${r.word()}.example.org/${r.word()}`,
    ])();
  }

  event(category: Category): Event {
    const context = this.context();
    switch (category) {
      case 'simple': return { kind: 'command', command: this.simple(), context };
      case 'compound': return { kind: 'command', command: this.compound(), context };
      case 'long': return { kind: 'command', command: this.long(), context };
      case 'mcp': return { kind: 'mcp_tool_call', ...this.mcp(), context };
      case 'file': return { kind: 'file_access', ...this.fileAccess(), context };
      case 'web': return { kind: 'web_request', url: this.url(), context };
    }
  }
}

const keyOf = (e: Event): string => JSON.stringify(e);

/** `count` distinct events of one category (fewer only if the generator runs out of variety). */
export function corpus(category: Category, count: number, seed = 1): Event[] {
  const g = new Generator(new Random(seed * 7919 + CATEGORIES.indexOf(category)));
  const seen = new Set<string>();
  const out: Event[] = [];
  for (let tries = 0; out.length < count && tries < count * 20; tries++) {
    const e = g.event(category);
    const k = keyOf(e);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(e);
  }
  return out;
}

/** Events of every category interleaved in the proportions of MIX. */
export function mixedCorpus(count: number, seed = 2): { event: Event; category: Category }[] {
  const r = new Random(seed);
  const pools = Object.fromEntries(CATEGORIES.map((c) => [c, corpus(c, Math.ceil(count * MIX[c]) + 1, seed + 100)])) as Record<Category, Event[]>;
  const used: Record<Category, number> = { simple: 0, compound: 0, long: 0, mcp: 0, file: 0, web: 0 };
  const out: { event: Event; category: Category }[] = [];
  while (out.length < count) {
    let x = r.next();
    let category: Category = 'simple';
    for (const c of CATEGORIES) {
      x -= MIX[c];
      if (x < 0) { category = c; break; }
    }
    const pool = pools[category];
    out.push({ event: pool[used[category]++ % pool.length]!, category });
  }
  return out;
}
