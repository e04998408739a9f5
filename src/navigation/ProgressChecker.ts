/**
 * Nav2's simple progress checker: the robot must move `requiredMovementRadiusM` from where it
 * last made progress within `movementTimeAllowanceS`, or it is stuck. Turning in place towards
 * the goal's yaw counts as progress too (`requiredRotationRad`), since the final approach turns.
 */
import { wrap } from '../geometry/so2.ts';

export class ProgressChecker {
  #x = NaN;
  #y = NaN;
  #yaw = NaN;
  #since = 0;

  constructor(
    readonly requiredMovementRadiusM: number,
    readonly requiredRotationRad: number,
    readonly movementTimeAllowanceS: number,
  ) {}

  reset(pose: ArrayLike<number>, timeS: number): void {
    this.#x = pose[0]!;
    this.#y = pose[1]!;
    this.#yaw = pose[2]!;
    this.#since = timeS;
  }

  /** 'ok' or 'stuck' for the robot at `pose` at `timeS`. */
  check(pose: ArrayLike<number>, timeS: number): 'ok' | 'stuck' {
    if (Number.isNaN(this.#x)) this.reset(pose, timeS);
    const moved = Math.hypot(pose[0]! - this.#x, pose[1]! - this.#y);
    const turned = Math.abs(wrap(pose[2]! - this.#yaw));
    if (moved >= this.requiredMovementRadiusM || turned >= this.requiredRotationRad) {
      this.reset(pose, timeS);
      return 'ok';
    }
    return timeS - this.#since > this.movementTimeAllowanceS ? 'stuck' : 'ok';
  }
}
