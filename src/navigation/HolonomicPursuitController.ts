/**
 * The local controller for an omnidirectional base: regulated pure pursuit with holonomic terms
 * (after Nav2's Regulated Pure Pursuit, Macenski et al. 2023). The base drives straight at a
 * carrot `lookahead` ahead on the path (no curvature constraint: it can move sideways) while it
 * turns to face along the path, and to the goal's yaw in the last `finalApproachM`. Speed is
 * regulated by the distance left (v ≤ √(2·a·d), so it stops on the goal without overshoot), by
 * the cost under the robot (slower near furniture) and by a collision check: the command is
 * rolled out on the local costmap for `collisionHorizonS` (or up to the carrot, at least as far
 * as it takes to stop) and scaled down until no pose of the roll-out reaches `collisionCost`; a turn that would sweep the footprint's outline beyond the
 * round base (an arm held out: `setFootprintOutline`) onto a LETHAL cell is braked. People and other movers (`setMovers`) are yielded to: where the
 * command would come within `yieldMarginM` of a mover's predicted path, another velocity is
 * searched for (`avoidMovers`). Commands respect the base's speed and acceleration limits at the
 * control period. Velocities are in the base frame (x forward, y left), poses [x, y, yaw] in the
 * map frame.
 */
import { wrap } from '../geometry/so2.ts';
import { Costmap2D, INSCRIBED_INFLATED_OBSTACLE, NO_INFORMATION } from './Costmap2D.ts';
import { avoidMovers } from './avoidMovers.ts';
import { outlineHits } from './footprintPolygon.ts';
import type { MovingObstacle } from './MovingObstacleTracker.ts';
import type { Path2D } from './Path2D.ts';
import { limitAcceleration } from './limitAcceleration.ts';
import { centreMayEnter, rolloutClear } from './rolloutClear.ts';

export interface BaseLimits {
  readonly maxLinearMps: number;
  readonly maxAngularRps: number;
  readonly maxLinearAccel: number;
  readonly maxAngularAccel: number;
}

export interface ControllerOptions {
  readonly limits: BaseLimits;
  readonly controlPeriodS: number;
  readonly lookaheadM: number;
  readonly finalApproachM: number;
  readonly xyGoalToleranceM: number;
  readonly yawGoalToleranceRad: number;
  /** Fraction of the acceleration limit used to brake towards the goal (margin for latency). */
  readonly brakingFraction: number;
  /**
   * Cost above which speed is scaled down, linearly to INSCRIBED, but never below
   * `regulationMinSpeedMps` (Nav2's regulated_linear_scaling_min_speed): every stand in a living
   * room is beside furniture, and halving the speed there made the last metre of most drives the
   * slowest (0.15 m/s for the last 1.5 m to a counter); the roll-outs and the collision monitor
   * keep the base off things.
   */
  readonly regulationCost: number;
  readonly regulationMinSpeedMps: number;
  readonly collisionHorizonS: number;
  /**
   * Cost from which a roll-out pose collides: INSCRIBED, the planner's own limit, so what the
   * planner takes the controller follows (the margin for the grid's coarseness is the costmap's
   * footprint padding); the goal's own cost is always allowed, so a goal the planner took close
   * to furniture stays reachable.
   */
  readonly collisionCost: number;
  /** The base's radius, for keeping clear of movers (people). */
  readonly robotRadiusM: number;
  /** Gap kept to a mover's predicted path over `yieldHorizonS`. */
  readonly yieldMarginM: number;
  readonly yieldHorizonS: number;
}

/** The nearest a carrot comes along the path when the line to a farther one is not clear (m). */
const MIN_CARROT_M = 0.1;

