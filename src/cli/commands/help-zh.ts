/**
 * `--help` in Chinese: the same keys as the English texts registered in src/cli/commands/*.ts and
 * src/cli/main.ts (see help.ts; test/unit/cli/help.test.ts keeps the two one-to-one).
 */
import type { HelpWords } from './help.js';

const OUTPUT = '把 -f 指定格式的结果写入此文件而不是标准输出（未给 -f 时按扩展名决定格式）';
const RUBRIC = '规则文件（默认：./salesgrade.yaml，其次 rules/ 下唯一的 *.yaml）';
const ROSTER = '花名册文件（默认：规则中的 roster.file）';
const METRICS = '对 MetricTable 文件评分而不是导出表（.csv 或 .parquet：`salesgrade sql` 查询的结果，任何引擎导出均可；见 docs/sql.md）';
const QUERY = '配合 --metrics：生成该表的查询文件（salesgrade sql … -o FILE），其 sha256 写入运行清单';
const ENGINE = '导出表的汇总方式：js（默认：逐行读取，做全部脏数据检查）或 duckdb（在内置 DuckDB 中对干净的 CSV/Parquet 运行编译后的查询，用于逐行读取太慢的大文件；需要可选依赖 @duckdb/node-api）';
const HISTORY = '以前的评分结果（evaluate -f json），提供等级历史';
const WEEKDAY = '中国节假日数据未覆盖的年份按周一至周五计工作日（并给出警告），而不是报错';
const ENCODING = 'CSV 编码（默认：自动识别）';
const DATA = 'CRM 导出表（.xlsx、.csv），合并读取；- 表示从标准输入读取一份';
const FAIL_ON = '存在此严重级别或更高的问题时以退出码 1 结束';
const MAX_WARNINGS = '有任何错误或警告多于 n 条时以退出码 1 结束';

