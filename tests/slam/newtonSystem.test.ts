import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Random } from '../../src/common/random.ts';
import * as so3 from '../../src/geometry/so3.ts';
import { parseG2o } from '../../src/slam/g2o.ts';
import { chordalInitialization } from '../../src/slam/pose-graph/chordalInitialization.ts';
import { NewtonSystem } from '../../src/slam/pose-graph/NewtonSystem.ts';
import { NormalEquations } from '../../src/slam/pose-graph/NormalEquations.ts';
import { objective, type PoseGraph, type PoseGraphEstimate } from '../../src/slam/pose-graph/PoseGraph.ts';

const DATA = new URL('../../../shared/datasets/g2o/', import.meta.url);

/** The estimate moved by x (per free node: δt, then δθ) as the optimizer moves it. */
function retract(graph: PoseGraph, estimate: PoseGraphEstimate, x: Float64Array): PoseGraphEstimate {
  const d = graph.dimension;
  const p = d === 2 ? 3 : 6;
  const rotations = Float64Array.from(estimate.rotations);
  const translations = Float64Array.from(estimate.translations);
  for (let v = 1; v < graph.nodeCount; v++) {
    const o = (v - 1) * p;
    for (let a = 0; a < d; a++) translations[v * d + a]! += x[o + a]!;
    const R = rotations.slice(v * d * d, (v + 1) * d * d);
    const step =
      d === 2
        ? Float64Array.of(Math.cos(x[o + 2]!), -Math.sin(x[o + 2]!), Math.sin(x[o + 2]!), Math.cos(x[o + 2]!))
        : so3.toMatrix(new Float64Array(9), so3.exp(new Float64Array(4), [x[o + 3]!, x[o + 4]!, x[o + 5]!]));
    for (let r = 0; r < d; r++)
      for (let c = 0; c < d; c++) {
        let sum = 0;
        for (let k = 0; k < d; k++) sum += R[r * d + k]! * step[k * d + c]!;
        rotations[v * d * d + r * d + c] = sum;
      }
  }
  return { rotations, translations };
}

/** H and rhs as dense arrays from the assembled blocks. */
function dense(system: NormalEquations): { H: Float64Array; rhs: Float64Array; size: number } {
  const { b, free } = system;
  const size = free * b;
  const H = new Float64Array(size * size);
  for (let v = 0; v < free; v++)
    for (let r = 0; r < b; r++)
      for (let c = 0; c < b; c++) H[(v * b + r) * size + v * b + c] = system.diagonal[v * b * b + r * b + c]!;
  for (const [key, block] of system.offDiagonal) {
    const i = Math.floor(key / free);
    const j = key % free;
    for (let r = 0; r < b; r++)
      for (let c = 0; c < b; c++) {
        H[(i * b + r) * size + j * b + c] = block[r * b + c]!;
        H[(j * b + c) * size + i * b + r] = block[r * b + c]!;
      }
  }
  return { H, rhs: system.rhs, size };
}

function checkAgainstDifferences(graph: PoseGraph, estimate: PoseGraphEstimate): void {
  const newton = new NewtonSystem(graph);
  const system = new NormalEquations(graph, newton.p);
  newton.assemble(system, estimate);
  const { H, rhs, size } = dense(system);
  const half = (x: Float64Array) => objective(graph, retract(graph, estimate, x)) / 2;
  const h = 1e-4;
  const x = new Float64Array(size);
  let scale = 0;
  for (const value of H) scale = Math.max(scale, Math.abs(value));
  for (let a = 0; a < size; a++) {
    x[a] = h;
    const plus = half(x);
    x[a] = -h;
    const minus = half(x);
    x[a] = 0;
    // rhs = −½∇F.
    expect(Math.abs(-(plus - minus) / (2 * h) - rhs[a]!)).toBeLessThan(1e-6 * scale);
    for (let c = a; c < size; c++) {
      const at = (da: number, dc: number) => {
        x[a]! += da;
        x[c]! += dc;
        const value = half(x);
        x[a] = 0;
        x[c] = 0;
        return value;
      };
      const second = (at(h, h) - at(h, -h) - at(-h, h) + at(-h, -h)) / (4 * h * h);
      expect(Math.abs(second - H[a * size + c]!)).toBeLessThan(1e-5 * scale);
    }
  }
}

describe('Newton system of the pose-graph objective', () => {
  it('is the gradient and exact Hessian of ½F in 3D (central differences)', () => {
    const graph = parseG2o(readFileSync(new URL('tinyGrid3D.g2o', DATA), 'utf8'), 'tinyGrid3D.g2o');
    const start = chordalInitialization(graph);
    // Away from the optimum, so every residual and second-order term is at work.
    const random = new Random(3);
    const moved = retract(
      graph,
      start,
      Float64Array.from({ length: (graph.nodeCount - 1) * 6 }, () => random.range(-0.2, 0.2)),
    );
    checkAgainstDifferences(graph, moved);
  });

  it('is the gradient and exact Hessian of ½F in 2D (central differences)', () => {
    const text = [
      'EDGE_SE2 0 1 1 0.1 0.3 40 0 0 40 0 90',
      'EDGE_SE2 1 2 0.9 -0.2 0.5 30 0 0 30 0 60',
      'EDGE_SE2 2 3 1.1 0.2 -0.4 50 0 0 50 0 70',
      'EDGE_SE2 3 0 -0.8 1.5 2.2 20 0 0 20 0 40',
      'EDGE_SE2 1 3 0.5 1.2 1.0 10 0 0 10 0 30',
    ].join('\n');
    const graph = parseG2o(text, 'square.g2o');
    const random = new Random(5);
    const moved = retract(
      graph,
      chordalInitialization(graph),
      Float64Array.from({ length: (graph.nodeCount - 1) * 3 }, () => random.range(-0.3, 0.3)),
    );
    checkAgainstDifferences(graph, moved);
  });
});
