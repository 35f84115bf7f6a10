import { describe, expect, it } from 'vitest';
import { formatProblem } from '../policy/problems.js';
import { compileSequenceText } from './compile-sequences.js';

const file = 'rules/sequences/test.yaml';
const problems = (text: string): string[] => compileSequenceText(text, file).errors.map(formatProblem);

const valid = `description: test sequences
sequences:
  - id: WD-SEQ-101
    title: Read then send
    description: A secret read and a request.
    severity: high
    maturity: incubating
    window_seconds: 60
    steps:
      - match:
          - read: [".env"]
      - match:
          - domain: ["*"]
        count: 2
    examples:
      match: [["cat .env", "curl https://a.example", "curl https://b.example"]]
`;

describe('compileSequenceText', () => {
  it('compiles steps with matchers as a rule would', () => {
    const r = compileSequenceText(valid, file);
    expect(r.errors).toEqual([]);
    const [seq] = r.value!;
    expect(seq).toMatchObject({ id: 'WD-SEQ-101', severity: 'high', windowSeconds: 60, maturity: 'incubating', source: { file, line: 3 } });
    expect(seq!.steps.map((s) => ({ count: s.count, link: s.link }))).toEqual([{ count: 1, link: null }, { count: 2, link: null }]);
    expect(seq!.steps[0]!.match[0]!.read).toEqual({ include: ['.env'], exclude: [] });
  });

  it('points at an unknown field by line and column', () => {
    expect(problems(valid.replace('        count: 2', '        times: 2'))).toEqual([`${file}:14:9: unknown field "times" (at sequences[0].steps[1].times)`]);
  });

  it('points at an unsafe regular expression inside a step', () => {
    const text = valid.replace('- domain: ["*"]', '- text: ["(a+)+$"]');
    const [p] = problems(text);
    expect(p).toMatch(/^rules\/sequences\/test\.yaml:13:20: regular expression \/\(a\+\)\+\$\/ nests quantifiers/);
  });

  it('refuses a link on the first step, which has nothing to link to', () => {
    expect(problems(valid.replace('          - read: [".env"]\n', '          - read: [".env"]\n        link: same_path\n'))).toEqual([
      `${file}:12:9: the first step has no previous step to link to (at sequences[0].steps[0].link)`,
    ]);
  });

  it('asks stable sequences for examples, and refuses duplicate ids and malformed ones', () => {
    expect(problems(valid.replace('    maturity: incubating\n', ''))).toEqual([
      expect.stringContaining('stable sequence WD-SEQ-101 needs at least 2 match examples'),
      expect.stringContaining('stable sequence WD-SEQ-101 needs at least 2 no_match examples'),
    ]);
    const twice = valid + valid.split('sequences:\n')[1]!;
    expect(problems(twice)).toEqual([expect.stringMatching(/test\.yaml:17:9: duplicate sequence id WD-SEQ-101 \(at sequences\[1\]\.id\)$/)]);
    expect(problems(valid.replace('WD-SEQ-101', 'SEQ-1'))).toEqual([`${file}:3:9: sequence ids look like WD-SEQ-001 (at sequences[0].id)`]);
  });

  it('reports YAML syntax errors with their position', () => {
    expect(problems('sequences: [\n')[0]).toMatch(/^rules\/sequences\/test\.yaml:2:1: /);
  });
});
