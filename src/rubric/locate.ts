/**
 * The single locator: a JSON path inside a (possibly merged) rubric → the file and the 0-based range
 * of the YAML node that defines it. Rules and the schema pass report paths; only this file turns
 * them into positions (`doc.getIn(path, true).range` → `LineCounter.linePos`).
 */
import { isMap, isNode, isScalar, isSeq, type Document, type LineCounter, type Node, type Pair, type YAMLMap } from 'yaml';
import type { Range } from '../shared/diagnostic.js';

export type JsonPath = (string | number)[];

/** One parsed YAML file taking part in a rubric. */
export interface YamlLayer {
  /** The file as the user named it (or as reached through `extends`). */
  source: string;
  doc: Document.Parsed;
  lineCounter: LineCounter;
}

export interface Located {
  source: string;
  range: Range;
}

/** A 0-based range from two character offsets. */
export function rangeOf(lc: LineCounter, start: number, end: number): Range {
  const a = lc.linePos(start);
  const b = lc.linePos(Math.max(start, end));
  return { start: { line: a.line - 1, character: a.col - 1 }, end: { line: b.line - 1, character: b.col - 1 } };
}

function keyOf(node: unknown): unknown {
  return isScalar(node) ? node.value : node;
}

// Key → pair per mapping, built on first use: a file with 50,000 keys and a finding on each must not
// scan the mapping once per finding.
const pairIndex = new WeakMap<object, Map<string, Pair>>();

function pairOf(map: YAMLMap, key: string | number): Pair | undefined {
  let index = pairIndex.get(map);
  if (!index) {
    index = new Map();
    for (const p of map.items) {
      const k = String(keyOf(p.key));
      if (!index.has(k)) index.set(k, p);
    }
    pairIndex.set(map, index);
  }
  return index.get(String(key));
}

/** Walk `path` as far as it goes: the deepest node reached, the pair holding it, and how deep. */
function walk(doc: Document.Parsed, path: JsonPath): { node: Node | null; keyNode: Node | null; depth: number } {
  let node: Node | null = isNode(doc.contents) ? doc.contents : null;
  let keyNode: Node | null = null;
  let depth = 0;
  for (const seg of path) {
    if (!node) break;
    if (isMap(node)) {
      const pair = pairOf(node, seg);
      if (!pair) break;
      keyNode = isNode(pair.key) ? pair.key : null;
      // A key with no value (`a:`) has a null value node: point at the key.
      node = isNode(pair.value) ? pair.value : keyNode;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg];
      if (!isNode(item)) break;
      keyNode = null;
      node = item;
    } else {
      break;
    }
    depth++;
  }
  return { node, keyNode, depth };
}

export class Locator {
  /** Layers in precedence order: the file itself first, then what it extends (later bases first). */
  constructor(readonly layers: YamlLayer[]) {}

  /**
   * Where `path` is defined: the layer that defines the longest prefix of it (the file itself wins
   * ties, as in the merge). `at: 'key'` points at the key of the last segment, for unknown keys.
   */
  locate(path: JsonPath, at: 'key' | 'value' = 'value'): Located | undefined {
    let best: { layer: YamlLayer; node: Node | null; keyNode: Node | null; depth: number } | undefined;
    for (const layer of this.layers) {
      const w = walk(layer.doc, path);
      if (!best || w.depth > best.depth) best = { layer, ...w };
    }
    if (!best) return undefined;
    const { layer } = best;
    const exact = best.depth === path.length;
    const target = at === 'key' && exact && best.keyNode ? best.keyNode : best.node;
    if (!target?.range) return { source: layer.source, range: rangeOf(layer.lineCounter, 0, 0) };
    return { source: layer.source, range: rangeOf(layer.lineCounter, target.range[0], target.range[1]) };
  }

  /** True when some layer defines exactly this path. */
  has(path: JsonPath): boolean {
    return this.layers.some((l) => walk(l.doc, path).depth === path.length);
  }
}

/** `kpis[2].weight`, `metrics.revenue.sum`, `(root)`. */
export function formatPath(path: readonly (string | number)[]): string {
  if (path.length === 0) return '(root)';
  let s = '';
  for (const seg of path) {
    if (typeof seg === 'number') s += `[${seg}]`;
    else if (/^[\p{L}_$][\p{L}\p{N}_$-]*$/u.test(seg)) s += s ? `.${seg}` : seg;
    else s += `[${JSON.stringify(seg)}]`;
  }
  return s;
}
