/**
 * The sim bridge's stand-ins for ros2_control's controllers, with their standard actions: a joint
 * trajectory controller per joint group (`control_msgs/action/FollowJointTrajectory` on
 * `/<controller>/follow_joint_trajectory`) and a gripper action controller
 * (`control_msgs/action/GripperCommand` on `/gripper_controller/gripper_cmd`), whose results
 * report what the simulated fingers did. Each `update()` runs after a physics step.
 */
import type { Node } from '../src/runtime/Node.ts';
import { ActionServer, type ServerGoalHandle } from '../src/runtime/actions/ActionServer.ts';
import { Time } from '../src/runtime/Time.ts';
import type { control_msgs } from '../src/messages/index.ts';
import { checkTrajectory, TrajectorySampler } from './robot/jointTrajectory.ts';
import { FINGER } from './physics/Hand.ts';
import type { Simulation } from './Simulation.ts';

const ERROR = {
  SUCCESSFUL: 0,
  INVALID_GOAL: -1,
  INVALID_JOINTS: -2,
  OLD_HEADER_TIMESTAMP: -3,
  PATH_TOLERANCE_VIOLATED: -4,
  GOAL_TOLERANCE_VIOLATED: -5,
} as const;
/** Defaults where a goal gives no tolerance (0): the position error allowed at the end, and time to settle. */
const DEFAULT_GOAL_TOLERANCE = 0.02;
const DEFAULT_GOAL_TIME_S = 1;
const FEEDBACK_PERIOD_S = 0.05;

type TrajectoryGoal = control_msgs.action.FollowJointTrajectory_Goal;
type TrajectoryResult = control_msgs.action.FollowJointTrajectory_Result;
type TrajectoryFeedback = control_msgs.action.FollowJointTrajectory_Feedback;

const seconds = (d: { sec: number; nanosec: number }) => d.sec + d.nanosec * 1e-9;

