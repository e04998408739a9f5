/**
 * One navigate_to_pose goal, after Nav2's default behaviour tree: plan on the global costmap,
 * follow with the controller on the local costmap, replan every `replanPeriodS` and at once when
 * the controller is blocked; when stuck (progress checker) or blocked or without a path, run the
 * recoveries in order — clear the costmaps' obstacle layers, back up, spin, wait — replanning
 * after each, and give up after `maxRecoveries` with a code saying why. Pure: the caller feeds
 * time, the robot's map pose [x, y, yaw] and its last command, and sends the returned twist.
 */
import { wrap } from '../geometry/so2.ts';
import { Costmap2D, INSCRIBED_INFLATED_OBSTACLE, LETHAL_OBSTACLE, NO_INFORMATION } from './Costmap2D.ts';
import type { GridPlanner } from './GridPlanner.ts';
import type { HolonomicPursuitController, Twist2D } from './HolonomicPursuitController.ts';
import type { LayeredCostmap } from './LayeredCostmap.ts';
import { Path2D } from './Path2D.ts';
import { limitAcceleration } from './limitAcceleration.ts';
import { ProgressChecker } from './ProgressChecker.ts';
import { rolloutClear } from './rolloutClear.ts';

export type NavigationFailure = 'goal_outside_map' | 'goal_occupied' | 'no_valid_path' | 'stuck' | 'timeout';

export interface NavigationTaskOptions {
  readonly replanPeriodS: number;
  readonly maxRecoveries: number;
  readonly timeoutS: number;
  readonly pathSpacingM: number;
  /**
   * When the goal's cell is not passable (the map moved a piece of furniture a few centimetres
   * closer), plan to the nearest passable cell this close and let the controller make the last
   * stretch (Nav2 NavFn's `tolerance`).
   */
  readonly goalToleranceM: number;
  readonly backupDistanceM: number;
  readonly backupSpeedMps: number;
  readonly spinRad: number;
  readonly spinSpeedRps: number;
  readonly waitS: number;
  readonly progress: { readonly radiusM: number; readonly rotationRad: number; readonly allowanceS: number };
}

export const DEFAULT_NAVIGATION_TASK: NavigationTaskOptions = {
  replanPeriodS: 1,
  maxRecoveries: 6,
  timeoutS: 180,
  pathSpacingM: 0.05,
  goalToleranceM: 0.15,
  backupDistanceM: 0.15,
  backupSpeedMps: 0.1,
  spinRad: Math.PI / 2,
  spinSpeedRps: 0.8,
  waitS: 2,
  progress: { radiusM: 0.1, rotationRad: 0.2, allowanceS: 8 },
};

export type Recovery = 'clear_costmaps' | 'back_up' | 'spin' | 'wait';
const RECOVERIES: readonly Recovery[] = ['clear_costmaps', 'back_up', 'spin', 'wait'];

export type TaskStep =
  | { readonly kind: 'drive'; readonly twist: Twist2D; readonly distanceRemainingM: number }
  | { readonly kind: 'succeeded' }
  | { readonly kind: 'failed'; readonly code: NavigationFailure; readonly message: string };

export interface TaskEvents {
  /** A new global plan (planning time in ms of wall clock is the caller's to measure). */
  plan?(path: Path2D): void;
  recovery?(recovery: Recovery, why: string): void;
}

const STOP: Twist2D = { vx: 0, vy: 0, wz: 0 };

export class NavigateToPoseTask {
  readonly goal: Float64Array;
  recoveries = 0;
  path: Path2D | undefined;
  #startS: number;
  #lastPlanS = -Infinity;
  #progress: ProgressChecker;
  #recovery:
    | {
        kind: Recovery;
        startS: number;
        origin: Float64Array;
        why: string;
        /** The back-up's or the spin's command; undefined where none is clear. */
        backup: Twist2D | undefined;
      }
    | undefined;
  #lastFailure: { code: NavigationFailure; message: string } = { code: 'stuck', message: '' };

  constructor(
    goal: ArrayLike<number>,
    startS: number,
    private readonly global: LayeredCostmap,
    private readonly local: LayeredCostmap,
    private readonly planner: Pick<GridPlanner, 'plan' | 'stepFactor'>,
    private readonly controller: HolonomicPursuitController,
    private readonly options: NavigationTaskOptions = DEFAULT_NAVIGATION_TASK,
    private readonly events: TaskEvents = {},
  ) {
    this.goal = Float64Array.from(goal);
    this.#startS = startS;
    const p = options.progress;
    this.#progress = new ProgressChecker(p.radiusM, p.rotationRad, p.allowanceS);
  }

