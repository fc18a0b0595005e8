/**
 * Which language `--help` speaks: `--locale` on the command line, else a zh `LC_ALL` / `LC_MESSAGES` /
 * `LANG`. Its own module: every run asks, and only a zh run loads help.ts and the catalog.
 */
export type HelpLocale = 'zh-CN' | 'en';

/** The help language: `--locale X` / `--locale=X` on the command line, else a zh `LC_ALL` / `LC_MESSAGES` / `LANG`, else English. */
export function helpLocale(argv: readonly string[], env: Record<string, string | undefined>): HelpLocale {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const v = a === '--locale' ? argv[i + 1] : a.startsWith('--locale=') ? a.slice('--locale='.length) : undefined;
    if (v === 'zh-CN' || v === 'en') return v;
  }
  const lang = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return /^zh(?:[_-]|$)/i.test(lang) ? 'zh-CN' : 'en';
}

/**
 * True when this run could print help: `-h` / `--help` anywhere, the `help` command, or no command at
 * all (commander shows the program's help) unless it asks for the version. Only then is the Chinese
 * catalog loaded: a zh LANG must not slow every `evaluate` and `--version` down.
 */
export function mayPrintHelp(argv: readonly string[]): boolean {
  const args = argv.slice(2);
  const end = args.indexOf('--');
  const opts = end >= 0 ? args.slice(0, end) : args;
  if (opts.includes('-h') || opts.includes('--help')) return true;
  if (opts.some((a) => a === '-v' || a === '-V' || a === '--version')) return false;
  const words = opts.filter((a, i) => !a.startsWith('-') && opts[i - 1] !== '--locale');
  return words.length === 0 || words[0] === 'help';
}
