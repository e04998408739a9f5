/**
 * sim_bridge: runs the simulated room and speaks ROS. Publishes /clock, the head RGB-D camera
 * (Image rgb8 + 32FC1 depth + CameraInfo), /scan, /odom with odom → base_footprint on /tf, the
 * base_link and sensor mounts (REP 105), /joint_states, the robot's start pose on /initialpose (latched, as an operator
 * would give it), and ground truth only on /sim/ground_truth/* (the base pose, items, what the
 * hand holds, and the walking person in worlds that have one); evaluation tools may carry the
 * robot elsewhere on /sim/teleport (geometry_msgs/PoseStamped in map). Commands:
 * geometry_msgs/Twist on /cmd_vel (clamped to the base's limits; the base stops when commands
 * stop for `cmd_vel_timeout_s`, as a base controller does); the arm and head through
 * control_msgs FollowJointTrajectory on /arm_trajectory_controller/follow_joint_trajectory and
 * /head_trajectory_controller/follow_joint_trajectory, the fingers through GripperCommand on
 * /gripper_controller/gripper_cmd (see sim/controllers.ts); the suction pump by std_msgs/Bool on
 * /suction/command, its vacuum reported as sensor_msgs/FluidPressure on /suction/pressure.
 * What the hand holds is decided by the physics alone. A malformed command is logged and ignored.
 * It runs in sim time at `real_time_factor` (0 = as fast as it can).
 */
import * as se3 from '../src/geometry/se3.ts';
import { cameraInfoMessage } from '../src/perception/pinhole.ts';
import { defineNode } from '../src/runtime/launch/NodeExecutable.ts';
import { Time } from '../src/runtime/Time.ts';
import { StaticTransformBroadcaster, TransformBroadcaster } from '../src/runtime/tf/TransformBroadcaster.ts';
import { buildSceneMesh } from '../sim/render/meshes.ts';
import { Rasterizer } from '../sim/render/Rasterizer.ts';
import { LASER, Simulation } from '../sim/Simulation.ts';
import { gripperController, jointTrajectoryController } from '../sim/controllers.ts';

const PHYSICS_STEP_S = 1 / 240;
const ARM_JOINTS = [
  'arm_lift_joint',
  'arm_flex_joint',
  'arm_roll_joint',
  'wrist_flex_joint',
  'wrist_roll_joint',
];
const HEAD_JOINTS = ['head_pan_joint', 'head_tilt_joint'];
const ATMOSPHERE_PA = 101_325;

function transform(
  parent: string,
  child: string,
  stamp: { sec: number; nanosec: number },
  pose: ArrayLike<number>,
) {
  return {
    header: { stamp, frame_id: parent },
    child_frame_id: child,
    transform: {
      translation: { x: pose[0]!, y: pose[1]!, z: pose[2]! },
      rotation: { x: pose[3]!, y: pose[4]!, z: pose[5]!, w: pose[6]! },
    },
  };
}

