/**
 * Multilevel graph bisection in the METIS scheme (Karypis & Kumar 1998): coarsen by heavy-edge
 * matching, bisect the coarsest graph by growing a region from several seeds, then project
 * back level by level, refining the edge cut with Fiduccia–Mattheyses passes. Nested
 * dissection needs a vertex separator: the smallest set of vertices covering the cut edges
 * (König's theorem, from a maximum matching of the bipartite cut).
 */
import { MinHeap } from '../../common/MinHeap.ts';
import type { Random } from '../../common/random.ts';
import type { SparseGraph } from './SparseGraph.ts';

interface WeightedGraph extends SparseGraph {
  readonly vertexWeights: Int32Array;
  readonly edgeWeights: Int32Array;
}

/** Coarsening stops at this many vertices. */
const COARSEST = 80;
/** Each side may hold up to (1 + ε)/2 of the vertex weight. */
const IMBALANCE = 0.1;
const INITIAL_TRIES = 6;
/** A refinement pass gives up after this many moves without a better cut. */
const FRUITLESS_MOVES = 60;
const PASSES = 6;

export const SEPARATOR = 2;

/** Labels each vertex 0 or 1 (the two parts) or SEPARATOR; no edge joins part 0 to part 1. */
export function vertexSeparator(graph: SparseGraph, random: Random): Uint8Array {
  const levels: WeightedGraph[] = [withUnitWeights(graph)];
  const maps: Int32Array[] = [];
  for (;;) {
    const fine = levels[levels.length - 1]!;
    if (fine.n <= COARSEST) break;
    const { coarse, map } = coarsen(fine, random);
    if (coarse.n > 0.9 * fine.n) break; // matching stalls on star-like graphs
    levels.push(coarse);
    maps.push(map);
  }
  let part = initialBisection(levels[levels.length - 1]!, random);
  for (let level = levels.length - 2; level >= 0; level--) {
    const fine = levels[level]!;
    const map = maps[level]!;
    const projected = new Uint8Array(fine.n);
    for (let v = 0; v < fine.n; v++) projected[v] = part[map[v]!]!;
    part = projected;
    refine(fine, part);
  }
  coverCut(graph, part);
  return part;
}

function withUnitWeights(graph: SparseGraph): WeightedGraph {
  return {
    ...graph,
    vertexWeights: new Int32Array(graph.n).fill(1),
    edgeWeights: new Int32Array(graph.neighbours.length).fill(1),
  };
}

/** Heavy-edge matching in random order; matched pairs become one coarse vertex. */
function coarsen(graph: WeightedGraph, random: Random): { coarse: WeightedGraph; map: Int32Array } {
  const { n, offsets, neighbours, vertexWeights, edgeWeights } = graph;
  const match = new Int32Array(n).fill(-1);
  const visit = new Int32Array(n);
  for (let v = 0; v < n; v++) visit[v] = v;
  for (let v = n - 1; v > 0; v--) {
    const u = random.int(0, v + 1);
    const swap = visit[v]!;
    visit[v] = visit[u]!;
    visit[u] = swap;
  }
  for (let k = 0; k < n; k++) {
    const v = visit[k]!;
    if (match[v] !== -1) continue;
    let best = v;
    let bestWeight = -1;
    for (let e = offsets[v]!; e < offsets[v + 1]!; e++) {
      const u = neighbours[e]!;
      if (match[u] === -1 && u !== v && edgeWeights[e]! > bestWeight) {
        best = u;
        bestWeight = edgeWeights[e]!;
      }
    }
    match[v] = best;
    match[best] = v;
  }
  const map = new Int32Array(n).fill(-1);
  const representative = new Int32Array(n);
  let count = 0;
  for (let v = 0; v < n; v++) {
    if (map[v] !== -1) continue;
    representative[count] = v;
    map[v] = count;
    map[match[v]!] = count;
    count++;
  }
  const coarseOffsets = new Int32Array(count + 1);
  const coarseNeighbours = new Int32Array(neighbours.length);
  const coarseEdgeWeights = new Int32Array(neighbours.length);
  const coarseVertexWeights = new Int32Array(count);
  const slot = new Int32Array(count).fill(-1);
  let edges = 0;
  for (let c = 0; c < count; c++) {
    const start = edges;
    const first = representative[c]!;
    const second = match[first]!;
    for (let member = 0; member < (first === second ? 1 : 2); member++) {
      const v = member === 0 ? first : second;
      coarseVertexWeights[c]! += vertexWeights[v]!;
      for (let e = offsets[v]!; e < offsets[v + 1]!; e++) {
        const cu = map[neighbours[e]!]!;
        if (cu === c) continue;
        if (slot[cu]! >= start) coarseEdgeWeights[slot[cu]!]! += edgeWeights[e]!;
        else {
          slot[cu] = edges;
          coarseNeighbours[edges] = cu;
          coarseEdgeWeights[edges] = edgeWeights[e]!;
          edges++;
        }
      }
    }
    coarseOffsets[c + 1] = edges;
  }
  return {
    coarse: {
      n: count,
      offsets: coarseOffsets,
      neighbours: coarseNeighbours.slice(0, edges),
      edgeWeights: coarseEdgeWeights.slice(0, edges),
      vertexWeights: coarseVertexWeights,
    },
    map,
  };
}

