/**
 * Finding messages in the report's language. A finding carries its English `message`, built where it
 * was found, and its facts in `data`; here the zh-CN text is rendered from code + data (ESLint's
 * `messageId` + `data` → interpolate). Cell-value findings (bad values, ambiguous separators and dates,
 * currencies, ids stored as numbers) carry facts only — codes, values, names (shared/value-problem.ts)
 * — and are rendered here in English too, from the same facts io/ built the message from. A code
 * without a template, a finding without data, or data this catalogue does not recognise falls back to
 * the English message: never a half-translated line.
 */
import { formatLocation, type Diagnostic, type FindingData } from '../shared/diagnostic.js';
import type { FindingCode } from '../shared/finding-codes.js';
import type { ReportLocale } from './labels.js';
import { VALUE_WORDS } from '../shared/value-words.js';
import {
  columnSeparatorEn,
  conversionEn,
  exponentColumnEn,
  exponentEn,
  mangledIdEn,
  problemOf,
  valueMessageEn,
  valueProblemOf,
  type ColumnSeparatorFacts,
  type Conversion,
  type ValueKind,
  type ValueProblem,
} from '../shared/value-problem.js';

type Render = (d: FindingData) => string | undefined;

const str = (d: FindingData, k: string): string | undefined => (typeof d[k] === 'string' ? (d[k] as string) : undefined);
const num = (d: FindingData, k: string): number | undefined => (typeof d[k] === 'number' ? (d[k] as number) : undefined);

/** `第 12 行` or `other.csv 第 12 行` (a place in another file of the run). */
function firstPlace(d: FindingData): string | undefined {
  const row = num(d, 'firstRow');
  if (row === undefined) return undefined;
  const file = str(d, 'firstFile');
  return file !== undefined ? `${file} 第 ${row} 行` : `第 ${row} 行`;
}

const GROUP_FIELD: Record<string, string> = { team: '团队', region: '区域' };

/**
 * The rows per team or region a finding counted (engine/data-groups.ts `countFacts`: `groups`, then
 * `group1`/`rows1`, …): `East 5 rows, West 1 row` / `East 5 行，West 1 行`; undefined when incomplete.
 */
function countsText(d: FindingData, locale: ReportLocale): string | undefined {
  const n = num(d, 'groups');
  if (n === undefined || n < 1) return undefined;
  const parts: string[] = [];
  for (let i = 1; i <= n; i++) {
    const [name, rows] = [str(d, `group${i}`), num(d, `rows${i}`)];
    if (name === undefined || rows === undefined) return undefined;
    parts.push(locale === 'zh-CN' ? `${name} ${rows} 行` : `${name} ${rows} row${rows === 1 ? '' : 's'}`);
  }
  return parts.join(locale === 'zh-CN' ? '，' : ', ');
}

/** The value words in Chinese (one catalog per language: shared/value-words.ts). */
const VW = VALUE_WORDS['zh-CN'];
const q = (s: string | undefined): string => JSON.stringify(s ?? '');
const expectedZh = (p: Pick<ValueProblem, 'expected' | 'currency'>): string => VW.expected(p);
const foundZh = (p: ValueProblem): string => VW.found[p.found](p);
const hintZh = (p: ValueProblem): string | undefined => (p.hint === undefined ? undefined : VW.hint[p.hint](p));
const usualWhyZh = (r: ValueProblem): string => VW.usualWhy(r);

/** A value that could not be read, from its facts: `金额：应为金额，读到 "abc"；该行不计入`. */
const coerced: Render = (d) => {
  const p = valueProblemOf(d);
  if (p === undefined) return undefined;
  const hint = p.outcome === 'row-not-counted' ? hintZh(p) : undefined;
  return `${p.field}：应为${expectedZh(p)}，读到 ${foundZh(p)}${p.outcome === 'row-not-counted' ? '；该行不计入' : ''}${hint !== undefined ? `（${hint}）` : ''}`;
};

const sepZh = (s: string | undefined): string => (s === ',' ? '逗号 ","' : '小数点 "."');

function howZh(d: FindingData): string {
  const how = str(d, 'how');
  if (how === 'usual') return `按${usualWhyZh(d as unknown as ValueProblem)} 的惯例`;
  return how === 'declared' ? '按声明' : how === 'values' ? '按该列的值' : '';
}

/** A column-level decimal-separator finding (io/number-columns.ts), from its facts. */
const columnSeparator: Render = (d) => {
  const field = str(d, 'field');
  const like = str(d, 'like');
  const at = str(d, 'at');
  const how = howZh(d);
  switch (str(d, 'column')) {
    case 'contradicted':
      return `${field}：${q(str(d, 'text'))} 表明该列的小数分隔符是 "${str(d, 'sep')}"，但此前有 ${num(d, 'earlier')} 个值（如 ${q(like)}，首处 ${at}）按 "${str(d, 'readWith')}" 读取${how ? `（${how}）` : ''}；这些金额是错的（请在评分规则中声明 source.decimal_separator: "${str(d, 'sep')}"）`;
    case 'all-ambiguous':
      return `${field}：共有 ${num(d, 'count')} 个值既可按 "." 也可按 "," 理解；这些行不计入（请在评分规则中声明 source.decimal_separator）`;
    case 'read-by-usage':
      return `${field}：该列没有任何值能确定小数分隔符，有 ${num(d, 'count')} 个值两种理解都说得通（如 ${q(like)}，首处 ${at}）；已按${sepZh(str(d, 'readWith'))}读取${how ? `（${how}）` : ''}（请声明 source.decimal_separator 以确认）`;
    default:
      return undefined;
  }
};

