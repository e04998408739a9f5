import { describe, expect, it } from 'vitest';
import {
  Costmap2D,
  DEFAULT_CONTROLLER,
  footprintOutline,
  HolonomicPursuitController,
  LETHAL_OBSTACLE,
  outlineHits,
  parseFootprint,
  Path2D,
  type Twist2D,
} from '../../src/navigation/index.ts';

/** The task planner's carry footprint: the round base (radius 0.215) and the arm held out 0.49 m. */
const CARRY =
  '[[0.49, 0.07], [0.1, 0.19], [-0.107, 0.186], [-0.215, 0], [-0.107, -0.186], [0.1, -0.19], [0.49, -0.07]]';
const LIMITS = { maxLinearMps: 0.3, maxAngularRps: 1.2, maxLinearAccel: 0.6, maxAngularAccel: 2 };

/** A free costmap with a wall of LETHAL cells along y ∈ [0.40, 0.50] for x < 1.5. */
function wallAtTheLeft(): Costmap2D {
  const costmap = new Costmap2D(0.05, 100, 100, -2, -2);
  for (let x = -1.975; x < 1.5; x += 0.05)
    for (const y of [0.425, 0.475]) costmap.costs[costmap.index(x, y)] = LETHAL_OBSTACLE;
  return costmap;
}

/** A free costmap with a wall of LETHAL cells at the x cell centres given, across all y. */
function wallAcross(xs: readonly number[]): Costmap2D {
  const costmap = new Costmap2D(0.05, 100, 100, -2, -2);
  for (let y = -1.975; y < 2; y += 0.05)
    for (const x of xs) costmap.costs[costmap.index(x, y)] = LETHAL_OBSTACLE;
  return costmap;
}

/**
 * The controller on an ideal omnidirectional base from `pose` until it arrives, `done` holds or
 * `steps` periods pass: whether the carry footprint's outline ever met an obstacle, whether it
 * arrived, and whether it was ever blocked.
 */
function drive(
  controller: HolonomicPursuitController,
  costmap: Costmap2D,
  pose: Float64Array,
  steps: number,
  done: () => boolean = () => false,
) {
  const probe = footprintOutline(parseFootprint(CARRY), 0.215, 0.05);
  const dt = DEFAULT_CONTROLLER.controlPeriodS;
  let velocity: Twist2D = { vx: 0, vy: 0, wz: 0 };
  let armInWall = false;
  let arrived = false;
  let blocked = false;
  for (let step = 0; step < steps && !arrived && !done(); step++) {
    const result = controller.computeVelocity(pose, velocity, costmap);
    arrived = result.kind === 'arrived';
    blocked ||= result.kind === 'blocked';
    velocity = result.twist;
    const c = Math.cos(pose[2]!);
    const s = Math.sin(pose[2]!);
    pose[0]! += (c * velocity.vx - s * velocity.vy) * dt;
    pose[1]! += (s * velocity.vx + c * velocity.vy) * dt;
    pose[2]! += velocity.wz * dt;
    if (outlineHits(costmap, probe, pose[0]!, pose[1]!, pose[2]!) > 0) armInWall = true;
  }
  return { armInWall, arrived, blocked };
}

