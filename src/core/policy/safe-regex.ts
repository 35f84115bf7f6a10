// Regular expressions from policy and rule files run on hostile input: reject the shapes that
// backtrack catastrophically (a quantified group that itself contains a quantifier, e.g. (a+)+).

export interface RegexCheck {
  readonly regex: RegExp | null;
  readonly error: string | null;
}

const NESTED_QUANTIFIER = /\((?:[^()\\]|\\.)*[+*}](?:[^()\\]|\\.)*\)\s*(?:[+*]|\{\d+,\d*\})/;
const MAX_LENGTH = 2_000;

export function compileSafeRegex(source: string, flags = ''): RegexCheck {
  if (source.length > MAX_LENGTH) return { regex: null, error: `regular expression longer than ${MAX_LENGTH} characters` };
  if (NESTED_QUANTIFIER.test(source)) {
    return { regex: null, error: `regular expression /${source}/ nests quantifiers and could take exponential time; rewrite it without a quantified group containing a quantifier` };
  }
  if (/\\[1-9]/.test(source)) return { regex: null, error: `regular expression /${source}/ uses a back-reference, which can take exponential time` };
  try {
    return { regex: new RegExp(source, flags), error: null };
  } catch (error) {
    return { regex: null, error: `invalid regular expression /${source}/: ${(error as Error).message}` };
  }
}

/** `/…/flags` or a bare source (case-sensitive). */
export function parseRegexText(text: string): { source: string; flags: string } {
  const m = /^\/(.*)\/([imsu]*)$/s.exec(text);
  return m ? { source: m[1]!, flags: m[2]! } : { source: text, flags: '' };
}