const columnSeparatorEnR: Render = (d) => (typeof d.column === 'string' && typeof d.field === 'string' ? columnSeparatorEn(d as unknown as ColumnSeparatorFacts) : undefined);

/** The same in English (as io/ built the message, from the same facts). */
const coercedEn: Render = (d) => {
  const p = valueProblemOf(d);
  return p && valueMessageEn(p.field, p, p.outcome);
};

const LEVEL: Record<string, string> = { rep: '销售代表', team: '团队', region: '区域' };
/** A roster column read besides the rep (`merged-cells`). */
const ROSTER_FIELD_ZH: Record<string, string> = { team: '团队', region: '区域', manager: '经理', region_manager: '区域经理', start_date: '入职日期', tier: '等级' };

/** What a targets or quota file held where a target was expected: a value (≤ 0, < 0) or the cell's problem, with its hint. */
function foundOrValueZh(d: FindingData): string | undefined {
  const value = str(d, 'value');
  if (value !== undefined) return value;
  const p = problemOf(d);
  if (p === undefined) return undefined;
  const hint = hintZh(p);
  return `${foundZh(p)}${hint !== undefined ? `（${hint}）` : ''}`;
}

const zh: Partial<Record<FindingCode, Render>> = {
  'no-rep': (d) => {
    const [merged, top] = [str(d, 'merged'), str(d, 'top')];
    if (merged !== undefined && top !== undefined) return `rep：应为姓名，却是合并单元格 ${merged} 中的空单元格（合并单元格的值只在 ${top}）；该行不计入（请取消合并并向下填充姓名）`;
    return `${str(d, 'field') ?? 'rep'}：应为姓名，却是空单元格；该行不计入`;
  },
  'rep-not-mapped': (d) => {
    const [table, found, aliases, setting] = [str(d, 'table'), str(d, 'found'), str(d, 'aliases'), str(d, 'setting')];
    if (table === undefined || found === undefined || aliases === undefined || setting === undefined) return undefined;
    const more = num(d, 'more') ?? 0;
    const seen = d.header === false ? '没有带列名的表头行' : found ? `找到的列：${found}${more > 0 ? `，……（另有 ${more} 列）` : ''}` : '表头行是空的';
    const consequence = table === 'roster' ? '否则花名册的任何一行都读不到' : '否则没有任何一行能计入';
    return `销售代表列（rep）未对应上（${seen}）；请把销售代表列的表头改为以下之一：${aliases}，或在评分规则的 ${setting} 中指定；${consequence}`;
  },
  'duplicate-row': (d) => {
    const p = firstPlace(d);
    return p && `与${p}完全相同；重复行不计入`;
  },
  'duplicate-unique-key': (d) => {
    const p = firstPlace(d);
    const field = str(d, 'field');
    const value = str(d, 'value');
    const changed = str(d, 'changed');
    if (!p || field === undefined || value === undefined) return undefined;
    return changed !== undefined
      ? `${field} "${value}" 与${p}重复，但数值不同（${changed}）；只计入第一行（${p}）——删除过期的行，或每期只保留一份导出`
      : `${field} "${value}" 与${p}重复；重复行不计入`;
  },
  'totals-row': (d) => {
    const [merged, top] = [str(d, 'merged'), str(d, 'top')];
    if (merged !== undefined && top !== undefined) {
      const [field, amount] = [str(d, 'field'), str(d, 'amount')];
      return field !== undefined && amount !== undefined
        ? `合并单元格 ${merged} 中销售代表为空的一行（合并单元格的值只在 ${top}），其 ${field} ${amount} 等于上方各行之和，被当作合计行，不计入；它多半是 ${top} 中那位销售代表的一笔交易（请取消合并并向下填充姓名）`
        : undefined;
    }
    const target = d.target === true;
    const label = str(d, 'label');
    if (label !== undefined) return target ? `合计行（"${label}"）不作为目标读取` : `合计行（"${label}"）不计入`;
    const above = num(d, 'rowsAbove');
    if (above === undefined) return undefined;
    if (target) return `没有名称、各值等于上方 ${above} 行之和的一行视为合计行，不作为目标读取`;
    const field = str(d, 'field');
    const amount = str(d, 'amount');
    if (field === undefined && amount === undefined) return `没有销售代表、各值等于上方 ${above} 行之和的一行视为合计行，不计入`; // a history export
    return field !== undefined && amount !== undefined ? `没有销售代表、${field} ${amount} 等于上方 ${above} 行之和的一行视为合计行，不计入` : undefined;
  },
  'ragged-row': (d) => {
    const expected = num(d, 'expected');
    const found = num(d, 'found');
    if (expected === undefined || found === undefined) return undefined;
    return found > expected
      ? `表头有 ${expected} 个字段，这一行有 ${found} 个；该行不计入（多了分隔符或引号？）`
      : `表头有 ${expected} 个字段，这一行只有 ${found} 个；缺少的字段按空值读取`;
  },
  'bad-number': coerced,
  'bad-date': coerced,
  'ambiguous-number': (d) => (d.column !== undefined ? columnSeparator(d) : coerced(d)),
  'mangled-id': (d) => {
    const field = str(d, 'field');
    const value = str(d, 'value');
    return field !== undefined && value !== undefined
      ? `${field}：${JSON.stringify(value)} 看起来是被 Excel 存成数字的编号（显示为 1.23457E+11，或超过 15 位）：其数字已丢失，不同的 ${field} 值可能已变成同一个（导出前请把该列设为文本格式）`
      : undefined;
  },
  'hidden-rows': (d) => {
    // no sheet: an HTML table
    const [sheet, count, first] = [str(d, 'sheet'), num(d, 'count'), num(d, 'first')];
    return count !== undefined && first !== undefined
      ? `${sheet !== undefined ? `工作表 "${sheet}" ` : 'HTML 表格'}有 ${count} 个隐藏行（第一个是第 ${first} 行）像其他行一样被当作数据读取：被筛选或在 Excel/WPS 中隐藏的行仍在文件中（请删除不应计入的行，或取消隐藏逐一核对）`
      : undefined;
  },
  'exponent-number': (d) => {
    if (d.outcome === 'row-not-counted') return coerced(d);
    if (d.outcome === 'unmapped') {
      const [column, header, value] = ['column', 'header', 'value'].map((k) => str(d, k));
      return column !== undefined && header !== undefined && value !== undefined
        ? `第 ${column} 列 ${JSON.stringify(header)}（未对应字段）是以科学计数法写成的数字（${JSON.stringify(value)}），Excel 保存的 CSV 会这样写长数字：这是数字列，其值可能已丢失数字（请把该列设为不带指数的数字格式后重新导出）`
        : undefined;
    }
    const [field, value, read] = ['field', 'value', 'read'].map((k) => str(d, k));
    return field !== undefined && value !== undefined && read !== undefined
      ? `${field}：${JSON.stringify(value)} 以科学计数法写成，按 ${read} 读取；Excel 保存的 CSV 会这样写长数字，可能已丢失数字（请把该列设为不带指数的数字格式后重新导出）`
      : undefined;
  },
  'currency-converted': (d) => {
    const [field, value, from, rate, converted, to] = ['field', 'value', 'from', 'rate', 'converted', 'to'].map((k) => str(d, k));
    return [field, value, from, rate, converted, to].includes(undefined) ? undefined : `${field}：${value} ${from} × ${rate}（fx 汇率）= ${converted} ${to}`;
  },
  'ambiguous-date': coerced,
  'formula-error': coerced,
  'formula-no-value': coerced,
  'foreign-currency': coerced,
  'roster-no-rep': (d) => {
    const [merged, top] = [str(d, 'merged'), str(d, 'top')];
    if (merged !== undefined && top !== undefined) return `rep：应为姓名，却是合并单元格 ${merged} 中的空单元格（合并单元格的值只在 ${top}）；花名册的这一行被跳过（请取消合并并向下填充姓名）`;
    return `${str(d, 'field') ?? 'rep'}：应为姓名，却是空单元格；花名册的这一行被跳过`;
  },
  'hidden-column': (d) => {
    const [field, column, header, sheet] = ['field', 'column', 'header', 'sheet'].map((k) => str(d, k));
    return field !== undefined && column !== undefined && header !== undefined
      ? `${field}：${column} 列 ${JSON.stringify(header)} 在${sheet !== undefined ? `工作表 ${JSON.stringify(sheet)} ` : ' HTML 表格'}中是隐藏列；它像其他列一样被读取（隐藏列仍在文件中：请取消隐藏核对，或在 source.fields 中指定你要的列）`
      : undefined;
  },
  'html-hidden-unknown': (d) => {
    const [selectors, count] = [str(d, 'selectors'), num(d, 'count')];
    return selectors !== undefined && count !== undefined
      ? `HTML 文件的 <style> 用 salesgrade 无法解读的选择器（${selectors}）隐藏了元素：被它们隐藏的行或列像其他行和列一样被读取，不会报告 hidden-rows 或 hidden-column（请在 Excel 中打开文件检查隐藏了什么，或另存为 .xlsx）`
      : undefined;
  },
  'merged-cells': (d) => {
    const [field, merged, top, rows, effect] = ['field', 'merged', 'top', 'rows', 'effect'].map((k) => str(d, k));
    if (field === undefined || merged === undefined || top === undefined || rows === undefined) return undefined;
    // a roster column by its Chinese name; a targets file's KPI as the rubric names it
    const name = effect === 'roster-field' ? ROSTER_FIELD_ZH[field] : effect === 'target' ? field : effect === 'target-name' ? LEVEL[field] : undefined;
    if (name === undefined) return undefined;
    const what =
      effect === 'target'
        ? '本文件不为其给出目标（改用下一条规则：团队、区域、级别或默认值）'
        : effect === 'target-name'
          ? `这些行的目标被当作该行所写${field === 'rep' ? '团队或区域' : '区域'}的目标读取，而不是 ${top} 中的${name}的`
          : `花名册不为其给出${name}`;
    return `${name}：单元格 ${merged} 已合并，值只在 ${top}，第 ${rows} 行读到的是空单元格：${what}（请取消合并并向下填充该值）`;
  },
  'roster-duplicate': (d) => {
    const rep = str(d, 'rep');
    if (rep === undefined) return undefined;
    const again = num(d, 'againRow');
    if (again !== undefined) return `销售代表 "${rep}" 在第 ${again} 行再次出现；使用这里的第一条`;
    const first = num(d, 'firstRow');
    return first !== undefined ? `销售代表 "${rep}" 重复出现（第一次在第 ${first} 行）；使用第一条` : undefined;
  },
  'roster-no-group': (d) => {
    const [field, rep, have] = [str(d, 'field'), str(d, 'rep'), num(d, 'have')];
    if ((field !== 'team' && field !== 'region') || rep === undefined || have === undefined) return undefined;
    const name = field === 'team' ? '团队' : '区域';
    return `${field}：花名册中销售代表 "${rep}" 的${name}为空，而其他 ${have} 名销售代表有${name}；该代表不属于任何${name}（列在（未分配）下）`;
  },
  'unknown-tier': (d) => {
    const found = str(d, 'found');
    const tiers = str(d, 'tiers');
    return found !== undefined && tiers !== undefined ? `tier：应为 ${tiers} 之一，读到 "${found}"` : undefined;
  },
  'roster-unknown-tier': (d) => {
    const tier = str(d, 'tier');
    const rep = str(d, 'rep');
    return tier !== undefined && rep !== undefined ? `花名册：${rep} 的级别 "${tier}" 不是评分规则中的级别；已忽略` : undefined;
  },
  'roster-rep-no-data': (d) => {
    const rep = str(d, 'rep');
    return rep !== undefined ? `花名册：销售代表 "${rep}" 在数据中没有任何一行（所有周期）；按零计分` : undefined;
  },
  'rep-not-in-roster': (d) => {
    const rep = str(d, 'rep');
    const team = str(d, 'team');
    const near = str(d, 'near');
    if (rep === undefined) return undefined;
    return `销售代表 "${rep}" 在数据中，但不在花名册中；计入${team !== undefined ? `数据中的团队 ${team}` : '（未分配）'}${near !== undefined ? `（是否应为 "${near}"？）` : ''}`;
  },
  'rep-name-variants': (d) => {
    const rep = str(d, 'rep');
    const near = str(d, 'near');
    return rep !== undefined && near !== undefined ? `销售代表 "${rep}" 与 "${near}" 只有大小写、全半角或空格不同；按两个人分别考评，各占一部分数据行（请在导出表中统一写法）` : undefined;
  },
  'rep-team-conflict': (d) => {
    const [rep, field, name, counts, period] = [str(d, 'rep'), GROUP_FIELD[str(d, 'field') ?? ''], str(d, 'name'), countsText(d, 'zh-CN'), str(d, 'period')];
    if ([rep, field, name, counts, period].includes(undefined)) return undefined;
    return `销售代表 "${rep}"：${period} 的数据行写了多个${field}（${counts}）；计入 ${name}（行数最多者；并列时取最晚的一行）`;
  },
  'roster-team-mismatch': (d) => {
    const [rep, field, roster, counts, period] = [str(d, 'rep'), GROUP_FIELD[str(d, 'field') ?? ''], str(d, 'roster'), countsText(d, 'zh-CN'), str(d, 'period')];
    if ([rep, field, roster, counts, period].includes(undefined)) return undefined;
    return `销售代表 "${rep}"：花名册中的${field}为 ${roster}，${period} 的数据中${field}列为 ${counts}；以花名册为准`;
  },
  'targets-duplicate': (d) => {
    const level = LEVEL[str(d, 'level') ?? ''];
    const name = str(d, 'name');
    const first = num(d, 'firstRow');
    if (level === undefined || name === undefined || first === undefined) return undefined;
    return `${level} "${name}" 重复出现（第一次在第 ${first} 行）${d.same === false ? '，且目标不同' : ''}；使用第一行`;
  },
  'targets-unknown-name': (d) => {
    const level = LEVEL[str(d, 'level') ?? ''];
    const name = str(d, 'name');
    const period = str(d, 'period');
    if (level === undefined || name === undefined || period === undefined) return undefined;
    const near = str(d, 'near');
    return `${level} "${name}" 有目标，但既不在花名册中，也不在 ${period} 的评估中${near !== undefined ? `（是否想写 "${near}"？）` : ''}；该目标未使用`;
  },
  'targets-bad-value': (d) => {
    const [kpi, level, name] = [str(d, 'kpi'), LEVEL[str(d, 'level') ?? ''], str(d, 'name')];
    const found = foundOrValueZh(d);
    if (kpi === undefined || level === undefined || name === undefined || found === undefined) return undefined;
    return `${kpi}：目标应大于 0，读到 ${found}；${level} "${name}" 不使用此目标（改用下一条规则：团队、区域、级别或默认值）`;
  },
  'targets-no-name': (d) => {
    const levels = (str(d, 'levels') ?? '').split(',').map((l) => LEVEL[l]);
    if (levels.length === 0 || levels.includes(undefined)) return undefined;
    const [merged, top] = [str(d, 'merged'), str(d, 'top')];
    if (merged !== undefined && top !== undefined) return `应为${levels.join('或')}名称，却是合并单元格 ${merged} 中的空单元格（合并单元格的值只在 ${top}）；该行的目标不使用（请取消合并并向下填充名称）`;
    return `应为${levels.join('或')}名称，却是空单元格；该行的目标不使用`;
  },
  'quota-no-name': (d) => {
    const level = LEVEL[str(d, 'level') ?? ''];
    const [merged, top] = [str(d, 'merged'), str(d, 'top')];
    if (level !== undefined && merged !== undefined && top !== undefined) return `应为${level}名称，却是合并单元格 ${merged} 中的空单元格（合并单元格的值只在 ${top}）；该行的目标不使用（请取消合并并向下填充名称）`;
    return level === undefined ? undefined : `应为${level}名称，却是空单元格；该行的目标不使用`;
  },
  'quota-duplicate': (d) => {
    const level = LEVEL[str(d, 'level') ?? ''];
    const name = str(d, 'name');
    const first = num(d, 'firstRow');
    if (level === undefined || name === undefined || first === undefined) return undefined;
    return `${level} "${name}" 重复出现（第一次在第 ${first} 行）；其目标相加`;
  },
  'quota-bad-value': (d) => {
    const metric = str(d, 'metric');
    const want = str(d, 'want');
    const found = foundOrValueZh(d);
    if (metric === undefined || found === undefined || (want !== 'annual-target' && want !== 'amount')) return undefined;
    return `${metric}：应为 ≥ 0 的${want === 'annual-target' ? '年度目标' : '金额'}，读到 ${found}`;
  },
  'quota-bad-month': (d) => {
    const text = str(d, 'text');
    return text === undefined ? undefined : `月份：应为 2025-01 这样的月份，读到 ${text ? q(text) : '空单元格'}；该行不计入`;
  },
  'calendar-bad-date': (d) => {
    const key = str(d, 'key');
    const index = num(d, 'index');
    const text = str(d, 'text');
    if (key !== undefined) {
      // a YAML calendar: `holidays[3]` or the whole list
      if (index === undefined) return `${key}：应为日期列表（YYYY-MM-DD）`;
      return text === undefined ? undefined : `${key}[${index}]：应为 YYYY-MM-DD 格式的日期，读到 ${q(text)}`;
    }
    if (d.empty === true) return '日期：应为 2027-02-06 这样的日期，读到 空单元格';
    const p = problemOf(d);
    return p && `日期：应为 2027-02-06 这样的日期，读到 ${foundZh(p)}`;
  },
  'calendar-bad-kind': (d) => {
    const [merged, top] = [str(d, 'merged'), str(d, 'top')];
    if (merged !== undefined && top !== undefined) return `kind：应为 off 或 work，却是合并单元格 ${merged} 中的空单元格（合并单元格的值只在 ${top}）；该日期不使用（请取消合并并向下填充）`;
    const found = str(d, 'found');
    return found === undefined ? undefined : `kind：应为 off 或 work，读到 ${found ? JSON.stringify(found) : '空单元格'}`;
  },
  'calendar-conflict': (d) => {
    const key = str(d, 'key');
    const index = num(d, 'index');
    const firstKey = str(d, 'firstKey');
    if (key !== undefined && index !== undefined && firstKey !== undefined && str(d, 'date') !== undefined) return `${key}[${index}]：${str(d, 'date')} 也列在 ${firstKey} 中`;
    const date = str(d, 'date');
    const kind = str(d, 'kind');
    const firstKind = str(d, 'firstKind');
    const first = num(d, 'firstRow');
    if (date === undefined || kind === undefined || firstKind === undefined || first === undefined) return undefined;
    return `${date} 在这里列为 ${kind}，在第 ${first} 行列为 ${firstKind}`;
  },
  'calendar-weekday-fallback': (d) => {
    const years = str(d, 'years');
    return years === undefined
      ? undefined
      : `cn 日历没有 ${years} 年的法定节假日和调休工作日：这些年份的工作日按周一至周五计算（--weekday-fallback）；涉及 ${years} 年的目标和进度可能有偏差`;
  },
  'calendar-year-thin': (d) => {
    const year = str(d, 'year');
    const holidays = str(d, 'holidays');
    return year === undefined || holidays === undefined
      ? undefined
      : `quota.calendar 给出的 ${year} 年假日太少，不像全年安排（工作日假日：${holidays} 天；法定 cn 年份至少 16 天）：${year} 年其余工作日都按上班计算；涉及 ${year} 年的目标和进度可能有偏差`;
  },
  'period-partly-covered': (d) => {
    const period = str(d, 'period');
    const start = str(d, 'start');
    const end = str(d, 'end');
    if (period === undefined || start === undefined || end === undefined) return undefined;
    const from = str(d, 'from');
    const until = str(d, 'until');
    const what = [from !== undefined ? `从 ${from} 起` : '', until !== undefined ? `到 ${until} 为止` : ''].filter(Boolean).join('、');
    const inProgress = str(d, 'inProgress');
    return (
      (inProgress !== undefined
        ? `周期 ${period}（${start} … ${end}）进行中，截至 --as-of ${inProgress}` + (until !== inProgress || from !== undefined ? `（数据只覆盖${what}）` : '')
        : `周期 ${period}（${start} … ${end}）的数据只覆盖${what}`) +
      (d.graded === true ? '：按部分数据评分' : '') +
      (d.countPartial === true ? '；计入晋升和降级（movement.count_partial_periods）' : '；不计入连续晋升或降级（设 movement.count_partial_periods: true 可计入）')
    );
  },
  'where-value-unmatched': (d) => {
    const metric = str(d, 'metric');
    const field = str(d, 'field');
    const value = str(d, 'value');
    const top = str(d, 'top');
    if (metric === undefined || field === undefined || value === undefined || top === undefined) return undefined;
    const near = str(d, 'near');
    const holds = top ? `该列的值有 ${top}${d.more === true ? '，…' : ''}` : `没有任何行有 ${field} 值`;
    return `metrics.${metric}.where.${field}："${value}" 没有匹配任何行${near !== undefined ? `（是否想写 "${near}"？）` : ''}；${holds}`;
  },
  'where-value-near': (d) => {
    const [field, value, like, metrics] = [str(d, 'field'), str(d, 'value'), str(d, 'like'), str(d, 'metrics')];
    const [rows, likeRows] = [num(d, 'rows'), num(d, 'likeRows')];
    if (field === undefined || value === undefined || like === undefined || metrics === undefined || rows === undefined || likeRows === undefined) return undefined;
    return `${field}："${value}"（${rows} 行）不是 ${metrics} 的筛选条件中的 "${like}"（${likeRows} 行）：这些行不按 "${like}" 计入`;
  },
  'date-out-of-range': (d) => {
    const [field, date, q1, q3, at, period] = ['field', 'date', 'q1', 'q3', 'at', 'period'].map((k) => str(d, k));
    const rows = num(d, 'rows');
    if ([field, date, q1, q3, at, period].includes(undefined) || rows === undefined) return undefined;
    return `${field} ${date} 远在数据的日期范围之外（中间一半为 ${q1} … ${q3}）：${rows} 行，位于 ${at}；是否录入有误？其周期 ${period} 不会被默认选中，也不计入数据范围`;
  },
  'period-sparse': (d) => {
    const [period, busiest, chosen] = [str(d, 'period'), str(d, 'busiest'), str(d, 'chosen')];
    const [rows, busiestRows] = [num(d, 'rows'), num(d, 'busiestRows')];
    if (period === undefined || busiest === undefined || chosen === undefined || rows === undefined || busiestRows === undefined) return undefined;
    return `周期 ${period} 只有 ${rows} 行，不到最多的周期 ${busiest}（${busiestRows} 行）的十分之一${d.outside === true ? '，且在数据范围之外' : ''}：默认周期为 ${chosen}；要评估它，请用 --period ${period}`;
  },
  'period-view': (d) => {
    const [period, kind, of] = [str(d, 'period'), str(d, 'kind'), str(d, 'of')];
    const history = num(d, 'history');
    const KIND: Record<string, string> = { week: '周', month: '月', quarter: '季度', half: '半年', year: '年' };
    if (period === undefined || kind === undefined || of === undefined || KIND[kind] === undefined || KIND[of] === undefined) return undefined;
    return (
      `${period} 是按${KIND[of]}考评的规则的${KIND[kind]}视图：未写 per: 的目标按${KIND[of]}给出，按配额规则换算（比率类目标不换算）；` +
      `等级为本期达标等级，晋升/降级只按${KIND[of]}判定` +
      `${str(d, 'gates') !== undefined ? `；求和/计数类的等级门槛按原值比较，不换算（${str(d, 'gates')!}）` : ''}${history ? `；${history} 个历史文件未使用` : ''}`
    );
  },
  'history-not-before': (d) => {
    const [file, period, evaluated] = [str(d, 'file'), str(d, 'period'), str(d, 'evaluated')];
    if (period === undefined || evaluated === undefined) return undefined;
    return `历史：${file !== undefined ? `${file} ` : '一条记录'}是 ${period} 的结果，不在所评估的 ${evaluated} 之前；已忽略`;
  },
  'history-unknown-tier': (d) => {
    const [tier, rep, period] = [str(d, 'tier'), str(d, 'rep'), str(d, 'period')];
    if (tier === undefined || rep === undefined || period === undefined) return undefined;
    return `历史：${rep} 在 ${period} 的级别 "${tier}" 不是评分规则中的级别；该记录已忽略`;
  },
  'history-conflict': (d) => {
    const [rep, period, tier, qualified, laterTier, laterQualified] = ['rep', 'period', 'tier', 'qualified', 'laterTier', 'laterQualified'].map((k) => str(d, k));
    if ([rep, period, tier, qualified, laterTier, laterQualified].includes(undefined)) return undefined;
    const [file, laterFile] = [str(d, 'file'), str(d, 'laterFile')];
    return `历史：${rep} 在 ${period} 的级别为 ${tier}（合格级别 ${qualified}）${file !== undefined ? `（${file}）` : ''}，但又为 ${laterTier}（合格级别 ${laterQualified}）${laterFile !== undefined ? `（${laterFile}）` : ''}；使用较晚的文件`;
  },
  'history-gap': (d) => {
    const [periods, period, count] = [str(d, 'periods'), str(d, 'period'), num(d, 'count')];
    if (periods === undefined || period === undefined || count === undefined) return undefined;
    return `历史：${period} 之前的 ${periods}${count > 6 ? `（共 ${count} 个周期）` : ''} 既没有结果文件也没有数据：晋升和降级的连续计数会当作其间什么也没发生；请用 --history 补上缺少的结果文件`;
  },
  'target-missing': (d) => {
    const [kpi, reps, count] = [str(d, 'kpi'), str(d, 'reps'), num(d, 'count')];
    if (kpi === undefined || reps === undefined || count === undefined) return undefined;
    return `KPI ${kpi} 有 ${count} 名销售代表没有目标：${reps}；该项得 0 分（或按 missing: exclude 排除）`;
  },
  'duplicate-header': (d) => {
    const [field, first, other, header] = [str(d, 'field'), str(d, 'first'), str(d, 'other'), str(d, 'header')];
    if (field === undefined || first === undefined || other === undefined || header === undefined) return undefined;
    const cols = d.csv === true ? `第 ${first} 列和第 ${other} 列` : `${first} 列和 ${other} 列`;
    const differ = num(d, 'differ');
    // the column not read is hidden: the visible one was read
    const hidden = str(d, 'hidden');
    const because = hidden !== undefined ? `${hidden} 列是隐藏列：读取可见的 ${first} 列` : undefined;
    if (differ === undefined) {
      return because !== undefined
        ? `${field}：${cols}的表头都是 "${header}"；${because}，${hidden} 列只用于比对（如隐藏列是旧数据，请删除它）`
        : `${field}：${cols}的表头都是 "${header}"；读取第一列，另一列只用于比对（请重命名或删除其中一列）`;
    }
    const diff = `${field}：${cols}的表头都是 "${header}"，有 ${differ} 行不同（此处："${str(d, 'a') ?? ''}" 与 "${str(d, 'b') ?? ''}"）；`;
    return because !== undefined ? `${diff}${because}（如隐藏列是旧数据，请删除它）` : `${diff}已读取第一列——无法判断哪一列正确（请重命名或删除其中一列）`;
  },
  'header-unit': (d) => {
    const [field, header, unit] = [str(d, 'field'), str(d, 'header'), str(d, 'unit')];
    if (field === undefined || header === undefined || unit === undefined) return undefined;
    return `${field}：表头 "${header}" 给出的单位是 ${unit}；数值按原样读取，不会换算（请换算该列，或在单元格中写 12.5万）`;
  },
  'unclosed-quote': (d) => {
    const [from, to, count, sample] = [num(d, 'from'), num(d, 'to'), num(d, 'count'), str(d, 'sample')];
    if (from === undefined || to === undefined || count === undefined || sample === undefined) return undefined;
    return `第 ${from} 行开始的带引号字段一直延续到第 ${to} 行，其中 ${count} 行看起来像数据行（${JSON.stringify(sample)}）：很可能有引号没有闭合；该记录不计入，这些行也不计入`;
  },
  'roster-reserved-group': (d) => {
    const [field, name, kept] = [GROUP_FIELD[str(d, 'field') ?? ''], str(d, 'name'), str(d, 'kept')];
    if (field === undefined || name === undefined || kept === undefined) return undefined;
    return `${field}："${name}" 是给不在花名册中的销售代表使用的名称；花名册中的这个${field}按 "${kept}" 报告，以便区分（请在花名册中改名）`;
  },
  'sheet-ambiguous': (d) => {
    const table = num(d, 'table');
    if (table !== undefined) {
      // an HTML file with several tables: `otherTables` is "2:5,3:4" (ordinal:rows)
      const [rows, fields, more, others] = [num(d, 'tableRows'), str(d, 'fields'), num(d, 'more'), str(d, 'otherTables')];
      if (rows === undefined || fields === undefined || more === undefined || others === undefined) return undefined;
      const list = others
        .split(',')
        .map((o) => {
          const [n, r] = o.split(':');
          return `第 ${n} 个表格（${r} 行）`;
        })
        .join('、');
      // a small table (roster, targets, calendar, quota file): `use`; its key field when not rep: `key`
      const key = str(d, 'key');
      const outcome =
        str(d, 'use') === 'small-table'
          ? '其中的行未被使用（请在文件中只保留一个表格，或把这些表格合并为一个）'
          : '其中的行不参与评分（请把每个表格另存为单独的文件并全部给出，或删除不应评分的表格）';
      return `已读取 HTML 第 ${table} 个表格（${rows} 行）：第一个表头含${key !== undefined ? ` ${key} ` : '销售代表'}及另外 ${more} 个字段（${fields}）的表格；${list}的表头也匹配，但未读取，${outcome}`;
    }
    const [sheet, fields, others, more] = [str(d, 'sheet'), str(d, 'fields'), str(d, 'others'), num(d, 'more')];
    if (sheet === undefined || fields === undefined || others === undefined || more === undefined) return undefined;
    // a small table's workbook (roster, targets, calendar, quota file): `use`; its key field when not rep: `key`
    const key = str(d, 'key');
    const outcome =
      str(d, 'use') === 'small-table'
        ? '其中的行未被使用（请在该文件的 sheet 设置中指定要读取的工作表，或在工作簿中只保留一个工作表，或把这些工作表合并为一个）'
        : '其中的行不参与评分（请在评分规则的 source.sheet 中指定要读取的工作表；要评估多个工作表，请把每个另存为单独的文件并全部给出）';
    return `已读取工作表 "${sheet}"：第一个表头含${key !== undefined ? ` ${key} ` : '销售代表'}及另外 ${more} 个字段（${fields}）的可见工作表；${others} 的表头也匹配，但未读取，${outcome}`;
  },
  'metric-table-limits': (d) => {
    const common =
      '读取、计入、排除的行数是查询按周期分组的计数（日期落在两个周期的行各计一次；被 where 排除的行算作计入）；因无日期而丢失的行数最多为本应计入 KPI 指标的无日期行';
    switch (str(d, 'via')) {
      case 'duckdb':
        return `使用 --engine duckdb 评分：DuckDB 用编译后的查询（其 sha256 记录在 manifest 中）汇总各行，salesgrade 对汇总结果 MetricTable 评分；杂乱导出的数据问题（重复行、合计行、有歧义的数字和日期）只有默认引擎会报告（此方式读取干净的类型化列）；无法识别远在数据范围之外的日期（录入错误）；${common}；没有来源行（explain、样例、工作簿数据表）`;
      case 'metrics': {
        const [first, last] = [str(d, 'first'), str(d, 'last')];
        const range =
          first !== undefined && last !== undefined
            ? `数据范围取自表的 first_date … last_date（${first} … ${last}），没有按日期的计数，因此无法识别远在范围之外的日期（录入错误）`
            : '表中没有数据的日期（没有 first_date / last_date），因此无法识别只覆盖一部分的最新周期（会当作完整周期计入晋升和降级：请用 --period 选择已结束的周期）';
        return `按 MetricTable 评分，而不是按原始行：${range}；${common}；没有来源行（explain、样例）`;
      }
      default:
        return undefined;
    }
  },
  'sum-value-missing': (d) => {
    const [metric, field, rows, period, at] = [str(d, 'metric'), str(d, 'field'), num(d, 'rows'), str(d, 'period'), str(d, 'at')];
    if (metric === undefined || field === undefined || rows === undefined || period === undefined || at === undefined) return undefined;
    return `${metric}：${period} 中有 ${rows} 行符合其筛选条件但 ${field} 为空（空单元格或 N/A 等标记），求和时按没有值计、不计入；首处：${at}`;
  },
  'kpi-rows-lost': (d) => {
    const rows = num(d, 'rows');
    const period = str(d, 'period');
    const reasons = str(d, 'reasons');
    const at = str(d, 'at');
    if (rows === undefined || period === undefined || reasons === undefined || at === undefined) return undefined;
    const money = str(d, 'money');
    const unknown = num(d, 'unknownAmounts');
    return (
      `${period} 中有 ${rows} 行本应计入 KPI 的数据因数据问题未计入（${reasons}）` +
      `${money ? `；未计入：${money}` : ''}${unknown ? `；其中 ${unknown} 行金额无法读取` : ''}；首处：${at}`
    );
  },
};

