/**
 * The g2o text format: VERTEX_SE2 / EDGE_SE2 and VERTEX_SE3:QUAT / EDGE_SE3:QUAT, read into a
 * `PoseGraph` with SE-Sync's weights (datasets README): 2D τ = 2/tr(I_tt⁻¹), κ = I_θθ;
 * 3D τ = 3/tr(I_tt⁻¹), κ = 3/(2·tr(I_RR⁻¹)). Quaternions are normalized; blank lines skipped;
 * unknown tags, bad numbers and edges to unknown nodes are errors naming the line.
 */
import { invertSquare } from '../geometry/matrix.ts';
import * as so3 from '../geometry/so3.ts';
import type { PoseGraph, PoseGraphEdge, PoseGraphEstimate } from './pose-graph/PoseGraph.ts';

interface RawEdge {
  readonly from: number;
  readonly to: number;
  readonly rotation: Float64Array;
  readonly translation: Float64Array;
  readonly information: Float64Array;
  readonly kappa: number;
  readonly tau: number;
}

function trace3(m: Float64Array): number {
  return m[0]! + m[4]! + m[8]!;
}

function rotation2(theta: number): Float64Array {
  const c = Math.cos(theta);
  const s = Math.sin(theta);
  return Float64Array.of(c, -s, s, c);
}

export function parseG2o(text: string, source = 'g2o'): PoseGraph {
  let dimension: 2 | 3 | undefined;
  const vertices = new Map<number, { rotation: Float64Array; translation: Float64Array }>();
  const edges: RawEdge[] = [];
  const lines = text.split('\n');
  for (let lineIndex = 0; lineIndex < lines.length; lineIndex++) {
    const line = lines[lineIndex]!.trim();
    if (line === '' || line.startsWith('#')) continue;
    const [tag = '', ...fields] = line.split(/\s+/);
    const where = `${source}:${lineIndex + 1}`;
    const numbers = fields.map((f) => Number(f));
    const bad = numbers.findIndex((n) => !Number.isFinite(n));
    if (bad >= 0)
      throw new Error(`${where}: field ${bad + 2} of ${tag} is not a finite number ('${fields[bad]}')`);
    const need = (count: number) => {
      if (numbers.length < count)
        throw new Error(`${where}: ${tag} needs ${count} numbers, got ${numbers.length}`);
    };
    const setDimension = (d: 2 | 3) => {
      if (dimension !== undefined && dimension !== d)
        throw new Error(`${where}: ${tag} mixes 2D and 3D elements in one graph`);
      dimension = d;
    };
    switch (tag) {
      case 'VERTEX_SE2': {
        need(4);
        setDimension(2);
        vertices.set(numbers[0]!, {
          rotation: rotation2(numbers[3]!),
          translation: Float64Array.of(numbers[1]!, numbers[2]!),
        });
        break;
      }
      case 'VERTEX_SE3:QUAT': {
        need(8);
        setDimension(3);
        const q = Float64Array.of(numbers[4]!, numbers[5]!, numbers[6]!, numbers[7]!);
        const norm = Math.hypot(...q);
        if (!(norm > 0.5 && norm < 1.5)) throw new Error(`${where}: quaternion norm ${norm} is far from 1`);
        for (let k = 0; k < 4; k++) q[k]! /= norm;
        vertices.set(numbers[0]!, {
          rotation: so3.toMatrix(new Float64Array(9), q),
          translation: Float64Array.of(numbers[1]!, numbers[2]!, numbers[3]!),
        });
        break;
      }
      case 'EDGE_SE2': {
        need(11);
        setDimension(2);
        const [i11, i12, i13, i22, i23, i33] = numbers.slice(5, 11) as [
          number,
          number,
          number,
          number,
          number,
          number,
        ];
        const info = Float64Array.of(i11, i12, i13, i12, i22, i23, i13, i23, i33);
        const det = i11 * i22 - i12 * i12;
        if (!(det > 0) || !(i33 > 0))
          throw new Error(`${where}: information matrix is not positive definite`);
        const traceInverse = (i11 + i22) / det;
        edges.push({
          from: numbers[0]!,
          to: numbers[1]!,
          rotation: rotation2(numbers[4]!),
          translation: Float64Array.of(numbers[2]!, numbers[3]!),
          information: info,
          kappa: i33,
          tau: 2 / traceInverse,
        });
        break;
      }
      case 'EDGE_SE3:QUAT': {
        need(30);
        setDimension(3);
        const q = Float64Array.of(numbers[5]!, numbers[6]!, numbers[7]!, numbers[8]!);
        const norm = Math.hypot(...q);
        if (!(norm > 0.5 && norm < 1.5)) throw new Error(`${where}: quaternion norm ${norm} is far from 1`);
        for (let k = 0; k < 4; k++) q[k]! /= norm;
        const upper = numbers.slice(9, 30);
        const info = new Float64Array(36);
        let k = 0;
        for (let r = 0; r < 6; r++)
          for (let c = r; c < 6; c++) info[r * 6 + c] = info[c * 6 + r] = upper[k++]!;
        const block = (r0: number) =>
          Float64Array.from({ length: 9 }, (_, n) => info[(r0 + Math.floor(n / 3)) * 6 + r0 + (n % 3)]!);
        let tt: Float64Array, rr: Float64Array;
        try {
          tt = invertSquare(new Float64Array(9), block(0), 3);
          rr = invertSquare(new Float64Array(9), block(3), 3);
        } catch {
          throw new Error(`${where}: information matrix is singular`);
        }
        edges.push({
          from: numbers[0]!,
          to: numbers[1]!,
          rotation: so3.toMatrix(new Float64Array(9), q),
          translation: Float64Array.of(numbers[2]!, numbers[3]!, numbers[4]!),
          information: info,
          kappa: 3 / (2 * trace3(rr)),
          tau: 3 / trace3(tt),
        });
        break;
      }
      default:
        throw new Error(
          `${where}: unknown g2o tag '${tag}' (supported: VERTEX_SE2, EDGE_SE2, VERTEX_SE3:QUAT, EDGE_SE3:QUAT)`,
        );
    }
  }
  if (dimension === undefined || edges.length === 0) throw new Error(`${source}: no edges`);
  const d = dimension;
  const ids = [...new Set([...vertices.keys(), ...edges.flatMap((e) => [e.from, e.to])])].sort(
    (a, b) => a - b,
  );
  const index = new Map(ids.map((id, k) => [id, k]));
  const graphEdges: PoseGraphEdge[] = edges.map((e) => ({
    i: index.get(e.from)!,
    j: index.get(e.to)!,
    rotation: e.rotation,
    translation: e.translation,
    kappa: e.kappa,
    tau: e.tau,
    information: e.information,
  }));
  let initial: PoseGraphEstimate | undefined;
  if (vertices.size === ids.length) {
    const rotations = new Float64Array(ids.length * d * d);
    const translations = new Float64Array(ids.length * d);
    ids.forEach((id, k) => {
      rotations.set(vertices.get(id)!.rotation, k * d * d);
      translations.set(vertices.get(id)!.translation, k * d);
    });
    initial = { rotations, translations };
  }
  return { dimension: d, nodeCount: ids.length, ids, edges: graphEdges, ...(initial ? { initial } : {}) };
}

