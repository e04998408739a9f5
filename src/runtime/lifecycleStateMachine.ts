/**
 * ROS 2's default lifecycle state machine as data: the ids and labels of rcl_lifecycle's
 * states and transitions (lifecycle_msgs' constants), so `~/get_available_states`,
 * `~/get_available_transitions` and `~/get_transition_graph` answer as an rclcpp node does and
 * `ros2 lifecycle set` finds its transition by label.
 */
import type { lifecycle_msgs } from '../messages/types.generated.ts';

export type PrimaryState = 'unconfigured' | 'inactive' | 'active' | 'finalized';
export type TransitionName = 'configure' | 'activate' | 'deactivate' | 'cleanup' | 'shutdown';

export const STATE_IDS = {
  unknown: 0,
  unconfigured: 1,
  inactive: 2,
  active: 3,
  finalized: 4,
  configuring: 10,
  cleaningup: 11,
  shuttingdown: 12,
  activating: 13,
  deactivating: 14,
  errorprocessing: 15,
} as const;
type StateLabel = keyof typeof STATE_IDS;

/** A primary-state transition: where it may start, the transition state it passes through, where it ends. */
interface PrimaryTransition {
  readonly id: number;
  readonly name: TransitionName;
  readonly from: PrimaryState;
  readonly via: StateLabel;
  readonly to: PrimaryState;
}

export const PRIMARY_TRANSITIONS: readonly PrimaryTransition[] = [
  { id: 1, name: 'configure', from: 'unconfigured', via: 'configuring', to: 'inactive' },
  { id: 2, name: 'cleanup', from: 'inactive', via: 'cleaningup', to: 'unconfigured' },
  { id: 3, name: 'activate', from: 'inactive', via: 'activating', to: 'active' },
  { id: 4, name: 'deactivate', from: 'active', via: 'deactivating', to: 'inactive' },
  { id: 5, name: 'shutdown', from: 'unconfigured', via: 'shuttingdown', to: 'finalized' },
  { id: 6, name: 'shutdown', from: 'inactive', via: 'shuttingdown', to: 'finalized' },
  { id: 7, name: 'shutdown', from: 'active', via: 'shuttingdown', to: 'finalized' },
];

/** From each transition state: where success, failure and error lead (rcl_lifecycle's defaults). */
const CALLBACK_OUTCOMES: ReadonlyArray<{
  readonly state: StateLabel;
  readonly baseId: number;
  readonly success: StateLabel;
  readonly failure: StateLabel;
  readonly error: StateLabel;
}> = [
  {
    state: 'configuring',
    baseId: 10,
    success: 'inactive',
    failure: 'unconfigured',
    error: 'errorprocessing',
  },
  { state: 'cleaningup', baseId: 20, success: 'unconfigured', failure: 'inactive', error: 'errorprocessing' },
  { state: 'activating', baseId: 30, success: 'active', failure: 'inactive', error: 'errorprocessing' },
  { state: 'deactivating', baseId: 40, success: 'inactive', failure: 'active', error: 'errorprocessing' },
  { state: 'shuttingdown', baseId: 50, success: 'finalized', failure: 'finalized', error: 'errorprocessing' },
  { state: 'errorprocessing', baseId: 60, success: 'unconfigured', failure: 'finalized', error: 'finalized' },
];

export function stateMsg(label: StateLabel): lifecycle_msgs.msg.State {
  return { id: STATE_IDS[label], label };
}

function description(
  id: number,
  label: string,
  from: StateLabel,
  to: StateLabel,
): lifecycle_msgs.msg.TransitionDescription {
  return { transition: { id, label }, start_state: stateMsg(from), goal_state: stateMsg(to) };
}

export function allStates(): lifecycle_msgs.msg.State[] {
  return (Object.keys(STATE_IDS) as StateLabel[]).map(stateMsg);
}

/** The transitions a node in `state` can be asked for, each ending in its transition state, as rcl lists them. */
export function availableTransitions(state: PrimaryState): lifecycle_msgs.msg.TransitionDescription[] {
  return PRIMARY_TRANSITIONS.filter((t) => t.from === state).map((t) =>
    description(t.id, t.name, t.from, t.via),
  );
}

export function transitionGraph(): lifecycle_msgs.msg.TransitionDescription[] {
  return [
    ...PRIMARY_TRANSITIONS.map((t) => description(t.id, t.name, t.from, t.via)),
    ...CALLBACK_OUTCOMES.flatMap((o) => [
      description(o.baseId, 'transition_success', o.state, o.success),
      description(o.baseId + 1, 'transition_failure', o.state, o.failure),
      description(o.baseId + 2, 'transition_error', o.state, o.error),
    ]),
  ];
}

/**
 * The transition a ChangeState request names from `state`: by label when it has one (as
 * rclcpp does), else by id; undefined when that transition does not start there.
 */
export function requestedTransition(
  state: PrimaryState,
  request: lifecycle_msgs.msg.Transition,
): PrimaryTransition | undefined {
  return PRIMARY_TRANSITIONS.find(
    (t) => t.from === state && (request.label ? t.name === request.label : t.id === request.id),
  );
}
