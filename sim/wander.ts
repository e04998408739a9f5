/**
 * A wandering driver for runs without a planner (SLAM benchmarks, soak tests): drives ahead and,
 * when the laser sees an obstacle close in front, turns in place by a seeded random angle. Over
 * minutes it sweeps the room and comes back to places it has seen, which is what loop closure needs.
 */
import { Random } from '../src/common/random.ts';
import type { Twist } from './Simulation.ts';

const SPEED_MPS = 0.25;
const TURN_RPS = 0.8;
const CLEARANCE_M = 0.45;
const FRONT_HALF_ANGLE_RAD = 0.6;

export class Wander {
  readonly #random: Random;
  #turnLeftS = 0;
  #turnDirection = 1;

  constructor(seed: number) {
    this.#random = new Random(seed);
  }

  /** The next command from a laser scan (counter-clockwise from `angleMin`) and the time since the last call. */
  command(ranges: ArrayLike<number>, angleMin: number, angleIncrement: number, dtS: number): Twist {
    if (this.#turnLeftS > 0) {
      this.#turnLeftS -= dtS;
      return { vx: 0, vy: 0, wz: this.#turnDirection * TURN_RPS };
    }
    let nearest = Infinity;
    for (let k = 0; k < ranges.length; k++) {
      const angle = angleMin + k * angleIncrement;
      if (Math.abs(angle) < FRONT_HALF_ANGLE_RAD) nearest = Math.min(nearest, ranges[k]!);
    }
    if (nearest > CLEARANCE_M) return { vx: SPEED_MPS, vy: 0, wz: 0 };
    this.#turnDirection = this.#random.chance(0.5) ? -1 : 1;
    this.#turnLeftS = this.#random.range(Math.PI / 4, Math.PI) / TURN_RPS;
    return { vx: 0, vy: 0, wz: this.#turnDirection * TURN_RPS };
  }
}
