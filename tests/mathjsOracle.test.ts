/**
 * mathjs as an independent oracle on small problems: its matrix exponential against our Lie
 * groups' exp and log, its LU solve against the block Cholesky, and its dense eigen-solver
 * against Lanczos.
 */
import { eigs, expm, lusolve, matrix, type Matrix } from 'mathjs';
import { describe, expect, it } from 'vitest';
import { Random } from '../src/common/random.ts';
import * as se2 from '../src/geometry/se2.ts';
import * as se3 from '../src/geometry/se3.ts';
import * as so3 from '../src/geometry/so3.ts';
import { BlockCholesky } from '../src/slam/linear/BlockCholesky.ts';
import { smallestEigenvalue } from '../src/slam/rotation-averaging/lanczos.ts';

const TRIALS = 20;
const TOLERANCE = 1e-9;

function square(values: ArrayLike<number>, n: number): number[][] {
  return Array.from({ length: n }, (_, r) => Array.from({ length: n }, (_, c) => values[r * n + c]!));
}

function flat(m: Matrix): number[] {
  return (m.toArray() as number[][]).flat();
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number): void {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let k = 0; k < actual.length; k++) worst = Math.max(worst, Math.abs(actual[k]! - expected[k]!));
  expect(worst).toBeLessThan(tolerance);
}

/** Each group's element as its homogeneous matrix (row-major), with its tangent and hat. */
const GROUPS = [
  {
    name: 'SE(2)',
    dof: 3,
    n: 3,
    exp: (tau: Float64Array) => se2.exp(new Float64Array(3), tau),
    log: (x: Float64Array) => se2.log(new Float64Array(3), x),
    hat: (tau: ArrayLike<number>) => se2.hat(new Float64Array(9), tau),
    matrix: ([x, y, theta]: Float64Array) => {
      const [c, s] = [Math.cos(theta!), Math.sin(theta!)];
      return [c, -s, x!, s, c, y!, 0, 0, 1];
    },
  },
  {
    name: 'SO(3)',
    dof: 3,
    n: 3,
    exp: (tau: Float64Array) => so3.exp(new Float64Array(4), tau),
    log: (q: Float64Array) => so3.log(new Float64Array(3), q),
    hat: (tau: ArrayLike<number>) => so3.hat(new Float64Array(9), tau),
    matrix: (q: Float64Array) => Array.from(so3.toMatrix(new Float64Array(9), q)),
  },
  {
    name: 'SE(3)',
    dof: 6,
    n: 4,
    exp: (tau: Float64Array) => se3.exp(new Float64Array(7), tau),
    log: (pose: Float64Array) => se3.log(new Float64Array(6), pose),
    hat: (tau: ArrayLike<number>) => se3.hat(new Float64Array(16), tau),
    matrix: (pose: Float64Array) => {
      const r = so3.toMatrix(new Float64Array(9), pose.subarray(3));
      return [
        r[0]!,
        r[1]!,
        r[2]!,
        pose[0]!,
        r[3]!,
        r[4]!,
        r[5]!,
        pose[1]!,
        r[6]!,
        r[7]!,
        r[8]!,
        pose[2]!,
        0,
        0,
        0,
        1,
      ];
    },
  },
];

describe.each(GROUPS)('$name against mathjs expm', (group) => {
  const random = new Random(7);
  // Rotations up to 3 rad: near π is where a closed-form log is easiest to get wrong.
  const tangent = () => Float64Array.from({ length: group.dof }, () => random.range(-1.7, 1.7));

  it('exp(τ) is expm(τ^)', () => {
    for (let t = 0; t < TRIALS; t++) {
      const tau = tangent();
      expectClose(
        group.matrix(group.exp(tau)),
        flat(expm(matrix(square(group.hat(tau), group.n)))),
        TOLERANCE,
      );
    }
  });

  it('expm(log(X)^) is X', () => {
    for (let t = 0; t < TRIALS; t++) {
      const x = group.exp(tangent());
      const back = flat(expm(matrix(square(group.hat(group.log(x)), group.n))));
      expectClose(back, group.matrix(x), TOLERANCE);
    }
  });
});

/** A random SPD block matrix on a sparse pattern: blocks, its dense twin, and the pattern. */
function spdBlockMatrix(random: Random, n: number, b: number) {
  const pairs: Array<[number, number]> = [];
  for (let i = 1; i < n; i++) pairs.push([i - 1, i]);
  pairs.push([0, n - 1], [1, Math.floor(n / 2)]);
  const size = n * b;
  const dense = Array.from({ length: size }, () => new Array<number>(size).fill(0));
  const diagonal = new Float64Array(n * b * b);
  const off = new Map<number, Float64Array>();
  for (const [i, j] of pairs) {
    const block = Float64Array.from({ length: b * b }, () => random.range(-1, 1));
    off.set(i * n + j, block);
    for (let r = 0; r < b; r++)
      for (let c = 0; c < b; c++) {
        dense[i * b + r]![j * b + c] = block[r * b + c]!;
        dense[j * b + c]![i * b + r] = block[r * b + c]!;
      }
  }
  // Diagonally dominant diagonal blocks: A is SPD.
  for (let v = 0; v < n; v++)
    for (let r = 0; r < b; r++)
      for (let c = 0; c <= r; c++) {
        const value = r === c ? 4 * b + random.range(0, 1) : random.range(-0.5, 0.5);
        diagonal[v * b * b + r * b + c] = value;
        diagonal[v * b * b + c * b + r] = value;
        dense[v * b + r]![v * b + c] = value;
        dense[v * b + c]![v * b + r] = value;
      }
  return { pairs, dense, diagonal, off, size };
}

describe('sparse linear algebra against mathjs', () => {
  it('block Cholesky solves as mathjs lusolve does', () => {
    const random = new Random(11);
    for (const [n, b] of [
      [8, 3],
      [10, 6],
    ] as const) {
      const { pairs, dense, diagonal, off, size } = spdBlockMatrix(random, n, b);
      const rhs = Float64Array.from({ length: size }, () => random.range(-1, 1));
      const cholesky = BlockCholesky.forPairs(n, b, pairs);
      cholesky.factorize(diagonal, off, (i, j) => i * n + j);
      const ours = cholesky.solve(new Float64Array(size), rhs);
      const theirs = (lusolve(dense, Array.from(rhs)) as number[][]).map((row) => row[0]!);
      expectClose(ours, theirs, 1e-10);
    }
  });

  it('Lanczos finds the smallest eigenvalue mathjs eigs finds', () => {
    const random = new Random(13);
    const { dense, size } = spdBlockMatrix(random, 10, 3);
    const multiply = (out: Float64Array, v: Float64Array) => {
      for (let r = 0; r < size; r++) {
        let sum = 0;
        for (let c = 0; c < size; c++) sum += dense[r]![c]! * v[c]!;
        out[r] = sum;
      }
    };
    const ours = smallestEigenvalue(size, multiply);
    const theirs = Math.min(...(eigs(dense).values as number[]));
    expect(Math.abs(ours.value - theirs)).toBeLessThan(1e-8);
  });
});
