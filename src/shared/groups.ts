/** The team / region name of reps with no team (or no region): listed last, never graded as a team. */
export const UNASSIGNED = '(unassigned)';

/** Codepoint order with `(unassigned)` last: the order of teams and regions in every format. */
export function compareGroupNames(a: string, b: string): number {
  if (a === b) return 0;
  if (a === UNASSIGNED) return 1;
  if (b === UNASSIGNED) return -1;
  return a < b ? -1 : 1;
}
