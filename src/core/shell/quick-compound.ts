// The quick reader's compound statements: `for NAME in WORD…; do …; done`, `while …; do …; done`,
// `if …; then …; [elif …;] [else …;] fi` and the test `[ -X WORD ]`, node for node as the grammar
// builds them.
import { COMMAND_NAME, CommandReader } from './quick-commands.js';
import { leaf, node, OUTSIDE, type Draft } from './quick-draft.js';
import { NAME } from './quick-words.js';

const COMPOUND_WORDS: ReadonlySet<string> = new Set(['for', 'while', 'if']);
const IN: ReadonlySet<string> = new Set(['in']);
const DO: ReadonlySet<string> = new Set(['do']);
const DONE: ReadonlySet<string> = new Set(['done']);
const THEN: ReadonlySet<string> = new Set(['then']);
const AFTER_THEN: ReadonlySet<string> = new Set(['elif', 'else', 'fi']);
const FI: ReadonlySet<string> = new Set(['fi']);

export class CompoundReader extends CommandReader {
  protected override compound(depth: number): Draft | null {
    const keyword = this.keywordAhead(COMPOUND_WORDS);
    if (keyword === 'for') return this.forLoop(depth);
    if (keyword === 'while') return this.whileLoop(depth);
    if (keyword === 'if') return this.ifStatement(depth);
    if (this.c === '[' && (this.at('[ ') || this.at('[\t'))) return this.test(depth);
    return null;
  }

  /** `for NAME in WORD…; do …; done` (one line: the `;` is required). */
  private forLoop(depth: number): Draft {
    const kids = [this.token('for')];
    const fields: (string | null)[] = [null];
    this.blanks();
    NAME.lastIndex = this.i;
    const name = NAME.exec(this.s)?.[0];
    if (name === undefined || name === '_') throw OUTSIDE;
    kids.push(leaf('variable_name', true, this.i, this.i + name.length));
    fields.push('variable');
    this.i += name.length;
    this.blanks();
    if (this.keywordAhead(IN) === null) throw OUTSIDE;
    kids.push(this.token('in'));
    fields.push(null);
    for (;;) {
      this.blanks();
      if (this.c === ';') break;
      if (this.wordEnds() || this.redirectAhead() || this.c === '<') throw OUTSIDE;
      kids.push(this.piece(depth));
      fields.push('value');
    }
    if (fields[fields.length - 1] !== 'value' || this.at(';;') || this.at(';&')) throw OUTSIDE;
    kids.push(this.token(';'));
    fields.push(null);
    this.blanks();
    kids.push(this.doGroup(depth));
    fields.push('body');
    return node('for_statement', kids, fields);
  }

  /** `KEYWORD` and the statements of its condition, up to `closers`, with their fields. */
  private headed(keyword: string, closers: ReadonlySet<string>, depth: number): { kids: Draft[]; fields: (string | null)[] } {
    const kids = [this.token(keyword), ...this.until(null, closers, depth + 1)];
    return { kids, fields: kids.map((_, k) => (k === 0 ? null : 'condition')) };
  }

  /** `while …; do …; done`. */
  private whileLoop(depth: number): Draft {
    const { kids, fields } = this.headed('while', DO, depth);
    kids.push(this.doGroup(depth));
    fields.push('body');
    return node('while_statement', kids, fields);
  }

  private doGroup(depth: number): Draft {
    if (this.keywordAhead(DO) === null) throw OUTSIDE;
    const kids = [this.token('do'), ...this.until(null, DONE, depth + 1)];
    kids.push(this.token('done'));
    return node('do_group', kids);
  }

  /** `if …; then …; [elif …; then …;] [else …;] fi`. */
  private ifStatement(depth: number): Draft {
    const { kids, fields } = this.headed('if', THEN, depth);
    const rest = [this.token('then'), ...this.until(null, AFTER_THEN, depth + 1)];
    for (;;) {
      const next = this.keywordAhead(AFTER_THEN);
      if (next === 'elif') {
        const clause = [this.token('elif'), ...this.until(null, THEN, depth + 1)];
        clause.push(this.token('then'), ...this.until(null, AFTER_THEN, depth + 1));
        rest.push(this.clause('elif_clause', clause));
        continue;
      }
      if (next === 'else') rest.push(this.clause('else_clause', [this.token('else'), ...this.until(null, FI, depth + 1)]));
      break;
    }
    rest.push(this.token('fi'));
    for (const r of rest) {
      kids.push(r);
      fields.push(null);
    }
    return node('if_statement', kids, fields);
  }

  /** An `elif` or `else` clause: one whose last statement ends at a newline takes in that newline. */
  private clause(type: string, kids: Draft[]): Draft {
    const d = node(type, kids);
    if (kids[kids.length - 1]!.named) d.end = this.s.indexOf('\n', d.end) + 1;
    return d;
  }

  /** `[ -X WORD ]`, the one test read here. */
  private test(depth: number): Draft {
    const open = this.token('[');
    this.blanks();
    if (!/^-[A-Za-z][ \t]/.test(this.s.slice(this.i, this.i + 3))) throw OUTSIDE;
    const operator = leaf('test_operator', true, this.i, this.i + 2);
    this.i += 2;
    this.blanks();
    if (this.c === '-' || this.c === ']' || this.wordEnds()) throw OUTSIDE;
    const operand = this.piece(depth);
    if (operand.type === 'number' || (operand.type === 'word' && !COMMAND_NAME.test(this.s.slice(operand.start, operand.end)))) throw OUTSIDE;
    this.blanks();
    if (this.c !== ']') throw OUTSIDE;
    const close = this.token(']');
    if (!this.wordEnds()) throw OUTSIDE;
    return node('test_command', [open, node('unary_expression', [operator, operand], ['operator', null]), close]);
  }
}
