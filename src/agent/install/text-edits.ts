// Edits to a config file's text, recorded so that they can be taken back byte for byte.

export interface TextEdit {
  readonly offset: number;
  /** The text the edit replaced (empty for an insertion). */
  readonly removed: string;
  readonly inserted: string;
}

export function applyEdit(text: string, edit: TextEdit): string {
  return text.slice(0, edit.offset) + edit.inserted + text.slice(edit.offset + edit.removed.length);
}

export const applyEdits = (text: string, edits: readonly TextEdit[]): string => edits.reduce(applyEdit, text);

/** The text before `edits` were applied in order; null when the text does not hold what they inserted. */
export function revertEdits(text: string, edits: readonly TextEdit[]): string | null {
  let current = text;
  for (const edit of [...edits].reverse()) {
    if (current.slice(edit.offset, edit.offset + edit.inserted.length) !== edit.inserted) return null;
    current = current.slice(0, edit.offset) + edit.removed + current.slice(edit.offset + edit.inserted.length);
  }
  return current;
}
