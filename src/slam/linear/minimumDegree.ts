/**
 * Exact minimum-degree elimination order (George & Liu): repeatedly eliminate a vertex of
 * least current degree, joining its neighbours into a clique. Explicit cliques cost
 * Σ (clique size)²: cheap on sparse graphs (whole pose graphs of 2D runs, nested dissection's leaves).
 */
import { MinHeap } from '../../common/MinHeap.ts';
import type { SparseGraph } from './SparseGraph.ts';

export function minimumDegreeOrder(graph: SparseGraph): Int32Array {
  const { n, offsets, neighbours } = graph;
  const adjacency = Array.from(
    { length: n },
    (_, v) => new Set(neighbours.subarray(offsets[v]!, offsets[v + 1]!)),
  );
  const order = new Int32Array(n);
  const eliminated = new Uint8Array(n);
  const heap = new MinHeap();
  for (let v = 0; v < n; v++) heap.push(adjacency[v]!.size, v);
  for (let k = 0; k < n; k++) {
    let v: number;
    for (;;) {
      const degree = heap.peekKey();
      const candidate = heap.pop();
      if (!eliminated[candidate] && adjacency[candidate]!.size === degree) {
        v = candidate;
        break;
      }
    }
    order[k] = v;
    eliminated[v] = 1;
    const clique = [...adjacency[v]!];
    for (const u of clique) {
      const set = adjacency[u]!;
      set.delete(v);
      for (const w of clique) if (w !== u) set.add(w);
      heap.push(set.size, u);
    }
    adjacency[v]!.clear();
  }
  return order;
}
