/**
 * An undirected graph in compressed adjacency form (CSR): the neighbours of v are
 * neighbours[offsets[v] .. offsets[v + 1]), each listed once, no self loops. The sparsity
 * pattern of a symmetric matrix, as the orderings and the symbolic factorization read it.
 */
export interface SparseGraph {
  readonly n: number;
  readonly offsets: Int32Array;
  readonly neighbours: Int32Array;
}

/** The graph of n vertices with an edge per listed pair (duplicates and self pairs dropped). */
export function graphFromPairs(n: number, pairs: ReadonlyArray<readonly [number, number]>): SparseGraph {
  const degree = new Int32Array(n + 1);
  for (const [i, j] of pairs) {
    if (i === j) continue;
    if (!(i >= 0 && i < n && j >= 0 && j < n))
      throw new Error(`pair (${i}, ${j}) is outside the ${n} vertices of the graph`);
    degree[i]!++;
    degree[j]!++;
  }
  const offsets = new Int32Array(n + 1);
  for (let v = 0; v < n; v++) offsets[v + 1] = offsets[v]! + degree[v]!;
  const fill = offsets.slice(0, n);
  const raw = new Int32Array(offsets[n]!);
  for (const [i, j] of pairs) {
    if (i === j) continue;
    raw[fill[i]!++] = j;
    raw[fill[j]!++] = i;
  }
  // Drop repeated edges.
  const seen = new Int32Array(n).fill(-1);
  const compact = new Int32Array(n + 1);
  const neighbours = new Int32Array(raw.length);
  let count = 0;
  for (let v = 0; v < n; v++) {
    for (let k = offsets[v]!; k < offsets[v + 1]!; k++) {
      const u = raw[k]!;
      if (seen[u] === v) continue;
      seen[u] = v;
      neighbours[count++] = u;
    }
    compact[v + 1] = count;
  }
  return { n, offsets: compact, neighbours: neighbours.slice(0, count) };
}

/**
 * The subgraph induced by `vertices` (local index k is vertices[k]). `local` is a scratch map
 * over the whole graph that must hold −1 everywhere; it is left that way.
 */
export function inducedSubgraph(graph: SparseGraph, vertices: Int32Array, local: Int32Array): SparseGraph {
  const { offsets, neighbours } = graph;
  for (let k = 0; k < vertices.length; k++) local[vertices[k]!] = k;
  const subOffsets = new Int32Array(vertices.length + 1);
  let count = 0;
  for (let k = 0; k < vertices.length; k++) {
    const v = vertices[k]!;
    for (let e = offsets[v]!; e < offsets[v + 1]!; e++) if (local[neighbours[e]!]! >= 0) count++;
    subOffsets[k + 1] = count;
  }
  const subNeighbours = new Int32Array(count);
  count = 0;
  for (let k = 0; k < vertices.length; k++) {
    const v = vertices[k]!;
    for (let e = offsets[v]!; e < offsets[v + 1]!; e++) {
      const u = local[neighbours[e]!]!;
      if (u >= 0) subNeighbours[count++] = u;
    }
  }
  for (let k = 0; k < vertices.length; k++) local[vertices[k]!] = -1;
  return { n: vertices.length, offsets: subOffsets, neighbours: subNeighbours };
}