/** Cell-value findings: rendered from their facts in English too (the same text io/ built as `message`). */
const VALUE_CODES = ['bad-number', 'bad-date', 'ambiguous-number', 'ambiguous-date', 'formula-error', 'formula-no-value', 'foreign-currency'] as const satisfies readonly FindingCode[];
const en: Partial<Record<FindingCode, Render>> = {
  // the team / region counts are facts: the English words come from them too
  'rep-team-conflict': (d) => {
    const [rep, field, name, counts, period] = [str(d, 'rep'), str(d, 'field'), str(d, 'name'), countsText(d, 'en'), str(d, 'period')];
    if (rep === undefined || (field !== 'team' && field !== 'region') || name === undefined || counts === undefined || period === undefined) return undefined;
    return `rep "${rep}": the rows of ${period} name several ${field === 'team' ? 'teams' : 'regions'} (${counts}); counted under ${name} (the most rows; a tie goes to the latest row)`;
  },
  'roster-team-mismatch': (d) => {
    const [rep, field, roster, counts, period] = [str(d, 'rep'), str(d, 'field'), str(d, 'roster'), countsText(d, 'en'), str(d, 'period')];
    if (rep === undefined || field === undefined || roster === undefined || counts === undefined || period === undefined) return undefined;
    return `rep "${rep}": the roster puts them in ${field} ${roster}, the data's ${field} column names ${counts} in ${period}; the roster is used`;
  },
  ...Object.fromEntries(VALUE_CODES.map((c) => [c, coercedEn])),
  'ambiguous-number': (d) => (d.column !== undefined ? columnSeparatorEnR(d) : coercedEn(d)),
  'mangled-id': (d) => (typeof d.field === 'string' && typeof d.value === 'string' ? mangledIdEn(d.field, d.value) : undefined),
  'exponent-number': (d) =>
    d.outcome === 'row-not-counted'
      ? coercedEn(d)
      : d.outcome === 'unmapped'
        ? typeof d.column === 'string' && typeof d.header === 'string' && typeof d.value === 'string' ? exponentColumnEn(d.column, d.header, d.value) : undefined
        : typeof d.field === 'string' && typeof d.value === 'string' && typeof d.read === 'string' ? exponentEn(d.field, d.value, d.read) : undefined,
  'currency-converted': (d) =>
    ['field', 'value', 'from', 'rate', 'converted', 'to'].every((k) => typeof d[k] === 'string') ? conversionEn(d.field as string, d as unknown as Conversion) : undefined,
};

