// Spellings that hide text from a regular expression but not from the program that reads it:
// HTML entities, backslash escapes outside JSON, and Unicode compatibility forms (fullwidth
// letters, zero-width characters). Each decoder returns null when it changes nothing.

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  lt: '<', gt: '>', amp: '&', quot: '"', apos: "'", sol: '/', bsol: '\\', colon: ':', period: '.', semi: ';',
  equals: '=', dollar: '$', verbar: '|', vert: '|', lpar: '(', rpar: ')', grave: '`', nbsp: '\u00a0', tab: '\t',
  newline: '\n', excl: '!', quest: '?', num: '#', percnt: '%', ast: '*', plus: '+', comma: ',', lowbar: '_',
  hyphen: '-', dash: '-', lsqb: '[', rsqb: ']', lcub: '{', rcub: '}', tilde: '~', commat: '@', hat: '^',
};

const fromCodePoint = (cp: number, fallback: string): string => (cp >= 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : fallback);

const ENTITY = /&(?:#(\d{1,7});?|#[xX]([0-9a-fA-F]{1,6});?|([A-Za-z]{2,8});)/g;

/** `&lt;`, `&#47;`, `&#x2F;` → the characters they stand for; unknown names are left alone. */
export function htmlEntitiesDecoded(text: string): string | null {
  if (!text.includes('&')) return null;
  const out = text.replace(ENTITY, (all, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
    if (dec !== undefined) return fromCodePoint(parseInt(dec, 10), all);
    if (hex !== undefined) return fromCodePoint(parseInt(hex, 16), all);
    return NAMED_ENTITIES[name!.toLowerCase()] ?? all;
  });
  return out === text ? null : out;
}

const BACKSLASH = /\\(?:u\{([0-9a-fA-F]{1,6})\}|u([0-9a-fA-F]{4})|x([0-9a-fA-F]{2})|([0-3][0-7]{2}))/g;

/** `\u002f`, `\u{2f}`, `\x2f`, `\057` → `/`, as shells, JavaScript and Python read them. */
export function backslashEscapesDecoded(text: string): string | null {
  if (!text.includes('\\')) return null;
  const out = text.replace(BACKSLASH, (all, braced: string | undefined, u: string | undefined, x: string | undefined, octal: string | undefined) => {
    const hex = braced ?? u ?? x;
    return hex !== undefined ? fromCodePoint(parseInt(hex, 16), all) : fromCodePoint(parseInt(octal!, 8), all);
  });
  return out === text ? null : out;
}

const INVISIBLE = /[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]/g;

/** NFKC with invisible characters dropped: `ｒｍ` → `rm`, `r\u200bm` → `rm`. */
export function unicodeFolded(text: string): string | null {
  // Plain ASCII is already in its folded form; skip the work.
  if (!/[\u0080-\uffff]/.test(text)) return null;
  const out = text.normalize('NFKC').replace(INVISIBLE, '');
  return out === text ? null : out;
}

const DECODERS: readonly ((text: string) => string | null)[] = [htmlEntitiesDecoded, backslashEscapesDecoded, unicodeFolded];

/** Every decoder applied in turn, once; null when none changed anything. */
export function textDecoded(text: string): string | null {
  let out = text;
  for (const decode of DECODERS) out = decode(out) ?? out;
  return out === text ? null : out;
}
