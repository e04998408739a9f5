/**
 * A person walking through the room: a closed loop of waypoints on free floor (every leg clear
 * of furniture and walls by the person's radius plus a margin), walked at a constant speed drawn
 * from [0.5, 1.2] m/s, never yielding to the robot (after standing for the robot's start-up,
 * away from it). Positions are a pure function of sim time.
 * Drawn from its own seeded stream, so adding a person changes nothing else of the world.
 */
import { Random } from '../../src/common/random.ts';
import { furnitureFootprint, overlapsFootprint } from './furnitureFootprint.ts';
import type { World } from './World.ts';

export const PERSON = { radiusM: 0.22, heightM: 1.7, color: [0.35, 0.3, 0.55] as const };
const CLEARANCE_M = 0.15;
const WAYPOINTS = 4;
/** How long the stack takes to start and map its first scan, with margin (sim s). */
const STARTUP_S = 3;
const START_CHOICES = 64;

export class WalkingPerson {
  /** [x0, y0, x1, y1, …] of the loop, and the arc length at each waypoint. */
  readonly #arc: Float64Array;

  constructor(
    readonly waypoints: Float64Array,
    readonly speedMps: number,
    /** Where along the loop the person stands at first (m). */
    readonly startArcM = 0,
    /** When the person starts walking (s). */
    readonly startS = 0,
  ) {
    const n = waypoints.length / 2;
    this.#arc = new Float64Array(n + 1);
    for (let k = 0; k < n; k++) {
      const next = (k + 1) % n;
      this.#arc[k + 1] =
        this.#arc[k]! +
        Math.hypot(
          waypoints[2 * next]! - waypoints[2 * k]!,
          waypoints[2 * next + 1]! - waypoints[2 * k + 1]!,
        );
    }
  }

  /** The loop's length (m). */
  get loopM(): number {
    return this.#arc[this.waypoints.length / 2]!;
  }

  /** Where the person is at `timeS`: [x, y, heading]. */
  pose(timeS: number, out: Float64Array = new Float64Array(3)): Float64Array {
    const n = this.waypoints.length / 2;
    const loop = this.#arc[n]!;
    const s = (this.startArcM + Math.max(0, timeS - this.startS) * this.speedMps) % loop;
    let k = 0;
    while (k < n - 1 && this.#arc[k + 1]! <= s) k++;
    const next = (k + 1) % n;
    const t = (s - this.#arc[k]!) / Math.max(1e-9, this.#arc[k + 1]! - this.#arc[k]!);
    const ax = this.waypoints[2 * k]!;
    const ay = this.waypoints[2 * k + 1]!;
    const bx = this.waypoints[2 * next]!;
    const by = this.waypoints[2 * next + 1]!;
    out[0] = ax + t * (bx - ax);
    out[1] = ay + t * (by - ay);
    out[2] = Math.atan2(by - ay, bx - ax);
    return out;
  }
}

function legClear(world: World, ax: number, ay: number, bx: number, by: number): boolean {
  const footprints = world.furniture.map(furnitureFootprint);
  const margin = PERSON.radiusM + CLEARANCE_M;
  const steps = Math.ceil(Math.hypot(bx - ax, by - ay) / 0.05);
  for (let k = 0; k <= steps; k++) {
    const x = ax + ((bx - ax) * k) / steps;
    const y = ay + ((by - ay) * k) / steps;
    if (x < margin || y < margin || x > world.room.width - margin || y > world.room.depth - margin)
      return false;
    if (footprints.some((f) => overlapsFootprint(f, x, y, PERSON.radiusM, CLEARANCE_M))) return false;
  }
  return true;
}

/** Where the robot starts. */
export interface RobotStart {
  readonly x: number;
  readonly y: number;
}

/**
 * A person's walk for this world, or undefined when no loop of clear legs was found. Given the
 * robot's start, the person stands at the loop's point farthest from it and sets off after
 * `STARTUP_S`: a person walking into the robot while the stack starts would shove it before
 * anything localizes it, and the map would be built from the wrong start.
 */
export function generatePerson(
  world: World,
  seed: number,
  robotStart?: RobotStart,
): WalkingPerson | undefined {
  const random = new Random(seed * 104729 + 3);
  for (let attempt = 0; attempt < 200; attempt++) {
    const points: number[] = [];
    for (let k = 0; k < WAYPOINTS; k++)
      points.push(random.range(0, world.room.width), random.range(0, world.room.depth));
    let clear = true;
    for (let k = 0; k < WAYPOINTS && clear; k++) {
      const next = (k + 1) % WAYPOINTS;
      clear = legClear(world, points[2 * k]!, points[2 * k + 1]!, points[2 * next]!, points[2 * next + 1]!);
    }
    if (!clear) continue;
    const walk = new WalkingPerson(Float64Array.from(points), random.range(0.5, 1.2));
    return robotStart ? startedAwayFrom(walk, robotStart) : walk;
  }
  return undefined;
}

/** The same walk, standing at the point of its loop farthest from `start` until STARTUP_S. */
function startedAwayFrom(walk: WalkingPerson, start: RobotStart): WalkingPerson {
  const pose = new Float64Array(3);
  let bestArcM = 0;
  let bestDistance = -Infinity;
  for (let k = 0; k < START_CHOICES; k++) {
    const arcM = (walk.loopM * k) / START_CHOICES;
    walk.pose(arcM / walk.speedMps, pose);
    const distance = Math.hypot(pose[0]! - start.x, pose[1]! - start.y);
    if (distance > bestDistance) {
      bestDistance = distance;
      bestArcM = arcM;
    }
  }
  return new WalkingPerson(walk.waypoints, walk.speedMps, bestArcM, STARTUP_S);
}
