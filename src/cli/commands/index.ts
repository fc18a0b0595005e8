import type { RegisterCommand } from '../context.js';
import { registerCalibrate } from './calibrate.js';
import { registerCheck } from './check.js';
import { registerDiff } from './diff.js';
import { registerEvaluate } from './evaluate.js';
import { registerExplain } from './explain.js';
import { registerInit } from './init.js';
import { registerInspect } from './inspect.js';
import { registerQuota } from './quota.js';
import { registerSchema } from './schema.js';
import { registerSql } from './sql.js';

/** Every command, in the order `--help` lists them. */
export const commands: RegisterCommand[] = [
  registerEvaluate,
  registerExplain,
  registerQuota,
  registerCheck,
  registerDiff,
  registerCalibrate,
  registerSql,
  registerInspect,
  registerInit,
  registerSchema,
];
