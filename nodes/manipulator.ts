/**
 * manipulator: picks up perceived objects and puts them down, through the `pick`
 * (katazuke_msgs/action/Pick) and `place` (katazuke_msgs/action/Place: a pose, or a place named in the house description `house_file`,
 * put in a container or on a surface from the side nearest the robot) actions. A pick looks at
 * the object with the head camera, takes the object's points from the depth image, plans grasp
 * candidates (the analytic baseline: straight down, jaws across the narrow axis or the cup on
 * top), and for each candidate in turn: solves whole-body IK, moves the base there on
 * `cmd_vel_nav` (through the collision monitor), opens, approaches along the grasp axis, closes
 * the jaws or seals the cup, lifts, and verifies the hold from the gripper's own report (a close
 * that stalls short of shut) or the vacuum (`/suction/pressure`). Arm, head and fingers move
 * through the standard controllers' actions (FollowJointTrajectory, GripperCommand). Goals it
 * cannot serve (an unknown object, nothing held, a place without a house description) end at
 * once with a code and a message saying why.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as quaternion from '../src/geometry/quaternion.ts';
import * as se2 from '../src/geometry/se2.ts';
import * as se3 from '../src/geometry/se3.ts';
import { parseUrdf } from '../src/geometry/urdf.ts';
import { footprintRadiusFromUrdf } from '../src/navigation/footprint.ts';
import { levelOnFloor } from '../src/perception/floorLevelling.ts';
import {
  findPlace,
  headroomAbove,
  insideRoom,
  parseHouseDescription,
  placeLevels,
  type HousePlace,
} from '../src/world/index.ts';
import {
  analyticGrasps,
  itemFootprint,
  GraspPolicy,
  graspFrame,
  clearBackOffM,
  clearStand,
  distanceToFootprint,
  furnitureInWay,
  standsAround,
  straightDriveClear,
  placeApproaches,
  PLACE_STAND_GAP_M,
  itemPoints,
  onKnownSupport,
  outsideFurniture,
  timedPath,
  WholeBodyIk,
  releaseCandidate,
  restoringRelease,
  tiltedGrasp,
  jawsBlockedBy,
  jawsFirst,
  type GraspCandidate,
  followItem,
  followsItem,
  preferMiddle,
  type ItemBox,
  type ItemFootprint,
  type ItemSighting,
  type HeldItem,
  type IkSolution,
  type WholeBodyPose,
} from '../src/manipulation/index.ts';
import type { katazuke_msgs, vision_msgs } from '../src/messages/types.generated.ts';
import { ActionClient } from '../src/runtime/actions/ActionClient.ts';
import { ActionServer } from '../src/runtime/actions/ActionServer.ts';
import { defineNode } from '../src/runtime/launch/NodeExecutable.ts';
import { TransformListener } from '../src/runtime/tf/TransformListener.ts';
import { Time } from '../src/runtime/Time.ts';
import { subscribeCameraInfo } from './cameraInfo.ts';
import { subscribeDepthFrames } from './depthFrames.ts';

const DEFAULT_URDF = fileURLToPath(new URL('../sim/robot/hsr.urdf', import.meta.url));
const DEFAULT_GRASP_POLICY = fileURLToPath(new URL('../models/katazuke_grasp_policy.json', import.meta.url));
const ARM = ['arm_lift_joint', 'arm_flex_joint', 'arm_roll_joint', 'wrist_flex_joint', 'wrist_roll_joint'];
const PICK = { SUCCEEDED: 0, NOT_REACHABLE: 1, NO_GRASP: 2, MISSED: 3, SLIPPED: 4, CANCELLED: 5 } as const;
const PLACE = {
  SUCCEEDED: 0,
  NOT_REACHABLE: 1,
  NOTHING_HELD: 2,
  UNKNOWN_PLACE: 3,
  DROPPED: 4,
  CANCELLED: 5,
} as const;
/** katazuke_msgs/action/Place's orientation constants. */
const PLACE_ORIENTATION = { ANY: 0, UPRIGHT: 1, FLAT: 2 } as const;
/** The grip point between the pads' middles, and the nozzle's face when it is out (hand_palm_link frame). */
const GRIP_POINT = [0, 0, 0.11, 0, 0, 0, 1];
const CUP_FACE = [0, 0, 0.165, 0, 0, 0, 1];
const HAND = { maxOpeningM: 0.13, padLengthM: 0.08 };
/** The fingers as the URDF has them (2 cm wide), for grasps leaned over and the room they open into. */
const JAW_PADS = { halfThicknessM: 0.006, lengthM: HAND.padLengthM, halfWidthM: 0.01 };
/** How far (m) the open pads keep from furniture and walls (the house's footprints are measured, not exact). */
const JAW_CLEARANCE_M = 0.005;
/** Arm folded over the base with the hand high: the empty arm while the base drives, and where it starts from. */
const CARRY = [0.15, -0.2, 0, -1.4, 0];
/** CARRY with the lift left as high as it is (the lift is the arm's slowest joint: 0.2 m/s). */
function carryEmpty(now: ArrayLike<number>): number[] {
  return CARRY.map((v, k) => (k === 0 ? Math.max(v, now[0]!) : v));
}
/**
 * Whatever the hand holds is carried with the hand still facing down and the item hanging under
 * it: the vacuum or the pads then bear only its weight. Turned sideways (the carry above) an item
 * levers the lip off the face, a stick pinched across a centimetre pivots out of the pads as the
 * hand tips, and wider jaw-held items fell out as the base turned (4 of 5 in a test with four
 * quarter turns). The arm's two flex joints keep their sum (−π: the hand down) from the pick to
 * here, so the hand never tips; the lift stays at least where it is, the wrist's roll as it is.
 */
const HANGING_CARRY = [0.69, -1.25, 0, 1.25 - Math.PI, 0];
function carryHolding(now: ArrayLike<number>): number[] {
  return HANGING_CARRY.map((v, k) => (k === 0 ? Math.max(v, now[0]!) : k === 4 ? now[4]! : v));
}
/** Seeds for the whole-body IK (lift, arm flex, arm roll, wrist flex): the hand pointing down low, and high. */
const REACH_DOWN = [0.1, -2.4, 0, -0.7];
const REACH_HIGH = [0.6, -1.3, 0, -1.84];
/** Gauge pressure (Pa) below which the cup holds a seal. */
const SEALED_PA = -30_000;
const ATMOSPHERE_PA = 101_325;
/** How much larger than the perceived box the item's points may lie (m). */
const BOX_MARGIN_M = 0.04;
/** A release point lies at least this far inside a place's edge (m), and the item's bottom this far above it (m). */
const PLACE_INSET_M = 0.12;
export const RELEASE_ABOVE_M = 0.03;
/**
 * Into a container the pointing-down hand lowers what it holds below the rim before it lets go:
 * the tool point down to this far under the rim (m), the palm and wrist staying above it, and
 * the item's bottom no lower than this far above the container's bottom (m, its floor and some).
 * Let go over the rim, a cloth hanging from its fold spread its flaps as it fell and lay across it.
 */
const TOOL_INTO_CONTAINER_M = 0.12;
const CONTAINER_FLOOR_M = 0.05;
/**
 * What is to stand upright in a container whose opening is at least this wide both ways (m) goes
 * down with the hand inside it, to the container's floor: let go 12 cm under the rim of a 45 cm
 * toy box, a toy robot fell 16 cm and landed on its side.
 */
const HAND_INSIDE_OPENING_M = 0.35;
/** How far the wrist joint and the arm's end stand above the tool point with the hand down (m): the palm is 0.17 m below the wrist, the pads below it. */
export const WRIST_ABOVE_TOOL_M = 0.26;
/** How far the base backs out from a shelf before the arm folds (m). */
const SHELF_BACK_OFF_M = 0.3;
/** What the hand holds stays this far out from a shelf's front while the arm takes its shape (m). */
const SHELF_FRONT_CLEARANCE_M = 0.05;
/** The base re-drives to where the arm reaches when it stopped no further than this from it (m). */
const BASE_RESETTLE_M = 0.05;
/** How far from its planned release point the hand may let go, once the base has settled (m). */
const RELEASE_TOLERANCE_M = 0.015;
/** What is put on a surface lies at least this far in from its edge (m). */
const PLACE_EDGE_MARGIN_M = 0.04;
/** The base's last moves give up when they come no nearer (2 mm, yaw counted at this many m/rad) for this long (s). */
const BASE_STALL_S = 2;
const BASE_YAW_M_PER_RAD = 0.2;
/**
 * A base stalled this near its stand (m, rad) counts as there: what follows re-solves the arm
 * from where it stands. Against a trash can the collision monitor's stop zone held it 1.5 cm
 * short, and the place was given up over it.
 */
