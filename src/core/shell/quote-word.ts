// Text written as one shell word that reads back as itself: left bare when it holds nothing the
// shell reads specially, otherwise single-quoted.

/** Whether the shell reads this text back as itself, unquoted. */
export const isPlainWord = (text: string): boolean => /^[\w@%+=:,./-]+$/.test(text);

export const quoteWord = (text: string): string => (isPlainWord(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`);
