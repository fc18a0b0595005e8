// Generates the shipped samples from a seeded PRNG, so they are the same on every run:
//   samples/east-china-2026.xlsx   a 纷享销客-style zh-CN export (deals + activities), 2026-Q2 and 2026-Q3,
//                                  for samples/salesgrade.yaml (extends rules/zh-CN-field-sales.yaml)
//   samples/roster.xlsx            销售代表 / 团队 / 区域 / 经理 / 入职日期 / 当前等级
//   samples/inside-sales-2026.csv  an English inside-sales CSV (+ inside-sales-roster.csv) for
//                                  samples/inside-sales.yaml (extends rules/en-inside-sales.yaml)
// Run: node samples/make-samples.mjs
//
// The export carries the messiness real exports have: a title row and an 导出时间 line above the
// header, amounts as `¥1,234` text and as numbers, a 合计 row, an exact duplicate row, a repeated
// 商机编号, a rep name with a trailing space, a row with no rep, and dates as Excel dates, `2026/7/1`,
// `2026年7月1日` and `2026-07-01` text.
import ExcelJS from 'exceljs';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const FIXED_DATE = new Date(Date.UTC(2026, 9, 8, 1, 15, 22)); // workbook metadata, not data

// mulberry32: small, fast, good enough for sample data; deterministic across platforms.
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = prng(20260708);
const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
const pick = (xs) => xs[Math.floor(rand() * xs.length)];

// skill per quarter [2026-Q2, 2026-Q3], 0..1: drives visit volume, win rate and deal size; csat shifts
// the satisfaction scores (王芳 sells well but her CSAT keeps her below the 高级 gate). tier = 当前等级.
const ROSTER = [
  { rep: '张伟', team: '上海一组', region: '上海区', manager: '陈静', start: '2019-03-11', tier: '高级', skill: [0.9, 0.92], csat: 0.1 },
  { rep: '王芳', team: '上海一组', region: '上海区', manager: '陈静', start: '2021-07-01', tier: '中级', skill: [0.86, 0.9], csat: -0.5 },
  { rep: '李娜', team: '上海一组', region: '上海区', manager: '陈静', start: '2022-02-14', tier: '中级', skill: [0.6, 0.62], csat: 0 },
  { rep: '刘洋', team: '上海一组', region: '上海区', manager: '陈静', start: '2024-09-02', tier: '初级', skill: [0.3, 0.34], csat: 0 },
  { rep: '陈晨', team: '上海二组', region: '上海区', manager: '赵磊', start: '2020-05-18', tier: '中级', skill: [0.66, 0.4], csat: 0 },
  { rep: '杨帆', team: '上海二组', region: '上海区', manager: '赵磊', start: '2025-03-03', tier: '初级', skill: [0.36, 0.42], csat: 0 },
  { rep: '黄磊', team: '上海二组', region: '上海区', manager: '赵磊', start: '2018-10-08', tier: '高级', skill: [0.5, 0.46], csat: 0 },
  { rep: '吴婷', team: '上海二组', region: '上海区', manager: '赵磊', start: '2026-09-21', tier: '初级', skill: [0, 0], csat: 0 },
  { rep: '周敏', team: '杭州组', region: '浙苏区', manager: '孙莉', start: '2021-01-04', tier: '中级', skill: [0.88, 0.92], csat: 0.1 },
  { rep: '徐静', team: '杭州组', region: '浙苏区', manager: '孙莉', start: '2023-06-12', tier: '初级', skill: [0.38, 0.45], csat: 0 },
  { rep: '孙浩', team: '杭州组', region: '浙苏区', manager: '孙莉', start: '2022-08-22', tier: '中级', skill: [0.56, 0.58], csat: 0 },
  { rep: '马超', team: '杭州组', region: '浙苏区', manager: '孙莉', start: '2017-04-17', tier: '高级', skill: [0.9, 0.86], csat: 0.1 },
  { rep: '胡军', team: '南京组', region: '浙苏区', manager: '朱勇', start: '2020-11-09', tier: '中级', skill: [0.62, 0.66], csat: 0 },
  { rep: '郭丽', team: '南京组', region: '浙苏区', manager: '朱勇', start: '2024-04-15', tier: '初级', skill: [0.28, 0.3], csat: 0 },
  { rep: '何平', team: '南京组', region: '浙苏区', manager: '朱勇', start: '2023-02-20', tier: '初级', skill: [0.6, 0.66], csat: 0 },
];
// In the data but not in the roster (transferred in mid-quarter): a finding, lands in (unassigned).
const EXTRA_REPS = [{ rep: '林涛', skill: [0, 0.6], csat: 0 }];