export function jointTrajectoryController(
  node: Node,
  sim: Simulation,
  controller: string,
  joints: readonly string[],
): { update(): void } {
  const log = node.getLogger();
  const action = `/${controller}/follow_joint_trajectory`;
  let active:
    | {
        handle: ServerGoalHandle<TrajectoryGoal, TrajectoryFeedback>;
        order: number[];
        sampler: TrajectorySampler;
        startS: number;
        pathTolerance: Float64Array;
        goalTolerance: Float64Array;
        goalTimeS: number;
        nextFeedbackS: number;
        finish: (code: number, message: string, ending?: 'abort' | 'canceled') => void;
      }
    | undefined;
  const desired = new Float64Array(joints.length);
  const desiredVelocity = new Float64Array(joints.length);
  const toGoal = (request: TrajectoryGoal) => ({
    jointNames: request.trajectory.joint_names,
    points: request.trajectory.points.map((p) => ({
      positions: Array.from(p.positions),
      velocities: Array.from(p.velocities),
      accelerations: Array.from(p.accelerations),
      timeS: seconds(p.time_from_start),
    })),
  });
  /** Per-joint tolerances in controller order; 0 means the default, negative none. */
  const tolerances = (given: readonly control_msgs.msg.JointTolerance[], fallback: number) =>
    Float64Array.from(joints, (name) => {
      const position = given.find((t) => t.name === name)?.position ?? 0;
      return position === 0 ? fallback : position < 0 ? Infinity : position;
    });

  new ActionServer(node, 'control_msgs/action/FollowJointTrajectory', action, {
    goal: (request) => {
      const problem = checkTrajectory(toGoal(request), joints, sim.urdf);
      if (!problem) return 'accept';
      log.warn(`${action}: rejected a goal (${problem.code}): ${problem.message}`);
      return 'reject';
    },
    execute: (handle) =>
      new Promise<TrajectoryResult>((resolve) => {
        const goal = toGoal(handle.request);
        // Samples come in the goal's joint order; `order[k]` is the goal's index of joints[k].
        const order = joints.map((name) => goal.jointNames.indexOf(name));
        const start = {
          positions: goal.jointNames.map((name) => sim.joints.get(name) ?? 0),
          velocities: goal.jointNames.map((name) => sim.jointVelocities.get(name) ?? 0),
        };
        active?.finish(ERROR.SUCCESSFUL, 'preempted by a new goal', 'canceled');
        const stamp = seconds(handle.request.trajectory.header.stamp);
        const entry: NonNullable<typeof active> = {
          handle,
          order,
          sampler: new TrajectorySampler(goal, start),
          startS: stamp > 0 ? stamp : sim.timeS,
          pathTolerance: tolerances(handle.request.path_tolerance, Infinity),
          goalTolerance: tolerances(handle.request.goal_tolerance, DEFAULT_GOAL_TOLERANCE),
          goalTimeS: seconds(handle.request.goal_time_tolerance) || DEFAULT_GOAL_TIME_S,
          nextFeedbackS: 0,
          finish: (code, message, ending) => {
            if (active === entry) active = undefined;
            if (ending === 'abort') handle.abort();
            if (ending === 'canceled') handle.canceled();
            if (code !== ERROR.SUCCESSFUL) log.warn(`${action}: ${message}`);
            resolve({ error_code: code, error_string: message });
          },
        };
        active = entry;
      }),
  });

  const point = (positions: ArrayLike<number>, velocities: ArrayLike<number>) => ({
    positions: Array.from(positions),
    velocities: Array.from(velocities),
    accelerations: [],
    effort: [],
    time_from_start: { sec: 0, nanosec: 0 },
  });

  return {
    update() {
      if (!active) return;
      const goal = active;
      const t = sim.timeS - goal.startS;
      if (goal.handle.isCancelRequested) {
        sim.setJointTargets(new Map(joints.map((name) => [name, sim.joints.get(name) ?? 0])));
        goal.finish(ERROR.SUCCESSFUL, 'canceled', 'canceled');
        return;
      }
      if (t < 0) return;
      const sampledPositions = new Float64Array(goal.order.length);
      const sampledVelocities = new Float64Array(goal.order.length);
      goal.sampler.sample(t, sampledPositions, sampledVelocities);
      for (let k = 0; k < joints.length; k++) {
        desired[k] = sampledPositions[goal.order[k]!]!;
        desiredVelocity[k] = sampledVelocities[goal.order[k]!]!;
      }
      sim.setJointTargets(
        new Map(joints.map((name, k) => [name, desired[k]!])),
        new Map(joints.map((name, k) => [name, desiredVelocity[k]!])),
      );
      const actual = joints.map((name) => sim.joints.get(name) ?? 0);
      const error = actual.map((q, k) => desired[k]! - q);
      if (sim.timeS >= goal.nextFeedbackS) {
        goal.nextFeedbackS = sim.timeS + FEEDBACK_PERIOD_S;
        const empty = {
          transforms: [],
          velocities: [],
          accelerations: [],
          time_from_start: { sec: 0, nanosec: 0 },
        };
        goal.handle.publishFeedback({
          header: { stamp: Time.fromSeconds(sim.timeS).toMsg(), frame_id: '' },
          joint_names: [...joints],
          desired: point(desired, desiredVelocity),
          actual: point(
            actual,
            joints.map((name) => sim.jointVelocities.get(name) ?? 0),
          ),
          error: point(error, []),
          multi_dof_joint_names: [],
          multi_dof_desired: empty,
          multi_dof_actual: empty,
          multi_dof_error: empty,
        });
      }
      const offPath = joints.findIndex((_, k) => Math.abs(error[k]!) > goal.pathTolerance[k]!);
      if (t <= goal.sampler.durationS && offPath >= 0) {
        goal.finish(
          ERROR.PATH_TOLERANCE_VIOLATED,
          `${joints[offPath]} is ${Math.abs(error[offPath]!).toFixed(4)} off its path (tolerance ${goal.pathTolerance[offPath]})`,
          'abort',
        );
        return;
      }
      if (t < goal.sampler.durationS) return;
      const offGoal = joints.findIndex((_, k) => Math.abs(error[k]!) > goal.goalTolerance[k]!);
      if (offGoal < 0) goal.finish(ERROR.SUCCESSFUL, '');
      else if (t > goal.sampler.durationS + goal.goalTimeS)
        goal.finish(
          ERROR.GOAL_TOLERANCE_VIOLATED,
          `${joints[offGoal]} ended ${Math.abs(error[offGoal]!).toFixed(4)} from its goal (tolerance ${goal.goalTolerance[offGoal]})`,
          'abort',
        );
    },
  };
}

