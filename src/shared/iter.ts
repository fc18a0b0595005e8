/**
 * Loops over data that may hold hundreds of thousands of items. `Math.max(...xs)` and
 * `out.push(...xs)` put every element on the call stack and throw "Maximum call stack size exceeded"
 * past ~125,000 elements; these never do. The lint (`no-restricted-syntax` in eslint.config.js) keeps
 * src/ free of spread arguments.
 */

/** The largest of `init` and every `f(x)`; `init` when `items` is empty. */
export function maxOf<T>(items: Iterable<T>, f: (x: T) => number, init = -Infinity): number {
  let m = init;
  for (const x of items) {
    const v = f(x);
    if (v > m) m = v;
  }
  return m;
}

/** Appends every item to `target` (in place) and returns it. */
export function pushAll<T>(target: T[], items: Iterable<T>): T[] {
  for (const x of items) target.push(x);
  return target;
}
