/**
 * `salesgrade check` findings in the report's language. A lint rule reports a message id and facts
 * (`messageId` + `params` on the Diagnostic: names, numbers, codes, lists of names); its English
 * template is in the rule's `meta.messages` (with `meta.words` for its codes), the zh-CN one here, with
 * the same ids and placeholders (test/unit/report/lint-messages.test.ts keeps the two one-to-one).
 * Both are filled by the same interpolation (shared/message-template.ts), so an English run prints
 * exactly the rule's own message. The built-in codes reported before the rules run (encoding, YAML,
 * extends, schema) carry message ids too; a finding without one (a rarer schema problem) keeps its
 * English message.
 */
import type { Diagnostic, FindingData } from '../shared/diagnostic.js';
import { fillTemplate, type MessageParams, type TemplateLanguage } from '../shared/message-template.js';
import { findingMessage } from './finding-messages.js';
import type { ReportLocale } from './labels.js';

export interface RuleCatalog {
  messages: Record<string, string>;
  words?: Record<string, Record<string, string>>;
}

const SEPARATOR_ZH = { '.': '小数点 "."', ',': '小数逗号 ","' };

/**
 * The YAML parser's errors by code (the `yaml` package's ErrorCode): its sentence is English only, so a
 * zh-CN report says what its code means (the position is the finding's own). Every code of
 * rubric/yaml-safe.ts `YAML_ERROR_CODES` (a test compares the two lists).
 */
const YAML_CODES_ZH: Record<string, string> = {
  ALIAS_PROPS: '别名不能带锚点或标签',
  BAD_ALIAS: '别名无效',
  BAD_DIRECTIVE: 'YAML 指令无效',
  BAD_DQ_ESCAPE: '双引号字符串中有无效的转义',
  BAD_INDENT: '缩进不正确',
  BAD_PROP_ORDER: '锚点或标签的位置不正确',
  BAD_SCALAR_START: '值不能以这个字符开头（请给值加上引号）',
  BLOCK_AS_IMPLICIT_KEY: '块结构不能用作隐式键',
  BLOCK_IN_FLOW: '[ ] 或 { } 中不能出现块结构',
  DUPLICATE_KEY: '重复的键',
  IMPOSSIBLE: '解析器遇到无法处理的结构',
  KEY_OVER_1024_CHARS: '隐式键超过 1024 个字符',
  MISSING_CHAR: '缺少字符（引号、] 或 } 没有闭合，或缩进不足）',
  MULTILINE_IMPLICIT_KEY: '隐式键不能跨行（是否缺少冒号，或缩进有误？）',
  MULTIPLE_ANCHORS: '一个节点只能有一个锚点',
  MULTIPLE_DOCS: '规则文件只能有一个 YAML 文档',
  MULTIPLE_TAGS: '一个节点只能有一个标签',
  NON_STRING_KEY: '键必须是字符串',
  RESOURCE_EXHAUSTION: '别名展开过多，超出资源限制',
  TAB_AS_INDENT: '缩进中有制表符；请用空格缩进',
  TAG_RESOLVE_FAILED: '无法解析的标签',
  UNEXPECTED_TOKEN: '此处出现了意外的内容',
  BAD_COLLECTION_TYPE: '集合类型与标签不符',
};