  /** Why the goal cannot be taken at all on the global costmap as it is, or undefined. */
  static checkGoal(
    goal: ArrayLike<number>,
    global: LayeredCostmap,
    goalToleranceM = DEFAULT_NAVIGATION_TASK.goalToleranceM,
  ): { code: NavigationFailure; message: string } | undefined {
    const costmap = global.master;
    const cell = costmap.index(goal[0]!, goal[1]!);
    if (cell < 0)
      return {
        code: 'goal_outside_map',
        message: `goal (${goal[0]!.toFixed(2)}, ${goal[1]!.toFixed(2)}) is outside the map [${costmap.originX.toFixed(2)}, ${(costmap.originX + costmap.width * costmap.resolutionM).toFixed(2)}] x [${costmap.originY.toFixed(2)}, ${(costmap.originY + costmap.height * costmap.resolutionM).toFixed(2)}]`,
      };
    const cost = costmap.costs[cell]!;
    // Inside an obstacle, or so close to one that no cell within the goal tolerance is free.
    const passable = {
      stepFactor: (c: number) => (c !== NO_INFORMATION && c >= INSCRIBED_INFLATED_OBSTACLE ? Infinity : 1),
    };
    const reachable = Number.isFinite(
      passable.stepFactor(costmap.costs[nearestPassable(costmap, passable, cell, goalToleranceM)]!),
    );
    if (cost === LETHAL_OBSTACLE || !reachable)
      return {
        code: 'goal_occupied',
        message: `goal (${goal[0]!.toFixed(2)}, ${goal[1]!.toFixed(2)}) is inside an obstacle or closer to one than the robot's radius (cost ${cost})`,
      };
    return undefined;
  }