const CUSTOMER_STEMS = ['华盛', '永达', '恒信', '金桥', '东方', '瑞丰', '天成', '鼎新', '宏远', '中科', '海纳', '博源', '新锐', '嘉禾', '锦程', '明德', '长风', '云帆', '泰和', '国信'];
const CUSTOMER_KINDS = ['科技有限公司', '精密制造有限公司', '医疗器械有限公司', '物流有限公司', '电子股份有限公司', '化工有限公司', '食品有限公司', '信息技术有限公司'];
const CITIES = { 上海区: ['上海', '苏州'], 浙苏区: ['杭州', '宁波', '南京', '无锡'] };
const LOST_STAGES = ['输单'];
const OPEN_STAGES = ['谈判中', '方案报价', '需求确认'];

const QUARTERS = [
  { label: '2026-Q2', start: [2026, 4, 1], days: 91 },
  { label: '2026-Q3', start: [2026, 7, 1], days: 92 },
];

function isoDay(q, offset) {
  const d = new Date(Date.UTC(q.start[0], q.start[1] - 1, q.start[2] + offset));
  return d.toISOString().slice(0, 10);
}
function weekdayIn(q) {
  for (;;) {
    const iso = isoDay(q, int(0, q.days - 1));
    const dow = new Date(`${iso}T00:00:00Z`).getUTCDay();
    if (dow !== 0 && dow !== 6) return iso;
  }
}

// Dates appear in the export in four shapes, as in a sheet several people have edited.
function dateCell(iso) {
  const [y, m, d] = iso.split('-').map(Number);
  const r = rand();
  if (r < 0.7) return new Date(Date.UTC(y, m - 1, d));
  if (r < 0.8) return `${y}/${m}/${d}`;
  if (r < 0.9) return `${y}年${m}月${d}日`;
  return iso;
}
function moneyCell(amount) {
  return rand() < 0.3 ? `¥${amount.toLocaleString('en-US')}` : amount;
}

function customerName(region) {
  return `${pick(CITIES[region] ?? ['上海'])}${pick(CUSTOMER_STEMS)}${pick(CUSTOMER_KINDS)}`;
}

// ---- the export ----
// Per rep and quarter: ~40–70 visits (the preset's target is 60 a quarter), a few calls and meetings,
// 12–22 closed deals and a few open ones, so the export has about two thousand rows.
const HEADERS = ['商机编号', '客户名称', '销售代表', '活动类型', '活动日期', '阶段', '金额', '结单日期', '满意度', '备注'];
const rows = [];
let dealSeq = 1000;
const people = [...ROSTER, ...EXTRA_REPS.map((r) => ({ ...r, region: '浙苏区' }))];
const csatOf = (s, bias) => Math.round(Math.min(5, Math.max(1, 3.3 + s * 1.2 + bias + (rand() - 0.5) * 0.6)) * 10) / 10;
for (const [qi, q] of QUARTERS.entries()) {
  for (const p of people) {
    if (p.skill[qi] === 0) continue; // the new hire has no activity yet; 林涛 transferred in for Q3
    const s = p.skill[qi] * (0.92 + rand() * 0.16);
    const customers = Array.from({ length: int(8, 12) }, () => customerName(p.region));
    const visits = Math.round(38 + s * 32 + (rand() - 0.5) * 8);
    for (let i = 0; i < visits; i++) {
      rows.push(['', pick(customers), p.rep, '拜访', dateCell(weekdayIn(q)), '', null, null, rand() < 0.6 ? csatOf(s, p.csat) : null, '']);
    }
    for (let i = 0, n = int(2, 5); i < n; i++) rows.push(['', pick(customers), p.rep, '电话', dateCell(weekdayIn(q)), '', null, null, null, '']);
    for (let i = 0, n = int(1, 3); i < n; i++) {
      rows.push(['', pick(customers), p.rep, '会议', dateCell(weekdayIn(q)), '', null, null, rand() < 0.5 ? csatOf(s, p.csat) : null, '']);
    }
    const closed = Math.round(12 + s * 10 + (rand() - 0.5) * 4);
    const open = int(2, 5);
    // Wins drawn around the expected count, not per deal: a sample should not hinge on a lucky streak.
    const wins = Math.max(0, Math.round(closed * (0.12 + s * 0.3) + (rand() - 0.5) * 2));
    for (let i = 0; i < closed + open; i++) {
      const isOpen = i >= closed;
      const created = weekdayIn(q);
      const closeIso = isoDay(q, Math.min(q.days - 1, (Date.parse(created) - Date.UTC(q.start[0], q.start[1] - 1, q.start[2])) / 864e5 + int(5, 40)));
      const won = !isOpen && i < wins;
      const stage = won ? '赢单' : isOpen ? pick(OPEN_STAGES) : pick(LOST_STAGES);
      const amount = Math.round(((90_000 + s * 200_000) * (0.6 + rand() * 0.8)) / 100) * 100;
      rows.push([`SO-2026-${++dealSeq}`, pick(customers), p.rep, '', dateCell(created), stage, moneyCell(amount), isOpen ? null : dateCell(closeIso), null, won ? '' : isOpen ? '跟进中' : '价格因素']);
    }
  }
}