export const DEFAULT_CONTROLLER: Omit<ControllerOptions, 'limits'> = {
  controlPeriodS: 0.05,
  lookaheadM: 0.45,
  finalApproachM: 0.5,
  xyGoalToleranceM: 0.05,
  yawGoalToleranceRad: 0.05,
  brakingFraction: 0.5,
  regulationCost: 100,
  regulationMinSpeedMps: 0.25,
  collisionHorizonS: 1.0,
  collisionCost: INSCRIBED_INFLATED_OBSTACLE,
  robotRadiusM: 0.25,
  yieldMarginM: 0.15,
  yieldHorizonS: 2.5,
};

export interface Twist2D {
  vx: number;
  vy: number;
  wz: number;
}

export type ControlResult =
  | {
      readonly kind: 'drive';
      readonly twist: Twist2D;
      readonly pathIndex: number;
      readonly distanceToGoalM: number;
    }
  | { readonly kind: 'arrived'; readonly twist: Twist2D }
  | { readonly kind: 'blocked'; readonly twist: Twist2D; readonly message: string };

const SCALES = [1, 0.75, 0.5, 0.3, 0.15];
/**
 * A command slower than this (m/s) that was scaled down from a faster wish is no way on: each
 * period scales down what the last let through, so it settles at a few millimetres a second
 * (a base 2 cm from an inscribed band its path ran into crept at 5 mm/s until the progress
 * checker's recoveries, 20 s later). The way counts as blocked instead, and the task replans.
 */
const MIN_SCALED_SPEED_MPS = 0.02;
/**
 * Below both (m/s, rad/s) a command stands still: where the base wants to move or turn, that is no
 * way on either (at its stand, with the turn to the goal's heading sweeping the arm into something
 * both ways, it stood commanding nothing for 8 s before each recovery).
 */
const STILL_MPS = 0.005;
const STILL_RPS = 0.02;
/**
 * Turns off the line to the carrot (rad, nearest first) tried where that line is blocked: a path
 * wrapped close round an obstacle's inscribed band has its chord clip the band, and a base just
 * off it, its centre a cell from the band, stood there through every recovery while sliding along
 * the band's edge was free. Up to 60°, each still closes on the carrot; none into higher cost.
 */
const DEFLECTIONS_RAD = [0.35, -0.35, 0.7, -0.7, 1.05, -1.05];
/**
 * How far off its heading the base may travel facing the goal's heading (rad): the way ahead stays
 * 25° inside the laser's 270° field of view.
 */
const TRAVEL_IN_VIEW_RAD = (110 * Math.PI) / 180;
/** Committed to the long way round, a heading error the short way larger than this is turned the long way. */
const LONG_WAY_FROM_RAD = Math.PI / 2;
const NO_OUTLINE = new Float64Array(0);

export class HolonomicPursuitController {
  #pathIndex = 0;
  #path: Path2D | undefined;
  /** Latched once within a fifth of the xy tolerance, until it drifts out of the tolerance: then only turn. */
  #positionReached = false;
  /**
   * The way round (+1 or −1) the base turns to the goal's heading, once the short way was found to
   * sweep what sticks out (an arm held out) into something: 0 until then. Turned only the short way,
   * a base that came to its stand beside a counter facing away stood there until the progress
   * checker's recoveries backed it out.
   */
  #turnSign = 0;

  #movers: readonly MovingObstacle[] = [];
  #outline: Float64Array = new Float64Array(0);
  #travelHeading: 'path' | 'goal' = 'path';

  constructor(readonly options: ControllerOptions) {}

  /** The movers (people) seen last, in the map frame: the commands keep clear of their paths. */
  setMovers(movers: readonly MovingObstacle[]): void {
    this.#movers = movers;
  }

  /**
   * What the base faces while it travels: 'path', along the path (the laser looks where it goes),
   * or 'goal', the goal's heading from the start wherever the way ahead stays within
   * TRAVEL_IN_VIEW_RAD of it (else as near it as keeps the way in view): an omnidirectional base
   * then turns once, and as little as it can. What the hand holds creeps round in the pads with
   * every turn of the base (a pinched t-shirt fell after half a radian, at 0.2 or 0.4 rad/s alike).
   */
  setTravelHeading(mode: 'path' | 'goal'): void {
    this.#travelHeading = mode;
  }

