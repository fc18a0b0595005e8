/**
 * `--help` in the user's language (issue 15: it follows `--locale` or a zh `LANG`). The English help
 * is written where each command is registered (src/cli/commands/*.ts); the Chinese catalog
 * (help-zh.ts) gives the same texts under the same keys — `<command>.desc`, `<command>.arg.<name>`,
 * `<command>.opt.<--long or -s>`, `<command>.after` (the examples block), `salesgrade.*` for the program
 * itself — and `localizeHelp` puts them in place after registration. test/unit/cli/help.test.ts keeps
 * the keys of both one-to-one.
 */
import type { EventEmitter } from 'node:events';
import { Help, type Command, type Option } from 'commander';
import { displayWidth } from '../../report/display-width.js';

/** commander's Command is an EventEmitter (its typings do not say so): the after-help texts are its listeners. */
const emitter = (cmd: Command): EventEmitter => cmd as unknown as EventEmitter;

export { helpLocale } from './help-locale.js';

function commandKey(cmd: Command): string {
  return cmd.parent ? cmd.name() : 'salesgrade';
}

function optionKey(cmd: Command, o: Option): string {
  return `${commandKey(cmd)}.opt.${o.long ?? o.short ?? o.flags}`;
}

type AfterHelp = (context: { error: boolean; command: Command; write: (s: string) => void }) => void;

/** The English help texts of the registered program, by key (what the Chinese catalog must match). */
export function helpTexts(program: Command): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (cmd: Command): void => {
    const k = commandKey(cmd);
    out.set(`${k}.desc`, cmd.description());
    for (const a of cmd.registeredArguments) out.set(`${k}.arg.${a.name()}`, a.description);
    for (const o of cmd.options) if (!o.hidden) out.set(optionKey(cmd, o), o.description);
    const after = emitter(cmd).listeners('afterHelp') as AfterHelp[];
    if (after.length > 0) {
      let text = '';
      for (const l of after) l({ error: false, command: cmd, write: (s) => (text += s) });
      out.set(`${k}.after`, text.replace(/^\n/, '').replace(/\n$/, ''));
    }
    for (const sub of cmd.commands) walk(sub);
  };
  walk(program);
  return out;
}

/** Put the catalog's texts in place of the English ones (a key the catalog lacks keeps its English). */
export function localizeHelp(program: Command, catalog: Readonly<Record<string, string>>, words: HelpWords): void {
  const walk = (cmd: Command): void => {
    const k = commandKey(cmd);
    const get = (key: string): string | undefined => catalog[key];
    const desc = get(`${k}.desc`);
    if (desc !== undefined) cmd.description(desc);
    for (const a of cmd.registeredArguments) a.description = get(`${k}.arg.${a.name()}`) ?? a.description;
    for (const o of cmd.options) o.description = get(optionKey(cmd, o)) ?? o.description;
    const after = get(`${k}.after`);
    if (after !== undefined && emitter(cmd).listeners('afterHelp').length > 0) {
      emitter(cmd).removeAllListeners('afterHelp');
      cmd.addHelpText('after', `\n${after}`);
    }
    cmd.helpOption('-h, --help', words.help);
    cmd.configureHelp({
      styleTitle: (s: string) => words.titles[s] ?? s,
      // `[options]` / `[command]` in the usage line in the help's language (the arguments keep their names)
      commandUsage(this: Help, c: Command): string {
        let usage = Help.prototype.commandUsage.call(this, c);
        for (const [en, zh] of Object.entries(words.usage)) usage = usage.split(en).join(zh);
        return usage;
      },
      // Chinese is two columns a character and has no spaces to wrap at: measure and break by display width.
      displayWidth: (s: string) => displayWidth(s.replace(/\x1b\[[0-9;]*m/g, '')),
      boxWrap(this: Help, str: string, width: number): string {
        return width < this.minWidthToWrap ? str : wrapByWidth(str, width);
      },
      optionDescription(this: Help, o: Option): string {
        const extra: string[] = [];
        if (o.argChoices) extra.push(`${words.choices}${o.argChoices.map((c) => JSON.stringify(c)).join(', ')}`);
        if (o.defaultValue !== undefined && (o.required || o.optional || (o.isBoolean() && typeof o.defaultValue === 'boolean'))) {
          extra.push(`${words.default}${o.defaultValueDescription ?? JSON.stringify(o.defaultValue)}`);
        }
        return extra.length ? `${o.description}${words.open}${extra.join(words.sep)}${words.close}` : o.description;
      },
    });
    for (const sub of cmd.commands) walk(sub);
  };
  walk(program);
  program.helpCommand('help [command]', words.helpCommand);
}

/** commander's own words (section titles, the help option and command, choices and defaults). */
export interface HelpWords {
  titles: Record<string, string>;
  help: string;
  helpCommand: string;
  /** commander's placeholders in a usage line: `[options]`, `[command]`. */
  usage: Readonly<Record<string, string>>;
  /** `可选值：`, `默认：`: each with its own separator. */
  choices: string;
  default: string;
  sep: string;
  open: string;
  close: string;
}

/** Greedy wrap at `width` display columns: at spaces, or between two wide (CJK) characters. */
export function wrapByWidth(str: string, width: number): string {
  const out: string[] = [];
  for (const line of str.split(/\r\n|\n/)) {
    // units: a run of spaces, a run of narrow non-space characters, or one wide character (with the
    // closing punctuation after it: a line never starts with ： or ）)
    const units = line.match(/ +|[^\s\u1100-\uffff]+|[\u1100-\uffff][：，；）。、]*/gu) ?? [];
    let cur = '';
    let w = 0;
    for (const u of units) {
      const uw = displayWidth(u);
      if (w + uw > width && cur.trim() !== '') {
        out.push(cur.trimEnd());
        cur = u.trimStart();
        w = displayWidth(cur);
      } else {
        cur += u;
        w += uw;
      }
    }
    out.push(cur.trimEnd());
  }
  return out.join('\n');
}
