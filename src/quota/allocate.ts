/**
 * Largest-remainder allocation in integer units: the parts always sum exactly to the whole.
 *
 * Each part first gets ⌊total × wᵢ / Σw⌋ units; the units left over go one each to the parts with the
 * largest remainders. Ties are broken deterministically: the larger weight first, then the earlier
 * part (earlier period; entities are in code-point name order). A part with weight 0 gets nothing.
 */

/** Split `units` (≥ 0) over integer `weights` (≥ 0, not all 0 unless `units` is 0). */
export function largestRemainder(units: bigint, weights: readonly bigint[]): bigint[] {
  const n = weights.length;
  const out = new Array<bigint>(n).fill(0n);
  if (units === 0n || n === 0) return out;
  let total = 0n;
  for (const w of weights) total += w;
  if (total === 0n) throw new RangeError('largestRemainder: every weight is 0');
  if (n === 1) {
    out[0] = units;
    return out;
  }
  const rem = new Array<bigint>(n);
  let given = 0n;
  for (let i = 0; i < n; i++) {
    const p = units * weights[i]!;
    const q = p / total;
    out[i] = q;
    rem[i] = p - q * total;
    given += q;
  }
  let left = units - given;
  if (left === 0n) return out;
  const order = Array.from({ length: n }, (_, i) => i).filter((i) => weights[i]! > 0n);
  order.sort((a, b) => {
    const ra = rem[a]!;
    const rb = rem[b]!;
    if (ra !== rb) return ra > rb ? -1 : 1;
    const wa = weights[a]!;
    const wb = weights[b]!;
    if (wa !== wb) return wa > wb ? -1 : 1;
    return a - b;
  });
  for (let k = 0; left > 0n; k++, left--) out[order[k]!]! += 1n;
  return out;
}

/**
 * Split an amount in atoms (the smallest money step) into parts that are whole multiples of `unit`
 * atoms, by largest remainder. When the amount itself is not a multiple of `unit`, the odd rest
 * (< unit) goes to the part with the largest weight (the earliest of equals), so the sum stays exact.
 */
export function allocateAtoms(atoms: bigint, unit: bigint, weights: readonly bigint[]): bigint[] {
  const units = atoms / unit;
  const rest = atoms - units * unit;
  const parts = largestRemainder(units, weights);
  for (let i = 0; i < parts.length; i++) parts[i]! *= unit;
  if (rest > 0n) {
    let best = -1;
    for (let i = 0; i < weights.length; i++) if (best < 0 || weights[i]! > weights[best]!) best = i;
    if (best < 0 || weights[best] === 0n) throw new RangeError('allocateAtoms: every weight is 0');
    parts[best]! += rest;
  }
  return parts;
}

/**
 * Largest remainder for one row of a table whose columns are sums over many rows (a rep's months,
 * summed into a team's months). Each part still gets ⌊exact⌋ or ⌈exact⌉ units and the row sums
 * exactly, but the leftover units go to the parts with the largest remainder *minus the rounding
 * error already carried by that column* from earlier rows, and the carry is updated. So a column
 * summed over any run of consecutive rows stays within about one unit of its exact value, instead
 * of every row rounding the same months up. `slots[j]` is the carry column of part j.
 * Ties: the larger weight, then the earlier part. Deterministic: the carry is plain IEEE doubles.
 */
export function allocateAtomsCarry(atoms: bigint, unit: bigint, weights: readonly bigint[], carry: Float64Array, slots: readonly number[]): bigint[] {
  const n = weights.length;
  const units = atoms / unit;
  const rest = atoms - units * unit;
  const out = new Array<bigint>(n).fill(0n);
  let total = 0n;
  for (const w of weights) total += w;
  if (total === 0n) {
    if (atoms === 0n) return out;
    throw new RangeError('allocateAtomsCarry: every weight is 0');
  }
  const frac = new Float64Array(n);
  let given = 0n;
  const totalNum = Number(total);
  for (let j = 0; j < n; j++) {
    const p = units * weights[j]!;
    const q = p / total;
    out[j] = q;
    given += q;
    frac[j] = Number(p - q * total) / totalNum;
  }
  let left = Number(units - given);
  if (left > 0) {
    const order: number[] = [];
    for (let j = 0; j < n; j++) if (weights[j]! > 0n) order.push(j);
    order.sort((a, b) => {
      const pa = frac[a]! - carry[slots[a]!]!;
      const pb = frac[b]! - carry[slots[b]!]!;
      if (pa !== pb) return pb - pa;
      const wa = weights[a]!;
      const wb = weights[b]!;
      if (wa !== wb) return wa > wb ? -1 : 1;
      return a - b;
    });
    for (let k = 0; left > 0; k++, left--) out[order[k]!]! += 1n;
  }
  for (let j = 0; j < n; j++) {
    // carried error in units: what this row gave the column minus its exact share
    carry[slots[j]!]! += Number(out[j]! - (units * weights[j]!) / total) - frac[j]!;
    out[j]! *= unit;
  }
  if (rest > 0n) {
    let best = 0;
    for (let j = 1; j < n; j++) if (weights[j]! > weights[best]!) best = j;
    out[best]! += rest;
  }
  return out;
}