describe('footprint polygon', () => {
  it("reads Nav2's footprint text and names what is wrong with a bad one", () => {
    expect([...parseFootprint('[[0.5, 0.1], [0.5, -0.1], [-0.2, 0]]')]).toEqual([
      0.5, 0.1, 0.5, -0.1, -0.2, 0,
    ]);
    expect(parseFootprint('[]').length).toBe(0);
    expect(() => parseFootprint('[[0.5, 0.1], [0.5]')).toThrow(/list of \[x, y\] points/);
    expect(() => parseFootprint('[[0.5, 0.1], [0.5, -0.1]]')).toThrow(/at least 3 points/);
    expect(() => parseFootprint('[[0.5, 0.1], [0.5, "a"], [0, 0]]')).toThrow(/point 1 must be \[x, y\]/);
  });

  it('keeps only the outline beyond the round base, and counts its points on obstacles', () => {
    const outline = footprintOutline(parseFootprint(CARRY), 0.215, 0.05);
    expect(outline.length).toBeGreaterThan(0);
    for (let k = 0; k < outline.length; k += 2)
      expect(Math.hypot(outline[k]!, outline[k + 1]!)).toBeGreaterThan(0.215);
    const wall = wallAtTheLeft();
    expect(outlineHits(wall, outline, 0, 0, 0)).toBe(0);
    // Turned to face the wall 0.4 m away, the arm reaches into it.
    expect(outlineHits(wall, outline, 0, 0, Math.PI / 2)).toBeGreaterThan(0);
  });

  it('the controller does not sweep an arm held out into a wall, and still gets on', () => {
    const run = (outline: Float64Array) => {
      const controller = new HolonomicPursuitController({ ...DEFAULT_CONTROLLER, limits: LIMITS });
      controller.setFootprintOutline(outline);
      controller.setPath(Path2D.fromWaypoints([0, 0, 3, 0], 0, 0.05));
      // Facing back: the shorter way round to face along the path passes the wall.
      const pose = Float64Array.of(0, 0, Math.PI - 0.3);
      return { ...drive(controller, wallAtTheLeft(), pose, 600, () => pose[0]! >= 2.5), x: pose[0]! };
    };
    expect(run(new Float64Array(0)).armInWall).toBe(true);
    const careful = run(footprintOutline(parseFootprint(CARRY), 0.215, 0.05));
    expect(careful.armInWall).toBe(false);
    expect(careful.blocked).toBe(false);
    expect(careful.x).toBeGreaterThanOrEqual(2.5);
  });

  it('at a corner of the path before a wall, turns on the spot rather than push the arm into it', () => {
    // A wall across the way at x ∈ [1.2, 1.3]; the path runs at it and turns right 0.2 m short,
    // and the base turns no faster than the task planner lets it while carrying.
    const run = (outline: Float64Array) => {
      const controller = new HolonomicPursuitController({
        ...DEFAULT_CONTROLLER,
        limits: { ...LIMITS, maxAngularRps: 0.6, maxAngularAccel: 1.0 },
      });
      controller.setFootprintOutline(outline);
      controller.setPath(Path2D.fromWaypoints([0, 0, 1.0, 0, 1.0, -1.5], -Math.PI / 2, 0.05));
      return drive(controller, wallAcross([1.225, 1.275]), Float64Array.of(0, 0, 0), 800);
    };
    expect(run(new Float64Array(0)).armInWall).toBe(true);
    const careful = run(footprintOutline(parseFootprint(CARRY), 0.215, 0.05));
    expect(careful.armInWall).toBe(false);
    expect(careful.arrived).toBe(true);
  });

  it('with the arm a few centimetres from a wall, turns away before driving on', () => {
    // Facing a wall 6 cm beyond the hand; the path leads off along it, slanting towards it.
    const controller = new HolonomicPursuitController({ ...DEFAULT_CONTROLLER, limits: LIMITS });
    controller.setFootprintOutline(footprintOutline(parseFootprint(CARRY), 0.215, 0.05));
    controller.setPath(Path2D.fromWaypoints([0, 0, 0.25, -0.5, 0.25, -1.5], -Math.PI / 2, 0.05));
    const run = drive(controller, wallAcross([0.575, 0.625]), Float64Array.of(0, 0, 0), 800);
    expect(run.armInWall).toBe(false);
    expect(run.arrived).toBe(true);
  });

  it('at its stand, turns to the goal the long way round where the short way sweeps the arm into something', () => {
    // On the goal facing +x, to face 160° clockwise; a counter's edge along y = −0.35 for x ∈ [0, 1]
    // stops the arm 45° into the clockwise turn.
    const counter = new Costmap2D(0.05, 100, 100, -2, -2);
    for (let x = 0.025; x < 1; x += 0.05) counter.costs[counter.index(x, -0.325)] = LETHAL_OBSTACLE;
    const goalYaw = (-160 * Math.PI) / 180;
    const controller = new HolonomicPursuitController({
      ...DEFAULT_CONTROLLER,
      limits: { ...LIMITS, maxAngularRps: 0.6, maxAngularAccel: 1.0 },
    });
    controller.setFootprintOutline(footprintOutline(parseFootprint(CARRY), 0.215, 0.05));
    controller.setPath(Path2D.fromWaypoints([-0.01, 0, 0, 0], goalYaw, 0.05));
    const pose = Float64Array.of(0, 0, 0);
    const run = drive(controller, counter, pose, 400);
    expect(run.armInWall).toBe(false);
    expect(run.arrived).toBe(true);
    expect(Math.cos(pose[2]! - goalYaw)).toBeGreaterThan(Math.cos(0.05));
    // It went anticlockwise, through facing +y.
    expect(pose[2]).toBeGreaterThan(Math.PI);
  });

  it('at its stand, says it is blocked at once where the turn sweeps the arm into something either way', () => {
    // As above, with a second edge along y = +0.35: no way round. It must not stand there
    // commanding nothing until the progress checker notices (8 s).
    const counters = new Costmap2D(0.05, 100, 100, -2, -2);
    for (let x = 0.025; x < 1; x += 0.05)
      for (const y of [-0.325, 0.325]) counters.costs[counters.index(x, y)] = LETHAL_OBSTACLE;
    const controller = new HolonomicPursuitController({
      ...DEFAULT_CONTROLLER,
      limits: { ...LIMITS, maxAngularRps: 0.6, maxAngularAccel: 1.0 },
    });
    controller.setFootprintOutline(footprintOutline(parseFootprint(CARRY), 0.215, 0.05));
    controller.setPath(Path2D.fromWaypoints([-0.01, 0, 0, 0], (-160 * Math.PI) / 180, 0.05));
    const run = drive(controller, counters, Float64Array.of(0, 0, 0), 40);
    expect(run.armInWall).toBe(false);
    expect(run.arrived).toBe(false);
    expect(run.blocked).toBe(true);
  });
});