export default defineNode({
  description: 'the simulated room: physics, sensors and the robot base',
  async start(context, { arguments: args }) {
    const node = context.createNode('sim_bridge', { arguments: args });
    const seed = node.declareParameter('seed', { type: 'integer', default: 1, description: 'world seed' });
    const split = node.declareParameter('split', {
      type: 'string',
      default: 'train',
      description: 'randomization: train or heldout',
      validate: (v) =>
        v === 'train' || v === 'heldout' ? undefined : `must be train or heldout, got '${v}'`,
    });
    const realTimeFactor = node.declareParameter('real_time_factor', {
      type: 'double',
      default: 1,
      description: 'sim seconds per wall second (0 = as fast as possible)',
      range: { from: 0, to: 1000 },
    });
    const headRateHz = node.declareParameter('head_camera_rate_hz', {
      type: 'double',
      default: 5,
      range: { from: 0.1, to: 60 },
    });
    const laserRateHz = node.declareParameter('laser_rate_hz', {
      type: 'double',
      default: 10,
      range: { from: 0.1, to: 100 },
    });
    const cmdVelTimeoutS = node.declareParameter('cmd_vel_timeout_s', {
      type: 'double',
      default: 0.5,
      description:
        'sim seconds without a /cmd_vel after which the base stops, as a base controller does (0 = never)',
      range: { from: 0, to: 60 },
    });
    const statusPeriodS = node.declareParameter('status_period_s', {
      type: 'double',
      default: 2,
      description: 'wall seconds between status lines (0 = none)',
    });
    const headWidth = node.declareParameter('head_camera_width', {
      type: 'integer',
      default: 640,
      description: 'head camera image width (px); height keeps 4:3',
      range: { from: 32, to: 1920 },
    });
    const intrinsics = {
      width: headWidth,
      height: Math.round((headWidth * 3) / 4),
      fx: (554.3 * headWidth) / 640,
      fy: (554.3 * headWidth) / 640,
      cx: (headWidth - 1) / 2,
      cy: (Math.round((headWidth * 3) / 4) - 1) / 2,
    };
    const people = node.declareParameter('people', {
      type: 'integer',
      default: -1,
      description: 'walking people: -1 = as the world seed says (half the worlds), 0 = none, 1 = one',
      range: { from: -1, to: 1 },
    });
    const sim = await Simulation.create({
      seed,
      split: split as 'train' | 'heldout',
      headCamera: intrinsics,
      people: people === -1 ? 'auto' : (people as 0 | 1),
    });

    const clock = node.createPublisher('rosgraph_msgs/msg/Clock', '/clock', { depth: 1 });
    const rgb = node.createPublisher('sensor_msgs/msg/Image', '/head_rgbd_sensor/rgb/image_raw', {
      reliability: 'best_effort',
      depth: 2,
    });
    const depth = node.createPublisher(
      'sensor_msgs/msg/Image',
      '/head_rgbd_sensor/depth_registered/image_raw',
      { reliability: 'best_effort', depth: 2 },
    );
    const info = node.createPublisher('sensor_msgs/msg/CameraInfo', '/head_rgbd_sensor/rgb/camera_info', {
      reliability: 'best_effort',
      depth: 2,
    });
    const scan = node.createPublisher('sensor_msgs/msg/LaserScan', '/scan', {
      reliability: 'best_effort',
      depth: 5,
    });
    const odom = node.createPublisher('nav_msgs/msg/Odometry', '/odom', 10);
    const truth = node.createPublisher('geometry_msgs/msg/PoseStamped', '/sim/ground_truth/pose', 10);
    const truthItems = node.createPublisher('katazuke_msgs/msg/ItemStateArray', '/sim/ground_truth/items', {
      depth: 1,
      durability: 'transient_local',
    });
    const bumper = node.createPublisher('std_msgs/msg/Bool', '/bumper', 10);
    const truthPeople = node.createPublisher('geometry_msgs/msg/PoseArray', '/sim/ground_truth/people', 10);
    const ceilingCount = node.declareParameter('ceiling_cameras', {
      type: 'integer',
      default: 2,
      description: 'fixed ceiling RGB cameras (0-4)',
      range: { from: 0, to: 4 },
    });
    const ceilingRateHz = node.declareParameter('ceiling_camera_rate_hz', {
      type: 'double',
      default: 1,
      range: { from: 0.1, to: 30 },
    });
    const ceilingIntrinsics = { width: 640, height: 480, fx: 450, fy: 450, cx: 319.5, cy: 239.5 };
    const ceilingRasterizer = new Rasterizer(ceilingIntrinsics);
    const ceilingImages = Array.from({ length: ceilingCount }, (_, k) => ({
      image: node.createPublisher('sensor_msgs/msg/Image', `/ceiling_camera_${k}/image_raw`, {
        reliability: 'best_effort',
        depth: 2,
      }),
      info: node.createPublisher('sensor_msgs/msg/CameraInfo', `/ceiling_camera_${k}/camera_info`, {
        reliability: 'best_effort',
        depth: 2,
      }),
      pose: sim.ceilingCameraPose(k),
    }));
    const tf = new TransformBroadcaster(node);
    const staticTf = new StaticTransformBroadcaster(node);
    for (const link of ['base_link', 'base_range_sensor_link'])
      staticTf.sendTransform(transform('base_footprint', link, { sec: 0, nanosec: 0 }, sim.linkPose(link)));

    const jointStates = node.createPublisher('sensor_msgs/msg/JointState', '/joint_states', 10);
    const held = node.createPublisher('std_msgs/msg/String', '/sim/ground_truth/held', {
      depth: 1,
      durability: 'transient_local',
    });
    const controllers = [
      jointTrajectoryController(node, sim, 'arm_trajectory_controller', ARM_JOINTS),
      jointTrajectoryController(node, sim, 'head_trajectory_controller', HEAD_JOINTS),
      gripperController(node, sim),
    ];
    node.createSubscription('std_msgs/msg/Bool', '/suction/command', (command) => {
      if (typeof command.data !== 'boolean') {
        node.getLogger().warn(`ignoring /suction/command: data must be a bool, got ${String(command.data)}`);
        return;
      }
      sim.setSuction(command.data);
      node.getLogger().info(`suction ${command.data ? 'on' : 'off'}`);
    });
    const suctionPressure = node.createPublisher('sensor_msgs/msg/FluidPressure', '/suction/pressure', 10);
    let heldId: string | undefined;

    ceilingImages.forEach(({ pose }, k) =>
      staticTf.sendTransform(
        transform('map', `ceiling_camera_${k}_optical_frame`, { sec: 0, nanosec: 0 }, pose),
      ),
    );
    // Where the robot starts, as an operator's pose estimate or a dock would give it: SLAM then
    // builds its map in the frame the ceiling cameras are placed in.
    node
      .createPublisher('geometry_msgs/msg/PoseWithCovarianceStamped', '/initialpose', {
        depth: 1,
        durability: 'transient_local',
      })
      .publish({
        header: { stamp: { sec: 0, nanosec: 0 }, frame_id: 'map' },
        pose: { pose: se3.toPose(sim.basePose()), covariance: new Array<number>(36).fill(0) },
      });

    // For evaluation tools only (like the ground truth): carries the robot elsewhere at once, as a
    // person lifting it would; odometry does not see it.
    node.createSubscription('geometry_msgs/msg/PoseStamped', '/sim/teleport', (m) => {
      const { x, y } = m.pose.position;
      const q = m.pose.orientation;
      const yaw = 2 * Math.atan2(q.z, q.w);
      if (m.header.frame_id !== 'map' || ![x, y, yaw].every(Number.isFinite)) {
        node
          .getLogger()
          .warn(`ignoring /sim/teleport: needs a finite pose in 'map', got '${m.header.frame_id}'`);
        return;
      }
      sim.kidnap(x, y, yaw);
    });
    let lastCommandS = -Infinity;
    let driving = false;
    node.createSubscription('geometry_msgs/msg/Twist', '/cmd_vel', (twist) => {
      try {
        sim.setCommand({ vx: twist.linear.x, vy: twist.linear.y, wz: twist.angular.z });
        lastCommandS = sim.timeS;
        driving = twist.linear.x !== 0 || twist.linear.y !== 0 || twist.angular.z !== 0;
      } catch (error) {
        node.getLogger().warn(`ignoring /cmd_vel: ${(error as Error).message}`);
      }
    });

    const ranges = new Float32Array(LASER.beams);
    let nextHead = 0;
    let nextLaser = 0;
    let nextOdom = 0;
    let nextClock = 0;
    let nextCeiling = 0;
    let nextTruthItems = 0;
    const wallStart = performance.now();
    let lastStatus = wallStart;
    let stopped = false;
    const publishSensors = () => {
      const stamp = Time.fromSeconds(sim.timeS).toMsg();
      if (sim.timeS >= nextClock) {
        nextClock += 0.01;
        clock.publish({ clock: stamp });
      }
      if (sim.timeS >= nextOdom) {
        nextOdom += 0.02;
        const odomPose = Float64Array.of(
          sim.odometry[0]!,
          sim.odometry[1]!,
          0,
          0,
          0,
          Math.sin(sim.odometry[2]! / 2),
          Math.cos(sim.odometry[2]! / 2),
        );
        const zero36 = new Float64Array(36);
        odom.publish({
          header: { stamp, frame_id: 'odom' },
          child_frame_id: 'base_footprint',
          pose: { pose: se3.toPose(odomPose), covariance: zero36 },
          twist: {
            twist: {
              linear: { x: sim.velocity.vx, y: sim.velocity.vy, z: 0 },
              angular: { x: 0, y: 0, z: sim.velocity.wz },
            },
            covariance: zero36,
          },
        });
        tf.sendTransform([
          transform('odom', 'base_footprint', stamp, odomPose),
          transform(
            'base_footprint',
            'head_rgbd_sensor_optical_frame',
            stamp,
            sim.linkPose('head_rgbd_sensor_optical_frame'),
          ),
          transform('base_footprint', 'hand_palm_link', stamp, sim.linkPose('hand_palm_link')),
        ]);
        const movable = [...sim.urdf.values()].filter(
          (j) => j.type !== 'fixed' && !j.name.startsWith('hand_'),
        );
        const gripper = sim.gripperState();
        const suction = sim.suctionState();
        jointStates.publish({
          header: { stamp, frame_id: '' },
          name: [
            ...movable.map((j) => j.name),
            'hand_l_finger_joint',
            'hand_r_finger_joint',
            'hand_suction_joint',
          ],
          position: [
            ...movable.map((j) => sim.joints.get(j.name) ?? 0),
            gripper.openingM / 2,
            gripper.openingM / 2,
            suction.extensionM,
          ],
          velocity: [...movable.map((j) => sim.jointVelocities.get(j.name) ?? 0), 0, 0, 0],
          effort: [...movable.map(() => 0), gripper.effortN, gripper.effortN, 0],
        });
        suctionPressure.publish({
          header: { stamp, frame_id: 'hand_suction_link' },
          fluid_pressure: ATMOSPHERE_PA + suction.pressurePa,
          variance: 0,
        });
        const holding = sim.holding?.id;
        if (holding !== heldId) {
          heldId = holding;
          held.publish({ data: holding ?? '' });
          node.getLogger().info(holding ? `the hand holds ${holding}` : 'the hand holds nothing');
        }
        truth.publish({ header: { stamp, frame_id: 'map' }, pose: se3.toPose(sim.basePose()) });
        bumper.publish({ data: sim.bumperPressed });
        truthPeople.publish({
          header: { stamp, frame_id: 'map' },
          poses: sim.people().map((p) => ({
            position: { x: p[0]!, y: p[1]!, z: 0 },
            orientation: { x: 0, y: 0, z: Math.sin(p[2]! / 2), w: Math.cos(p[2]! / 2) },
          })),
        });
      }
      if (sim.timeS >= nextTruthItems) {
        nextTruthItems += 0.5;
        const holding = sim.holding?.id;
        truthItems.publish({
          header: { stamp, frame_id: 'map' },
          items: sim.world.items.map((item) => ({
            id: item.id,
            category: item.category,
            colors: [item.colorName],
            pose: { header: { stamp, frame_id: 'map' }, pose: se3.toPose(sim.physics.itemPose(item.id)) },
            state: holding === item.id ? 1 : 0,
          })),
        });
      }
      if (ceilingImages.length > 0 && sim.timeS >= nextCeiling) {
        nextCeiling += 1 / ceilingRateHz;
        const soup = buildSceneMesh(sim.world, sim.physics.itemShapePoses(), sim.people());
        ceilingImages.forEach(({ image, info: cameraInfo, pose }, k) => {
          const frame = ceilingRasterizer.render(soup, pose, sim.world.lighting);
          const header = { stamp, frame_id: `ceiling_camera_${k}_optical_frame` };
          image.publish({
            header,
            height: 480,
            width: 640,
            encoding: 'rgb8',
            is_bigendian: 0,
            step: 640 * 3,
            data: sim.noisyImages(frame).rgb,
          });
          cameraInfo.publish(cameraInfoMessage(header, ceilingIntrinsics));
        });
      }
      if (sim.timeS >= nextLaser) {
        nextLaser += 1 / laserRateHz;
        sim.laserScan(ranges);
        scan.publish({
          header: { stamp, frame_id: 'base_range_sensor_link' },
          angle_min: -LASER.fovRad / 2,
          angle_max: LASER.fovRad / 2,
          angle_increment: LASER.fovRad / (LASER.beams - 1),
          time_increment: 0,
          scan_time: 1 / laserRateHz,
          range_min: LASER.minM,
          range_max: LASER.maxM,
          ranges,
          intensities: new Float32Array(0),
        });
      }
      if (sim.timeS >= nextHead) {
        nextHead += 1 / headRateHz;
        const frame = sim.noisyImages(sim.renderHead());
        const header = { stamp, frame_id: 'head_rgbd_sensor_optical_frame' };
        rgb.publish({
          header,
          height: intrinsics.height,
          width: intrinsics.width,
          encoding: 'rgb8',
          is_bigendian: 0,
          step: intrinsics.width * 3,
          data: frame.rgb,
        });
        const depthBytes = new Uint8Array(frame.depth.buffer);
        depth.publish({
          header,
          height: intrinsics.height,
          width: intrinsics.width,
          encoding: '32FC1',
          is_bigendian: 0,
          step: intrinsics.width * 4,
          data: depthBytes,
        });
        info.publish(cameraInfoMessage(header, intrinsics));
      }
    };
    const loop = () => {
      if (stopped || node.isDestroyed) return;
      const wallElapsedS = (performance.now() - wallStart) / 1000;
      const target = realTimeFactor > 0 ? wallElapsedS * realTimeFactor : sim.timeS + 0.05;
      let steps = 0;
      while (sim.timeS < target && steps < 48) {
        sim.step(PHYSICS_STEP_S);
        if (driving && cmdVelTimeoutS > 0 && sim.timeS - lastCommandS > cmdVelTimeoutS) {
          sim.setCommand({ vx: 0, vy: 0, wz: 0 });
          driving = false;
          node.getLogger().warn(`no /cmd_vel for ${cmdVelTimeoutS} s: stopping the base`);
        }
        for (const controller of controllers) controller.update();
        steps++;
        publishSensors();
      }
      if (statusPeriodS > 0 && performance.now() - lastStatus > statusPeriodS * 1000) {
        lastStatus = performance.now();
        const rtf = sim.timeS / Math.max(1e-9, (performance.now() - wallStart) / 1000);
        node
          .getLogger()
          .info(
            `sim t=${sim.timeS.toFixed(1)} s, ${rtf.toFixed(1)}x real time, base (${sim.base[0]!.toFixed(2)}, ${sim.base[1]!.toFixed(2)}, ${sim.base[2]!.toFixed(2)} rad), ${sim.world.items.length} items`,
          );
      }
      if (realTimeFactor > 0 && steps === 0) setTimeout(loop, 2);
      else setImmediate(loop);
    };
    setImmediate(loop);
    const destroy = node.destroy.bind(node);
    node.destroy = () => {
      stopped = true;
      sim.physics.free();
      destroy();
    };
    return node;
  },
});