  tick(timeS: number, pose: ArrayLike<number>, velocity: Twist2D): TaskStep {
    if (timeS - this.#startS > this.options.timeoutS)
      return { kind: 'failed', code: 'timeout', message: `not at the goal after ${this.options.timeoutS} s` };
    if (this.#recovery) {
      const twist = this.#runRecovery(timeS, pose);
      if (twist)
        return {
          kind: 'drive',
          twist: this.#ramped(twist, velocity),
          distanceRemainingM: this.#remaining(pose),
        };
    }
    if (!this.path || timeS - this.#lastPlanS >= this.options.replanPeriodS) {
      const planned = this.#plan(timeS, pose);
      if (!planned) return this.#recover(timeS, pose, velocity);
    }
    const result = this.controller.computeVelocity(pose, velocity, this.local.master, this.global.master);
    if (result.kind === 'arrived') return { kind: 'succeeded' };
    if (result.kind === 'blocked') {
      // A fresh plan may go around what blocks; recover only if the new plan is blocked too.
      if (this.#lastPlanS < timeS && this.#plan(timeS, pose)) {
        const retry = this.controller.computeVelocity(pose, velocity, this.local.master, this.global.master);
        if (retry.kind === 'drive')
          return this.#checkProgress(timeS, pose, velocity, retry.twist, retry.distanceToGoalM);
        if (retry.kind === 'arrived') return { kind: 'succeeded' };
      }
      this.#lastFailure = { code: 'stuck', message: result.message };
      return this.#recover(timeS, pose, velocity, result.message);
    }
    return this.#checkProgress(timeS, pose, velocity, result.twist, result.distanceToGoalM);
  }

  #checkProgress(
    timeS: number,
    pose: ArrayLike<number>,
    velocity: Twist2D,
    twist: Twist2D,
    remainingM: number,
  ): TaskStep {
    if (this.#progress.check(pose, timeS) === 'stuck') {
      this.#lastFailure = { code: 'stuck', message: 'no progress' };
      return this.#recover(
        timeS,
        pose,
        velocity,
        // With what the controller last asked for: standing still, or held back (the collision
        // monitor, a wheel against something).
        `moved less than ${this.options.progress.radiusM} m in ${this.options.progress.allowanceS} s (commanding ${twist.vx.toFixed(2)}, ${twist.vy.toFixed(2)} m/s, ${twist.wz.toFixed(2)} rad/s)`,
      );
    }
    return { kind: 'drive', twist, distanceRemainingM: remainingM };
  }

  #remaining(pose: ArrayLike<number>): number {
    return Math.hypot(this.goal[0]! - pose[0]!, this.goal[1]! - pose[1]!);
  }

  #plan(timeS: number, pose: ArrayLike<number>): boolean {
    this.#lastPlanS = timeS;
    const costmap = this.global.master;
    const start = costmap.index(pose[0]!, pose[1]!);
    const goal = nearestPassable(
      costmap,
      this.planner,
      costmap.index(this.goal[0]!, this.goal[1]!),
      this.options.goalToleranceM,
    );
    const result = this.planner.plan(costmap, start, goal);
    if (!result.ok) {
      this.#lastFailure = {
        code:
          result.code === 'goal_occupied'
            ? 'goal_occupied'
            : result.code === 'outside_map'
              ? 'goal_outside_map'
              : 'no_valid_path',
        message: result.message,
      };
      return false;
    }
    this.path = Path2D.fromCells(costmap, result.cells, pose, this.goal, this.options.pathSpacingM);
    this.controller.setPath(this.path);
    this.events.plan?.(this.path);
    return true;
  }

  #recover(
    timeS: number,
    pose: ArrayLike<number>,
    velocity: Twist2D,
    why = this.#lastFailure.message,
  ): TaskStep {
    if (this.recoveries >= this.options.maxRecoveries)
      return {
        kind: 'failed',
        code: this.#lastFailure.code,
        message: `${this.#lastFailure.message} (after ${this.recoveries} recoveries)`,
      };
    const kind = RECOVERIES[this.recoveries % RECOVERIES.length]!;
    this.recoveries++;
    const backup =
      kind === 'back_up'
        ? this.#backupDirection(pose)
        : kind === 'spin'
          ? this.#spinDirection(pose)
          : undefined;
    this.#recovery = {
      kind,
      startS: timeS,
      origin: Float64Array.from([pose[0]!, pose[1]!, pose[2]!]),
      why,
      backup,
    };
    const yawOff = Math.abs(wrap(this.goal[2]! - pose[2]!));
    this.events.recovery?.(
      kind,
      `${why}; ${this.#remaining(pose).toFixed(2)} m and ${yawOff.toFixed(2)} rad from the goal`,
    );
    const twist = this.#runRecovery(timeS, pose) ?? STOP;
    return { kind: 'drive', twist: this.#ramped(twist, velocity), distanceRemainingM: this.#remaining(pose) };
  }

  /**
   * A recovery's command as reached from `velocity` at the controller's acceleration limits, as
   * its own commands are: while the hand holds something those are the gentle ones, and a spin
   * started and stopped at the base's own limits flung held things out.
   */
  #ramped(twist: Twist2D, velocity: Twist2D): Twist2D {
    const { limits, controlPeriodS } = this.controller.options;
    return limitAcceleration(velocity, twist, limits, controlPeriodS);
  }

  /** The spin recovery's turn rate: no faster than the controller may turn (slower while carrying). */
  #spinSpeed(): number {
    return Math.min(this.options.spinSpeedRps, this.controller.options.limits.maxAngularRps);
  }

  /**
   * Backing up on an omnidirectional base: away from what is close, in the direction (of 16)
   * whose roll-out over the backup distance stays clear on the local and the global costmap and
   * ends on the lowest cost, behind first (Nav2's direction) on a tie; none when every way is
   * blocked. The laser does not see behind the base, so the costmaps' memory is what guards this
   * move, and the local one's is gone when clear_costmaps ran just before: the global one keeps
   * the map's furniture (its static layer), which the rolling local one never has.
   */
  #backupDirection(pose: ArrayLike<number>): Twist2D | undefined {
    const o = this.options;
    const costmaps = [this.local.master, this.global.master];
    const durationS = o.backupDistanceM / o.backupSpeedMps;
    let best: Twist2D | undefined;
    let bestCost = Infinity;
    for (let k = 0; k < 16; k++) {
      const angle = Math.PI + (k % 2 === 0 ? 1 : -1) * Math.ceil(k / 2) * (Math.PI / 8);
      const vx = o.backupSpeedMps * Math.cos(angle);
      const vy = o.backupSpeedMps * Math.sin(angle);
      if (
        !costmaps.every((costmap) =>
          rolloutClear(
            costmap,
            INSCRIBED_INFLATED_OBSTACLE,
            pose[0]!,
            pose[1]!,
            pose[2]!,
            vx,
            vy,
            0,
            durationS,
            this.controller.footprintOutline,
          ),
        )
      )
        continue;
      const c = Math.cos(pose[2]!);
      const s = Math.sin(pose[2]!);
      const endX = pose[0]! + (c * vx - s * vy) * durationS;
      const endY = pose[1]! + (s * vx + c * vy) * durationS;
      const cost = Math.max(
        ...costmaps.map((costmap) => {
          const end = costmap.costAt(endX, endY);
          return end === NO_INFORMATION ? 128 : end;
        }),
      );
      if (cost < bestCost) {
        bestCost = cost;
        best = { vx, vy, wz: 0 };
      }
    }
    return best;
  }

  /**
   * Spinning (Nav2's turns left): the way whose quarter turn keeps the footprint's outline (an arm
   * held out) off obstacles, left first; none when both would sweep it into something.
   */
  #spinDirection(pose: ArrayLike<number>): Twist2D | undefined {
    const o = this.options;
    const speed = this.#spinSpeed();
    for (const wz of [speed, -speed])
      if (
        [this.local.master, this.global.master].every((costmap) =>
          rolloutClear(
            costmap,
            Infinity, // the centre stays where it is
            pose[0]!,
            pose[1]!,
            pose[2]!,
            0,
            0,
            wz,
            o.spinRad / speed,
            this.controller.footprintOutline,
          ),
        )
      )
        return { vx: 0, vy: 0, wz };
    return undefined;
  }

  /** The recovery's command, or undefined when it has finished (then replan). */
  #runRecovery(timeS: number, pose: ArrayLike<number>): Twist2D | undefined {
    const recovery = this.#recovery!;
    const o = this.options;
    let twist: Twist2D | undefined;
    switch (recovery.kind) {
      case 'clear_costmaps':
        this.local.obstacleLayer.clear();
        this.global.obstacleLayer.clear();
        break;
      case 'back_up': {
        const moved = Math.hypot(pose[0]! - recovery.origin[0]!, pose[1]! - recovery.origin[1]!);
        const allowedS = (2 * o.backupDistanceM) / o.backupSpeedMps;
        if (recovery.backup && moved < o.backupDistanceM && timeS - recovery.startS < allowedS)
          twist = recovery.backup;
        break;
      }
      case 'spin': {
        const turned = Math.abs(wrap(pose[2]! - recovery.origin[2]!));
        const allowedS = (2 * o.spinRad) / this.#spinSpeed();
        if (recovery.backup && turned < o.spinRad && timeS - recovery.startS < allowedS)
          twist = recovery.backup;
        break;
      }
      case 'wait':
        if (timeS - recovery.startS < o.waitS) twist = STOP;
        break;
    }
    if (twist) return twist;
    this.#recovery = undefined;
    this.path = undefined;
    this.#progress.reset(pose, timeS);
    return undefined;
  }
}

/** `cell`, or the passable cell nearest to it within `radiusM` (the cell itself when none). */
function nearestPassable(
  costmap: Costmap2D,
  planner: Pick<GridPlanner, 'stepFactor'>,
  cell: number,
  radiusM: number,
): number {
  if (cell < 0 || Number.isFinite(planner.stepFactor(costmap.costs[cell]!))) return cell;
  const { width, height } = costmap;
  const c0 = cell % width;
  const r0 = (cell - c0) / width;
  const reach = Math.round(radiusM / costmap.resolutionM);
  let best = cell;
  let bestD2 = Infinity;
  for (let dr = -reach; dr <= reach; dr++)
    for (let dc = -reach; dc <= reach; dc++) {
      const r = r0 + dr;
      const c = c0 + dc;
      const d2 = dr * dr + dc * dc;
      if (r < 0 || c < 0 || r >= height || c >= width || d2 > reach * reach || d2 >= bestD2) continue;
      if (Number.isFinite(planner.stepFactor(costmap.costs[r * width + c]!))) {
        best = r * width + c;
        bestD2 = d2;
      }
    }
  return best;
}
