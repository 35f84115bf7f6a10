// Is a value a real secret or a stand-in for one? Shannon entropy says how random it looks;
// placeholders (`xxx`, `***`, `<token>`, `${VAR}`, `changeme`) are what documentation uses.

/** Bits of Shannon entropy per character. */
export function shannonEntropy(text: string): number {
  if (text.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const c of text) counts.set(c, (counts.get(c) ?? 0) + 1);
  const length = [...text].length;
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** What a redacted secret is replaced with; never itself a secret. */
export const redactionMarker = (kind: string): string => `[REDACTED:${kind}]`;
const MARKER = /\[REDACTED:[a-z_]{1,40}\]/g;

const PLACEHOLDER_TEXT = /\*\*\*|\.\.\.|changeme|change[_-]me|replace[_-]?me|example|placeholder|dummy|sample|your[_-]|insert[_-]|redacted|<[^<>]*>|\$\{|\{\{|%[A-Za-z_]+%|process\.env|os\.environ|getenv/i;
const PLACEHOLDER_WORD = /^(?:password|passwd|secret|token|apikey|api_key|pass|none|null|nil|undefined|true|false|test|testing|fake|todo|tbd|empty|hidden|masked)$/i;

/** Documentation stand-ins, variable references and values already redacted. */
export function isPlaceholder(value: string): boolean {
  const v = value.trim();
  if (v === '' || v.replace(MARKER, '') === '') return true;
  if (v.startsWith('$')) return true;
  if (PLACEHOLDER_WORD.test(v) || PLACEHOLDER_TEXT.test(v)) return true;
  // `xxxxxxxx`, `sk-xxxxxxxx`, `AKIAXXXXXXXXXXXXXXXX`: mostly x. A real password with `xxx` in it is not.
  if ((v.match(/x/gi)?.length ?? 0) * 2 >= v.length && /x{3}/i.test(v)) return true;
  // One character repeated: `aaaaaaaa`, `00000000`.
  return [...new Set(v)].length === 1;
}

const MIN_LENGTH = 8;
const MIN_ENTROPY = 3;

/**
 * Looks like generated key material rather than a word, a number, a path or an identifier:
 * long enough, random enough, with a letter and a digit or symbol.
 */
export function looksRandom(value: string): boolean {
  if (value.length < MIN_LENGTH || isPlaceholder(value)) return false;
  if (/^(?:\/|\.\.?\/|~\/|[a-z]+:\/\/)/i.test(value)) return false;
  if (!/[A-Za-z]/.test(value) || !/[^A-Za-z_.-]/.test(value)) return false;
  return shannonEntropy(value) >= MIN_ENTROPY;
}

const SECRET_NAME = /pass(?:word|wd|phrase)?|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|auth[_-]?key|credentials?|session[_-]?key|signing[_-]?key|encryption[_-]?key/i;
const NOT_SECRET_SUFFIX = /[_.-]?(?:type|types|hint|count|length|len|url|uri|file|path|name|id|ids|header|prefix|field|env|expiry|expires|expires_?at|expires_?in|ttl|limit|usage|used|policy|endpoint)$/i;
const NOT_SECRET_NAME = /bypass|passenger|compass|passive|tokeniz|max_?tokens?|num_?tokens?|tokens_?used/i;

/** Names under which a value is a secret: `password`, `DB_PASSWORD`, `apiKey`, `--token`. */
export function isSecretName(name: string): boolean {
  const n = name.replace(/^-+/, '');
  if (n.length === 0 || n.length > 64) return false;
  return SECRET_NAME.test(n) && !NOT_SECRET_SUFFIX.test(n) && !NOT_SECRET_NAME.test(n);
}