type GripperGoal = control_msgs.action.GripperCommand_Goal;
type GripperResult = control_msgs.action.GripperCommand_Result;
type GripperFeedback = control_msgs.action.GripperCommand_Feedback;
/** A gripper goal that neither reaches its opening nor stalls within this is aborted. */
const GRIPPER_TIMEOUT_S = 3;

/**
 * Position = the gap between the pads (m), max_effort = the most each pad pushes with (N; 0 = its
 * maximum). Closing on an item ends stalled, which succeeds (ros2_controllers' `allow_stalling`).
 */
export function gripperController(node: Node, sim: Simulation): { update(): void } {
  const log = node.getLogger();
  const action = '/gripper_controller/gripper_cmd';
  let active:
    | {
        handle: ServerGoalHandle<GripperGoal, GripperFeedback>;
        startS: number;
        nextFeedbackS: number;
        resolve: (r: GripperResult) => void;
      }
    | undefined;
  const state = (): GripperResult => {
    const s = sim.gripperState();
    return { position: s.openingM, effort: s.effortN, stalled: s.stalled, reached_goal: s.reachedGoal };
  };
  const problem = (goal: GripperGoal) => {
    const { position, max_effort: effort } = goal.command;
    if (!Number.isFinite(position) || position < 0 || position > FINGER.maxOpeningM)
      return `position ${position} m is outside [0, ${FINGER.maxOpeningM}] m`;
    if (!Number.isFinite(effort) || effort < 0 || effort > FINGER.maxEffortN)
      return `max_effort ${effort} N is outside [0, ${FINGER.maxEffortN}] N`;
    return undefined;
  };
  new ActionServer(node, 'control_msgs/action/GripperCommand', action, {
    goal: (request) => {
      const why = problem(request);
      if (why) log.warn(`${action}: rejected a goal: ${why}`);
      return why ? 'reject' : 'accept';
    },
    execute: (handle) =>
      new Promise<GripperResult>((resolve) => {
        if (active) {
          active.handle.abort();
          active.resolve(state());
        }
        const { position, max_effort: effort } = handle.request.command;
        sim.setGripper(position, effort > 0 ? effort : FINGER.maxEffortN);
        active = { handle, startS: sim.timeS, nextFeedbackS: sim.timeS, resolve };
      }),
  });
  return {
    update() {
      if (!active) return;
      const goal = active;
      const result = state();
      const end = (ending?: 'abort' | 'canceled') => {
        active = undefined;
        if (ending === 'abort') goal.handle.abort();
        if (ending === 'canceled') goal.handle.canceled();
        goal.resolve(result);
      };
      if (goal.handle.isCancelRequested) {
        sim.setGripper(result.position, goal.handle.request.command.max_effort || FINGER.maxEffortN);
        end('canceled');
      } else if (result.reached_goal || result.stalled) end();
      else if (sim.timeS - goal.startS > GRIPPER_TIMEOUT_S) {
        log.warn(
          `${action}: neither reached ${goal.handle.request.command.position} m nor stalled in ${GRIPPER_TIMEOUT_S} s`,
        );
        end('abort');
      } else if (sim.timeS >= goal.nextFeedbackS) {
        goal.nextFeedbackS = sim.timeS + FEEDBACK_PERIOD_S;
        goal.handle.publishFeedback(result);
      }
    },
  };
}