  /** What sticks out of the round base (footprintPolygon.ts's `footprintOutline`); empty for none. */
  setFootprintOutline(outline: Float64Array): void {
    this.#outline = outline;
  }

  get footprintOutline(): Float64Array {
    return this.#outline;
  }

  /**
   * How far ahead a command at `speed` is checked: `collisionHorizonS`, but no further than the
   * carrot `toDistance` away (as Nav2's RPP does: the next cycles aim past it, along the path;
   * a 1 s straight line would leave a path that bends in a narrow gap), and never less than the
   * base needs to stop.
   */
  #horizonS(speed: number, toDistance: number): number {
    const o = this.options;
    if (speed < 1e-6) return o.collisionHorizonS;
    const stopS = speed / o.limits.maxLinearAccel + o.controlPeriodS;
    return Math.min(o.collisionHorizonS, Math.max(toDistance / speed, stopS));
  }

  /**
   * How far from the goal the base starts turning to the goal's heading: far enough that at full
   * speed the turn from the path's last heading is over before it arrives. Slow to turn (carrying:
   * 0.4 rad/s), it turned only in the final approach and arrived 1.5–2.6 rad off, to turn on the
   * spot beside the furniture with the arm held out (the turn blocked both ways, 24 times in four
   * tidy-ups).
   */
  #turnToGoalFromM(path: Path2D): number {
    const { limits } = this.options;
    const last = path.length - 1;
    const turnRad = Math.abs(wrap(path.poses[3 * last + 2]! - path.poses[3 * Math.max(0, last - 1) + 2]!));
    const turnS = turnRad / limits.maxAngularRps + limits.maxAngularRps / limits.maxAngularAccel;
    return Math.max(this.options.lookaheadM, limits.maxLinearMps * turnS);
  }

  /** Follows a new path from its closest pose on. */
  setPath(path: Path2D): void {
    this.#path = path;
    this.#pathIndex = 0;
    this.#turnSign = 0;
  }

  /**
   * The cost the centre may not enter on `costmap`: the controller's, or above the goal's own (a
   * stand just off the furniture it serves is inside its inflation).
   */
  #collisionCost(costmap: Costmap2D, goalX: number, goalY: number): number {
    const goalCost = costmap.costAt(goalX, goalY);
    return Math.max(this.options.collisionCost, goalCost === NO_INFORMATION ? 0 : goalCost + 1);
  }

  /**
   * The next command. `pose` is the robot in the map frame, `velocity` its current (commanded)
   * base velocity, `costmap` the local costmap in the map frame. Every roll-out must also stay
   * clear on `guard` (the global costmap): the laser does not see behind the base, and after
   * clear_costmaps the rolling local costmap has forgotten furniture the map still has.
   */
  computeVelocity(
    pose: ArrayLike<number>,
    velocity: Twist2D,
    costmap: Costmap2D,
    guard?: Costmap2D,
  ): ControlResult {
    const path = this.#path;
    const stop = { vx: 0, vy: 0, wz: 0 };
    if (!path || path.length === 0) return { kind: 'blocked', twist: stop, message: 'no path to follow' };
    const o = this.options;
    const [x, y, yaw] = [pose[0]!, pose[1]!, pose[2]!];
    const last = path.length - 1;
    const goalX = path.poses[3 * last]!;
    const goalY = path.poses[3 * last + 1]!;
    const goalYaw = path.poses[3 * last + 2]!;
    const goalDistance = Math.hypot(goalX - x, goalY - y);
    const yawError = wrap(goalYaw - yaw);
    // Arrived within tolerance only once slow enough to stop in one period: stopping from speed
    // would break the acceleration limit and leave the base where its momentum takes it.
    const settled =
      Math.hypot(velocity.vx, velocity.vy) <= 0.5 * o.limits.maxLinearAccel * o.controlPeriodS &&
      Math.abs(velocity.wz) <= 0.5 * o.limits.maxAngularAccel * o.controlPeriodS;
    if (goalDistance <= o.xyGoalToleranceM && Math.abs(yawError) <= o.yawGoalToleranceRad && settled) {
      this.#positionReached = false;
      this.#turnSign = 0;
      return { kind: 'arrived', twist: stop };
    }
    this.#positionReached =
      goalDistance <= (this.#positionReached ? o.xyGoalToleranceM : o.xyGoalToleranceM / 5);
    if (!this.#positionReached) this.#turnSign = 0;

    // Progress along the path: the closest pose within a window ahead of the last one.
    let best = this.#pathIndex;
    let bestDistance = Infinity;
    const windowEnd = Math.min(last, this.#pathIndex + 40);
    for (let k = this.#pathIndex; k <= windowEnd; k++) {
      const d = Math.hypot(path.poses[3 * k]! - x, path.poses[3 * k + 1]! - y);
      if (d < bestDistance) {
        bestDistance = d;
        best = k;
      }
    }
    this.#pathIndex = best;
    const remainingM = path.totalLengthM - path.arcLength[best]! + bestDistance;

    const collisionCost = this.#collisionCost(costmap, goalX, goalY);
    // The carrot: `lookahead` further along the path, or the goal itself at the end, each only if
    // the straight line to it is clear: in a narrow gap the line to a carrot past a bend cuts the
    // corner of the furniture the path bends round, so the carrot comes nearer along the path.
    const finalApproach = remainingM <= o.finalApproachM;
    let carrot = best;
    while (carrot < last && path.arcLength[carrot]! - path.arcLength[best]! < o.lookaheadM) carrot++;
    const toGoal = finalApproach && centreSees(costmap, x, y, goalX, goalY, collisionCost);
    if (!toGoal) {
      // The nearest carrot still MIN_CARROT_M ahead; where none is in sight, the path itself is
      // blocked and the roll-outs below say so.
      let seen = carrot;
      while (
        seen > best &&
        path.arcLength[seen]! - path.arcLength[best]! >= MIN_CARROT_M &&
        !centreSees(costmap, x, y, path.poses[3 * seen]!, path.poses[3 * seen + 1]!, collisionCost)
      )
        seen--;
      if (path.arcLength[seen]! - path.arcLength[best]! >= MIN_CARROT_M) carrot = seen;
    }
    const tx = toGoal ? goalX : path.poses[3 * carrot]!;
    const ty = toGoal ? goalY : path.poses[3 * carrot + 1]!;
    const toX = tx - x;
    const toY = ty - y;
    const toDistance = Math.hypot(toX, toY);

    // Speed: limit, braking distance, cost regulation.
    const brake = o.brakingFraction * o.limits.maxLinearAccel;
    let speed = Math.min(o.limits.maxLinearMps, Math.sqrt(2 * brake * remainingM));
    if (finalApproach) speed = Math.min(speed, Math.sqrt(2 * brake * goalDistance), 2 * goalDistance);
    if (this.#positionReached) speed = 0;
    const here = costmap.costAt(x, y);
    if (here !== NO_INFORMATION && here > o.regulationCost) {
      const t = Math.min(1, (here - o.regulationCost) / (INSCRIBED_INFLATED_OBSTACLE - o.regulationCost));
      speed = Math.min(speed, Math.max(o.regulationMinSpeedMps, speed * (1 - t)));
    }
    let mapVx = toDistance > 1e-9 ? (speed * toX) / toDistance : 0;
    let mapVy = toDistance > 1e-9 ? (speed * toY) / toDistance : 0;
    const c = Math.cos(yaw);
    const s = Math.sin(yaw);
    // Likewise a goal whose outline touches something (a stand just off the furniture it serves)
    // is driven onto in the final approach without the outline's check.
    const outlineOn = (map: Costmap2D) =>
      finalApproach && outlineHits(map, this.#outline, goalX, goalY, goalYaw) > 0
        ? NO_OUTLINE
        : this.#outline;
    const outline = outlineOn(costmap);
    const guardCost = guard ? this.#collisionCost(guard, goalX, goalY) : 0;
    const guardOutline = guard ? outlineOn(guard) : NO_OUTLINE;
    /** A body-frame twist's roll-out is clear on the local costmap and the guard; `checked` is the outline or none. */
    const clear = (
      vx: number,
      vy: number,
      wz: number,
      horizonS: number,
      checked: Float64Array,
      localCost = collisionCost,
    ) =>
      rolloutClear(costmap, localCost, x, y, yaw, vx, vy, wz, horizonS, checked) &&
      (!guard ||
        rolloutClear(
          guard,
          guardCost,
          x,
          y,
          yaw,
          vx,
          vy,
          wz,
          horizonS,
          checked.length > 0 ? guardOutline : NO_OUTLINE,
        ));
    if (this.#movers.length > 0) {
      const chosen = avoidMovers(
        x,
        y,
        c * velocity.vx - s * velocity.vy,
        s * velocity.vx + c * velocity.vy,
        mapVx,
        mapVy,
        toDistance > 1e-9 ? toX / toDistance : 0,
        toDistance > 1e-9 ? toY / toDistance : 0,
        this.#movers,
        {
          robotRadiusM: o.robotRadiusM,
          marginM: o.yieldMarginM,
          horizonS: o.yieldHorizonS,
          maxSpeedMps: o.limits.maxLinearMps,
          maxAccel: o.limits.maxLinearAccel,
        },
        (cvx, cvy) => clear(c * cvx + s * cvy, -s * cvx + c * cvy, 0, o.collisionHorizonS, NO_OUTLINE),
      );
      mapVx = chosen.vx;
      mapVy = chosen.vy;
    }
    let vx = c * mapVx + s * mapVy;
    let vy = -s * mapVx + c * mapVy;

    // Heading: along the path while travelling (or the goal's, see setTravelHeading), the goal's
    // yaw on the final approach.
    const pathYaw = path.poses[3 * carrot + 2]!;
    let headingTarget = finalApproach || remainingM < this.#turnToGoalFromM(path) ? goalYaw : pathYaw;
    if (this.#travelHeading === 'goal' && headingTarget !== goalYaw) {
      const off = wrap(goalYaw - pathYaw);
      headingTarget =
        Math.abs(off) <= TRAVEL_IN_VIEW_RAD ? goalYaw : pathYaw + Math.sign(off) * TRAVEL_IN_VIEW_RAD;
    }
    let headingError = wrap(headingTarget - yaw);
    // The long way round once committed to it (a small overshoot is still put right the short way).
    if (
      this.#turnSign !== 0 &&
      Math.sign(headingError) !== this.#turnSign &&
      Math.abs(headingError) > LONG_WAY_FROM_RAD
    )
      headingError += 2 * Math.PI * this.#turnSign;
    const angularBrake = o.brakingFraction * o.limits.maxAngularAccel;
    let wz =
      Math.sign(headingError) *
      Math.min(
        o.limits.maxAngularRps,
        Math.sqrt(2 * angularBrake * Math.abs(headingError)),
        3 * Math.abs(headingError),
      );

    // Acceleration limits over one control period.
    ({ vx, vy, wz } = limitAcceleration(velocity, { vx, vy, wz }, o.limits, o.controlPeriodS));
    const dw = o.limits.maxAngularAccel * o.controlPeriodS;

    // Collision check: the largest scale whose roll-out stays out of inscribed cells. With an
    // outline (an arm held out) it must stay off obstacles too: turning as wanted, else braking
    // the turn, else turning on the spot (a wall ahead at a corner of the path); failing all
    // three, on as a round base would go, rather than stand stuck where the map is tight.
    const unturn = velocity.wz + clamp(-velocity.wz, dw);
    // Only turning left to do, the other way round if the short way is blocked.
    const otherWay =
      this.#positionReached && this.#turnSign === 0 && Math.abs(headingError) > o.yawGoalToleranceRad
        ? velocity.wz + clamp(-Math.sign(headingError) * o.limits.maxAngularRps - velocity.wz, dw)
        : undefined;
    const tries: Array<readonly [number, number, Float64Array]> =
      outline.length > 0
        ? [
            [1, wz, outline],
            ...(otherWay === undefined ? [] : [[0, otherWay, outline] as const]),
            [1, unturn, outline],
            [0, wz, outline],
            [1, unturn, NO_OUTLINE],
          ]
        : [[1, wz, NO_OUTLINE]];
    const speedNow = Math.hypot(vx, vy);
    const wished = speedNow >= MIN_SCALED_SPEED_MPS;
    const wantsTurn = Math.abs(headingError) > o.yawGoalToleranceRad;
    for (const [move, turn, checked] of tries)
      for (const scale of move > 0 ? SCALES : [0]) {
        const scaledSpeed = speedNow * scale;
        if (scale < 1 && wished && scaledSpeed < MIN_SCALED_SPEED_MPS) continue;
        if ((wished || wantsTurn) && scaledSpeed < STILL_MPS && Math.abs(turn) < STILL_RPS) continue;
        if (clear(vx * scale, vy * scale, turn, this.#horizonS(scaledSpeed, toDistance), checked)) {
          if (turn === otherWay && move === 0) this.#turnSign = -Math.sign(headingError);
          return {
            kind: 'drive',
            twist: { vx: vx * scale, vy: vy * scale, wz: turn },
            pathIndex: best,
            distanceToGoalM: remainingM,
          };
        }
      }
    // Not with people about: the way round them is avoidMovers' to choose.
    if (wished && !this.#positionReached && this.#movers.length === 0)
      for (const deflection of DEFLECTIONS_RAD) {
        const cd = Math.cos(deflection);
        const sd = Math.sin(deflection);
        const dvx = vx * cd - vy * sd;
        const dvy = vx * sd + vy * cd;
        for (const checked of outline.length > 0 ? [outline, NO_OUTLINE] : [NO_OUTLINE])
          if (
            clear(
              dvx,
              dvy,
              unturn,
              this.#horizonS(speedNow, toDistance),
              checked,
              // Off the path, never deeper into cost than where it stands: not onto the items on
              // the floor (their cost is just below inscribed), not nearer the furniture.
              Math.min(collisionCost, o.regulationCost),
            )
          )
            return {
              kind: 'drive',
              twist: { vx: dvx, vy: dvy, wz: unturn },
              pathIndex: best,
              distanceToGoalM: remainingM,
            };
      }
    return {
      kind: 'blocked',
      twist: stop,
      message: this.#positionReached
        ? "turning to the goal's heading would sweep the footprint into something, either way round"
        : `an obstacle within ${o.collisionHorizonS} s of travel along the path`,
    };
  }
}

function clamp(value: number, limit: number): number {
  return Math.max(-limit, Math.min(limit, value));
}

/**
 * Whether the robot's centre going straight from (x0, y0) to (x1, y1) meets only cells that
 * rolloutClear would let it onto (sampled every half cell).
 */
function centreSees(
  costmap: Costmap2D,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  collisionCost: number,
): boolean {
  const startCost = costmap.costAt(x0, y0);
  const steps = Math.ceil(Math.hypot(x1 - x0, y1 - y0) / (costmap.resolutionM / 2));
  for (let k = 1; k <= steps; k++) {
    const cost = costmap.costAt(x0 + ((x1 - x0) * k) / steps, y0 + ((y1 - y0) * k) / steps);
    if (!centreMayEnter(cost, startCost, collisionCost)) return false;
  }
  return true;
}
