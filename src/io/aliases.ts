/**
 * Built-in header aliases: common Chinese and English CRM export headers (Zoho CRM, 纷享销客/FxiaoKe,
 * Salesforce reports, hand-kept sheets) for each canonical field. Used by `inspect` without a rubric,
 * and as a fallback after a rubric's own headers. Matching is on normalised headers (see
 * `normalizeHeader`), so case, spaces, underscores and full-width forms do not matter.
 */
import type { FieldType } from '../rubric/schema.js';

export interface BuiltinField {
  type: FieldType;
  headers: string[];
}

export const BUILTIN_FIELDS: Record<string, BuiltinField> = {
  rep: {
    type: 'text',
    headers: [
      '销售代表', '负责人', '销售', '销售人员', '销售员', '业务员', '客户经理', '所有人', '归属人', '跟进人', '员工', '员工姓名', '姓名',
      'Sales Rep', 'Rep', 'Owner', 'Opportunity Owner', 'Account Owner', 'Deal Owner', 'Activity Owner', 'Assigned To',
      'Salesperson', 'Sales Person', 'Employee', 'Name',
    ],
  },
  date: {
    type: 'date',
    headers: [
      '日期', '活动日期', '拜访日期', '跟进日期', '跟进时间', '创建日期', '创建时间', '发生日期', '下单日期', '订单日期',
      'Date', 'Activity Date', 'Created Date', 'Created Time', 'Created At', 'Due Date', 'Start Date', 'Order Date',
    ],
  },
  close_date: {
    type: 'date',
    headers: ['结单日期', '成交日期', '赢单日期', '签约日期', '结束日期', '预计成交日期', 'Close Date', 'Closing Date', 'Closed Date', 'Won Date'],
  },
  amount: {
    type: 'money',
    headers: [
      '金额', '商机金额', '合同金额', '成交金额', '销售额', '订单金额', '回款金额', '销售金额',
      'Amount', 'Deal Amount', 'Opportunity Amount', 'Total Amount', 'Revenue', 'Value', 'Deal Value', 'Amount (converted)',
    ],
  },
  stage: {
    type: 'text',
    headers: ['阶段', '商机阶段', '销售阶段', '状态', '商机状态', 'Stage', 'Deal Stage', 'Opportunity Stage', 'Status'],
  },
  customer: {
    type: 'text',
    headers: ['客户名称', '客户', '客户名', '公司名称', '企业名称', 'Account', 'Account Name', 'Customer', 'Customer Name', 'Company', 'Company Name'],
  },
  kind: {
    type: 'text',
    headers: ['活动类型', '跟进方式', '拜访类型', '类型', '活动方式', 'Activity Type', 'Type', 'Task Type', 'Event Type', 'Activity'],
  },
  csat: {
    type: 'number',
    headers: ['满意度', '客户满意度', '满意度评分', '评分', 'CSAT', 'Satisfaction', 'Customer Satisfaction', 'Rating'],
  },
  currency: {
    type: 'text',
    headers: ['币种', '货币', '币别', '货币类型', '币种名称', 'Currency', 'Currency Code', 'Amount Currency', 'Opportunity Currency', 'Deal Currency', 'CurrencyIsoCode'],
  },
  deal_id: {
    type: 'text',
    headers: ['商机编号', '商机ID', '订单编号', '合同编号', '编号', 'Deal ID', 'Opportunity ID', 'Record ID', 'Deal Number', 'ID'],
  },
};

/** Roster columns: rep, team, region, manager, region_manager, start_date, tier. */
export const BUILTIN_ROSTER_FIELDS: Record<string, BuiltinField> = {
  rep: { type: 'text', headers: ['销售代表', '姓名', '员工', '员工姓名', '销售', '销售人员', 'Sales Rep', 'Rep', 'Name', 'Employee', 'Owner'] },
  team: { type: 'text', headers: ['团队', '小组', '组', '部门', '销售组', 'Team', 'Group', 'Department', 'Squad'] },
  region: { type: 'text', headers: ['区域', '大区', '地区', '片区', 'Region', 'Area', 'Territory'] },
  manager: { type: 'text', headers: ['经理', '主管', '上级', '直属上级', '负责人', 'Manager', 'Team Lead', 'Supervisor', 'Reports To'] },
  region_manager: { type: 'text', headers: ['区域经理', '大区经理', '区域负责人', 'Region Manager', 'Regional Manager', 'Area Manager'] },
  start_date: { type: 'date', headers: ['入职日期', '入职时间', '到岗日期', 'Start Date', 'Hire Date', 'Joined', 'Hired'] },
  tier: { type: 'text', headers: ['等级', '级别', '当前等级', '职级', 'Tier', 'Level', 'Current Tier', 'Grade'] },
};
