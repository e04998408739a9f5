import { describe, expect, it } from 'vitest';
import { checkTrajectory, TrajectorySampler } from '../../sim/robot/jointTrajectory.ts';
import { loadHsrUrdf } from '../../sim/robot/urdf.ts';

const urdf = loadHsrUrdf();
const HEAD = ['head_pan_joint', 'head_tilt_joint'];
const point = (
  positions: number[],
  timeS: number,
  velocities: number[] = [],
  accelerations: number[] = [],
) => ({
  positions,
  velocities,
  accelerations,
  timeS,
});

describe('joint trajectories as the joint trajectory controller takes them', () => {
  it('refuses goals naming the wrong joints, out of order, beyond limits or too fast, saying which', () => {
    const check = (jointNames: string[], points: ReturnType<typeof point>[]) =>
      checkTrajectory({ jointNames, points }, HEAD, urdf);
    expect(check(HEAD, [point([0, 0], 1)])).toBeUndefined();
    expect(check(['head_pan_joint'], [point([0], 1)])).toEqual({
      code: 'INVALID_JOINTS',
      message: expect.stringContaining('missing: head_tilt_joint'),
    });
    expect(check([...HEAD, 'arm_lift_joint'], [point([0, 0, 0], 1)])?.message).toContain(
      'not its joints: arm_lift_joint',
    );
    expect(check(HEAD, [])?.message).toBe('the trajectory has no points');
    expect(check(HEAD, [point([0, 0], 1), point([0, 0], 1)])?.message).toContain(
      'point 1: time_from_start 1 s',
    );
    expect(check(HEAD, [point([0, 0.9], 1)])?.message).toBe(
      'point 0: head_tilt_joint = 0.9 is outside its limits [-1.57, 0.52]',
    );
    expect(check(HEAD, [point([0, 0], 1), point([1.5, 0], 1.5)])?.message).toContain(
      'head_pan_joint would move at 3.000/s',
    );
    expect(check(HEAD, [point([0, 0], 1, [0])])?.message).toBe('point 0 has 1 velocities for 2 joints');
    expect(check(HEAD, [point([Number.NaN, 0], 1)])?.message).toBe('point 0: head_pan_joint is not finite');
  });

  it('interpolates linearly, cubically and quintically from the start state, and holds the end', () => {
    const positions = new Float64Array(1);
    const velocities = new Float64Array(1);
    const linear = new TrajectorySampler(
      { jointNames: ['j'], points: [point([1], 1), point([3], 2)] },
      { positions: [0], velocities: [0] },
    );
    linear.sample(0.5, positions, velocities);
    expect([positions[0], velocities[0]]).toEqual([0.5, 1]);
    linear.sample(1.5, positions, velocities);
    expect([positions[0], velocities[0]]).toEqual([2, 2]);
    linear.sample(5, positions, velocities);
    expect([positions[0], velocities[0]]).toEqual([3, 0]);

    const cubic = new TrajectorySampler(
      { jointNames: ['j'], points: [point([1], 2, [0])] },
      { positions: [0], velocities: [0] },
    );
    cubic.sample(1, positions, velocities);
    expect(positions[0]).toBeCloseTo(0.5, 12);
    expect(velocities[0]).toBeCloseTo(0.75, 12);
    cubic.sample(1e-9, positions, velocities);
    expect(velocities[0]).toBeCloseTo(0, 6);

    const quintic = new TrajectorySampler(
      { jointNames: ['j'], points: [point([0], 0, [0], [0]), point([1], 1, [0], [0])] },
      { positions: [5], velocities: [0] },
    );
    quintic.sample(0.5, positions, velocities);
    expect(positions[0]).toBeCloseTo(0.5, 12);
    expect(velocities[0]).toBeCloseTo(1.875, 12);
    quintic.sample(0.999999, positions, velocities);
    expect(positions[0]).toBeCloseTo(1, 6);
  });
});
