/**
 * Where a pick's or a place's time goes: the sim seconds from each phase its action's feedback
 * names (`looking`, `grasping`, `lowering`…) to the next one or to the goal's end (its status
 * turning terminal), summed per action and phase.
 */
import type { action_msgs, unique_identifier_msgs } from '../../../src/messages/types.generated.ts';
import type { ActionTime } from './actionTimes.ts';

/** action_msgs/GoalStatus: SUCCEEDED, CANCELED, ABORTED. */
const TERMINAL = new Set([4, 5, 6]);

const key = (id: unique_identifier_msgs.msg.UUID) => Array.from(id.uuid).join(',');

export class PhaseTimes {
  readonly #running = new Map<string, { name: string; since: number }>();
  readonly #totals = new Map<string, { runs: number; seconds: number }>();

  /** A feedback message of `action` at sim time `t` (s): its phase starts, the one before it ends. */
  feedback(action: string, goalId: unique_identifier_msgs.msg.UUID, phase: string, t: number): void {
    const id = key(goalId);
    const running = this.#running.get(id);
    if (running?.name === `${action}: ${phase}`) return;
    this.#close(id, t);
    this.#running.set(id, { name: `${action}: ${phase}`, since: t });
  }

  /** The action's goal statuses at sim time `t`: a goal that ended closes its phase. */
  status(statuses: action_msgs.msg.GoalStatusArray, t: number): void {
    for (const s of statuses.status_list)
      if (TERMINAL.has(s.status)) this.#close(key(s.goal_info.goal_id), t);
  }

  totals(): ReadonlyMap<string, ActionTime> {
    return this.#totals;
  }

  #close(id: string, t: number) {
    const running = this.#running.get(id);
    if (!running) return;
    this.#running.delete(id);
    const total = this.#totals.get(running.name) ?? { runs: 0, seconds: 0 };
    total.runs++;
    total.seconds += t - running.since;
    this.#totals.set(running.name, total);
  }
}