export const ZH_HELP: Record<string, string> = {
  'salesgrade.desc': '以电子表格驱动的销售管理：按 YAML 规则考评销售代表、分解指标、检查规则文件。',
  'salesgrade.opt.--version': '显示版本号（-V 亦可）',
  'salesgrade.opt.--locale': '报表语言（默认：规则的 locale）；--help 也随之切换',
  'salesgrade.opt.--no-color': '不使用颜色（也遵循 NO_COLOR）',
  'salesgrade.opt.--quiet': '只输出结果和错误',
  'salesgrade.opt.--verbose': '出错时打印调用栈',
  'salesgrade.after': `示例：
  $ salesgrade inspect export.xlsx                 看看读取器如何理解一份新导出表
  $ salesgrade evaluate q3.xlsx -r salesgrade.yaml 得分、等级和带批注的工作簿
  $ salesgrade explain q3.xlsx --rep 张三            某位销售代表每个数字背后的每一步
  $ salesgrade quota --year 2026 --by month        年度指标按层级和时间分解
  $ salesgrade check rules/ -f github              在 CI 中检查规则文件
  $ salesgrade diff main:rules/x.yaml rules/x.yaml q3.xlsx -f md   规则修改对人的影响
  $ salesgrade calibrate rules/x.yaml q3.xlsx --distribution senior=20,intermediate=60,junior=20

退出码：0 正常 · 1 有问题（check、evaluate --strict、diff --fail-on-tier-change）· 2 用法、规则、输入或内部错误`,

  'evaluate.desc': '按规则为每位销售代表评分：KPI、达成率、得分、等级、升降级、团队汇总；并写出带批注的工作簿',
  'evaluate.arg.data': DATA,
  'evaluate.opt.--metrics': METRICS,
  'evaluate.opt.--query': QUERY,
  'evaluate.opt.--engine': ENGINE,
  'evaluate.opt.--rubric': RUBRIC,
  'evaluate.opt.--roster': ROSTER,
  'evaluate.opt.--period': '考核期，如 2026-Q3、2026-07、2026-W27（默认：行数至少为最多一期十分之一的最新一期）',
  'evaluate.opt.--as-of': '评估进行中的考核期，截至此日（YYYY-MM-DD）：时间进度与期末预计达成率；晚于此日的行不计入',
  'evaluate.opt.--history': HISTORY,
  'evaluate.opt.--format': '输出到标准输出（或 -o 文件）的报表格式',
  'evaluate.opt.--output': OUTPUT,
  'evaluate.opt.--workbook': '写出带批注的工作簿（.xlsx；默认文件名为当前目录下的 <第一个输入>.salesgrade.xlsx）；-f table 且无 -o 时默认写出',
  'evaluate.opt.--no-workbook': '不写工作簿',
  'evaluate.opt.--data-rows': '复制到工作簿数据表中的来源行数，所有输入合计（默认最多为一张表的 1,048,575 行）；超出则不写数据表',
  'evaluate.opt.--statements': '把每位销售代表自己的个人报告写入此文件夹（只含本人数字），并附 manifest.json',
  'evaluate.opt.--statements-format': '个人报告的文件格式',
  'evaluate.opt.--statements-by': '每位销售代表一份，或每个团队一份（给其经理）',
  'evaluate.opt.--fail-on': FAIL_ON,
  'evaluate.opt.--strict': '等同于 --fail-on error：数据有错误、本应计入 KPI 的行因数据问题丢失（无销售代表、数值错误、无日期）、where 的值不匹配任何行、销售代表与花名册姓名仅大小写/全半角/空格不同、金额以科学计数法写成、读取了隐藏行或隐藏列、或合并单元格使花名册或目标单元格为空，均以退出码 1 结束',
  'evaluate.opt.--max-warnings': MAX_WARNINGS,
  'evaluate.opt.--weekday-fallback': WEEKDAY,
  'evaluate.opt.--encoding': ENCODING,
  'evaluate.after': `示例：
  $ salesgrade evaluate q3.xlsx -r salesgrade.yaml               报表，以及 q3.salesgrade.xlsx
  $ salesgrade evaluate jul.csv aug.csv sep.csv --period 2026-Q3  多份导出表合并读取
  $ salesgrade evaluate q3.xlsx --as-of 2026-08-15 --no-workbook  进行中季度的时间进度
  $ salesgrade evaluate q3.xlsx -f json > 2026-Q3.json            供薪酬/BI 使用（不写工作簿），也可作为历史：
  $ salesgrade evaluate q4.xlsx --history 2026-Q3.json
  $ salesgrade evaluate q3.xlsx --statements out/ --statements-format md   每人一份个人报告
  $ salesgrade evaluate q3.xlsx -o ranks.csv -w                   CSV 写入文件，同时写工作簿
  $ salesgrade evaluate --metrics metrics.csv -r salesgrade.yaml  对数据仓库查询结果评分（salesgrade sql）
  $ psql -c "\\copy (select …) to stdout csv header" | salesgrade evaluate -   从标准输入读取导出表

退出码：0 正常 · 1 使用 --strict / --fail-on error 时数据有错误（--fail-on warning 或超过 --max-warnings
时警告亦然）· 2 用法、规则或输入错误`,

  'explain.desc': '某位销售代表每个数字背后的每一步及来源行（表!行）；或团队、区域的评分一直追溯到成员',
  'explain.arg.data': DATA,
  'explain.opt.--metrics': METRICS,
  'explain.opt.--query': QUERY,
  'explain.opt.--engine': ENGINE,
  'explain.opt.--rep': '要解释的销售代表',
  'explain.opt.--team': '一个团队：其经理的评分、团队 KPI 及每位成员的贡献',
  'explain.opt.--region': '一个区域，同 --team',
  'explain.opt.--rubric': RUBRIC,
  'explain.opt.--roster': ROSTER,
  'explain.opt.--period': '考核期，如 2026-Q3（默认：数据中最新的一期）',
  'explain.opt.--as-of': '评估进行中的考核期，截至此日（YYYY-MM-DD）',
  'explain.opt.--history': HISTORY,
  'explain.opt.--rows': '每个指标列出的来源行数',
  'explain.opt.--output': OUTPUT,
  'explain.opt.--weekday-fallback': WEEKDAY,
  'explain.opt.--encoding': ENCODING,
  'explain.after': `示例：
  $ salesgrade explain q3.xlsx --rep 张三 -r salesgrade.yaml
  $ salesgrade explain q3.xlsx --rep "Alice Chen" --rows 20 --period 2026-Q2
  $ salesgrade explain q3.xlsx --team 上海一组          经理的评分，一直追溯到成员`,

  'quota.desc': '把规则中的年度指标按层级（公司 → 区域 → 团队 → 销售代表）和时间精确分解',
  'quota.opt.--rubric': RUBRIC,
  'quota.opt.--roster': '花名册（.xlsx/.csv）；默认：规则中的 roster.file',
  'quota.opt.--year': '要规划的（财务）年度；默认：当年',
  'quota.opt.--by': '按哪种周期分列',
  'quota.opt.--format': '输出到标准输出（或 -o 文件）的格式',
  'quota.opt.--output': OUTPUT,
  'quota.opt.--workbook': '同时把分解方案写成工作簿（.xlsx，默认 quotas.xlsx）：每个层级一张表，周期为列',
  'quota.opt.--no-workbook': '不写工作簿（默认）',
  'quota.opt.--history': '去年的实际数（销售代表、月份、每个指标一列），用于按历史分配或按历史季节性',
  'quota.opt.--weekday-fallback': WEEKDAY,
  'quota.after': `示例：
  $ salesgrade quota --year 2026                         在终端按月显示分解方案
  $ salesgrade quota --year 2026 --by week -w quotas.xlsx   按 ISO 周，并写工作簿
  $ salesgrade quota --year 2026 -o quotas.csv          长格式（同 -f csv > quotas.csv）：entity, level, period, start, end, working_days, quota
  $ salesgrade quota --history last-year.xlsx            按去年实际数分配并计算季节性

每一层级的合计都精确等于上一层（按 quota.rounding 以最大余数法取整）；见 README "Quota"。`,

  'check.desc': '检查规则文件：先校验格式，再按语义规则检查，问题带 文件:行:列',
  'check.arg.paths': '规则文件或文件夹（默认：自动找到的规则）',
  'check.opt.--rubric': '要检查的规则文件，与作为路径给出相同（与其他命令一致）',
  'check.opt.--format': '输出格式',
  'check.opt.--output': OUTPUT,
  'check.opt.--fail-on': FAIL_ON,
  'check.opt.--strict': '等同于 --fail-on error（此命令的默认行为；接受它是为了同一参数在 evaluate 和 check 上都能用）',
  'check.opt.--max-warnings': MAX_WARNINGS,
  'check.opt.--year': '即将评分或规划的年份，供 calendar-years 规则使用（默认：今年）；如 2027 或 2026,2027',
  'check.after': `示例：
  $ salesgrade check                          自动找到的规则（./salesgrade.yaml 或 ./rules/ 中的那个）
  $ salesgrade check rules/ --year 2027       同时检查：cn 日历是否覆盖 2027（calendar-years）
  $ salesgrade check rules/                   rules/ 下的每个规则（顶层有 salesgrade: 键的文件）
  $ salesgrade check rules/ -f github         在 GitHub Actions 中对拉取请求加注释
  $ salesgrade check rules/ -f sarif > salesgrade.sarif   用于 GitHub 代码扫描
  $ salesgrade check a.yaml --fail-on warning 有警告也失败（= --max-warnings 0）

退出码：0 无错误（且警告数不超过 --max-warnings）· 1 有错误或警告过多 · 2 用法错误或路径不可读`,

  'diff.desc': '规则修改对人的影响：规则的变化、等级变化、得分变动最大者、修改前后的等级分布',
  'diff.arg.old-rubric': '修改前的规则：一个文件，或其 git 版本（HEAD~1:rules/x.yaml、main:rules/x.yaml）',
  'diff.arg.new-rubric': '修改后的规则：一个文件，或其 git 版本',
  'diff.arg.data': 'CRM 导出表（.xlsx、.csv），读取一次，按两份规则分别评分',
  'diff.opt.--roster': '两边共用的花名册文件（默认：各规则中的 roster.file）',
  'diff.opt.--engine': ENGINE,
  'diff.opt.--period': '要比较的考核期，如 2026-Q3（默认：数据中最新的一期）',
  'diff.opt.--as-of': '比较进行中的考核期，截至此日（YYYY-MM-DD）',
  'diff.opt.--history': '以前的评分结果（evaluate -f json）：两边使用相同的等级历史',
  'diff.opt.--format': '输出到标准输出（或 -o 文件）的报表格式',
  'diff.opt.--output': OUTPUT,
  'diff.opt.--top': '列出得分变动最大的人数（总数总会给出）',
  'diff.opt.--fail-on-tier-change': '任何销售代表等级变化时以退出码 1 结束（影响到人的修改需有人签字确认）',
  'diff.opt.--encoding': ENCODING,
  'diff.after': `git 版本用 git show 读取，规则所继承的文件也读取同一版本；rev:path 相对于仓库根目录
（./path：相对于当前目录）。规则中的花名册、日历和目标文件两边都从工作区读取。

示例：
  $ salesgrade diff HEAD~1:rules/x.yaml rules/x.yaml q3.xlsx          本次提交的修改，用 q3 数据
  $ salesgrade diff main:rules/x.yaml rules/x.yaml q3.xlsx -f md      作为拉取请求的评论
  $ salesgrade diff old.yaml new.yaml q3.xlsx --fail-on-tier-change   CI：等级变化需签字确认
  $ salesgrade diff a.yaml b.yaml q4.xlsx --history 2026-Q3.json      两边使用相同的历史

退出码：0 正常 · 1 使用 --fail-on-tier-change 时有等级变化 · 2 用法、规则、git 或输入错误`,

  'calibrate.desc': '求出各等级的 min_score 门槛，使数据上的等级分布达到期望（或最接近的可达分布）',
  'calibrate.arg.rubric': '规则文件',
  'calibrate.arg.data': 'CRM 导出表（.xlsx、.csv），读取一次',
  'calibrate.opt.--distribution': '按等级 id 或名称给出期望占比（百分比），如 senior=20,intermediate=60,junior=20',
  'calibrate.opt.--period': '参与汇总的考核期（可重复给出多个；默认：数据中最新的一期）',
  'calibrate.opt.--periods': '汇总一个范围内的每个考核期，如 2026-Q1..2026-Q3',
  'calibrate.opt.--write': '把建议的门槛写回规则文件（只修改 min_score 的值）',
  'calibrate.opt.--roster': ROSTER,
  'calibrate.opt.--engine': ENGINE,
  'calibrate.opt.--history': HISTORY,
  'calibrate.opt.--format': '输出到标准输出（或 -o 文件）的报表格式',
  'calibrate.opt.--output': OUTPUT,
  'calibrate.opt.--encoding': ENCODING,
  'calibrate.after': `人数按得分和门槛条件所达到的等级统计（从高到低：得分 ≥ min_score 且所有门槛条件满足），
不考虑晋降级规则。相同得分不会被门槛分开；门槛按规则的精度取整、严格递减，最低等级保留其 min_score。

示例：
  $ salesgrade calibrate rules/x.yaml q3.xlsx --distribution senior=20,intermediate=60,junior=20
  $ salesgrade calibrate rules/x.yaml fy.xlsx --distribution 高级=15,中级=60,初级=25 --periods 2026-Q1..2026-Q3
  $ salesgrade calibrate rules/x.yaml q3.xlsx --distribution senior=20,intermediate=60,junior=20 --write

退出码：0 正常 · 2 用法、规则或输入错误（以及对等级定义在所继承文件中的规则使用 --write）`,

  'sql.desc': '把规则中的指标输出为一条返回 MetricTable 的 SQL 查询，供数据仓库或 DuckDB 运行',
  'sql.opt.--rubric': '规则文件（默认：./salesgrade.yaml，其次 ./rules/ 中的那个）',
  'sql.opt.--dialect': 'SQL 方言',
  'sql.opt.--from': '存放导出行的表或视图（原样写入查询）',
  'sql.opt.--roster-table': '花名册表或视图（列名同 roster.fields，默认 rep、team、region）',
  'sql.opt.--roster': '以 VALUES 内联到查询中的花名册文件（默认：规则的 roster.file）',
  'sql.opt.--no-roster': '不用花名册：团队和区域取自数据',
  'sql.opt.--period': '只查此考核期，如 2026-Q3',
  'sql.opt.--periods': '只查这些考核期，如 2026-01..2026-12',
  'sql.opt.--scale': '金额和数值保留的小数位：DECIMAL(38, n)',
  'sql.opt.--output': OUTPUT,
  'sql.after': `表的列名与导出表的表头相同：每个来源字段的 \`column:\`，否则取其 \`headers\` 的第一项（日期为 DATE，
金额和数值为数值列，文本为文本）。未给 --roster-table 时，规则的花名册文件（或 --roster FILE）以 VALUES
内联；--no-roster 时团队和区域取自数据本身的 team/region 列。

输出列：level（rep | team | region | company | no-rep | no-date）、period、rep、team、region、rows，
然后每个指标一列 <id>__rows，并按类型给出 <id>__sum（sum、avg）、<id>__min、<id>__max、
<id>__distinct（按每组的行计数：是并集，不是求和）。比率和平均值由 salesgrade 根据这些部分计算。
方言无法表达的规则功能会被拒绝并说明原因。

示例：
  $ salesgrade sql -r rubric.yaml --dialect duckdb --from "read_parquet('deals/*.parquet')" > metrics.sql
  $ duckdb -csv < metrics.sql > metrics.csv
  $ salesgrade sql -r rubric.yaml --dialect spark --from crm.activities --periods 2026-01..2026-12 > m.sql
  $ spark-sql -f m.sql
  $ salesgrade sql -r rubric.yaml --dialect bigquery --from crm.activities --roster-table crm.roster
  $ salesgrade sql -r rubric.yaml --dialect postgres --from activities --period 2026-Q3

退出码：0 已输出查询 · 2 用法、规则或花名册错误，或方言无法表达的功能`,

  'inspect.desc': '显示 salesgrade 从导出表（和花名册）中读到了什么：工作表、表头行、列与字段的对应、类型、日期范围、行数和数据问题',
  'inspect.arg.file': 'CRM 导出表：.xlsx、.csv/.tsv（UTF-8、UTF-16、GB18030），或另存为 .xls 的 HTML 表格；- 表示从标准输入读取',
  'inspect.opt.--rubric': '按此规则的 source.fields 和 roster.fields 对应列（默认：内置表头别名）',
  'inspect.opt.--roster': '同时（或只）显示花名册文件的读取方式：哪些列成为 rep、team、region、manager……、读取的行数、问题',
  'inspect.opt.--format': '输出格式',
  'inspect.opt.--output': OUTPUT,
  'inspect.opt.--encoding': '强制指定 CSV 的文本编码',
  'inspect.opt.--sheet': '读取此工作表（隐藏的也可），而不是第一个匹配的工作表',
  'inspect.after': `示例：
  $ salesgrade inspect export.xlsx                  用内置别名识别的列、类型和问题
  $ salesgrade inspect q3.csv -r salesgrade.yaml    同上，按规则的 source.fields 对应
  $ salesgrade inspect q3.xlsx --sheet 商机明细 -f json
  $ salesgrade inspect wps-export.csv --encoding gb18030
  $ salesgrade inspect q3.xlsx --roster roster.csv  导出表，然后是花名册的列对应
  $ salesgrade inspect --roster roster.xlsx -r salesgrade.yaml   只看花名册，按规则的 roster.fields

文件只读取，从不修改。文件能读取时退出码为 0（无论有无问题），
不能读取时为 2（格式、编码错误，没有表头，不安全的 zip）。`,

  'init.desc': '从内置预设写出一份起步规则（未加 --force 时从不覆盖）',
  'init.opt.--template': 'rules/ 中的预设名（默认：按 --locale）',
  'init.opt.--output': '写到哪里',
  'init.opt.--force': '覆盖已有文件',
  'init.after': `示例：
  $ salesgrade init                                  按语言（默认 zh-CN）用预设写出 ./salesgrade.yaml
  $ salesgrade init --locale en                      英文的电话销售预设
  $ salesgrade init --template managers -o team.yaml 面向经理的团队级 KPI
  $ salesgrade init --force                          覆盖已有的 ./salesgrade.yaml

预设：zh-CN-field-sales（zh-CN）、en-inside-sales（en）、managers（zh-CN）`,

  'schema.desc': '输出规则格式的 JSON Schema（用于编辑器补全和校验）',
  'schema.after': `示例：
  $ salesgrade schema > rubric.schema.json
    然后在规则文件开头写：  # yaml-language-server: $schema=./rubric.schema.json
    （包中也附带同一文件 schema/rubric.schema.json）`,
};

export const ZH_HELP_WORDS: HelpWords = {
  titles: { 'Usage:': '用法：', 'Options:': '选项：', 'Commands:': '命令：', 'Arguments:': '参数：', 'Global Options:': '全局选项：' },
  help: '显示命令的帮助',
  helpCommand: '显示命令的帮助',
  usage: { '[options]': '[选项]', '[command]': '[命令]' },
  choices: '可选值：',
  default: '默认：',
  sep: '；',
  open: '（',
  close: '）',
};