/** zh-CN templates by rule id, then message id. Code identifiers and values stay in ASCII. */
export const LINT_MESSAGES_ZH: Record<string, RuleCatalog> = {
  // built-in codes (rubric/lint/builtin.ts): the frequent schema problems and unknown keys
  schema: {
    messages: {
      missing: '{where}：缺少必填键 "{key}"',
      type: '{where}：应为{expected}，实际为 {got}',
      typeKind: '{where}：应为{expected}，实际为{got}',
      oneOf: '{where}：应为 {values} 之一，实际为 {got}',
      oneOfDidYouMean: '{where}：应为 {values} 之一，实际为 {got}；是否应为 "{suggestion}"？',
      number: '{where}：应为 {op} {bound} 的数字，实际为 {got}',
      atLeast: '{where}：至少需要 {n} 项，实际为 {count} 项',
      atMost: '{where}：最多只能有 {n} 项，实际为 {count} 项',
      root: '(root)：应为含有 "salesgrade: 1" 的映射，实际为{rootKind}',
      rootText: '(root)：应为含有 "salesgrade: 1" 的映射',
    },
    words: {
      expected: { mapping: '映射', list: '列表', string: '字符串', number: '数字', boolean: ' true 或 false', int: '整数' },
      got: { 'a list': '列表', 'a mapping': '映射', nothing: '空值' },
      rootKind: { empty: '空文件', list: '列表', value: '单个值' },
    },
  },
  // reading the file and its YAML (rubric/yaml-safe.ts, rubric/load.ts), before the schema
  encoding: {
    messages: {
      utf16: '应为 UTF-8，但文件以 UTF-16 字节顺序标记开头；请将文件另存为 UTF-8',
      gb18030: '应为 UTF-8，但文件是 GB18030/GBK 编码（按 GB18030 读，这一行是 "{sample}"）；请将文件另存为 UTF-8',
      byte: '应为 UTF-8，但字节 0x{byte} 不是有效的 UTF-8；请将文件另存为 UTF-8',
    },
  },
  'yaml-syntax': {
    messages: {
      parser: 'YAML 语法错误：{yamlCode}',
      tab: '缩进中有制表符；请用空格缩进',
      keyNotString: '键必须是普通字符串，不能是集合或别名',
    },
    words: { yamlCode: YAML_CODES_ZH },
  },
  'duplicate-key': {
    messages: { dup: '重复的键 "{key}"；同一映射中每个键只能出现一次' },
  },
  'yaml-unsafe': {
    messages: {
      tooLarge: '文件有 {size} 字节；规则文件最多 {max} 字节（1 MiB）',
      tooDeep: '嵌套超过 {max} 层；规则文件不需要这么深（解析前即拒绝）',
      tag: '未知的标签 {tag}；规则文件只允许普通 YAML（不能有自定义标签）',
      forbiddenKey: '不允许使用键 "{key}"（原型污染）',
      more: '另有 {count} 个同类问题未列出',
      aliases: '别名展开超过 {max} 次（{count} 个别名）；作为资源耗尽（"billion laughs"）攻击拒绝',
      convert: '无法转换 YAML：{reason}',
    },
  },
  extends: {
    messages: {
      cycle: 'extends：循环继承 {cycle}；规则文件不能继承自身',
      unreadable: 'extends：无法读取 {name}（{file}）：{reason}',
    },
    words: { reason: { ENOENT: '文件不存在', EACCES: '没有读取权限' } },
  },
  'unknown-key': {
    messages: {
      unknown: '{where}：未知的键 "{key}"',
      didYouMean: '{where}：未知的键 "{key}"；是否应为 "{suggestion}"？',
      expected: '{where}：未知的键 "{key}"；可用的键：{allowed}',
    },
  },
  'bands-ascending': {
    messages: {
      at: '{where}：at {at} 必须大于上一个点的 at {prev}；请按升序列出分段点',
      factor: '{where}：factor {factor} 低于上一个点的 factor {prev}；达成率越高反而得分越少',
      clamp: '{where}：设置了 `bands` 时 `{key}` 不起作用（分段曲线取代 floor/cap 限幅）',
    },
  },
  'calendar-file-valid': {
    messages: {
      problem: 'quota.calendar.file：{at}：{problem}',
      more: 'quota.calendar.file：{shown} 中还有 {count} 个问题',
    },
  },
  'calendar-years': {
    messages: {
      uncovered:
        'cn 日历的官方数据覆盖 {from}–{to} 年；{year} 年不在其中，evaluate、explain 和 quota 会拒绝该年：请以 calendar: { base: cn, file: holidays-{year}.csv } 补充该年的节假日和调休上班日，或用 --weekday-fallback 按周一至周五计算',
      thin: 'quota.calendar 给 {year} 年的节假日太少，不像是全年的安排（工作日节假日 {holidays} 天；官方 cn 年份至少 {fewest} 天）：{year} 年其余的工作日都会算作上班日；请列出全年',
    },
  },
  'distinct-members-target': {
    messages: {
      distinct:
        '{where}：distinct 指标 "{metric}" 使用了 target: members：团队统计的是成员值的并集而不是总和，因此没有成员目标，不计入 {level} 得分；请为该层级单独设定目标（default、by_{level}）',
    },
  },
  'duplicate-header-alias': {
    messages: { dup: '{where}：表头 "{header}" 也列在字段 "{other}" 下；一列不能同时是两个字段' },
  },
  'extends-period': {
    messages: {
      noPer:
        '{where}：此处 period 为 {period}，但所继承的文件中为 {base}，且该目标没有 `per:`：{metric} 现在按 {period} 目标读取；' +
        '写 `per: {base}` 可保留原意（按配额规则换算），数字本就是 {period} 目标时写 `per: {period}`（或保留 period: {base}，用 --period 查看某个 {period}：即视图）',
    },
  },
  'file-exists': {
    messages: {
      missing: '{key}：{kind} "{file}" 不存在',
      missingAt: '{key}：{kind} "{file}" 不存在（查找位置：{shown}）',
      unreadable: '{key}：无法读取{kind} "{file}"（{shown}：{reason}）',
    },
    words: {
      kind: { roster: '名单文件', targets: '目标文件', calendar: '日历文件', 'quota-annual': '年度目标文件' },
      reason: { directory: '是文件夹，不是文件', 'not-file': '不是普通文件', permission: '没有读取权限', unreadable: '无法读取' },
    },
  },
  'floor-le-cap': {
    messages: { order: '{where}：floor {floor} 高于 cap {cap}；达成率会被限制在 [floor, cap] 之间' },
  },
  'gate-bounds': {
    messages: {
      none: '{where}：门槛需要 `min` 或 `max`，两者都没有',
      order: '{where}：min {min} 大于 max {max}；没有任何值能通过',
    },
  },
  'known-field': {
    messages: {
      unknown: '{where}：字段 "{field}" 未在 source.fields 中声明；已声明：{declared}',
      unknownDidYouMean: '{where}：字段 "{field}" 未在 source.fields 中声明；已声明：{declared}；是否应为 "{suggestion}"？',
      defaultDate: '{where}：按字段 "date" 统计（未写 `date:`），但 source.fields 中没有声明该字段；请声明它或设置 `date:`',
    },
  },
  'known-metric': {
    messages: {
      unknown: '{where}：{by}引用的指标 "{metric}" 未定义；已定义：{defined}',
      unknownDidYouMean: '{where}：{by}引用的指标 "{metric}" 未定义；是否应为 "{suggestion}"？',
    },
    words: { by: { KPI: 'KPI ', gate: '门槛', ratio: '比率', 'pacing.pipeline': 'pacing.pipeline ', 'quota.annual': 'quota.annual ' } },
  },
  'known-tier': {
    messages: {
      unknown: '{where}："{tier}" 不是等级 id；等级：{tiers}',
      unknownDidYouMean: '{where}："{tier}" 不是等级 id；是否应为 "{suggestion}"？',
    },
  },
  'lowest-tier-reachable': {
    messages: {
      minScore: '{where}：最低等级的 min_score 必须为 0，每个得分才都有等级，实际为 {score}',
      gates: '{where}：最低等级不能有门槛，否则未通过门槛的销售代表没有等级',
    },
  },
  'money-conventions': {
    messages: {
      ownCurrency: 'fx.{code}：{code} 就是规则的货币，其金额不需要汇率（请删除）',
      tie: '货币 {currency} 使用{byCurrency}，而语言区域 {locale} 使用{byLocale}：值两种读法都说得通（1.234）的数字列会被拒绝；请声明 source.decimal_separator',
    },
    words: { byCurrency: SEPARATOR_ZH, byLocale: SEPARATOR_ZH },
  },
  'movement-counts': {
    messages: { min: 'movement.{key}：应为 ≥ 1 的整数（连续的周期数），实际为 {value}' },
  },
  'no-ratio-cycles': {
    messages: { cycle: 'metrics.{metric}.ratio：该比率依赖于自身：{cycle}' },
  },
  'pacing-pipeline': {
    messages: {
      unknownKpi: 'pacing.covers：KPI "{kpi}" 未定义；KPI：{defined}',
      unknownKpiDidYouMean: 'pacing.covers：KPI "{kpi}" 未定义；是否应为 "{suggestion}"？',
      notAdditive: 'pacing.{key}：指标 "{metric}" 是 {agg}：商机覆盖率比较的是周期内可以累加的量（sum 或 count）',
      lower: 'pacing.covers：KPI "{kpi}" 越低越好：没有剩余目标需要商机来覆盖',
      units: 'pacing.pipeline：指标 "{metric}" 的单位是 {unit}，KPI "{kpi}"（指标 "{kpiMetric}"）的单位是 {kpiUnit}：覆盖率会用一种单位除以另一种',
    },
  },
  'quota-split-tiers': {
    messages: {
      unknown: 'quota.split.weights："{tier}" 不是等级 id；等级：{tiers}',
      unknownDidYouMean: 'quota.split.weights："{tier}" 不是等级 id；等级：{tiers}；是否应为 "{suggestion}"？',
      missing: 'quota.split.weights：等级 "{tier}" 没有权重；该等级的销售代表将分不到配额',
      notRoster: 'quota.split.weights：权重只在 `by: roster` 时生效，实际为 `by: {by}`',
    },
  },
  'ramp-factors': {
    messages: {
      range: 'quota.ramp.months[{index}]：爬坡系数必须在 (0, 1] 之间，实际为 {value}',
      order: 'quota.ramp.months[{index}]：系数 {value} 低于上个月（{prev}）；爬坡系数不会下降',
      empty: 'quota.ramp.months：至少需要一个系数，实际没有',
    },
  },
  'rubric-size': {
    messages: {
      kpis: '{where}：{count} 个 KPI（超过 {max} 个）；每位销售代表都要按每个 KPI 评分，列这么多的报告无法阅读',
      metrics: 'metrics：{count} 个指标（超过 {max} 个）；每位销售代表的每个周期都要为每个指标保留一个累加器',
    },
  },
  'seasonality-shape': {
    messages: {
      count: 'quota.seasonality.{unit}：应有 {expected} 个权重，实际为 {got} 个',
      negative: 'quota.seasonality.{unit}[{index}]：权重不能为负数，实际为 {value}',
      zero: 'quota.seasonality.{unit}：所有权重都是 0；无法分配任何配额',
    },
  },
  'smart-target': {
    messages: {
      noNumber: '{where}：没有 `default` 或 `file`，by_tier 也没有覆盖 {missing}；这些等级的销售代表将没有目标',
      partial: '{where}：没有 `default` 或 `file`；未列在 {keys} 中的销售代表将没有目标',
      ratePer: '{where}：{metric} 是比率（{aggregate}）；比率不按周期折算，所以 `per: {per}` 必须是规则的周期（{period}）或省略',
      empty: '{where}：目标没有给出任何数字；请设置 `default`、`by_tier` 或 `file`',
    },
  },
  'targets-file-valid': {
    messages: {
      problem: '{key}：{at}：{problem}',
      more: '{key}：{shown} 中还有 {count} 个问题',
    },
  },
  'threshold-lt-cap': {
    messages: {
      cap: '{where}：threshold {threshold} 必须低于 cap {cap}，否则任何达成率都得不到分',
      floor: '{where}：threshold {threshold} 低于 floor {floor}；floor 给的分已经更多，threshold 永远不会起作用',
    },
  },
  'tiers-descending': {
    messages: { order: '{where}：min_score 必须低于上一等级（{above}：{aboveScore}），实际为 {score}；请从最高等级开始列出' },
  },
  'unique-kpi-ids': {
    messages: { dup: '{where}：KPI id "{id}" 已被 {first} 使用；请给其中一个写上 `id:`' },
  },
  'unique-tier-ids': {
    messages: {
      id: '{where}：等级 id "{id}" 已被 {first} 使用',
      label: '{where}：等级名称 "{label}" 已被 {first} 使用；报告中将无法区分它们',
    },
  },
  'unused-metric': {
    messages: { unused: 'metrics.{metric}：已定义，但没有任何 KPI、门槛、比率或配额使用它' },
  },
  'weights-sum-to-100': {
    messages: { sum: '{where}：KPI 权重之和必须为 100，实际为 {sum}（{terms}）' },
  },
};

