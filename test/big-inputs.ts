// Shared by the tests of big inputs (unit and e2e): the spread-overflow probe and the small rubric
// their generated exports are graded with.
//
// The spread-overflow probe, one copy for every test sized by the stack (issue 10 item 14: a spread
// over data, `Math.max(...rows)`, throws "Maximum call stack size exceeded" past the arguments a call
// takes on the stack). A test that proves no such spread is left sizes its input as a multiple of the
// limit measured in the thread that runs the code under test, and asserts the input is past it, so it
// keeps its power at any stack size (vitest.config.ts's `stack` project runs with --stack-size=…).

/** Whether spreading `n` numbers into one call overflows this thread's stack. */
export function spreadOverflows(n: number): boolean {
  try {
    Math.max(...new Array<number>(n).fill(0));
    return false;
  } catch (e) {
    if (e instanceof RangeError) return true;
    throw e;
  }
}

/**
 * The smallest length (to 256) whose spread into a call overflows this thread's stack, measured here
 * (~125,000 in a node process with its default stack). Code deeper down the stack has less of it left,
 * so an input at least this long overflows a spread there too.
 */
export function spreadLimit(): number {
  let hi = 1024;
  while (!spreadOverflows(hi)) hi *= 2;
  let lo = hi / 2;
  while (hi - lo > 256) {
    const mid = Math.floor((lo + hi) / 2);
    if (spreadOverflows(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

/**
 * A small en rubric for exports with Owner, Date, Amount columns (and Team, with `team`): revenue (60)
 * and calls (40), monthly.
 */
export function ownerDateAmountRubric(name: string, options: { team?: boolean } = {}): string {
  return `salesgrade: 1
name: ${name}
locale: en
currency: USD
period: month
source:
  fields:
    rep: { headers: [Owner], type: text }
${options.team ? '    team: [Team]\n' : ''}    date: { headers: [Date], type: date }
    amount: { headers: [Amount], type: money }
metrics:
  revenue: { sum: amount }
  calls: { count: rows }
kpis:
  - { metric: revenue, weight: 60, target: 1000 }
  - { metric: calls, weight: 40, target: 2 }
tiers:
  - { id: senior, label: Senior, min_score: 90 }
  - { id: junior, label: Junior, min_score: 0 }
`;
}
