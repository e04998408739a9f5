/**
 * Where an episode's time goes: the sim seconds each behaviour-tree node spent RUNNING, from the
 * task planner's /behavior_tree_log (Nav2's BehaviorTreeLog), summed per node name.
 */
import type { nav2_msgs } from '../../../src/messages/types.generated.ts';

export interface ActionTime {
  readonly runs: number;
  readonly seconds: number;
}

export class ActionTimes {
  readonly #started = new Map<string, number>();
  readonly #totals = new Map<string, { runs: number; seconds: number }>();

  add(log: nav2_msgs.msg.BehaviorTreeLog): void {
    for (const event of log.event_log) {
      const t = event.timestamp.sec + event.timestamp.nanosec * 1e-9;
      const started = this.#started.get(event.node_name);
      if (event.current_status === 'RUNNING') {
        if (started === undefined) this.#started.set(event.node_name, t);
        continue;
      }
      if (started === undefined) continue;
      this.#started.delete(event.node_name);
      const total = this.#totals.get(event.node_name) ?? { runs: 0, seconds: 0 };
      total.runs++;
      total.seconds += t - started;
      this.#totals.set(event.node_name, total);
    }
  }

  totals(): ReadonlyMap<string, ActionTime> {
    return this.#totals;
  }
}