const ZH_LISTS = { separator: '、', none: '（无）' } as const;

/**
 * A problem quoted from inside a calendar or targets file (`calendar-file-valid`, `targets-file-valid`):
 * worded in Chinese from the reader finding's code and data when the rule passed them on (`finding`),
 * by the data findings' catalog (finding-messages.ts); else the reader's English message as it is.
 */
function withProblemZh(params: MessageParams | undefined): MessageParams | undefined {
  const finding = params?.finding;
  if (typeof finding !== 'string' || typeof params?.problem !== 'string') return params;
  let parsed: { code: string; data: FindingData };
  try {
    parsed = JSON.parse(finding) as { code: string; data: FindingData };
  } catch {
    return params;
  }
  return { ...params, problem: findingMessage({ code: parsed.code, message: params.problem, data: parsed.data }, 'zh-CN') };
}

/**
 * A lint finding's message in `locale`: the English one as the rule wrote it, or the zh-CN template
 * filled from the same facts; a finding this catalog has no template for keeps its English message.
 */
export function lintMessage(d: Diagnostic, locale: ReportLocale): string {
  if (locale === 'en' || d.messageId === undefined) return d.message;
  const rule = LINT_MESSAGES_ZH[d.code];
  const template = rule?.messages[d.messageId];
  if (template === undefined) return d.message;
  const lang: TemplateLanguage = { ...ZH_LISTS, words: rule!.words };
  return fillTemplate(template, withProblemZh(d.params), lang);
}

/** The findings with their messages in `locale` (the same objects when English). */
export function localizeLint(diagnostics: readonly Diagnostic[], locale: ReportLocale): Diagnostic[] {
  if (locale === 'en') return [...diagnostics];
  return diagnostics.map((d) => {
    const message = lintMessage(d, locale);
    return message === d.message ? d : { ...d, message };
  });
}