function format(x: number | string): string {
  if (typeof x === 'string') return x;
  return Number.isInteger(x) ? String(x) : x.toPrecision(17).replace(/\.?0+(e|$)/, '$1');
}

/** Writes vertices (from `estimate`, or the graph's own) and edges with their information matrices. */
export function writeG2o(graph: PoseGraph, estimate: PoseGraphEstimate | undefined = graph.initial): string {
  const d = graph.dimension;
  const lines: string[] = [];
  if (estimate) {
    for (let k = 0; k < graph.nodeCount; k++) {
      const R = estimate.rotations.subarray(k * d * d, (k + 1) * d * d);
      const t = estimate.translations.subarray(k * d, (k + 1) * d);
      if (d === 2)
        lines.push(
          ['VERTEX_SE2', graph.ids[k]!, t[0]!, t[1]!, Math.atan2(R[2]!, R[0]!)].map(format).join(' '),
        );
      else {
        const q = so3.fromMatrix(new Float64Array(4), R);
        lines.push(
          ['VERTEX_SE3:QUAT', graph.ids[k]!, t[0]!, t[1]!, t[2]!, q[0]!, q[1]!, q[2]!, q[3]!]
            .map(format)
            .join(' '),
        );
      }
    }
  }
  for (const edge of graph.edges) {
    const from = graph.ids[edge.i]!;
    const to = graph.ids[edge.j]!;
    if (d === 2) {
      // Without the file's information matrix, an isotropic one with the same weights.
      const I = edge.information ?? Float64Array.of(edge.tau, 0, 0, 0, edge.tau, 0, 0, 0, edge.kappa);
      lines.push(
        [
          'EDGE_SE2',
          from,
          to,
          edge.translation[0]!,
          edge.translation[1]!,
          Math.atan2(edge.rotation[2]!, edge.rotation[0]!),
          I[0]!,
          I[1]!,
          I[2]!,
          I[4]!,
          I[5]!,
          I[8]!,
        ]
          .map(format)
          .join(' '),
      );
    } else {
      const q = so3.fromMatrix(new Float64Array(4), edge.rotation);
      const I = edge.information;
      const upper: number[] = [];
      for (let r = 0; r < 6; r++)
        for (let c = r; c < 6; c++)
          upper.push(I ? I[r * 6 + c]! : r === c ? (r < 3 ? edge.tau : 2 * edge.kappa) : 0);
      lines.push(['EDGE_SE3:QUAT', from, to, ...edge.translation, ...q, ...upper].map(format).join(' '));
    }
  }
  return `${lines.join('\n')}\n`;
}
