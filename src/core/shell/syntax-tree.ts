// The parse tree copied into plain objects in one pass. Every property of a web-tree-sitter Node
// is a call into wasm, and reaching a child builds a new Node object each time; the analysis reads
// each node several times (its type, its text, its fields), so it reads this copy instead: one
// TreeCursor walk per tree, then plain property reads. The copy answers the same questions with
// the same names, for the parts of the Node interface the analysis uses.
import type { Language, Tree } from 'web-tree-sitter';

/** What a node without children holds: most nodes are leaves, and share these. */
const NO_CHILDREN: readonly SyntaxNode[] = Object.freeze([]);
const NO_FIELDS: readonly (string | null)[] = Object.freeze([]);

export class SyntaxNode {
  private kids: readonly SyntaxNode[] = NO_CHILDREN;
  private names: readonly (string | null)[] = NO_FIELDS;
  parent: SyntaxNode | null = null;
  private named: readonly SyntaxNode[] | null = null;

  constructor(
    /** Unique within one tree. */
    readonly id: number,
    readonly type: string,
    readonly isNamed: boolean,
    /** Inserted by the parser to recover from an error; it spans no text. */
    readonly isMissing: boolean,
    readonly startIndex: number,
    readonly endIndex: number,
    private readonly source: string,
  ) {}

  get children(): readonly SyntaxNode[] {
    return this.kids;
  }

  /** The field name of each child (same index), or null. */
  get fields(): readonly (string | null)[] {
    return this.names;
  }

  /** Adds the next child, under a field name or none (only while the tree is being built). */
  adopt(child: SyntaxNode, field: string | null): void {
    if (this.kids === NO_CHILDREN) {
      this.kids = [];
      this.names = [];
    }
    child.parent = this;
    (this.kids as SyntaxNode[]).push(child);
    (this.names as (string | null)[]).push(field);
  }

  get text(): string {
    return this.source.slice(this.startIndex, this.endIndex);
  }

  get namedChildren(): readonly SyntaxNode[] {
    return (this.named ??= this.children.filter((c) => c.isNamed));
  }

  get namedChildCount(): number {
    return this.namedChildren.length;
  }

  child(index: number): SyntaxNode | null {
    return this.children[index] ?? null;
  }

  namedChild(index: number): SyntaxNode | null {
    return this.namedChildren[index] ?? null;
  }

  childForFieldName(field: string): SyntaxNode | null {
    // As in tree-sitter, an ERROR node has no fields of its own, though the cursor (and so
    // childrenForFieldName) may name those of a hidden node inside it.
    if (this.type === 'ERROR') return null;
    const i = this.fields.indexOf(field);
    return i === -1 ? null : this.children[i]!;
  }

  childrenForFieldName(field: string): SyntaxNode[] {
    return this.children.filter((_, i) => this.fields[i] === field);
  }
}

/** Copies a parsed tree; `source` is the text it was parsed from. The tree can be deleted after. */
/**
 * Node types of the bash grammar whose children may carry field names (from its node-types.json;
 * a test keeps the two in step), and ERROR, under which the cursor may name the fields of a
 * hidden node. Other nodes' children are not asked for a field: one call into wasm less a node.
 */
export const FIELD_PARENTS: ReadonlySet<string> = new Set([
  'binary_expression', 'c_style_for_statement', 'case_item', 'case_statement', 'command', 'command_substitution', 'expansion',
  'file_redirect', 'for_statement', 'function_definition', 'heredoc_redirect', 'herestring_redirect', 'if_statement',
  'postfix_expression', 'redirected_statement', 'subscript', 'ternary_expression', 'unary_expression', 'variable_assignment',
  'while_statement', 'ERROR',
]);

/** Per language: whether nodes of each type id are named (a property of the type, as their name is). */
const namedTypes = new WeakMap<Language, boolean[]>();

export function readTree(tree: Tree, source: string): SyntaxNode {
  const language = tree.language;
  const { types, fields } = language;
  let named = namedTypes.get(language);
  if (!named) namedTypes.set(language, named = []);
  const cursor = tree.walk();
  try {
    let ids = 0;
    const here = (): SyntaxNode => {
      const typeId = cursor.nodeTypeId;
      const start = cursor.startIndex;
      const end = cursor.endIndex;
      const isNamed = named[typeId] ??= cursor.nodeIsNamed;
      // Missing nodes are empty: only those need asking.
      return new SyntaxNode(ids++, types[typeId] || 'ERROR', isNamed, start === end && cursor.nodeIsMissing, start, end, source);
    };
    const attach = (parent: SyntaxNode): SyntaxNode => {
      const field = FIELD_PARENTS.has(parent.type) ? fields[cursor.currentFieldId] ?? null : null;
      const node = here();
      parent.adopt(node, field);
      return node;
    };
    const root = here();
    let current = root;
    // Depth first without recursion: a deeply nested line cannot overflow the stack.
    for (;;) {
      // Anonymous nodes are the grammar's tokens: they have no children (the test checks this too).
      if (current.isNamed && cursor.gotoFirstChild()) {
        current = attach(current);
        continue;
      }
      for (;;) {
        if (current === root) return root;
        if (cursor.gotoNextSibling()) {
          current = attach(current.parent!);
          break;
        }
        cursor.gotoParent();
        current = current.parent!;
      }
    }
  } finally {
    cursor.delete();
  }
}
