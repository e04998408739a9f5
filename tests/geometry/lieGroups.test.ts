/**
 * One property suite run on every Lie group: exp/log round trips, hat/vee, inverse,
 * rplus/rminus, and every analytic Jacobian and adjoint against central differences;
 * out-param functions are checked with `out` separate and aliased.
 */
import { describe, expect, it } from 'vitest';
import * as se2 from '../../src/geometry/se2.ts';
import * as se3 from '../../src/geometry/se3.ts';
import * as so3 from '../../src/geometry/so3.ts';
import { Random } from '../../src/common/random.ts';

const TRIALS = 50;
const EPSILON = 1e-6;
const JACOBIAN_TOLERANCE = 1e-6;
const ROUND_TRIP_TOLERANCE = 1e-9;

type Fn = (out: Float64Array, ...args: ArrayLike<number>[]) => Float64Array;
interface Group {
  readonly name: string;
  readonly dof: number;
  readonly size: number;
  readonly algebraSize: number;
  readonly exp: Fn;
  readonly log: Fn;
  readonly compose: Fn;
  readonly inverse: Fn;
  readonly rplus: Fn;
  readonly rminus: Fn;
  readonly hat: Fn;
  readonly vee: Fn;
  readonly adjoint: Fn;
  readonly rightJacobian: Fn;
  readonly leftJacobian: Fn;
}

const GROUPS: Group[] = [
  {
    name: 'SE(2)',
    dof: 3,
    size: 3,
    algebraSize: 9,
    ...(se2 as unknown as Omit<Group, 'name' | 'dof' | 'size' | 'algebraSize'>),
  },
  {
    name: 'SO(3)',
    dof: 3,
    size: 4,
    algebraSize: 9,
    ...(so3 as unknown as Omit<Group, 'name' | 'dof' | 'size' | 'algebraSize'>),
  },
  {
    name: 'SE(3)',
    dof: 6,
    size: 7,
    algebraSize: 16,
    ...(se3 as unknown as Omit<Group, 'name' | 'dof' | 'size' | 'algebraSize'>),
  },
];

function randomTangent(group: Group, random: Random, scale = 1): Float64Array {
  return Float64Array.from({ length: group.dof }, () => scale * random.range(-1, 1));
}

function distance(group: Group, a: Float64Array, b: Float64Array): number {
  return Math.hypot(...group.rminus(new Float64Array(group.dof), a, b));
}

/** Central-difference Jacobian of f: R^dof → R^dof at x. */
function numericJacobian(group: Group, f: (x: Float64Array) => Float64Array, x: Float64Array): Float64Array {
  const n = group.dof;
  const out = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    const plus = Float64Array.from(x);
    const minus = Float64Array.from(x);
    plus[k]! += EPSILON;
    minus[k]! -= EPSILON;
    const fp = f(plus);
    const fm = f(minus);
    for (let i = 0; i < n; i++) out[i * n + k] = (fp[i]! - fm[i]!) / (2 * EPSILON);
  }
  return out;
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < actual.length; i++) expect(Math.abs(actual[i]! - expected[i]!)).toBeLessThan(tolerance);
}

