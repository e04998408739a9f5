import { describe, expect, it } from 'vitest';
import {
  CollisionMonitor,
  Costmap2D,
  DEFAULT_CONTROLLER,
  DEFAULT_NAVIGATION_TASK,
  GridPlanner,
  HolonomicPursuitController,
  INSCRIBED_INFLATED_OBSTACLE,
  LayeredCostmap,
  LETHAL_OBSTACLE,
  NavigateToPoseTask,
  Path2D,
  type Recovery,
  type Twist2D,
} from '../../src/navigation/index.ts';

const LIMITS = { maxLinearMps: 0.3, maxAngularRps: 1.2, maxLinearAccel: 0.6, maxAngularAccel: 2 };
const PERIOD_S = DEFAULT_CONTROLLER.controlPeriodS;
const INFLATION = { inscribedRadiusM: 0.215, inflationRadiusM: 0.55, costScalingFactor: 3 };

/** An ideal omnidirectional base: body-frame twist integrated over one period. */
function move(pose: Float64Array, twist: Twist2D, dtS = PERIOD_S): void {
  const c = Math.cos(pose[2]!);
  const s = Math.sin(pose[2]!);
  pose[0]! += (c * twist.vx - s * twist.vy) * dtS;
  pose[1]! += (s * twist.vx + c * twist.vy) * dtS;
  pose[2]! += twist.wz * dtS;
}

