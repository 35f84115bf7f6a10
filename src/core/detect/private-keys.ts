// PEM private key blocks, found whole: from the BEGIN line to the END line, or to the end of the
// text when the block was cut short (a truncated key is still a key). Scanned with indexOf-style
// searches that never revisit text, so a megabyte of BEGIN lines costs one pass.

export interface Span {
  readonly start: number;
  readonly end: number;
}

const BEGIN = /-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----/g;
const END = /-----END [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----/g;
/** A real key has key material: a run of base64, not `...` or `<your key here>`. */
const MATERIAL = /[A-Za-z0-9+/=]{32}/;

export function privateKeyBlocks(text: string): Span[] {
  const spans: Span[] = [];
  BEGIN.lastIndex = 0;
  for (let begin = BEGIN.exec(text); begin; begin = BEGIN.exec(text)) {
    const bodyStart = begin.index + begin[0].length;
    END.lastIndex = bodyStart;
    const end = END.exec(text);
    const stop = end ? end.index + end[0].length : text.length;
    const body = text.slice(bodyStart, end ? end.index : text.length).replace(/\\[nr]|\s/g, '');
    if (MATERIAL.test(body)) spans.push({ start: begin.index, end: stop });
    if (!end) break;
    BEGIN.lastIndex = stop;
  }
  return spans;
}
