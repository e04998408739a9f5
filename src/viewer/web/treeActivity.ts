/**
 * What the task planner is doing now, from Nav2's behaviour tree log (/behavior_tree_log): the
 * node that most recently started running and has not stopped. Within one tick a leaf reports
 * before its parents, so the first node a log message shows starting is the deepest one.
 */
import type { nav2_msgs } from '../../messages/types.generated.ts';

export function currentActivity(previous: string, log: nav2_msgs.msg.BehaviorTreeLog): string {
  const started = log.event_log.find(
    (e) => e.current_status === 'RUNNING' && e.previous_status !== 'RUNNING',
  );
  if (started) return started.node_name;
  const stopped = log.event_log.some((e) => e.node_name === previous && e.current_status !== 'RUNNING');
  return stopped ? '' : previous;
}