describe('holonomic pursuit controller', () => {
  it('keeps to the speed and acceleration limits and stops on the goal within tolerance without oscillating', () => {
    const controller = new HolonomicPursuitController({ ...DEFAULT_CONTROLLER, limits: LIMITS });
    const free = new Costmap2D(0.05, 100, 100, -2, -2);
    controller.setPath(Path2D.fromWaypoints([0, 0, 1.5, 0, 1.5, 1.2], Math.PI / 2 + 0.7, 0.05));
    const pose = Float64Array.of(0, 0, 0);
    let velocity: Twist2D = { vx: 0, vy: 0, wz: 0 };
    let arrived = false;
    let reversals = 0;
    let lastSign = 0;
    for (let step = 0; step < 600 && !arrived; step++) {
      const result = controller.computeVelocity(pose, velocity, free);
      if (result.kind === 'arrived') {
        arrived = true;
        break;
      }
      expect(result.kind).toBe('drive');
      const twist = result.twist;
      expect(Math.hypot(twist.vx, twist.vy)).toBeLessThanOrEqual(LIMITS.maxLinearMps * Math.SQRT2 + 1e-9);
      expect(Math.abs(twist.vx)).toBeLessThanOrEqual(LIMITS.maxLinearMps + 1e-9);
      expect(Math.abs(twist.wz)).toBeLessThanOrEqual(LIMITS.maxAngularRps + 1e-9);
      expect(Math.abs(twist.vx - velocity.vx)).toBeLessThanOrEqual(LIMITS.maxLinearAccel * PERIOD_S + 1e-9);
      expect(Math.abs(twist.wz - velocity.wz)).toBeLessThanOrEqual(LIMITS.maxAngularAccel * PERIOD_S + 1e-9);
      // Oscillation: the velocity towards the goal changes sign near it.
      const mapVx = Math.cos(pose[2]!) * twist.vx - Math.sin(pose[2]!) * twist.vy;
      const mapVy = Math.sin(pose[2]!) * twist.vx + Math.cos(pose[2]!) * twist.vy;
      const toGoal = (1.5 - pose[0]!) * mapVx + (1.2 - pose[1]!) * mapVy;
      const sign = Math.sign(Math.round(toGoal * 1e4));
      if (sign !== 0 && lastSign !== 0 && sign !== lastSign) reversals++;
      if (sign !== 0) lastSign = sign;
      velocity = twist;
      move(pose, twist);
    }
    expect(arrived).toBe(true);
    expect(Math.hypot(pose[0]! - 1.5, pose[1]! - 1.2)).toBeLessThanOrEqual(
      DEFAULT_CONTROLLER.xyGoalToleranceM,
    );
    expect(Math.abs(pose[2]! - (Math.PI / 2 + 0.7))).toBeLessThanOrEqual(
      DEFAULT_CONTROLLER.yawGoalToleranceRad,
    );
    expect(reversals).toBeLessThanOrEqual(1);
  });

  it('follows a path bending round furniture in a narrow gap where the line to its carrot cuts the corner', () => {
    const controller = new HolonomicPursuitController({ ...DEFAULT_CONTROLLER, limits: LIMITS });
    // The robot's centre may not enter the furniture's inscribed band, which begins one cell to
    // its right and ends 30 cm ahead; the path goes up past it, then right.
    const costmap = new Costmap2D(0.05, 100, 100, -2, -2);
    for (let j = costmap.index(0, -1); j <= costmap.index(0, 0.29); j += costmap.width)
      for (let i = 1; i <= 20; i++) costmap.costs[j + i] = INSCRIBED_INFLATED_OBSTACLE;
    controller.setPath(Path2D.fromWaypoints([0.025, 0.025, 0.025, 0.375, 0.8, 0.375], 0, 0.05));
    const pose = Float64Array.of(0.025, 0.025, Math.PI / 2);
    let velocity: Twist2D = { vx: 0, vy: 0, wz: 0 };
    let arrived = false;
    for (let step = 0; step < 400 && !arrived; step++) {
      const result = controller.computeVelocity(pose, velocity, costmap);
      if (result.kind === 'blocked') console.log('STEP', step, [...pose], velocity);
      expect(result.kind).not.toBe('blocked');
      arrived = result.kind === 'arrived';
      velocity = result.twist;
      move(pose, velocity);
      expect(costmap.costAt(pose[0]!, pose[1]!)).toBeLessThan(INSCRIBED_INFLATED_OBSTACLE);
    }
    expect(arrived).toBe(true);
  });

  it('checks a command only up to the carrot (and the distance to stop), so it keeps its speed into a corner', () => {
    const controller = new HolonomicPursuitController({ ...DEFAULT_CONTROLLER, limits: LIMITS });
    // A corridor two cells wide along x that turns up y at x = 0.6; inscribed cells all round.
    const costmap = new Costmap2D(0.05, 100, 100, -2, -2);
    for (let k = 0; k < costmap.costs.length; k++) {
      const cx = costmap.originX + ((k % costmap.width) + 0.5) * 0.05;
      const cy = costmap.originY + (Math.floor(k / costmap.width) + 0.5) * 0.05;
      const free = (Math.abs(cy) <= 0.05 && cx <= 0.65) || (Math.abs(cx - 0.6) <= 0.05 && cy >= -0.05);
      costmap.costs[k] = free ? 0 : INSCRIBED_INFLATED_OBSTACLE;
    }
    controller.setPath(Path2D.fromWaypoints([0, 0, 0.6, 0, 0.6, 0.6], Math.PI / 2, 0.05));
    // 11 cm before the bend at 0.25 m/s: a full second straight on would leave the corridor.
    const result = controller.computeVelocity(
      Float64Array.of(0.49, 0, 0),
      { vx: 0.25, vy: 0, wz: 0 },
      costmap,
    );
    expect(result.kind).toBe('drive');
    expect(Math.hypot(result.twist.vx, result.twist.vy)).toBeGreaterThan(0.2);
  });

  it('slows beside furniture, down to regulated_linear_scaling_min_speed and no lower', () => {
    // A long straight path along a wall whose inflation reaches the path: cost 240 all the way.
    const costmap = new Costmap2D(0.05, 100, 100, -2, -2);
    costmap.costs.fill(240);
    const cruise = (minSpeedMps: number) => {
      const controller = new HolonomicPursuitController({
        ...DEFAULT_CONTROLLER,
        regulationMinSpeedMps: minSpeedMps,
        limits: LIMITS,
      });
      controller.setPath(Path2D.fromWaypoints([0, 0, 2.4, 0], 0, 0.05));
      const pose = Float64Array.of(0, 0, 0);
      let velocity: Twist2D = { vx: 0, vy: 0, wz: 0 };
      let fastest = 0;
      for (let step = 0; step < 40; step++) {
        const result = controller.computeVelocity(pose, velocity, costmap);
        expect(result.kind).toBe('drive');
        if (result.kind !== 'drive') break;
        velocity = result.twist;
        fastest = Math.max(fastest, Math.hypot(velocity.vx, velocity.vy));
        move(pose, velocity);
      }
      return fastest;
    };
    expect(cruise(0.25)).toBeCloseTo(0.25, 6);
    expect(cruise(0.1)).toBeCloseTo(0.1, 6);
    // Never faster than the limit, however high the floor.
    expect(cruise(1)).toBeCloseTo(LIMITS.maxLinearMps, 6);
  });

  it('stops short of an obstacle on the path that the map did not have, and says it is blocked', () => {
    const controller = new HolonomicPursuitController({ ...DEFAULT_CONTROLLER, limits: LIMITS });
    // The navigator's footprint padding: one cell.
    const local = new LayeredCostmap({
      resolutionM: 0.05,
      extent: { kind: 'rolling', windowM: 3 },
      inflation: { ...INFLATION, inscribedRadiusM: INFLATION.inscribedRadiusM + 0.05 },
    });
    local.update(0, 0);
    local.obstacleLayer.observe(0, 0, Float64Array.of(0.8, 0), Uint8Array.of(1), 1);
    controller.setPath(Path2D.fromWaypoints([0, 0, 1.5, 0], 0, 0.05));
    const pose = Float64Array.of(0, 0, 0);
    let velocity: Twist2D = { vx: 0, vy: 0, wz: 0 };
    let result = controller.computeVelocity(pose, velocity, local.update(0, 0));
    for (let step = 0; step < 400 && result.kind === 'drive'; step++) {
      velocity = result.twist;
      move(pose, velocity);
      result = controller.computeVelocity(pose, velocity, local.update(0, 0));
    }
    expect(result.kind).toBe('blocked');
    expect(pose[0]).toBeLessThan(0.8 - INFLATION.inscribedRadiusM);
    expect(pose[0]).toBeGreaterThan(0.3);
  });

  it('keeps clear of furniture only the global costmap has (the local one cleared, the laser blind behind)', () => {
    const local = new Costmap2D(0.05, 60, 60, -1.5, -1.5);
    const global = new LayeredCostmap({ resolutionM: 0.05, extent: { kind: 'map' }, inflation: INFLATION });
    // A counter on the map across the (stale) path behind the base, its face at x = -0.3.
    const data = new Int8Array(80 * 80);
    for (let r = 30; r < 50; r++) data[r * 80 + 33] = 100;
    global.staticLayer!.setMap({ resolutionM: 0.05, width: 80, height: 80, originX: -2, originY: -2, data });
    global.update(0, 0);
    // Where the centre goes on the map, with the global costmap as the guard and without.
    const deepest = (guarded: boolean) => {
      const controller = new HolonomicPursuitController({ ...DEFAULT_CONTROLLER, limits: LIMITS });
      controller.setPath(Path2D.fromWaypoints([0, 0, -1.5, 0], 0, 0.05));
      const pose = Float64Array.of(0, 0, 0);
      let velocity: Twist2D = { vx: 0, vy: 0, wz: 0 };
      let highest = 0;
      for (let step = 0; step < 600; step++) {
        const result = controller.computeVelocity(pose, velocity, local, guarded ? global.master : undefined);
        if (result.kind !== 'drive') break;
        velocity = result.twist;
        move(pose, velocity);
        highest = Math.max(highest, global.master.costAt(pose[0]!, pose[1]!));
      }
      return highest;
    };
    expect(deepest(true)).toBeLessThan(INSCRIBED_INFLATED_OBSTACLE);
    // The local costmap alone lets it drive into the counter.
    expect(deepest(false)).toBeGreaterThanOrEqual(LETHAL_OBSTACLE);
  });

  it('turns to the goal heading on the way, when slow to turn (carrying), not on the spot at the goal', () => {
    const carrying = { ...LIMITS, maxAngularRps: 0.4, maxAngularAccel: 0.5 };
    const controller = new HolonomicPursuitController({ ...DEFAULT_CONTROLLER, limits: carrying });
    const free = new Costmap2D(0.05, 100, 60, -1, -1.5);
    controller.setPath(Path2D.fromWaypoints([0, 0, 2.5, 0], 2, 0.05));
    const pose = Float64Array.of(0, 0, 0);
    let velocity: Twist2D = { vx: 0, vy: 0, wz: 0 };
    let yawErrorOnArrival = Infinity;
    for (let step = 0; step < 1200; step++) {
      const result = controller.computeVelocity(pose, velocity, free);
      if (result.kind !== 'drive') break;
      velocity = result.twist;
      move(pose, velocity);
      if (yawErrorOnArrival === Infinity && Math.hypot(pose[0]! - 2.5, pose[1]!) < 0.05)
        yawErrorOnArrival = Math.abs(pose[2]! - 2);
    }
    expect(yawErrorOnArrival).toBeLessThan(0.3);
  });

  it("faces the goal's heading from the start when told to (carrying), turning once and little", () => {
    // The path runs along +y; the goal's heading is the start's (0): along the path, the base
    // turns a quarter turn and back; facing the goal, it travels sideways and hardly turns.
    const turned = (mode: 'path' | 'goal') => {
      const carrying = { ...LIMITS, maxAngularRps: 0.4, maxAngularAccel: 0.5 };
      const controller = new HolonomicPursuitController({ ...DEFAULT_CONTROLLER, limits: carrying });
      controller.setTravelHeading(mode);
      controller.setPath(Path2D.fromWaypoints([0, 0, 0, 3], 0, 0.05));
      const free = new Costmap2D(0.05, 60, 100, -1.5, -1);
      const pose = Float64Array.of(0, 0, 0);
      let velocity: Twist2D = { vx: 0, vy: 0, wz: 0 };
      let turnedRad = 0;
      for (let step = 0; step < 1200; step++) {
        const result = controller.computeVelocity(pose, velocity, free);
        if (result.kind === 'arrived') return turnedRad;
        expect(result.kind).toBe('drive');
        velocity = result.twist;
        move(pose, velocity);
        turnedRad += Math.abs(velocity.wz) * PERIOD_S;
      }
      throw new Error('never arrived');
    };
    expect(turned('path')).toBeGreaterThan(2.5);
    expect(turned('goal')).toBeLessThan(0.1);
  });

  it('slides past an inscribed band its path clips (a path wrapped close round an obstacle) instead of stopping', () => {
    const controller = new HolonomicPursuitController({ ...DEFAULT_CONTROLLER, limits: LIMITS });
    // The band's edge runs along the path, its top row level with the base's centre, 5–50 cm ahead.
    const costmap = new Costmap2D(0.05, 60, 40, -1, -1);
    for (let r = costmap.row(-0.5); r <= costmap.row(0.01); r++)
      for (let c = costmap.column(0.05); c <= costmap.column(0.49); c++)
        costmap.costs[r * costmap.width + c] = INSCRIBED_INFLATED_OBSTACLE;
    controller.setPath(Path2D.fromWaypoints([0, 0.01, 1.5, 0.01], 0, 0.05));
    const pose = Float64Array.of(0, 0.01, 0);
    let velocity: Twist2D = { vx: 0, vy: 0, wz: 0 };
    let result = controller.computeVelocity(pose, velocity, costmap);
    let lowest = Infinity;
    for (let step = 0; step < 600 && result.kind === 'drive'; step++) {
      velocity = result.twist;
      move(pose, velocity);
      if (pose[0]! > 0.05 && pose[0]! < 0.49) lowest = Math.min(lowest, pose[1]!);
      result = controller.computeVelocity(pose, velocity, costmap);
    }
    expect(result.kind).toBe('arrived');
    // It went along the band's edge, not into it (to the roll-outs' 0.1 s sampling).
    expect(lowest).toBeGreaterThan(0.05 - 1e-3);
    // With a person about (far off, not in the way), the way round is avoidMovers' to choose: no
    // slide, it stops short of the band and says blocked.
    const withPerson = new HolonomicPursuitController({ ...DEFAULT_CONTROLLER, limits: LIMITS });
    withPerson.setPath(Path2D.fromWaypoints([0, 0.01, 1.5, 0.01], 0, 0.05));
    withPerson.setMovers([{ x: -0.8, y: 1.5, vx: -0.5, vy: 0, radiusM: 0.25 }]);
    const at = Float64Array.of(0, 0.01, 0);
    velocity = { vx: 0, vy: 0, wz: 0 };
    result = withPerson.computeVelocity(at, velocity, costmap);
    for (let step = 0; step < 200 && result.kind === 'drive'; step++) {
      velocity = result.twist;
      move(at, velocity);
      result = withPerson.computeVelocity(at, velocity, costmap);
    }
    expect(result.kind).toBe('blocked');
    expect(at[0]).toBeLessThan(0.05);
  });

  it('says it is blocked rather than creep where its path runs into an inscribed band', () => {
    // The robot 2 cm short of a band (cost 253 for x in 0.05–0.6; 252 where it stands), the path
    // running on through it to free space: no command but a crawl keeps the centre out.
    const costmap = new Costmap2D(0.05, 60, 20, -1, -0.5);
    for (let k = 0; k < costmap.costs.length; k++) {
      const x = costmap.originX + ((k % costmap.width) + 0.5) * costmap.resolutionM;
      costmap.costs[k] = x > 0.6 ? 0 : x > 0.05 ? INSCRIBED_INFLATED_OBSTACLE : 252;
    }
    const controller = new HolonomicPursuitController({ ...DEFAULT_CONTROLLER, limits: LIMITS });
    controller.setPath(Path2D.fromWaypoints([0.03, 0, 1.5, 0], 0, 0.05));
    const pose = Float64Array.of(0.03, 0, 0);
    let velocity: Twist2D = { vx: 0.05, vy: 0, wz: 0 };
    let result = controller.computeVelocity(pose, velocity, costmap);
    // Within a second (the progress checker waited 8 s, and the recoveries after it 20 s).
    for (let step = 0; step < 20 && result.kind === 'drive'; step++) {
      velocity = result.twist;
      move(pose, velocity);
      result = controller.computeVelocity(pose, velocity, costmap);
    }
    expect(result.kind).toBe('blocked');
    expect(costmap.costAt(pose[0]!, pose[1]!)).toBe(252);
  });
});