const BASE_SETTLED_M = 0.03;
const BASE_SETTLED_RAD = 0.05;
/** The base's last moves: at most this fast (m/s), and this much faster per metre still to go (1/s). */
const BASE_APPROACH_MPS = 0.3;
const BASE_APPROACH_GAIN = 3;
/** Shares of the joints' speed limits for the moves that meet things: onto a grasp, down to seal, down to a release. */
const GRASP_DESCENT_SHARE = 0.2;
const SEAL_SEARCH_SHARE = 0.15;
const PLACE_DESCENT_SHARE = 0.25;
/** The last centimetres of those moves (m): the rest goes at speed_scale. */
const GENTLE_LAST_M = 0.03;
/** The least stand-off a pick or a place comes down from (m). */
const SHORTEST_APPROACH_M = 0.02;
/**
 * How far the hand tips from pointing down to reach a high top, tried in order (rad): an item to
 * stand upright only as far as it still lands on its base. A tipped item is let go this close
 * above the top (m): its lowest corner is known only from the box seen at the pick.
 */
const PLACE_TILTS_RAD = [0, Math.PI / 6, Math.PI / 4];
const UPRIGHT_PLACE_TILTS_RAD = [0, Math.PI / 9];
/** How far the jaws lean over an item on furniture the arm cannot reach straight down, tried in order (rad). */
const LEANED_GRASP_TILTS_RAD = [
  Math.PI / 9,
  Math.PI / 6,
  Math.PI / 4,
  Math.PI / 3,
  (5 * Math.PI) / 12,
  Math.PI / 2,
];
const TIPPED_RELEASE_ABOVE_M = 0.01;
/** The base's top (m), and how far above it a carried item stays (m). */
const BASE_TOP_M = 0.33;
/** The base stands at least this far from furniture (m): the collision monitor's 1.5 cm and laser noise. */
const STAND_CLEARANCE_M = 0.05;
const CARRY_CLEARANCE_M = 0.05;
/**
 * The least gap between the base and the furniture it places on (m): a low top draws the base
 * in. At 3.5 cm the nearest stands at low tops could not reach their release point, places were
 * tried from stands 1.4–2.9 m away and the sofa and the desk were given up.
 */
const RELEASE_BASE_GAP_M = 0.02;
/** Stands tried around an item when the planned one is against furniture, and how far from it (m). */
const STAND_SIDES = 16;
const SIDE_REACH_M = [0.3, 0.36, 0.42, 0.47];
/** Where the cup looks for a seal: from above the estimated top to below it (m). */
const SEAL_SEARCH_M = [0.02, -0.025] as const;
/** How long a seal must hold still before the lift (s). */
const SEAL_SETTLE_S = 0.15;
/** An item this many times longer than wide is turned on the cup to lie along the side it is put down from. */
const ELONGATED = 1.3;
/** Grasps planned per attempt allowed: those found out of reach before moving are passed over. */
const CANDIDATES_PER_ATTEMPT = 3;
/** An item further than this (m) from where a try planned on it is looked at and planned on again. */
const ITEM_MOVED_M = 0.03;
/**
 * Jaw closes on nothing, with the item where it was, that end a pick: perception's box holds
 * nothing the jaws can take (a shoe rack's edge seen as an "umbrella" took three closes a visit).
 */
const EMPTY_CLOSES_AT_REST = 2;
/**
 * A close that stops with the pads further apart than this holds something (m). The pads sink
 * into what they squeeze (Rapier's contacts are springs stiff in proportion to the item's mass):
 * 20 N on an 8 mm, 8 g crayon stops them 4.0 mm apart; at a 4 mm threshold such a crayon read as
 * "closed on nothing" and was let go.
 */
export const HOLDING_GAP_M = 0.002;

class Cancelled extends Error {}
/** Ends the slow search for a seal where the cup sealed. */
class Sealed extends Error {}
class Failure extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}
/** The base stopped short of where it was driving (furniture or an item in the way). */
class BaseBlocked extends Failure {}
/** The cup pressed on the item and held no vacuum. */
class NoSeal extends Failure {}
/** The jaws shut without meeting anything. */
class ClosedOnNothing extends Failure {}
/** A grasp found out of reach before the robot moved for it: it costs no attempt. */
class Unreachable extends Failure {
  constructor(message: string) {
    super(PICK.NOT_REACHABLE, message);
  }
}

