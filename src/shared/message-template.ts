/**
 * Filling a message template from facts: `{name}` is replaced by the value of `name`. A list value is
 * joined the language's way (`a, b` / `a、b`; the empty list has a word of its own), and a code with a
 * word in `words[name]` is written as that word (`roster` → `roster file` / `名单文件`). The
 * templates and words live with their language (rubric lint rules: English in each rule's `meta`,
 * zh-CN in report/lint-messages.ts); this is only the interpolation, the same for every language.
 */

/** The facts a lint rule reports: names, numbers, codes and lists of names (never phrases). */
export type MessageParams = Readonly<Record<string, string | number | readonly string[]>>;

export interface TemplateLanguage {
  /** Joins a list (`, ` / `、`). */
  separator: string;
  /** The empty list (`(none)` / `（无）`). */
  none: string;
  /** Words for codes, by parameter name: `{ kind: { roster: 'roster file' } }`. */
  words?: Readonly<Record<string, Readonly<Record<string, string>>>> | undefined;
}

/** A list in an English message: `a, b`, or `(none)`. */
export const ENGLISH_LISTS = { separator: ', ', none: '(none)' } as const;

/** `{name}` → the value; a placeholder without a value stays as it is written. */
export function fillTemplate(template: string, params: MessageParams | undefined, lang: TemplateLanguage): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => {
    if (!params || !(k in params)) return m;
    const v = params[k]!;
    if (typeof v === 'object') return v.length ? v.join(lang.separator) : lang.none;
    const word = lang.words?.[k]?.[String(v)];
    return word ?? String(v);
  });
}

/** The `{placeholders}` of a template, sorted (the catalogs' one-to-one test compares them). */
export function templatePlaceholders(template: string): string[] {
  return [...new Set([...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!))].sort();
}
