/**
 * Open pipeline as coverage of what is left of a target (the rubric's `pacing: { pipeline, covers }`),
 * with `asOf` inside the period: remaining = target − actual (never below 0), coverage = open ÷ remaining.
 * Facts only; report/ words and formats them.
 */
import type { Decimal } from 'decimal.js';
import { ZERO } from './decimal.js';
import type { PipelineCoverage } from './types.js';

export function pipelineCoverage(open: Decimal | null, target: Decimal | null, actual: Decimal | null): PipelineCoverage {
  // No actual yet counts as nothing closed; no target leaves nothing to cover.
  const remaining = target === null ? null : maxOf(target.minus(actual ?? ZERO), ZERO);
  const coverage = open === null || remaining === null || remaining.isZero() ? null : open.div(remaining);
  return { open, remaining, coverage };
}

function maxOf(a: Decimal, b: Decimal): Decimal {
  return a.gte(b) ? a : b;
}