describe.each(GROUPS)('$name', (group) => {
  const random = new Random(42);
  const element = () => group.exp(new Float64Array(group.size), randomTangent(group, random, 1.5));

  it('exp and log are inverse', () => {
    for (let t = 0; t < TRIALS; t++) {
      const tau = randomTangent(group, random, 1.5);
      expectClose(
        group.log(new Float64Array(group.dof), group.exp(new Float64Array(group.size), tau)),
        tau,
        ROUND_TRIP_TOLERANCE,
      );
      const x = element();
      expect(
        distance(
          group,
          group.exp(new Float64Array(group.size), group.log(new Float64Array(group.dof), x)),
          x,
        ),
      ).toBeLessThan(ROUND_TRIP_TOLERANCE);
    }
    expectClose(
      group.log(
        new Float64Array(group.dof),
        group.exp(new Float64Array(group.size), new Float64Array(group.dof)),
      ),
      new Float64Array(group.dof),
      1e-15,
    );
  });

  it('hat and vee are inverse', () => {
    const tau = randomTangent(group, random);
    expectClose(
      group.vee(new Float64Array(group.dof), group.hat(new Float64Array(group.algebraSize), tau)),
      tau,
      1e-15,
    );
  });

  it('X ∘ X⁻¹ is the identity, and rplus undoes rminus', () => {
    for (let t = 0; t < TRIALS; t++) {
      const x = element();
      const y = element();
      const product = group.compose(
        new Float64Array(group.size),
        x,
        group.inverse(new Float64Array(group.size), x),
      );
      expect(Math.hypot(...group.log(new Float64Array(group.dof), product))).toBeLessThan(
        ROUND_TRIP_TOLERANCE,
      );
      const back = group.rplus(
        new Float64Array(group.size),
        x,
        group.rminus(new Float64Array(group.dof), y, x),
      );
      expect(distance(group, back, y)).toBeLessThan(ROUND_TRIP_TOLERANCE);
    }
  });

  it('compose and inverse give the same result with out aliased to an input', () => {
    const x = element();
    const y = element();
    const separate = group.compose(new Float64Array(group.size), x, y);
    const aliased = Float64Array.from(x);
    group.compose(aliased, aliased, y);
    expectClose(aliased, separate, 1e-15);
    const inverse = group.inverse(new Float64Array(group.size), y);
    const inPlace = Float64Array.from(y);
    group.inverse(inPlace, inPlace);
    expectClose(inPlace, inverse, 1e-15);
  });

  it('right Jacobian: exp(τ+δ) ≈ exp(τ)·exp(Jr δ)', () => {
    for (let t = 0; t < TRIALS; t++) {
      const tau = randomTangent(group, random, 1.2);
      const x0 = group.exp(new Float64Array(group.size), tau);
      const numeric = numericJacobian(
        group,
        (v) => group.rminus(new Float64Array(group.dof), group.exp(new Float64Array(group.size), v), x0),
        tau,
      );
      expectClose(group.rightJacobian(new Float64Array(group.dof ** 2), tau), numeric, JACOBIAN_TOLERANCE);
    }
  });

  it('left Jacobian: exp(τ+δ) ≈ exp(Jl δ)·exp(τ)', () => {
    for (let t = 0; t < TRIALS; t++) {
      const tau = randomTangent(group, random, 1.2);
      const x0inv = group.inverse(new Float64Array(group.size), group.exp(new Float64Array(group.size), tau));
      const numeric = numericJacobian(
        group,
        (v) =>
          group.log(
            new Float64Array(group.dof),
            group.compose(new Float64Array(group.size), group.exp(new Float64Array(group.size), v), x0inv),
          ),
        tau,
      );
      expectClose(group.leftJacobian(new Float64Array(group.dof ** 2), tau), numeric, JACOBIAN_TOLERANCE);
    }
  });

  it('adjoint: X·exp(δ)·X⁻¹ = exp(Ad δ)', () => {
    for (let t = 0; t < TRIALS; t++) {
      const x = element();
      const xinv = group.inverse(new Float64Array(group.size), x);
      const numeric = numericJacobian(
        group,
        (d) =>
          group.log(
            new Float64Array(group.dof),
            group.compose(
              new Float64Array(group.size),
              group.compose(new Float64Array(group.size), x, group.exp(new Float64Array(group.size), d)),
              xinv,
            ),
          ),
        new Float64Array(group.dof),
      );
      expectClose(group.adjoint(new Float64Array(group.dof ** 2), x), numeric, JACOBIAN_TOLERANCE);
    }
  });
});

describe('SO(3) extras', () => {
  it('inverse Jacobians invert the Jacobians, and matrices convert both ways', () => {
    const random = new Random(7);
    for (let t = 0; t < TRIALS; t++) {
      const w = Float64Array.from({ length: 3 }, () => random.range(-2, 2));
      const jr = so3.rightJacobian(new Float64Array(9), w);
      const jri = so3.rightJacobianInverse(new Float64Array(9), w);
      const product = new Float64Array(9);
      for (let i = 0; i < 3; i++)
        for (let j = 0; j < 3; j++)
          for (let k = 0; k < 3; k++) product[i * 3 + j]! += jr[i * 3 + k]! * jri[k * 3 + j]!;
      expectClose(product, [1, 0, 0, 0, 1, 0, 0, 0, 1], 1e-9);
      const q = so3.exp(new Float64Array(4), w);
      const back = so3.fromMatrix(new Float64Array(4), so3.toMatrix(new Float64Array(9), q));
      expect(
        Math.min(Math.hypot(...back.map((v, i) => v - q[i]!)), Math.hypot(...back.map((v, i) => v + q[i]!))),
      ).toBeLessThan(1e-12);
    }
  });

  it('rejects a non-orthogonal rotation matrix', () => {
    expect(() => so3.assertRotationMatrix([1, 0.1, 0, 0, 1, 0, 0, 0, 1])).toThrow(/not orthogonal/);
    expect(() => so3.assertRotationMatrix([-1, 0, 0, 0, 1, 0, 0, 0, 1])).toThrow(/determinant -1/);
  });

  it('converts to and from geometry_msgs/Pose', () => {
    const pose = {
      position: { x: 1, y: 2, z: 3 },
      orientation: { x: 0, y: 0, z: Math.sin(0.3), w: Math.cos(0.3) },
    };
    const back = se3.toPose(se3.fromPose(new Float64Array(7), pose));
    expect(back.position).toEqual(pose.position);
    expect(back.orientation.z).toBeCloseTo(pose.orientation.z, 15);
    expect(back.orientation.w).toBeCloseTo(pose.orientation.w, 15);
  });
});