describe('collision monitor', () => {
  const monitor = new CollisionMonitor({
    footprintRadiusM: 0.215,
    marginM: 0.03,
    timeBeforeCollisionS: 1.2,
    simulationStepS: 0.05,
    maxLinearMps: 0.3,
  });
  const ahead = Float64Array.of(0.4, 0);
  const forward = { vx: 0.3, vy: 0, wz: 0 };

  it('slows the base before what it approaches and lets it move away from what is close', () => {
    const slowed = monitor.filter(forward, ahead, 1, { kind: 'none' }, 'released');
    expect(slowed.action).toBe('slowdown');
    expect(slowed.twist.vx).toBeLessThan(0.3);
    expect(slowed.collisionTimeS).toBeCloseTo(0.5, 1);
    const close = Float64Array.of(0.23, 0);
    expect(monitor.filter(forward, close, 1, { kind: 'none' }, 'released').twist.vx).toBe(0);
    const away = monitor.filter({ vx: -0.2, vy: 0.1, wz: 0 }, close, 1, { kind: 'none' }, 'released');
    expect(away.action).toBe('none');
    expect(away.twist.vx).toBe(-0.2);
    // A desk's leg 2 cm inside the margin, beside the base: driving on past it is slowed only
    // before the footprint itself would touch it (it did not move at all before).
    const leg = Float64Array.of(0.05, 0.225);
    const past = monitor.filter({ vx: 0.1, vy: 0, wz: 0 }, leg, 1, { kind: 'none' }, 'released');
    expect(past.twist.vx).toBeGreaterThan(0);
    // On a course that would rub the leg (the footprint itself meets it), it still stops.
    const rubbing = monitor.filter({ vx: 0.1, vy: 0.02, wz: 0 }, leg, 1, { kind: 'none' }, 'released');
    expect(rubbing.collisionTimeS).toBeLessThan(0.6);
    // Passing within a bumper's travel of the footprint would press it: slowed, then stopped.
    const brushed = Float64Array.of(0.05, 0.221);
    const brushing = monitor.filter({ vx: 0.1, vy: 0, wz: 0 }, brushed, 1, { kind: 'none' }, 'released');
    expect(brushing.collisionTimeS).toBeLessThan(0.5);
  });

  it('the emergency stop and the speed limit override any command', () => {
    expect(monitor.filter(forward, new Float64Array(0), 0, { kind: 'none' }, 'engaged').twist).toEqual({
      vx: 0,
      vy: 0,
      wz: 0,
    });
    const limited = monitor.filter(
      { vx: 0.3, vy: 0.3, wz: 0 },
      new Float64Array(0),
      0,
      { kind: 'percent', percent: 50 },
      'released',
    );
    expect(Math.hypot(limited.twist.vx, limited.twist.vy)).toBeCloseTo(0.15, 9);
    expect(limited.action).toBe('speed_limit');
  });
});