/** The codes with a zh-CN template (the others print their English message in every report). */
export const TRANSLATED_CODES: readonly FindingCode[] = Object.keys(zh) as FindingCode[];

/** The finding's message in `locale`: rendered from its code and data, or its English message. */
/**
 * Where a finding is, in the report's language: `file:line:col` and `Sheet!C12` are the same in every
 * language; a sheet row is `商机明细 第 1417 行` in zh-CN (`商机明细 row 1417` in English).
 */
export function findingPlace(d: Pick<Diagnostic, 'source' | 'range' | 'sheet' | 'cell' | 'row'>, locale: ReportLocale): string {
  return locale === 'zh-CN' ? formatLocation(d, (row) => `第 ${row} 行`) : formatLocation(d);
}

export function findingMessage(d: Pick<Diagnostic, 'code' | 'message' | 'data'>, locale: ReportLocale): string {
  if (d.data === undefined) return d.message;
  if (locale === 'en') return (en as Partial<Record<string, Render>>)[d.code]?.(d.data) ?? d.message;
  const more = num(d.data, 'moreNotListed');
  const total = num(d.data, 'moreTotal');
  if (more !== undefined && total !== undefined) return `另有 ${more} 条 ${d.code} 问题未列出（共 ${total} 条）`;
  const render = (zh as Partial<Record<string, Render>>)[d.code];
  return render?.(d.data) ?? d.message;
}
