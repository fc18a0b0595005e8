/** Every lint rule, in the order they run. Add a rule here, in docs/rules/ and in test/unit/rubric/rules/. */
import type { Rule } from '../types.js';
import { bandsAscending } from './bands-ascending.js';
import { calendarYears } from './calendar-years.js';
import { calendarFileValid } from './calendar-file-valid.js';
import { distinctMembersTarget } from './distinct-members-target.js';
import { duplicateHeaderAlias } from './duplicate-header-alias.js';
import { extendsPeriod } from './extends-period.js';
import { fileExists } from './file-exists.js';
import { floorLeCap } from './floor-le-cap.js';
import { gateBounds } from './gate-bounds.js';
import { knownField } from './known-field.js';
import { knownMetric } from './known-metric.js';
import { knownTier } from './known-tier.js';
import { lowestTierReachable } from './lowest-tier-reachable.js';
import { moneyConventions } from './money-conventions.js';
import { movementCounts } from './movement-counts.js';
import { noRatioCycles } from './no-ratio-cycles.js';
import { pacingPipeline } from './pacing-pipeline.js';
import { quotaSplitTiers } from './quota-split-tiers.js';
import { rampFactors } from './ramp-factors.js';
import { rubricSize } from './rubric-size.js';
import { seasonalityShape } from './seasonality-shape.js';
import { smartTarget } from './smart-target.js';
import { targetsFileValid } from './targets-file-valid.js';
import { thresholdLtCap } from './threshold-lt-cap.js';
import { tiersDescending } from './tiers-descending.js';
import { uniqueKpiIds } from './unique-kpi-ids.js';
import { uniqueTierIds } from './unique-tier-ids.js';
import { unusedMetric } from './unused-metric.js';
import { weightsSumTo100 } from './weights-sum-to-100.js';

export const rules = [
  weightsSumTo100,
  tiersDescending,
  lowestTierReachable,
  uniqueTierIds,
  uniqueKpiIds,
  gateBounds,
  knownMetric,
  knownTier,
  knownField,
  noRatioCycles,
  floorLeCap,
  thresholdLtCap,
  bandsAscending,
  smartTarget,
  extendsPeriod,
  seasonalityShape,
  rampFactors,
  quotaSplitTiers,
  duplicateHeaderAlias,
  unusedMetric,
  movementCounts,
  fileExists,
  calendarFileValid,
  calendarYears,
  moneyConventions,
  targetsFileValid,
  distinctMembersTarget,
  pacingPipeline,
  rubricSize,
] as unknown as Rule[];