describe('navigate to pose task', () => {
  /** A 4 m x 2 m room with a wall across it, open at the top: goals past the wall need the detour. */
  function room(wallOpen: 'open' | 'closed') {
    const global = new LayeredCostmap({ resolutionM: 0.05, extent: { kind: 'map' }, inflation: INFLATION });
    const data = new Int8Array(80 * 40);
    for (let r = 0; r < 40; r++) if (wallOpen === 'closed' || r < 28) data[r * 80 + 40] = 100;
    global.staticLayer!.setMap({ resolutionM: 0.05, width: 80, height: 40, originX: 0, originY: 0, data });
    const local = new LayeredCostmap({
      resolutionM: 0.05,
      extent: { kind: 'rolling', windowM: 3 },
      inflation: INFLATION,
    });
    return { global, local };
  }

  function run(
    wall: 'open' | 'closed',
    block?: (local: LayeredCostmap, global: LayeredCostmap, timeS: number) => void,
    limits = LIMITS,
  ) {
    const { global, local } = room(wall);
    const recoveries: Recovery[] = [];
    const pose = Float64Array.of(0.6, 0.6, 0);
    const task = new NavigateToPoseTask(
      [3.4, 0.6, 0],
      0,
      global,
      local,
      new GridPlanner(),
      new HolonomicPursuitController({ ...DEFAULT_CONTROLLER, limits }),
      DEFAULT_NAVIGATION_TASK,
      { recovery: (kind) => recoveries.push(kind) },
    );
    let velocity: Twist2D = { vx: 0, vy: 0, wz: 0 };
    const twists: Twist2D[] = [];
    for (let timeS = 0; timeS < 200; timeS += PERIOD_S) {
      global.update(pose[0]!, pose[1]!);
      local.update(pose[0]!, pose[1]!);
      block?.(local, global, timeS);
      const step = task.tick(timeS, pose, velocity);
      if (step.kind !== 'drive') return { step, pose, recoveries, twists };
      velocity = step.twist;
      twists.push(velocity);
      move(pose, velocity);
    }
    throw new Error('the task never ended');
  }

  it('drives around the wall to the goal', () => {
    const { step, pose } = run('open');
    expect(step.kind).toBe('succeeded');
    expect(Math.hypot(pose[0]! - 3.4, pose[1]! - 0.6)).toBeLessThanOrEqual(0.05);
  });

  /** A box dropped in the gap after the start: the obstacle layer sees it on every update. */
  const boxInTheGap = (local: LayeredCostmap, global: LayeredCostmap) => {
    for (const layered of [local, global]) {
      const points = new Float64Array(2 * 20);
      for (let k = 0; k < 20; k++) {
        points[2 * k] = 2.0;
        points[2 * k + 1] = 1.4 + 0.03 * k;
      }
      layered.obstacleLayer.observe(1.0, 1.6, points, new Uint8Array(20).fill(1), 20);
      layered.update(0.6, 0.6);
    }
  };

  it('recovers in order when the way is blocked and ends saying no path leads there', () => {
    const { step, recoveries } = run('open', boxInTheGap);
    expect(step).toMatchObject({ kind: 'failed', code: 'no_valid_path' });
    expect(recoveries.slice(0, 4)).toEqual(['clear_costmaps', 'back_up', 'spin', 'wait']);
  });

  it('recovers within the limits the base has while it carries something', () => {
    // The task planner's carry limits: what the hand holds is not swung about by a spin.
    const carrying = { ...LIMITS, maxAngularRps: 0.6, maxAngularAccel: 1.0 };
    const { recoveries, twists } = run('open', boxInTheGap, carrying);
    expect(recoveries).toContain('spin');
    let last: Twist2D = { vx: 0, vy: 0, wz: 0 };
    for (const twist of twists) {
      expect(Math.abs(twist.wz)).toBeLessThanOrEqual(0.6 + 1e-9);
      expect(Math.abs(twist.wz - last.wz)).toBeLessThanOrEqual(1.0 * PERIOD_S + 1e-9);
      expect(Math.hypot(twist.vx - last.vx, twist.vy - last.vy)).toBeLessThanOrEqual(
        LIMITS.maxLinearAccel * PERIOD_S * Math.SQRT2 + 1e-9,
      );
      last = twist;
    }
  });

  it('backs up clear of furniture the map has, which clear_costmaps took from the local costmap', () => {
    // A wall (furniture on SLAM's map) 3 cm behind the base's edge; a box across the room just
    // ahead, seen by the laser, leaves no path, so the recoveries run: clear_costmaps, then back_up.
    const global = new LayeredCostmap({ resolutionM: 0.05, extent: { kind: 'map' }, inflation: INFLATION });
    const data = new Int8Array(80 * 40);
    for (let r = 0; r < 40; r++) data[r * 80] = data[r * 80 + 1] = 100;
    global.staticLayer!.setMap({ resolutionM: 0.05, width: 80, height: 40, originX: 0, originY: 0, data });
    const local = new LayeredCostmap({
      resolutionM: 0.05,
      extent: { kind: 'rolling', windowM: 3 },
      inflation: INFLATION,
    });
    const pose = Float64Array.of(0.1 + 0.215 + 0.03, 1.0, 0);
    const recoveries: Recovery[] = [];
    const task = new NavigateToPoseTask(
      [3.4, 1.0, 0],
      0,
      global,
      local,
      new GridPlanner(),
      new HolonomicPursuitController({ ...DEFAULT_CONTROLLER, limits: LIMITS }),
      DEFAULT_NAVIGATION_TASK,
      { recovery: (kind) => recoveries.push(kind) },
    );
    const box = new Float64Array(2 * 40);
    for (let k = 0; k < 40; k++) {
      box[2 * k] = 0.75;
      box[2 * k + 1] = 0.025 + 0.05 * k;
    }
    let velocity: Twist2D = { vx: 0, vy: 0, wz: 0 };
    let closestToWallM = Infinity;
    let backedUpM = 0;
    for (let timeS = 0; timeS < 60 && recoveries.length < 3; timeS += PERIOD_S) {
      for (const layered of [local, global]) {
        layered.obstacleLayer.observe(pose[0]!, pose[1]!, box, new Uint8Array(40).fill(1), 40);
        layered.update(pose[0]!, pose[1]!);
      }
      const step = task.tick(timeS, pose, velocity);
      if (step.kind !== 'drive') break;
      velocity = step.twist;
      const before = [pose[0]!, pose[1]!];
      move(pose, velocity);
      if (recoveries.at(-1) === 'back_up')
        backedUpM += Math.hypot(pose[0]! - before[0]!, pose[1]! - before[1]!);
      closestToWallM = Math.min(closestToWallM, pose[0]! - 0.1);
    }
    expect(recoveries.slice(0, 2)).toEqual(['clear_costmaps', 'back_up']);
    // It did back up, and not towards the wall it cannot see behind it.
    expect(backedUpM).toBeGreaterThan(0.1);
    expect(closestToWallM).toBeGreaterThanOrEqual(0.215 + 0.03 - 1e-3);
  });

  it('rejects a goal inside an obstacle before planning', () => {
    const { global } = room('open');
    global.update(0, 0);
    expect(NavigateToPoseTask.checkGoal([2.0, 0.5, 0], global)).toMatchObject({ code: 'goal_occupied' });
    expect(NavigateToPoseTask.checkGoal([9, 0.5, 0], global)).toMatchObject({ code: 'goal_outside_map' });
    expect(NavigateToPoseTask.checkGoal([3, 0.5, 0], global)).toBeUndefined();
    expect(global.master.costs[10 * 80 + 40]).toBe(LETHAL_OBSTACLE);
  });
});