/** Best of a few breadth-first regions grown from random seeds to half the weight, each refined. */
function initialBisection(graph: WeightedGraph, random: Random): Uint8Array {
  const { n, offsets, neighbours, vertexWeights } = graph;
  let total = 0;
  for (let v = 0; v < n; v++) total += vertexWeights[v]!;
  let best = new Uint8Array(n);
  let bestScore = Infinity;
  const queue = new Int32Array(n);
  for (let attempt = 0; attempt < INITIAL_TRIES; attempt++) {
    const part = new Uint8Array(n).fill(1);
    let grown = 0;
    let head = 0;
    let tail = 0;
    let nextSeed = random.int(0, Math.max(n, 1));
    while (grown < total / 2) {
      if (head === tail) {
        // Start (or restart, in another component) from a vertex still outside the region.
        while (part[nextSeed] === 0) nextSeed = (nextSeed + 1) % n;
        part[nextSeed] = 0;
        grown += vertexWeights[nextSeed]!;
        queue[tail++] = nextSeed;
        continue;
      }
      const v = queue[head++]!;
      for (let e = offsets[v]!; e < offsets[v + 1]!; e++) {
        const u = neighbours[e]!;
        if (part[u] === 0 || grown >= total / 2) continue;
        part[u] = 0;
        grown += vertexWeights[u]!;
        queue[tail++] = u;
      }
    }
    refine(graph, part);
    const score = cutWeight(graph, part) + imbalancePenalty(graph, part, total);
    if (score < bestScore) {
      bestScore = score;
      best = part;
    }
  }
  return best;
}

function cutWeight(graph: WeightedGraph, part: Uint8Array): number {
  let cut = 0;
  for (let v = 0; v < graph.n; v++)
    for (let e = graph.offsets[v]!; e < graph.offsets[v + 1]!; e++)
      if (part[graph.neighbours[e]!] !== part[v]) cut += graph.edgeWeights[e]!;
  return cut / 2;
}

function imbalancePenalty(graph: WeightedGraph, part: Uint8Array, total: number): number {
  let side0 = 0;
  for (let v = 0; v < graph.n; v++) if (part[v] === 0) side0 += graph.vertexWeights[v]!;
  const excess = Math.max(side0, total - side0) - maxSide(graph, total);
  return excess > 0 ? excess * graph.neighbours.length : 0;
}

function maxSide(graph: WeightedGraph, total: number): number {
  let heaviest = 0;
  for (let v = 0; v < graph.n; v++) heaviest = Math.max(heaviest, graph.vertexWeights[v]!);
  return Math.max(((1 + IMBALANCE) * total) / 2, total / 2 + heaviest);
}

/**
 * Fiduccia–Mattheyses passes: move boundary vertices one at a time, best gain first, each
 * at most once per pass, through moves that worsen the cut too; keep the best prefix.
 */