export default defineNode({
  description: 'pick and place actions: grasp planning, whole-body IK, arm, gripper and suction',
  async start(context, { arguments: args }) {
    const node = context.createNode('manipulator', { arguments: args });
    const log = node.getLogger();
    const urdfFile = node.declareParameter('robot_description_file', {
      type: 'string',
      default: DEFAULT_URDF,
      description: 'the robot URDF (kinematics, joint limits)',
    });
    const mapFrame = node.declareParameter('map_frame', { type: 'string', default: 'map' });
    const baseFrame = node.declareParameter('base_frame', { type: 'string', default: 'base_footprint' });
    const odomFrame = node.declareParameter('odom_frame', { type: 'string', default: 'odom' });
    const maxAttempts = node.declareParameter('max_attempts', {
      type: 'integer',
      default: 3,
      description:
        'grasp candidates tried before a pick fails (those out of reach before moving not counted)',
      range: { from: 1, to: 10 },
    });
    const minConfidence = node.declareParameter('min_grasp_confidence', {
      type: 'double',
      default: 0.1,
      description:
        "grasps the planner expects to hold with less than this chance are not tried (the policy gives a towel's cup grasps 0.00–0.08)",
      range: { from: 0, to: 1 },
    });
    const policyFile = node.declareParameter('grasp_policy', {
      type: 'string',
      default: DEFAULT_GRASP_POLICY,
      description: "the grasp policy's config (models/*.json), or 'analytic' for the analytic baseline",
    });
    const policy = policyFile === 'analytic' ? undefined : await GraspPolicy.open(policyFile);
    const squeezeN = node.declareParameter('squeeze_effort', {
      type: 'double',
      default: 20,
      description: 'force each pad closes with (N)',
      range: { from: 1, to: 30 },
    });
    const approachM = node.declareParameter('approach_distance', {
      type: 'double',
      default: 0.1,
      description: 'pre-grasp stand-off along the approach (m)',
      range: { from: 0.02, to: 0.3 },
    });
    const liftM = node.declareParameter('lift_height', {
      type: 'double',
      default: 0.2,
      description: 'how far a grasped item is raised (m)',
      range: { from: 0.05, to: 0.5 },
    });
    const speedScale = node.declareParameter('speed_scale', {
      type: 'double',
      default: 1.0,
      description:
        'share of the joints’ speed limits the arm moves at in free space (the last centimetres to a grasp or a release go slower)',
      range: { from: 0.05, to: 1 },
    });
    const carrySwingScale = node.declareParameter('carry_swing_speed_scale', {
      type: 'double',
      // The swing from the lift into the carry pose throws what hangs from the hand outwards: at
      // speed_scale a glue bottle slipped out of the jaws three times running in a tidy-up.
      default: 0.4,
      description:
        'share of the joints’ speed limits the arm swings what it holds at (into the carry pose, and out over a place)',
      range: { from: 0.05, to: 1 },
    });
    const holdingScale = Math.min(speedScale, carrySwingScale);
    /** Moves that touch things go at a fixed gentle share of the limits, whatever speed_scale is. */
    const gentle = (share: number) => Math.min(speedScale, share);
    const houseFile = node.declareParameter('house_file', {
      type: 'string',
      default: '',
      description: 'house description YAML naming the places things are put (npx katazuke sim house)',
    });
    const maxBaseTravelM = node.declareParameter('max_base_travel', {
      type: 'double',
      default: 1.0,
      description: 'farthest the base drives itself to pick or place (m); beyond, navigate first',
      range: { from: 0.1, to: 5 },
    });
    const depthTopic = node.declareParameter('depth_topic', {
      type: 'string',
      default: '/head_rgbd_sensor/depth_registered/image_raw',
    });
    const infoTopic = node.declareParameter('camera_info_topic', {
      type: 'string',
      default: '/head_rgbd_sensor/rgb/camera_info',
    });

    const urdfText = readFileSync(urdfFile, 'utf8');
    const urdf = parseUrdf(urdfText);
    const house = houseFile === '' ? undefined : parseHouseDescription(readFileSync(houseFile, 'utf8'));
    const baseRadiusM = footprintRadiusFromUrdf(urdfText);
    const armJoints = ARM.map((name) => {
      const joint = urdf.get(name);
      if (!joint) throw new Error(`URDF ${urdfFile} has no joint '${name}'`);
      return joint;
    });
    const gripIk = new WholeBodyIk(urdf, { tipLink: 'hand_palm_link', tool: GRIP_POINT });
    const cupIk = new WholeBodyIk(urdf, { tipLink: 'hand_palm_link', tool: CUP_FACE });
    // Once the base stands where IK wanted it, the arm alone takes up what error is left.
    // The arm alone cannot move the tool sideways without tilting it: what the base left over is
    // taken up within a few millimetres, which the jaws' clearance and the cup's lip absorb.
    const armOnly = { baseStay: 1e4, toleranceM: 0.006 };
    const gripArmIk = new WholeBodyIk(urdf, { tipLink: 'hand_palm_link', tool: GRIP_POINT, ...armOnly });
    const cupArmIk = new WholeBodyIk(urdf, { tipLink: 'hand_palm_link', tool: CUP_FACE, ...armOnly });

    const tf = new TransformListener(node);
    const depth = subscribeDepthFrames(node, depthTopic, 'manipulator');
    const camera = subscribeCameraInfo(node, infoTopic, 'manipulator');
    const joints = new Map<string, number>();
    node.createSubscription('sensor_msgs/msg/JointState', '/joint_states', (m) => {
      if (m.name.length !== m.position.length) {
        log.warn(`skipping /joint_states: ${m.name.length} names but ${m.position.length} positions`);
        return;
      }
      m.name.forEach((name, k) => joints.set(name, Number(m.position[k])));
    });
    let pressurePa = 0;
    node.createSubscription('sensor_msgs/msg/FluidPressure', '/suction/pressure', (m) => {
      if (Number.isFinite(m.fluid_pressure)) pressurePa = m.fluid_pressure - ATMOSPHERE_PA;
    });
    const objects = new Map<string, vision_msgs.msg.Detection3D>();
    node.createSubscription('vision_msgs/msg/Detection3DArray', 'objects', (m) => {
      objects.clear();
      for (const detection of m.detections) objects.set(detection.id, detection);
    });
    const cmdVel = node.createPublisher('geometry_msgs/msg/Twist', 'cmd_vel_nav', 1);
    const suction = node.createPublisher('std_msgs/msg/Bool', '/suction/command', 1);
    const arm = new ActionClient(
      node,
      'control_msgs/action/FollowJointTrajectory',
      '/arm_trajectory_controller/follow_joint_trajectory',
    );
    const head = new ActionClient(
      node,
      'control_msgs/action/FollowJointTrajectory',
      '/head_trajectory_controller/follow_joint_trajectory',
    );
    const gripper = new ActionClient(
      node,
      'control_msgs/action/GripperCommand',
      '/gripper_controller/gripper_cmd',
    );

    const sleep = (seconds: number) =>
      new Promise<void>((resolve) => {
        const timer = node.createTimer(BigInt(Math.round(seconds * 1e9)), () => {
          timer.cancel();
          node.destroyTimer(timer);
          resolve();
        });
      });
    /**
     * map ← odom held from the start of a pick and of each grasp attempt: the grasp works in
     * odometry's smooth frame, so a localization update mid-grasp does not shift its targets (with
     * SLAM's corrections live, nearly every pick of the tidy-up slipped or missed).
     */
    let frozenMapOdom: Float64Array | undefined;
    const freezeMap = () => {
      frozenMapOdom = se3.fromTransform(
        new Float64Array(7),
        tf.buffer.lookupTransform(mapFrame, odomFrame).transform,
      );
    };
    const mapTransform = (child: string, stampNs?: bigint): Float64Array => {
      if (!frozenMapOdom)
        return se3.fromTransform(
          new Float64Array(7),
          tf.buffer.lookupTransform(mapFrame, child, stampNs).transform,
        );
      const odom_T_child = se3.fromTransform(
        new Float64Array(7),
        tf.buffer.lookupTransform(odomFrame, child, stampNs).transform,
      );
      return se3.compose(new Float64Array(7), frozenMapOdom, odom_T_child);
    };
    const basePose = () => se2.fromSe3(new Float64Array(3), mapTransform(baseFrame));
    const armNow = () => Float64Array.from(ARM, (name) => joints.get(name) ?? 0);

    /** Moves the named joints through waypoints; throws when the controller refuses or fails. */
    const moveJoints = async (
      client: typeof arm,
      names: readonly string[],
      waypoints: readonly ArrayLike<number>[],
      scale: number | readonly number[],
      check: () => void,
      smooth = false,
    ) => {
      const from = names.map((name) => joints.get(name) ?? 0);
      const path = timedPath(
        from,
        waypoints,
        names.map((name) => urdf.get(name)!),
        scale,
        smooth,
      );
      const goal = await client.sendGoal({
        trajectory: {
          header: { stamp: { sec: 0, nanosec: 0 }, frame_id: '' },
          joint_names: [...names],
          points: path.map((p) => ({
            positions: [...p.positions],
            velocities: [...p.velocities],
            accelerations: [...p.accelerations],
            effort: [],
            time_from_start: Time.fromSeconds(p.timeS).toMsg(),
          })),
        },
        multi_dof_trajectory: {
          header: { stamp: { sec: 0, nanosec: 0 }, frame_id: '' },
          joint_names: [],
          points: [],
        },
        path_tolerance: [],
        component_path_tolerance: [],
        goal_tolerance: [],
        component_goal_tolerance: [],
        goal_time_tolerance: { sec: 0, nanosec: 0 },
      });
      if (!goal.accepted)
        throw new Failure(
          PICK.NOT_REACHABLE,
          `the ${names === ARM ? 'arm' : 'head'} controller refused the motion`,
        );
      const result = goal.getResult();
      // Poll for a cancel request while the controller works.
      let done = false;
      void result.finally(() => (done = true));
      while (!done) {
        try {
          check();
        } catch (error) {
          await goal.cancelGoal();
          throw error;
        }
        await sleep(0.05);
      }
      const { result: outcome } = await result;
      if (outcome.error_code !== 0)
        throw new Failure(PICK.NOT_REACHABLE, `the arm stopped: ${outcome.error_string}`);
    };
    const moveArm = (waypoints: readonly ArrayLike<number>[], scale: number, check: () => void) =>
      moveJoints(arm, ARM, waypoints, scale, check);
    /**
     * Moves what the hand holds: the arm's joints at carry_swing_speed_scale, each segment starting
     * and ending without a jolt (what hangs from a seal or between pads is held by friction: the
     * swing into the carry pose broke a watering can's seal three times running, then let it slip
     * from the jaws). The lift goes at speed_scale: it moves the hand straight up or down, and at
     * its 0.2 m/s the grip bears at most 3% more than the item's weight, where a swing throws
     * what hangs sideways out of the pads.
     */
    const heldScales = ARM.map((_, k) => (k === 0 ? speedScale : holdingScale));
    const moveHeld = (waypoints: readonly ArrayLike<number>[], check: () => void) =>
      moveJoints(arm, ARM, waypoints, heldScales, check, true);
    const grip = async (position: number, effort: number) => {
      const goal = await gripper.sendGoal({ command: { position, max_effort: effort } });
      if (!goal.accepted)
        throw new Failure(PICK.NO_GRASP, `the gripper refused ${position} m at ${effort} N`);
      return (await goal.getResult()).result;
    };

    /** Drives the base to a map pose on cmd_vel_nav, closed on tf, within 5 mm and 0.01 rad (or stalled within BASE_SETTLED_M). */
    const driveBase = async (target: readonly [number, number, number], check: () => void) => {
      const start = basePose();
      const travel = Math.hypot(target[0] - start[0]!, target[1] - start[1]!);
      if (travel > maxBaseTravelM)
        throw new Failure(
          PICK.NOT_REACHABLE,
          `the base would drive ${travel.toFixed(2)} m (max_base_travel ${maxBaseTravelM} m): navigate closer first`,
        );
      const deadline = node.now().seconds + 15;
      // Blocked (by furniture, a wall or the item itself): no nearer for BASE_STALL_S gives up early.
      let nearest = Infinity;
      let nearerS = node.now().seconds;
      for (;;) {
        try {
          check();
        } catch (error) {
          // Cancelled: stop the base now rather than when the collision monitor finds us quiet.
          cmdVel.publish(twist(0, 0, 0));
          throw error;
        }
        const pose = basePose();
        const dx = target[0] - pose[0]!;
        const dy = target[1] - pose[1]!;
        const dyaw = Math.atan2(Math.sin(target[2] - pose[2]!), Math.cos(target[2] - pose[2]!));
        if (Math.hypot(dx, dy) < 0.005 && Math.abs(dyaw) < 0.01) break;
        const off = Math.hypot(dx, dy) + BASE_YAW_M_PER_RAD * Math.abs(dyaw);
        if (off < nearest - 0.002) {
          nearest = off;
          nearerS = node.now().seconds;
        }
        if (node.now().seconds > deadline || node.now().seconds - nearerS > BASE_STALL_S) {
          cmdVel.publish(twist(0, 0, 0));
          if (Math.hypot(dx, dy) < BASE_SETTLED_M && Math.abs(dyaw) < BASE_SETTLED_RAD) {
            log.debug(`the base settled ${(Math.hypot(dx, dy) * 100).toFixed(1)} cm off its stand`);
            break;
          }
          throw new BaseBlocked(
            PICK.NOT_REACHABLE,
            `the base did not reach the grasping pose (${Math.hypot(dx, dy).toFixed(3)} m off)`,
          );
        }
        const c = Math.cos(pose[2]!);
        const s = Math.sin(pose[2]!);
        const bx = c * dx + s * dy;
        const by = -s * dx + c * dy;
        const speed = Math.min(BASE_APPROACH_MPS, BASE_APPROACH_GAIN * Math.hypot(bx, by));
        const norm = Math.hypot(bx, by) || 1;
        cmdVel.publish(
          twist((speed * bx) / norm, (speed * by) / norm, Math.max(-0.5, Math.min(0.5, 2 * dyaw))),
        );
        await sleep(0.05);
      }
      cmdVel.publish(twist(0, 0, 0));
      await sleep(0.3);
    };

    /** Points the head at a map point and waits for a depth frame taken after it settled. */
    const look = async (target: readonly [number, number, number], check: () => void) => {
      const pose = basePose();
      const dx = target[0] - pose[0]!;
      const dy = target[1] - pose[1]!;
      const pan = Math.atan2(
        -Math.sin(pose[2]!) * dx + Math.cos(pose[2]!) * dy,
        Math.cos(pose[2]!) * dx + Math.sin(pose[2]!) * dy,
      );
      const cameraHeight = 1.19 + (joints.get('arm_lift_joint') ?? 0);
      const tilt = Math.max(-1.5, -Math.atan2(cameraHeight - target[2], Math.hypot(dx, dy)));
      await moveJoints(head, ['head_pan_joint', 'head_tilt_joint'], [[pan, tilt]], 0.8, check);
      const settled = node.now().nanoseconds + 200_000_000n;
      for (let k = 0; k < 60; k++) {
        check();
        const frame = depth.closest(settled + 10_000_000_000n);
        if (frame && frame.stampNs >= settled) return frame;
        await sleep(0.1);
      }
      throw new Failure(PICK.NO_GRASP, 'no depth image came after the head turned to the object');
    };

    /** The head camera's points of what lies in `box` (map frame), the camera levelled on the floor. */
    const seeItem = async (box: ItemBox, check: () => void, ceilingZ = Infinity): Promise<Float64Array> => {
      const frame = await look(box.center, check);
      const intrinsics = camera.latest();
      if (!intrinsics) throw new Failure(PICK.NO_GRASP, 'no camera_info for the head camera');
      const fromTf = mapTransform('head_rgbd_sensor_optical_frame', frame.stampNs);
      // The map's floor is z = 0: what the camera sees of it corrects the mount's tilt and height.
      const levelled = levelOnFloor(frame.metres, frame.width, frame.height, intrinsics, fromTf);
      if (levelled)
        log.debug(
          `pick: camera levelled on ${levelled.floorPixels} floor pixels: ${((levelled.tiltRad * 180) / Math.PI).toFixed(2)}° tilt, ${(levelled.heightErrorM * 100).toFixed(1)} cm height`,
        );
      const points = itemPoints(
        frame.metres,
        frame.width,
        frame.height,
        intrinsics,
        levelled?.map_T_optical ?? fromTf,
        box,
        BOX_MARGIN_M,
        ceilingZ,
      );
      return house ? outsideFurniture(points, house.places, [box.center[0], box.center[1]]) : points;
    };

    /** IK seeds at the base's pose: the arm reaching down and as it is now, the wrist turned three ways. */
    const seeds = (at?: readonly [number, number, number]): WholeBodyPose[] => {
      const base = at ?? basePose();
      const now = Array.from(armNow().subarray(0, 4));
      return [REACH_DOWN, REACH_HIGH, now].flatMap((arm) =>
        [0, Math.PI / 2, -Math.PI / 2].map((roll) => ({
          base: [base[0]!, base[1]!, base[2]!] as const,
          joints: Float64Array.of(...arm, roll),
        })),
      );
    };
    /** Whole-body pose with the tool `standOffM` back along the approach from the candidate. */
    const solve = (
      candidate: GraspCandidate,
      standOffM: number,
      fixedBase: boolean,
      baseAt?: readonly [number, number, number],
      toleranceM?: number,
    ) => {
      const ik =
        candidate.tool === 'suction' ? (fixedBase ? cupArmIk : cupIk) : fixedBase ? gripArmIk : gripIk;
      const a = candidate.approach;
      const position = [0, 1, 2].map((k) => candidate.position[k]! - a[k]! * standOffM) as [
        number,
        number,
        number,
      ];
      const target = candidate.closing
        ? { position, approach: candidate.approach, closing: candidate.closing }
        : { position, approach: candidate.approach };
      return ik.solve(target, seeds(baseAt), toleranceM);
    };

    /**
     * `solveHere` (fixed-base solutions from where the base stands); where that fails because the
     * base stopped a centimetre or two off a plan whose arm had no slack, the base drives once more
     * to a whole-body plan for `candidate` made from here (if that is within BASE_RESETTLE_M).
     */
    const reachFromHere = async <T extends object>(
      solveHere: () => T | { failure: string },
      candidate: GraspCandidate,
      standOffM: number,
      check: () => void,
    ): Promise<T | { failure: string }> => {
      const here = solveHere();
      if (!('failure' in here)) return here;
      const now = basePose();
      const again = solve(candidate, standOffM, false, [now[0]!, now[1]!, now[2]!]);
      if (
        'failure' in again ||
        Math.hypot(again.base[0] - now[0]!, again.base[1] - now[1]!) > BASE_RESETTLE_M ||
        // No nearer the furniture than a release may stand (it drew the base against a coat hook).
        (house &&
          furnitureInWay(
            house.places,
            again.base[0],
            again.base[1],
            baseRadiusM + RELEASE_BASE_GAP_M,
            BASE_TOP_M,
          ))
      )
        return here;
      await driveBase(again.base, check);
      return solveHere();
    };

    /** Stand-offs along the approach a pick or a place comes from, longest first. */
    const standOffs = [approachM, approachM / 2, SHORTEST_APPROACH_M];
    /**
     * The whole-body pose approach_distance back from the candidate, or less where the arm cannot
     * stand so far off (a high top leaves the hand little room above it).
     */
    const preGrasp = (
      candidate: GraspCandidate,
      fixedBase: boolean,
      baseAt?: readonly [number, number, number],
    ) => {
      let solved = solve(candidate, standOffs[0]!, fixedBase, baseAt);
      for (const standOffM of standOffs.slice(1))
        if ('failure' in solved) solved = solve(candidate, standOffM, fixedBase, baseAt);
      return solved;
    };

    /**
     * `joints` with the lift set so the tool stands at height `z` (map) from where the base is
     * now: the last centimetres of a vertical approach go down the lift alone, exact to the
     * millimetre, where IK from a base that settled a few millimetres off is not. Undefined when
     * the lift cannot go there.
     */
    const liftTo = (tool: GraspCandidate['tool'], joints: ArrayLike<number>, z: number) => {
      const ik = tool === 'suction' ? cupIk : gripIk;
      const base = basePose();
      const out = Float64Array.from(joints);
      const toolZ = ik.toolPose({ base: [base[0]!, base[1]!, base[2]!], joints: out })[2]!;
      out[0] = out[0]! + z - toolZ;
      const lift = armJoints[0]!;
      return out[0]! >= lift.lower && out[0]! <= lift.upper ? out : undefined;
    };

    /**
     * The joints that put the tool at height `z` over the candidate: straight down the lift from
     * `from` where the approach is vertical, else by IK
     * with the base where it stands; or why not.
     */
    const descend = (
      candidate: GraspCandidate,
      z: number,
      from: ArrayLike<number>,
    ): Float64Array<ArrayBufferLike> | { failure: string } => {
      const lifted = candidate.approach[2] < -0.999 ? liftTo(candidate.tool, from, z) : undefined;
      if (lifted) return lifted;
      const solved = solve(
        { ...candidate, position: [candidate.position[0], candidate.position[1], z] },
        0,
        true,
      );
      return 'failure' in solved ? solved : solved.joints;
    };

    /**
     * Where the tool lets go of what it holds over `release` (the surface's point, map), and the
     * whole-body plan that reaches it from `standAt`: the hand pointing down, or, where a high top
     * is beyond that, tipped towards the furniture (what it holds tips with it and settles as it
     * lands). The base may step back from where it was put to reach a high top; the hand comes
     * down from as high above the release point as it reaches. A plan that would put the base into
     * `clearOf` (the furniture itself: a low top draws the base in) gives way to the next tilt.
     */
    const planRelease = (
      holding: HeldItem,
      release: readonly [number, number, number],
      tilts: readonly number[],
      standAt?: readonly [number, number, number],
      clearOf?: HousePlace,
      asItStood = false,
    ): { candidate: GraspCandidate; plan: IkSolution; standOffM: number } | { failure: string } => {
      const robot = standAt ?? basePose();
      const towards = Math.atan2(release[1] - robot[1]!, release[0] - robot[0]!);
      let failure = 'no way to reach the place';
      // Set down as it stood at the pick where the rule asks for a pose, then the hand down with
      // the item turned along the side, then as it hangs, then tipped.
      const restoring = asItStood
        ? restoringRelease(holding, release, towards, RELEASE_ABOVE_M, HAND)
        : undefined;
      const turned = holding.axisInPalm ? [holding, { ...holding, axisInPalm: undefined }] : [holding];
      const candidates = [
        ...(restoring ? [restoring] : []),
        ...tilts.flatMap((tilt) =>
          (tilt === 0 ? turned : [holding]).map((item) =>
            releaseCandidate(
              item,
              release,
              tilt,
              towards,
              tilt > 0 ? TIPPED_RELEASE_ABOVE_M : RELEASE_ABOVE_M,
              HAND,
            ),
          ),
        ),
      ];
      for (const candidate of candidates) {
        for (const standOffM of standOffs) {
          const plan = solve(candidate, standOffM, false, standAt);
          if ('failure' in plan) failure = plan.failure;
          else if (
            clearOf &&
            distanceToFootprint(clearOf, plan.base[0], plan.base[1]) < baseRadiusM + RELEASE_BASE_GAP_M
          )
            failure = `reaching the release point would put the base into the ${clearOf.name}`;
          else {
            // Other furniture (a chair before the desk) keeps the base further off than the place itself.
            const inWay =
              clearOf &&
              house &&
              furnitureInWay(
                house.places,
                plan.base[0],
                plan.base[1],
                baseRadiusM + STAND_CLEARANCE_M,
                BASE_TOP_M,
                clearOf,
              );
            if (!inWay) {
              if (candidate === restoring)
                log.info(
                  `place: leaning the jaws ${((Math.acos(-candidate.approach[2]) * 180) / Math.PI).toFixed(0)}° as at the pick, to set it down as it stood`,
                );
              return { candidate, plan, standOffM };
            }
            failure = `the ${inWay.name} is in the way of the base`;
          }
        }
      }
      return { failure };
    };

    /** How far the base may back straight out from `pose` towards `wantedM`, clear of the other furniture and the walls. */
    const roomBehind = (pose: ArrayLike<number>, wantedM: number, except: HousePlace) => {
      if (!house) return wantedM;
      const clearance = baseRadiusM + STAND_CLEARANCE_M;
      return clearBackOffM(house.places, pose, wantedM, clearance, BASE_TOP_M, {
        except,
        inside: (x, y) => insideRoom(house, x, y, clearance),
      });
    };

    /**
     * Backs the base straight out from a shelf (SHELF_BACK_OFF_M, less where other furniture is
     * behind: this move does not pass the collision monitor) before the arm folds; only logged
     * where something behind stops it.
     */
    const backOutOf = async (shelf: HousePlace, check: () => void) => {
      const pose = basePose();
      const backM = roomBehind(pose, SHELF_BACK_OFF_M, shelf);
      if (backM < SHELF_BACK_OFF_M)
        log.info(
          `place: backing out from the ${shelf.name} ${(backM * 100).toFixed(0)} cm: furniture behind`,
        );
      await driveBase(backedOff(pose, backM), check).catch((error: unknown) => {
        if (!(error instanceof Failure)) throw error;
        log.warn(`place: backing out from the ${shelf.name}: ${error.message}`);
      });
    };

    /** Releases whatever the hand holds and opens the jaws. */
    const letGo = async () => {
      suction.publish({ data: false });
      await grip(HAND.maxOpeningM, squeezeN);
    };

    let held: HeldItem | undefined;
    /**
     * `~/holding` (std_msgs/Bool, latched): whether the hand still holds what it picked, from the
     * fingers (shut: nothing between them) or the vacuum. It turns false the moment a carried item
     * slips out, so that a task planner stops carrying nothing across the room (it found out at
     * the place: seven items lost on the way in four tidy-ups were carried on for 2–39 s).
     */
    const holdingOut = node.createPublisher('std_msgs/msg/Bool', '~/holding', {
      depth: 1,
      durability: 'transient_local',
    });
    let holdingSaid: boolean | undefined;
    node.createTimer(100_000_000n, () => {
      const openingM = (joints.get('hand_l_finger_joint') ?? 0) + (joints.get('hand_r_finger_joint') ?? 0);
      const holding =
        held !== undefined && (held.tool === 'gripper' ? openingM >= HOLDING_GAP_M : pressurePa <= SEALED_PA);
      if (holding === holdingSaid) return;
      holdingSaid = holding;
      holdingOut.publish({ data: holding });
    });

    /** Fails with SLIPPED unless the jaws still stall on something or the cup is still sealed. */
    const verifyHold = async (tool: GraspCandidate['tool'], when: string) => {
      if (tool === 'gripper') {
        const again = await grip(0, squeezeN);
        if (again.position < HOLDING_GAP_M)
          throw new Failure(PICK.SLIPPED, `the item slipped out of the jaws ${when}`);
      } else if (pressurePa > SEALED_PA) throw new Failure(PICK.SLIPPED, `the seal broke ${when}`);
    };

    /**
     * A stand for the candidate on another side: planned from stands facing it from all round and
     * a few distances (nearest to `from` first) clear of the furniture, the first whose planned
     * base is still clear, within max_base_travel and a straight drive away that crosses neither
     * furniture nor the item, and reaches the grasp; undefined when none is.
     * An item on a sofa or a table is reached over the edge nearest to it this way.
     */
    const clearSideStand = (
      candidate: GraspCandidate,
      from: readonly [number, number, number],
      places: readonly HousePlace[],
    ): readonly [number, number, number] | undefined => {
      const clearance = baseRadiusM + STAND_CLEARANCE_M;
      const sides = standsAround(places, [candidate.position[0], candidate.position[1]], [from[0], from[1]], {
        reachesM: SIDE_REACH_M,
        sides: STAND_SIDES,
        clearanceM: clearance,
        baseTopM: BASE_TOP_M,
        maxTravelM: maxBaseTravelM,
      });
      // The whole-body plan from each side settles the base where the arm reaches (a high top
      // leaves the arm a band a few centimetres wide); it counts if that is still clear.
      for (const side of sides) {
        const plan = preGrasp(candidate, false, side);
        if ('failure' in plan) continue;
        const stand = [plan.base[0], plan.base[1], plan.base[2]] as const;
        if (Math.hypot(stand[0] - from[0], stand[1] - from[1]) > maxBaseTravelM) continue;
        if (furnitureInWay(places, stand[0], stand[1], clearance, BASE_TOP_M)) continue;
        if (
          !straightDriveClear(
            places,
            [from[0], from[1]],
            [stand[0], stand[1]],
            baseRadiusM,
            BASE_TOP_M,
            candidate.position,
            clearance,
          )
        )
          continue;
        if (!('failure' in solve(candidate, 0, true, stand))) return stand;
      }
      return undefined;
    };

    /** What the grasp's open jaws would run into, of what the house names (none without a house). */
    const jawsBlocked = (candidate: GraspCandidate) =>
      house ? jawsBlockedBy(candidate, house, JAW_PADS, JAW_CLEARANCE_M) : undefined;
    const whatBlocks = (blocker: NonNullable<ReturnType<typeof jawsBlocked>>) =>
      blocker === 'wall' ? 'the wall' : `the ${blocker.name}`;

    /**
     * Where the base stands for a grasp planned from `base`, and the grasp: there, or, where that
     * is in or against furniture the house names, a stand on another side of the item that is
     * clear, or else pushed out to where the collision monitor lets it go if the arm still
     * reaches the grasp from there, straight down or with the jaws leaned over (else
     * NOT_REACHABLE at once).
     */
    const standClearOfFurniture = (
      candidate: GraspCandidate,
      base: readonly [number, number, number],
    ): { base: readonly [number, number, number]; candidate: GraspCandidate } => {
      if (!house) return { base, candidate };
      const stand = clearStand(house.places, [base[0], base[1]], baseRadiusM + STAND_CLEARANCE_M, BASE_TOP_M);
      if (stand?.shiftM === 0) return { base, candidate };
      const side = clearSideStand(candidate, base, house.places);
      if (side) return { base: side, candidate };
      if (!stand) throw new Unreachable('no place for the base clear of the furniture around the item');
      // Turned as the whole-body plan had it, else facing the item: pushed out, the base may
      // have to turn for the arm (straight ahead of it) to reach as far as it can.
      const facing = Math.atan2(candidate.position[1] - stand.y, candidate.position[0] - stand.x);
      for (const yaw of [base[2], facing]) {
        const clear = [stand.x, stand.y, yaw] as const;
        const reaches = (grasp: GraspCandidate) =>
          !('failure' in preGrasp(grasp, true, clear)) && !('failure' in solve(grasp, 0, true, clear));
        for (const tilt of [0, ...LEANED_GRASP_TILTS_RAD]) {
          const grasp = tilt === 0 ? candidate : tiltedGrasp(candidate, [clear[0], clear[1]], tilt, JAW_PADS);
          if (!grasp || jawsBlocked(grasp) || !reaches(grasp)) continue;
          if (tilt > 0)
            log.info(
              `pick: the ${stand.pushedBy!.name} keeps the base off: the jaws lean ${Math.round((tilt * 180) / Math.PI)}° over`,
            );
          return { base: clear, candidate: grasp };
        }
      }
      throw new Unreachable(
        `the ${stand.pushedBy!.name} keeps the base ${(stand.shiftM * 100).toFixed(0)} cm further off than the arm reaches`,
      );
    };

    /** An elongated item's long axis as the cup holds it now (HeldItem.axisInPalm); undefined for a squat one. */
    const sealedAxis = (footprint: ItemFootprint | undefined) => {
      if (!footprint || footprint.lengthM < ELONGATED * footprint.widthM) return undefined;
      const base = basePose();
      const palm = cupIk.toolPose({ base: [base[0]!, base[1]!, base[2]!], joints: armNow() });
      const y = quaternion.act(new Float64Array(3), palm.subarray(3), [0, 1, 0]);
      return { rad: footprint.majorRad - Math.atan2(y[1]!, y[0]!), halfShortM: footprint.widthM / 2 };
    };

    const attempt = async (
      planned: GraspCandidate,
      supportZ: number,
      halfWidthM: number,
      footprint: ItemFootprint | undefined,
      check: () => void,
      phase: (p: string) => void,
      seen?: ItemSighting & { readonly box: ItemBox; readonly supportZ: number; readonly ceilingZ: number },
    ) => {
      phase('approaching');
      const plan = preGrasp(planned, false);
      // Out of reach from where the base stands (its plan keeps the base near): from another side.
      let base: readonly [number, number, number];
      let candidate = planned;
      if ('failure' in plan) {
        const now = basePose();
        const side = house && clearSideStand(planned, [now[0]!, now[1]!, now[2]!], house.places);
        if (!side) throw new Unreachable(plan.failure);
        base = side;
      } else ({ base, candidate } = standClearOfFurniture(planned, plan.base));
      // The arm takes its pre-grasp shape for where the base will stand while the base drives there.
      const shaped = preGrasp(candidate, true, base);
      await Promise.all([
        moveArm(['failure' in shaped ? carryEmpty(armNow()) : shaped.joints], speedScale, check),
        driveBase(base, check),
      ]);
      if (seen && followsItem(seen)) {
        phase('looking');
        const points = await seeItem(seen.box, check, seen.ceilingZ);
        candidate = followItem(candidate, seen, {
          footprint: itemFootprint(points, seen.supportZ),
          points: points.length / 3,
        });
      }
      const solved = await reachFromHere(
        () => {
          const pre = preGrasp(candidate, true);
          if ('failure' in pre) return pre;
          const at = solve(candidate, 0, true);
          return 'failure' in at ? at : { pre, at };
        },
        candidate,
        0,
        check,
      );
      if ('failure' in solved) throw new Failure(PICK.NOT_REACHABLE, solved.failure);
      const { pre, at } = solved;
      if (candidate.tool === 'gripper') await grip(candidate.openingM, squeezeN);
      else {
        await grip(HAND.maxOpeningM, squeezeN);
        suction.publish({ data: true });
      }
      await moveArm([pre.joints], speedScale, check);
      phase('grasping');
      let reached: Float64Array<ArrayBufferLike> = at.joints;
      const reach = (z: number) => {
        const joints = descend(candidate, z, armNow());
        if ('failure' in joints) throw new Failure(PICK.NOT_REACHABLE, joints.failure);
        return joints;
      };
      if (candidate.tool === 'gripper') {
        reached = reach(candidate.position[2]);
        await moveArm([reach(candidate.position[2] + GENTLE_LAST_M)], speedScale, check);
        await moveArm([reached], gentle(GRASP_DESCENT_SHARE), check);
        const closed = await grip(0, squeezeN);
        if (closed.position < HOLDING_GAP_M)
          throw new ClosedOnNothing(PICK.MISSED, 'the jaws closed on nothing');
      } else {
        // Slowly down through where the top may be (it is known only to the depth's noise),
        // stopping where the vacuum says the cup sealed.
        const sealed = () => pressurePa <= SEALED_PA;
        await moveArm([reach(candidate.position[2] + SEAL_SEARCH_M[0])], speedScale, check);
        try {
          await moveArm([reach(candidate.position[2] + SEAL_SEARCH_M[1])], gentle(SEAL_SEARCH_SHARE), () => {
            check();
            if (sealed()) throw new Sealed();
          });
        } catch (error) {
          if (!(error instanceof Sealed)) throw error;
        }
        await sleep(SEAL_SETTLE_S);
        if (!sealed())
          throw new NoSeal(PICK.MISSED, `the cup did not seal (${(pressurePa / 1000).toFixed(0)} kPa)`);
        reached = armNow();
      }
      const axisInPalm = candidate.tool === 'suction' ? sealedAxis(footprint) : undefined;
      phase('lifting');
      // Up by lift_height, and at least until what hangs below the tool clears the base's top.
      const lifted = Float64Array.from(reached);
      const hanging = candidate.position[2] - supportZ;
      const clearBase = BASE_TOP_M + CARRY_CLEARANCE_M + hanging - candidate.position[2];
      lifted[0] = Math.min(armJoints[0]!.upper, lifted[0]! + Math.max(liftM, clearBase));
      // Without a jolt at either end, as what is held is moved (moveHeld), at the lift's own speed.
      await moveJoints(arm, ARM, [lifted], speedScale, check, true);
      phase('verifying');
      await verifyHold(candidate.tool, 'while lifting');
      await moveHeld([carryHolding(lifted)], check);
      await verifyHold(candidate.tool, 'as the arm swung to carry it');
      held = {
        tool: candidate.tool,
        heightM: candidate.position[2] - supportZ,
        halfWidthM,
        ...(axisInPalm ? { axisInPalm } : {}),
        ...(candidate.closing
          ? { jawsAtGrasp: { approach: candidate.approach, closing: candidate.closing } }
          : {}),
      };
      return { tool: candidate.tool, pose: candidate };
    };

    new ActionServer(node, 'katazuke_msgs/action/Pick', 'pick', {
      goal: (request) => {
        if (!objects.has(request.object_id)) {
          log.warn(`pick: rejected: no object '${request.object_id}' on /objects`);
          return 'reject';
        }
        return 'accept';
      },
      execute: async (handle) => {
        freezeMap();
        const { object_id: id } = handle.request;
        let attempts = 0;
        const phase = (p: string) => handle.publishFeedback({ phase: p, attempt: attempts });
        const check = () => {
          if (handle.isCancelRequested) throw new Cancelled('cancelled');
        };
        const result = (
          code: number,
          message: string,
          extra: Partial<katazuke_msgs.action.Pick_Result> = {},
        ) => ({
          error_code: code,
          message,
          tool: '',
          grasp_pose: {
            header: { stamp: node.now().toMsg(), frame_id: mapFrame },
            pose: se3.toPose(se3.identity()),
          },
          attempts,
          ...extra,
        });
        try {
          /** Looks at the object as /objects has it now and ranks grasps on what the head camera sees. */
          const plan = async () => {
            const object = objects.get(id);
            if (!object) throw new Failure(PICK.NO_GRASP, `object '${id}' is no longer on /objects`);
            const { center, size } = object.bbox;
            // Its bottom on the floor or furniture top it rests on, which the robot knows better than perception.
            const { box, supportZ, ceilingZ } = onKnownSupport(
              {
                center: [center.position.x, center.position.y, center.position.z],
                size: [size.x, size.y, size.z],
              },
              house?.places,
            );
            phase('looking');
            const points = await seeItem(box, check, ceilingZ);
            phase('planning');
            // The class hint when the caller gives one, else what perception believes the object is.
            const hypotheses = handle.request.class_hint
              ? [{ name: handle.request.class_hint, score: 1 }]
              : object.results.map((r) => ({ name: r.hypothesis.class_id, score: r.hypothesis.score }));
            const footprint = itemFootprint(points, supportZ);
            const proposed = policy
              ? await policy.rank(points, supportZ, hypotheses, HAND, CANDIDATES_PER_ATTEMPT * maxAttempts)
              : analyticGrasps(points, supportZ, HAND).slice(0, CANDIDATES_PER_ATTEMPT * maxAttempts);
            // Of the policy's grasps about as likely to hold, the one nearest the item's middle first.
            const ranked = policy && footprint ? preferMiddle(proposed, footprint.center) : proposed;
            if (policy)
              log.debug(
                `pick: policy ranked '${id}' in ${(policy.timings.featuresMs + policy.timings.inferenceMs).toFixed(1)} ms: ` +
                  ranked.map((c) => `${c.tool} ${c.confidence.toFixed(2)}`).join(', '),
              );
            if (ranked.length === 0)
              throw new Failure(
                PICK.NO_GRASP,
                `too few points of '${id}' in the head camera's depth (${points.length / 3})`,
              );
            // Tries that are expected to fail cost 15–25 s each and can push the item away.
            const likely = ranked.filter((c) => c.confidence >= minConfidence);
            if (likely.length === 0)
              throw new Failure(
                PICK.NO_GRASP,
                `no grasp of '${id}' is likely to hold (best: ${ranked[0]!.tool} ${ranked[0]!.confidence.toFixed(2)}, min_grasp_confidence ${minConfidence})`,
              );
            const blockers = likely.map(jawsBlocked);
            const candidates = likely.filter((_, k) => !blockers[k]);
            if (candidates.length === 0)
              throw new Failure(
                PICK.NO_GRASP,
                `every grasp of '${id}' likely to hold would open the jaws into ${whatBlocks(blockers[0]!)}`,
              );
            if (candidates.length < likely.length)
              log.info(
                `pick: ${likely.length - candidates.length} of ${likely.length} grasps of '${id}' would open the jaws into ${whatBlocks(blockers.find(Boolean)!)}`,
              );
            return { box, supportZ, ceilingZ, candidates, footprint, points };
          };
          let planned = await plan();
          let next = 0;
          let sealFailed = false;
          let emptyClosesAtRest = 0;
          let last: Failure | undefined;
          while (attempts < maxAttempts && next < planned.candidates.length) {
            const candidate = planned.candidates[next++]!;
            const { box, supportZ, ceilingZ, footprint, points } = planned;
            attempts++;
            freezeMap();
            try {
              const done = await attempt(
                candidate,
                supportZ,
                Math.max(box.size[0], box.size[1]) / 2,
                footprint,
                check,
                phase,
                { box, supportZ, ceilingZ, footprint, points: points.length / 3 },
              );
              log.info(`pick: holding '${id}' with the ${done.tool} after ${attempts} attempt(s)`);
              return result(PICK.SUCCEEDED, '', {
                tool: done.tool,
                grasp_pose: {
                  header: { stamp: node.now().toMsg(), frame_id: mapFrame },
                  pose: se3.toPose(graspFrame(done.pose)),
                },
              });
            } catch (error) {
              if (!(error instanceof Failure)) throw error;
              last = error;
              if (error instanceof Unreachable) {
                attempts--;
                log.debug(`pick: a ${candidate.tool} grasp is out of reach: ${error.message}`);
                continue;
              }
              log.info(`pick: attempt ${attempts} (${candidate.tool}) failed: ${error.message}`);
              if (error instanceof NoSeal) {
                sealFailed = true;
                planned.candidates.splice(next, Infinity, ...jawsFirst(planned.candidates.slice(next)));
              }
              await letGo();
              await moveArm([carryEmpty(armNow())], speedScale, check);
              // An item knocked or dropped by the try lies elsewhere: the grasps planned on it are
              // stale. Jaws that closed on nothing where it lies also look again: from the grasp's
              // stand the head sees it closer than from where it was planned.
              const now = objects.get(id)?.bbox.center.position;
              const movedM = now ? Math.hypot(now.x - box.center[0], now.y - box.center[1]) : 0;
              const emptyAtRest = error instanceof ClosedOnNothing && movedM <= ITEM_MOVED_M;
              if (emptyAtRest && ++emptyClosesAtRest >= EMPTY_CLOSES_AT_REST) {
                last = new Failure(
                  PICK.MISSED,
                  `the jaws closed on nothing ${emptyClosesAtRest} times where '${id}' lies, and it did not move`,
                );
                break;
              }
              if ((movedM > ITEM_MOVED_M || emptyAtRest) && attempts < maxAttempts) {
                log.info(
                  emptyAtRest
                    ? `pick: the jaws closed on nothing where '${id}' lies: looking again`
                    : `pick: '${id}' moved ${(movedM * 100).toFixed(0)} cm: looking again`,
                );
                planned = await plan();
                if (sealFailed) planned.candidates = jawsFirst(planned.candidates);
                next = 0;
              }
            }
          }
          handle.abort();
          return result(last!.code, last!.message);
        } catch (error) {
          cmdVel.publish(twist(0, 0, 0));
          if (error instanceof Cancelled) {
            handle.canceled();
            return result(PICK.CANCELLED, 'cancelled');
          }
          handle.abort();
          const failure =
            error instanceof Failure ? error : new Failure(PICK.NO_GRASP, (error as Error).message);
          log.warn(`pick: '${id}' failed: ${failure.message}`);
          return result(failure.code, failure.message);
        }
      },
    });

    new ActionServer(node, 'katazuke_msgs/action/Place', 'place', {
      execute: async (handle) => {
        // Places follow localization live: with map → odom held, the test's car was flung out of
        // the basket on release (not understood yet); picks are where SLAM's updates hurt.
        frozenMapOdom = undefined;
        const request = handle.request;
        const check = () => {
          if (handle.isCancelRequested) throw new Cancelled('cancelled');
        };
        const result = (code: number, message: string, at?: readonly number[]) => ({
          error_code: code,
          message,
          released_pose: {
            header: { stamp: node.now().toMsg(), frame_id: mapFrame },
            pose: at
              ? { position: { x: at[0]!, y: at[1]!, z: at[2]! }, orientation: { x: 0, y: 0, z: 0, w: 1 } }
              : request.pose.pose,
          },
        });
        const fail = (code: number, message: string) => {
          log.warn(`place: ${message}`);
          handle.abort();
          return result(code, message);
        };
        if (!held) return fail(PLACE.NOTHING_HELD, 'the hand holds nothing');
        // What was picked may have been lost on the way: say so rather than put nothing down.
        const lost = async (tool: GraspCandidate['tool'], when: string) => {
          try {
            await verifyHold(tool, when);
            return undefined;
          } catch (error) {
            if (!(error instanceof Failure)) throw error;
            held = undefined;
            await letGo();
            return fail(PLACE.DROPPED, `the hand is empty: ${error.message}`);
          }
        };
        /**
         * A place given up with the item still held swings the arm back into the carry pose: left
         * held out over where it would have let go, a blanket was carried on to the next stand
         * that way and slipped out of the jaws.
         */
        const backToCarry = async () => {
          if (!held) return;
          // Straight up first: swung out low, what it holds would sweep across the place's edge.
          const up = armNow();
          up[0] = armJoints[0]!.upper;
          await moveHeld([up, carryHolding(up)], () => {}).catch((error: unknown) =>
            log.warn(`place: back to the carry pose: ${(error as Error).message}`),
          );
        };
        const lostOnTheWay = await lost(held.tool, 'on the way');
        if (lostOnTheWay) return lostOnTheWay;
        // Where to let go (map frame, the surface's height) and, for a named place, where to stand.
        let targets: Array<{
          base?: readonly [number, number, number];
          release: readonly [number, number, number];
          clearOf?: HousePlace;
          /** The lowest the tool point goes before letting go (a container's inside), map z. */
          intoZ?: number;
        }>;
        let shelf: HousePlace | undefined;
        if (request.place_name !== '') {
          if (!house)
            return fail(
              PLACE.UNKNOWN_PLACE,
              `no house description is loaded (house_file) to find '${request.place_name}'; give a pose`,
            );
          const robot = basePose();
          const place = findPlace(house, request.place_name, robot[0]!, robot[1]!);
          if (!place)
            return fail(
              PLACE.UNKNOWN_PLACE,
              `the house has no place called '${request.place_name}' (it has: ${[...new Set(house.places.map((p) => p.name))].join(', ')})`,
            );
          // On a shelf, the boards with room above for what the hand holds and the hand over it, highest first.
          const roomNeededM = RELEASE_ABOVE_M + held.heightM + approachM + WRIST_ABOVE_TOOL_M;
          const levels = placeLevels(place).filter((z) => headroomAbove(place, z) >= roomNeededM);
          if (levels.length === 0)
            return fail(
              PLACE.NOT_REACHABLE,
              `no shelf of the ${place.name} has the ${(roomNeededM * 100).toFixed(0)} cm above it that the hand and what it holds need`,
            );
          if (place.kind === 'shelf') shelf = place;
          const handFitsInside =
            request.orientation === PLACE_ORIENTATION.UPRIGHT &&
            Math.min(place.size[0], place.size[1]) >= HAND_INSIDE_OPENING_M;
          targets = levels.flatMap((levelZ) =>
            placeApproaches(place, [robot[0]!, robot[1]!], {
              clearanceM: baseRadiusM + PLACE_STAND_GAP_M,
              insetM: Math.max(
                PLACE_INSET_M,
                (held!.axisInPalm?.halfShortM ?? held!.halfWidthM) + PLACE_EDGE_MARGIN_M,
              ),
              endInsetM: Math.max(PLACE_INSET_M, held!.halfWidthM + PLACE_EDGE_MARGIN_M),
              levelZ,
            })
              .filter(({ base: [x, y] }) => insideRoom(house!, x, y, baseRadiusM))
              .map((approach) => ({
                base: approach.base,
                // Over a container it lets go high enough that, however the item hangs (a cloth pinched
                // off its middle tilts), nothing of it is below the rim as the base drives up.
                release: [
                  approach.release[0],
                  approach.release[1],
                  approach.topZ + (place.kind === 'container' ? held!.halfWidthM : 0),
                ] as const,
                clearOf: place,
                ...(place.kind === 'container'
                  ? {
                      intoZ: Math.max(
                        handFitsInside ? -Infinity : approach.topZ - TOOL_INTO_CONTAINER_M,
                        place.position[2] - place.size[2] / 2 + CONTAINER_FLOOR_M + held!.heightM,
                      ),
                    }
                  : {}),
              })),
          );
        } else {
          if (request.pose.header.frame_id !== mapFrame)
            return fail(
              PLACE.NOT_REACHABLE,
              `the pose must be in '${mapFrame}', got '${request.pose.header.frame_id}'`,
            );
          const p = request.pose.pose.position;
          targets = [{ release: [p.x, p.y, p.z] }];
        }
        try {
          // Why the nearest stand failed (the others are further from where the navigator put the
          // base), unless one only failed for being too far: then navigating closer is the answer.
          let why: string | undefined;
          let tooFar: string | undefined;
          for (const target of targets) {
            handle.publishFeedback({ phase: 'approaching' });
            // Under a shelf's board the hand stays pointing down: tipped, the arm would rise into the board.
            const tilts = shelf
              ? [0]
              : request.orientation === PLACE_ORIENTATION.UPRIGHT
                ? UPRIGHT_PLACE_TILTS_RAD
                : PLACE_TILTS_RAD;
            const planned = planRelease(
              held,
              target.release,
              tilts,
              target.base,
              target.clearOf,
              !shelf && request.orientation !== PLACE_ORIENTATION.ANY,
            );
            if ('failure' in planned) {
              why ??= planned.failure;
              continue;
            }
            const { candidate, plan, standOffM } = planned;
            // A stand on a far side of the place is for another navigation, not for this place to
            // drive to: the next target is tried (where the nearer ones failed, this was chosen).
            const here = basePose();
            const travelM = Math.hypot(plan.base[0] - here[0]!, plan.base[1] - here[1]!);
            if (travelM > maxBaseTravelM) {
              tooFar ??= `the base would drive ${travelM.toFixed(2)} m (max_base_travel ${maxBaseTravelM} m): navigate closer first`;
              continue;
            }
            // The hand over the release point as the base will stand, before the base drives up:
            // what it holds then hangs above the top and reaches no further than it will at the end.
            const ahead = solve(candidate, standOffM, true, plan.base);
            if ('failure' in ahead) {
              why ??= ahead.failure;
              continue;
            }
            // Jaws pointing straight down turn about the tool point: they keep the roll they carried
            // with (the plan's roll moves the hand nowhere, and spinning a held towel 80° only shakes it).
            const roll = armNow()[4]!;
            const keepingRoll = (joints: Float64Array) => {
              if (candidate.tool === 'gripper' && candidate.approach[2] < -0.999) joints[4] = roll;
              return joints;
            };
            keepingRoll(ahead.joints);
            if (shelf) {
              // Into a shelf the hand goes level between its boards: the lift comes to its height
              // with the hand still clear of the front, then the arm reaches out and the base drives in.
              // Swung out at carry height, a magazine came off the cup there.
              const now = basePose();
              const [x, y] = plan.base;
              const handInsideM =
                Math.hypot(target.release[0] - x, target.release[1] - y) - distanceToFootprint(shelf, x, y);
              const outM = Math.max(0, handInsideM + held.halfWidthM + SHELF_FRONT_CLEARANCE_M);
              if (distanceToFootprint(shelf, now[0]!, now[1]!) < distanceToFootprint(shelf, x, y) + outM) {
                if (roomBehind(plan.base, outM, shelf) < outM) {
                  why ??= `no room behind the base to reach level into the ${shelf.name}`;
                  continue;
                }
                await driveBase(backedOff(plan.base, outM), check);
              }
              const level = Float64Array.from(armNow());
              level[0] = ahead.joints[0]!;
              await moveHeld([level, ahead.joints], check);
            } else {
              // The arm takes that shape with the lift kept up, and comes down only once the base
              // stands there: what hangs from the carry pose can be lower than a counter's top, and
              // swung out with the lift already coming down it struck the counter's edge; lowered
              // before the drive to a release near the floor, a toy robot was swept off the cup by
              // the laundry basket the base drove up against.
              const shapedHigh = Float64Array.from(ahead.joints);
              shapedHigh[0] = Math.max(shapedHigh[0]!, armNow()[0]!);
              await moveHeld([shapedHigh], check);
            }
            try {
              await driveBase(plan.base, check);
            } catch (error) {
              // Something stops the base short of this stand: the next one may be clear.
              if (!(error instanceof BaseBlocked)) throw error;
              why ??= error.message;
              continue;
            }
            const lostOverIt = await lost(candidate.tool, 'over the place');
            if (lostOverIt) return lostOverIt;
            // Where the base settled, the hand comes within RELEASE_TOLERANCE_M of the release point:
            // a release at the edge of the arm's reach from the planned stand stays in reach.
            const pre = await reachFromHere(
              () => solve(candidate, standOffM, true, undefined, RELEASE_TOLERANCE_M),
              candidate,
              standOffM,
              check,
            );
            // Down the lift from above the release point, as at a pick.
            const at = 'failure' in pre ? pre : descend(candidate, candidate.position[2], pre.joints);
            if ('failure' in pre || 'failure' in at) {
              why ??= ('failure' in pre ? pre : (at as { failure: string })).failure;
              if (shelf) {
                await backOutOf(shelf, check);
                await moveArm([carryHolding(armNow())], speedScale, check);
              }
              continue;
            }
            handle.publishFeedback({ phase: 'lowering' });
            const near = descend(candidate, candidate.position[2] + GENTLE_LAST_M, pre.joints);
            keepingRoll(pre.joints);
            await moveArm(
              'failure' in near ? [pre.joints] : [pre.joints, keepingRoll(near)],
              speedScale,
              check,
            );
            await moveArm([keepingRoll(at)], gentle(PLACE_DESCENT_SHARE), check);
            if (
              target.intoZ !== undefined &&
              target.intoZ < candidate.position[2] &&
              candidate.approach[2] < -0.999
            ) {
              // Nothing is met on the way down (the item's bottom stays above the container's), so not gently.
              const into = descend(candidate, target.intoZ, at);
              if ('failure' in into) log.info(`place: letting go over the rim: ${into.failure}`);
              else await moveHeld([keepingRoll(into)], check);
            }
            handle.publishFeedback({ phase: 'releasing' });
            await letGo();
            held = undefined;
            handle.publishFeedback({ phase: 'retreating' });
            await moveArm([pre.joints], speedScale, check);
            // Out from under a shelf's board before the arm folds up.
            if (shelf) await backOutOf(shelf, check);
            await moveArm([carryEmpty(pre.joints)], speedScale, check);
            return result(PLACE.SUCCEEDED, '', candidate.position);
          }
          await backToCarry();
          return fail(PLACE.NOT_REACHABLE, tooFar ?? why ?? 'no stand to put it from inside the room');
        } catch (error) {
          cmdVel.publish(twist(0, 0, 0));
          if (error instanceof Cancelled) {
            handle.canceled();
            return result(PLACE.CANCELLED, 'cancelled');
          }
          if (error instanceof Failure) await backToCarry();
          return fail(
            error instanceof Failure ? PLACE.NOT_REACHABLE : PLACE.DROPPED,
            (error as Error).message,
          );
        }
      },
    });
    return node;
  },
});

/** The base pose `distanceM` straight back from `pose` [x, y, yaw], facing the same way. */
function backedOff(pose: ArrayLike<number>, distanceM: number): readonly [number, number, number] {
  const yaw = pose[2]!;
  return [pose[0]! - distanceM * Math.cos(yaw), pose[1]! - distanceM * Math.sin(yaw), yaw];
}

function twist(vx: number, vy: number, wz: number) {
  return { linear: { x: vx, y: vy, z: 0 }, angular: { x: 0, y: 0, z: wz } };
}