// Sort by activity date the way a CRM export usually is (rows with text dates sort by their ISO form).
function sortKey(r) {
  return isoOf(r[4]);
}
function isoOf(v) {
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'string') {
    const m = /(\d{4})\D(\d{1,2})\D(\d{1,2})/.exec(v);
    if (m) return `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
  }
  return '';
}
rows.sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0));

// Two generated visits can coincide (same rep, customer, day and score); keep such rows unique so
// the only exact duplicate is the deliberate one below.
{
  const seen = new Set();
  for (let i = rows.length - 1; i >= 0; i--) {
    // compare as the reader will: dates in any shape and ¥-text amounts by value
    const key = JSON.stringify(rows[i].map((v, c) => (c === 4 || c === 7 ? isoOf(v) : c === 6 && typeof v === 'string' ? Number(v.replace(/[¥,]/g, '')) : v)));
    if (seen.has(key)) rows.splice(i, 1);
    else seen.add(key);
  }
}

// The messiness, placed deterministically.
const q3deal = rows.findIndex((r) => r[0] && r[5] === '赢单' && sortKey(r) >= '2026-07-15');
rows.splice(q3deal + 1, 0, [...rows[q3deal]]); // an exact duplicate row (copy-pasted twice)
const repeated = rows.findIndex((r, i) => i > q3deal + 20 && r[0] && r[5] === '输单');
const donor = rows.find((r, i) => i > repeated + 10 && r[0] && r[5] === '赢单');
rows.splice(repeated + 5, 0, [donor[0], donor[1], donor[2], '', donor[4], '赢单', 88_000, donor[7], null, '补录']); // same 商机编号, different row
const trailing = rows.findIndex((r, i) => i > 60 && r[2] === '王芳' && r[3] === '拜访');
rows[trailing][2] = '王芳 '; // trailing space: still 王芳
const noRep = rows.findIndex((r, i) => i > 120 && r[3] === '电话');
rows[noRep][2] = null; // nobody owns this call
let total = 0;
for (const r of rows) if (r[5] === '赢单' && r[6] !== null) total += typeof r[6] === 'number' ? r[6] : Number(String(r[6]).replace(/[¥,]/g, ''));

async function writeExport() {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'FxiaoKe CRM';
  wb.created = FIXED_DATE;
  wb.modified = FIXED_DATE;
  const ws = wb.addWorksheet('商机明细');
  ws.addRow(['华东大区 商机及销售活动明细（2026年第二、三季度）']);
  ws.mergeCells('A1:J1');
  ws.getCell('A1').font = { bold: true, size: 14 };
  ws.addRow(['导出时间：2026-10-08 09:15:22', null, null, null, null, null, null, null, null, null]);
  ws.addRow(HEADERS);
  ws.getRow(3).font = { bold: true };
  for (const r of rows) ws.addRow(r.map((v) => (v === '' ? null : v)));
  ws.addRow(['合计', null, null, null, null, null, total, null, null, null]);
  ws.getColumn(5).numFmt = 'yyyy-mm-dd';
  ws.getColumn(8).numFmt = 'yyyy-mm-dd';
  ws.getColumn(7).numFmt = '#,##0';
  ws.columns.forEach((c, i) => (c.width = [14, 30, 10, 10, 13, 10, 12, 13, 8, 10][i]));
  const notes = wb.addWorksheet('说明');
  notes.addRow(['本表由纷享销客导出，金额单位：元。']);
  await wb.xlsx.writeFile(join(here, 'east-china-2026.xlsx'));
  return rows.length;
}

async function writeRoster() {
  const wb = new ExcelJS.Workbook();
  wb.created = FIXED_DATE;
  wb.modified = FIXED_DATE;
  const ws = wb.addWorksheet('花名册');
  ws.addRow(['销售代表', '团队', '区域', '经理', '入职日期', '当前等级']);
  for (const p of ROSTER) {
    const [y, m, d] = p.start.split('-').map(Number);
    ws.addRow([p.rep, p.team, p.region, p.manager, new Date(Date.UTC(y, m - 1, d)), p.tier]);
  }
  ws.getColumn(5).numFmt = 'yyyy-mm-dd';
  await wb.xlsx.writeFile(join(here, 'roster.xlsx'));
}

// ---- the English inside-sales CSV ----
// A Salesforce-style activity + opportunity report for rules/en-inside-sales.yaml (monthly: 250 calls,
// 45 meetings, pipeline and bookings per month), 2026-07 to 2026-09, with an Activity ID so that two
// calls to the same account on one day are not duplicates, plus a roster (samples/inside-sales.yaml).
const INSIDE = [
  { rep: 'Alice Chen', team: 'Inbound', tier: 'senior', skill: 0.9 },
  { rep: 'Ben Ortiz', team: 'Inbound', tier: 'intermediate', skill: 0.7 },
  { rep: 'Chloe Park', team: 'Inbound', tier: 'junior', skill: 0.55 },
  { rep: 'Dev Patel', team: 'Outbound', tier: 'intermediate', skill: 0.82 },
  { rep: 'Emma Rossi', team: 'Outbound', tier: 'junior', skill: 0.4 },
  { rep: 'Farid Haddad', team: 'Outbound', tier: 'junior', skill: 0.66 },
];
function writeInsideSales() {
  const accounts = ['Acme Corp', 'Globex', 'Initech', 'Umbrella Health', 'Stark Logistics', 'Wayne Foods', 'Hooli', 'Vandelay Imports', 'Soylent', 'Tyrell Systems', 'Cyberdyne', 'Wonka Industries'];
  const lines = ['Activity ID,Deal ID,Account,Owner,Activity Type,Date,Stage,Amount,Close Date,CSAT'];
  let act = 10_000;
  let deal = 5000;
  const esc = (v) => (v === null || v === undefined ? '' : /[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
  const months = [
    { start: [2026, 7, 1], days: 31 },
    { start: [2026, 8, 1], days: 31 },
    { start: [2026, 9, 1], days: 30 },
  ];
  for (const mo of months) {
    for (const p of INSIDE) {
      const s = p.skill * (0.9 + rand() * 0.2);
      for (let i = 0, n = Math.round(165 + s * 105 + (rand() - 0.5) * 30); i < n; i++) {
        lines.push([`A-${++act}`, '', pick(accounts), p.rep, 'Call', weekdayIn(mo), '', '', '', ''].map(esc).join(','));
      }
      for (let i = 0, n = Math.round(24 + s * 24 + (rand() - 0.5) * 8); i < n; i++) {
        const csat = rand() < 0.5 ? (3.3 + s * 1.6 + (rand() - 0.5) * 0.4).toFixed(1) : '';
        lines.push([`A-${++act}`, '', pick(accounts), p.rep, 'Meeting', weekdayIn(mo), '', '', '', csat].map(esc).join(','));
      }
      const deals = Math.round(3 + s * 4);
      const wins = Math.round(deals * (0.15 + s * 0.3));
      for (let i = 0; i < deals; i++) {
        const created = weekdayIn(mo);
        const amt = Math.round(((3_500 + s * 10_000) * (0.6 + rand() * 0.8)) / 10) * 10;
        const money = rand() < 0.3 ? `$${amt.toLocaleString('en-US')}` : String(amt);
        lines.push(['', `D-${++deal}`, pick(accounts), p.rep, '', created, i < wins ? 'Closed Won' : 'Closed Lost', money, created, ''].map(esc).join(','));
      }
    }
  }
  writeFileSync(join(here, 'inside-sales-2026.csv'), `${lines.join('\r\n')}\r\n`);
  const roster = ['Sales Rep,Team,Region,Manager,Tier', ...INSIDE.map((p) => [p.rep, p.team, 'NA West', 'Grace Lee', p.tier].join(','))];
  writeFileSync(join(here, 'inside-sales-roster.csv'), `${roster.join('\r\n')}\r\n`);
  return lines.length - 1;
}

const n = await writeExport();
await writeRoster();
const m = writeInsideSales();
console.log(`east-china-2026.xlsx: ${n} data rows + 合计; roster.xlsx: ${ROSTER.length} reps; inside-sales-2026.csv: ${m} rows`);