function refine(graph: WeightedGraph, part: Uint8Array): void {
  const { n, offsets, neighbours, vertexWeights, edgeWeights } = graph;
  const weight = [0, 0];
  for (let v = 0; v < n; v++) weight[part[v]!]! += vertexWeights[v]!;
  const total = weight[0]! + weight[1]!;
  const limit = maxSide(graph, total);
  const gain = new Int32Array(n);
  const moved = new Uint8Array(n);
  const moves = new Int32Array(n);
  const heaps = [new MinHeap(), new MinHeap()];
  let cut = cutWeight(graph, part);
  for (let pass = 0; pass < PASSES; pass++) {
    heaps[0]!.clear();
    heaps[1]!.clear();
    moved.fill(0);
    for (let v = 0; v < n; v++) {
      let g = 0;
      let boundary = false;
      for (let e = offsets[v]!; e < offsets[v + 1]!; e++) {
        const external = part[neighbours[e]!] !== part[v];
        g += external ? edgeWeights[e]! : -edgeWeights[e]!;
        boundary ||= external;
      }
      gain[v] = g;
      if (boundary) heaps[part[v]!]!.push(-g, v);
    }
    const excess = () => Math.max(0, Math.max(weight[0]!, weight[1]!) - limit);
    let bestCut = cut;
    let bestExcess = excess();
    let bestMoves = 0;
    let count = 0;
    while (count - bestMoves < FRUITLESS_MOVES) {
      let chosen = -1;
      for (let side = 0; side < 2; side++) {
        const heap = heaps[side]!;
        while (heap.size > 0) {
          const key = heap.peekKey();
          const v = heap.pop();
          if (moved[v] || part[v] !== side || -key !== gain[v]) continue;
          const to = 1 - side;
          const allowed =
            weight[to]! + vertexWeights[v]! <= limit || weight[to]! + vertexWeights[v]! < weight[side]!;
          if (!allowed) continue;
          if (
            chosen === -1 ||
            gain[v]! > gain[chosen]! ||
            (gain[v] === gain[chosen] && weight[side]! > weight[to]!)
          ) {
            if (chosen !== -1) heaps[part[chosen]!]!.push(-gain[chosen]!, chosen);
            chosen = v;
          } else heap.push(key, v);
          break;
        }
      }
      if (chosen === -1) break;
      const from = part[chosen]!;
      part[chosen] = 1 - from;
      weight[from]! -= vertexWeights[chosen]!;
      weight[1 - from]! += vertexWeights[chosen]!;
      cut -= gain[chosen]!;
      gain[chosen] = -gain[chosen]!;
      moved[chosen] = 1;
      moves[count++] = chosen;
      for (let e = offsets[chosen]!; e < offsets[chosen + 1]!; e++) {
        const u = neighbours[e]!;
        gain[u]! += part[u] === part[chosen] ? -2 * edgeWeights[e]! : 2 * edgeWeights[e]!;
        if (!moved[u]) heaps[part[u]!]!.push(-gain[u]!, u);
      }
      const nowExcess = excess();
      if (nowExcess < bestExcess || (nowExcess === bestExcess && cut < bestCut)) {
        bestExcess = nowExcess;
        bestCut = cut;
        bestMoves = count;
      }
    }
    for (let k = count - 1; k >= bestMoves; k--) {
      const v = moves[k]!;
      const from = part[v]!;
      part[v] = 1 - from;
      weight[from]! -= vertexWeights[v]!;
      weight[1 - from]! += vertexWeights[v]!;
    }
    cut = bestCut;
    if (bestMoves === 0) break;
  }
}

/**
 * Turns an edge bisection into a vertex separator: a minimum vertex cover of the cut edges
 * (a bipartite graph), from a maximum matching by augmenting paths and König's construction.
 */
function coverCut(graph: SparseGraph, part: Uint8Array): void {
  const { n, offsets, neighbours } = graph;
  const mate = new Int32Array(n).fill(-1);
  const visited = new Int32Array(n).fill(-1);
  const left: number[] = [];
  for (let v = 0; v < n; v++) {
    if (part[v] !== 0) continue;
    for (let e = offsets[v]!; e < offsets[v + 1]!; e++)
      if (part[neighbours[e]!] === 1) {
        left.push(v);
        break;
      }
  }
  // Augmenting paths from each left vertex (depth-first, iterative).
  const stack: number[] = [];
  const edgeAt = new Int32Array(n);
  const cameFrom = new Int32Array(n);
  for (const root of left) {
    stack.length = 0;
    stack.push(root);
    edgeAt[root] = offsets[root]!;
    visited[root] = root;
    let augmented = false;
    while (stack.length > 0 && !augmented) {
      const v = stack[stack.length - 1]!;
      if (edgeAt[v]! >= offsets[v + 1]!) {
        stack.pop();
        continue;
      }
      const u = neighbours[edgeAt[v]!++]!;
      if (part[u] !== 1 || visited[u] === root) continue;
      visited[u] = root;
      cameFrom[u] = v;
      if (mate[u] === -1) {
        // Flip the path root … v → u.
        let right = u;
        for (;;) {
          const l = cameFrom[right]!;
          const next = mate[l]!;
          mate[right] = l;
          mate[l] = right;
          if (l === root) break;
          right = next;
        }
        augmented = true;
      } else {
        const w = mate[u]!;
        visited[w] = root;
        edgeAt[w] = offsets[w]!;
        stack.push(w);
      }
    }
  }
  // König: Z = reachable from unmatched left vertices by alternating paths; cover = (L \ Z) ∪ (R ∩ Z).
  const reached = new Uint8Array(n);
  const queue: number[] = [];
  for (const v of left)
    if (mate[v] === -1) {
      reached[v] = 1;
      queue.push(v);
    }
  while (queue.length > 0) {
    const v = queue.pop()!;
    for (let e = offsets[v]!; e < offsets[v + 1]!; e++) {
      const u = neighbours[e]!;
      if (part[u] !== 1 || reached[u]) continue;
      reached[u] = 1;
      const w = mate[u]!;
      if (w !== -1 && !reached[w]) {
        reached[w] = 1;
        queue.push(w);
      }
    }
  }
  for (const v of left) if (!reached[v]) part[v] = SEPARATOR;
  for (let u = 0; u < n; u++) if (part[u] === 1 && reached[u]) part[u] = SEPARATOR;
}
