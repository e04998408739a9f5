/**
 * The simulated room in motion: world + physics + the robot's base and head + sensors, in sim
 * time. The base is omnidirectional with speed and acceleration limits; commanded velocities
 * beyond them are clamped. Wheel odometry integrates the true motion with a per-run scale error
 * and noise, so it drifts like a real base. The laser is ray cast in the physics engine; the
 * head and ceiling cameras are rasterized.
 */
import * as se3 from '../src/geometry/se3.ts';
import { Random } from '../src/common/random.ts';
import { PhysicsWorld } from './physics/PhysicsWorld.ts';
import { opticalPose } from './render/cameraPose.ts';
import { buildSceneMesh } from './render/meshes.ts';
import { noisyDepth } from './render/depthNoise.ts';
import { Rasterizer, type CameraIntrinsics, type Frame } from './render/Rasterizer.ts';
import { FINGER, type GripperState, type SuctionState } from './physics/Hand.ts';
import { linkPose } from '../src/geometry/kinematics.ts';
import type { UrdfJoint } from '../src/geometry/urdf.ts';
import { loadHsrUrdf } from './robot/urdf.ts';
import { generateWorld } from './world/generateWorld.ts';
import { generatePerson, PERSON, type WalkingPerson } from './world/person.ts';
import { RANDOMIZATION } from './world/randomization.ts';
import type { World, WorldItem } from './world/World.ts';

export const BASE = {
  radiusM: 0.215,
  heightM: 0.32,
  maxLinearMps: 0.3,
  maxAngularRps: 1.2,
  maxLinearAccel: 0.6,
  maxAngularAccel: 2.0,
};
/** Joint servos reach full speed in a tenth of a second; their proportional gain (1/s). */
const JOINT_ACCELERATION_PER_SPEED = 10;
const SERVO_GAIN = 20;
export const LASER = { beams: 1081, fovRad: (270 * Math.PI) / 180, minM: 0.05, maxM: 20 };

export interface Twist {
  readonly vx: number;
  readonly vy: number;
  readonly wz: number;
}

export interface SimulationOptions {
  readonly seed: number;
  readonly split?: 'train' | 'heldout';
  readonly itemCount?: number;
  readonly headCamera?: CameraIntrinsics;
  /** `empty`: walls only (for tests and calibration). */
  readonly layout?: 'furnished' | 'empty';
  /** These items instead of the generated ones (for tests and grasp trials). */
  readonly items?: readonly WorldItem[];
  /** A walking person: `auto` (half the worlds, by seed), or none / one. */
  readonly people?: 'auto' | 0 | 1;
}

export const DEFAULT_HEAD_CAMERA: CameraIntrinsics = {
  width: 640,
  height: 480,
  fx: 554.3,
  fy: 554.3,
  cx: 319.5,
  cy: 239.5,
};

export class Simulation {
  timeS = 0;
  /** True base pose [x, y, yaw] in the map frame. */
  readonly base = new Float64Array(3);
  /** Wheel odometry [x, y, yaw] in the odom frame (starts at the true pose's origin). */
  readonly odometry = new Float64Array(3);
  readonly velocity = { vx: 0, vy: 0, wz: 0 };
  command: Twist = { vx: 0, vy: 0, wz: 0 };
  readonly joints = new Map<string, number>([['head_tilt_joint', -0.5]]);
  readonly jointVelocities = new Map<string, number>();
  /** Each servoed joint's setpoint: position and feed-forward velocity. */
  readonly #jointTargets = new Map<string, { position: number; velocity: number }>();
  /** True while the base touches a wall or furniture (within a bumper's travel). */
  bumperPressed = false;
  /** Sensor noise drawn once per run from the split's randomization ranges. */
  readonly noise: {
    readonly imageStd: number;
    readonly depthA: number;
    readonly depthB: number;
    readonly dropout: number;
  };
  readonly #random: Random;
  readonly #odometryScale: [number, number];
  readonly #headRasterizer: Rasterizer;
  readonly headIntrinsics: CameraIntrinsics;
  readonly urdf: Map<string, UrdfJoint>;
  readonly #startPose: Float64Array;
  /** The walking person, if this world has one, and where it is now: [x, y, heading]. */
  readonly person: WalkingPerson | undefined;
  readonly personPose = new Float64Array(3);

  private constructor(
    readonly world: World,
    readonly physics: PhysicsWorld,
    options: SimulationOptions,
  ) {
    this.#random = new Random(options.seed * 7919 + 17);
    this.#odometryScale = [1 + this.#random.range(-0.02, 0.02), 1 + this.#random.range(-0.03, 0.03)];
    const dr = RANDOMIZATION[world.split];
    this.noise = {
      imageStd: this.#random.range(dr.imageNoiseStd[0], dr.imageNoiseStd[1]),
      depthA: this.#random.range(dr.depthNoise.a[0], dr.depthNoise.a[1]),
      depthB: this.#random.range(dr.depthNoise.b[0], dr.depthNoise.b[1]),
      dropout: this.#random.range(dr.depthDropout[0], dr.depthDropout[1]),
    };
    this.headIntrinsics = options.headCamera ?? DEFAULT_HEAD_CAMERA;
    this.#headRasterizer = new Rasterizer(this.headIntrinsics);
    this.urdf = loadHsrUrdf();
    this.base.set([world.room.width / 2, world.room.depth / 2 - 0.6, Math.PI / 2]);
    this.#startPose = Float64Array.from(this.base);
    physics.addRobotBase(BASE.radiusM, BASE.heightM, this.base[0]!, this.base[1]!, this.base[2]!);
    const nozzle = this.urdf.get('hand_suction_joint')!;
    physics.addHand(this.handPose(), { origin: nozzle.xyz, axis: nozzle.axis, travelM: nozzle.upper });
    const people = options.people ?? 'auto';
    const wanted = people === 'auto' ? new Random(options.seed * 613 + 11).next() < 0.5 : people === 1;
    this.person = wanted
      ? generatePerson(world, options.seed, {
          x: this.base[0]!,
          y: this.base[1]!,
        })
      : undefined;
    if (this.person) {
      this.person.pose(0, this.personPose);
      physics.addPerson(PERSON.radiusM, PERSON.heightM, this.personPose[0]!, this.personPose[1]!);
    }
  }

  /** Where people stand, for rendering: [[x, y], …]. */
  people(): Float64Array[] {
    return this.person ? [this.personPose] : [];
  }

  /** Whether the base touches the person now (centres closer than their radii and 1 cm). */
  get personContact(): boolean {
    return (
      this.person !== undefined &&
      Math.hypot(this.personPose[0]! - this.base[0]!, this.personPose[1]! - this.base[1]!) <
        BASE.radiusM + PERSON.radiusM + 0.01
    );
  }

  static async create(options: SimulationOptions): Promise<Simulation> {
    const world = generateWorld(
      options.seed,
      options.split ?? 'train',
      options.itemCount !== undefined ? { itemCount: options.itemCount } : {},
    );
    // Keep the robot's start free: drop items within a metre of it.
    const start = [world.room.width / 2, world.room.depth / 2 - 0.6];
    const clear: World = {
      ...world,
      furniture: options.layout === 'empty' ? [] : world.furniture,
      items:
        options.items ??
        world.items.filter((i) => Math.hypot(i.pose[0]! - start[0]!, i.pose[1]! - start[1]!) > 0.6),
    };
    return new Simulation(clear, await PhysicsWorld.create(clear), options);
  }

  /** Sets the commanded base velocity (body frame); returns it clamped to the limits. */
  setCommand(twist: Twist): Twist {
    for (const [key, value] of Object.entries(twist))
      if (!Number.isFinite(value)) throw new Error(`cmd_vel ${key} must be finite, got ${value}`);
    const linear = Math.hypot(twist.vx, twist.vy);
    const scale = linear > BASE.maxLinearMps ? BASE.maxLinearMps / linear : 1;
    this.command = {
      vx: twist.vx * scale,
      vy: twist.vy * scale,
      wz: Math.max(-BASE.maxAngularRps, Math.min(BASE.maxAngularRps, twist.wz)),
    };
    return this.command;
  }

  /**
   * Joint setpoints (positions clamped to the URDF limits, optional feed-forward velocities): each
   * joint's servo tracks its setpoint within the URDF's velocity limit and JOINT_ACCELERATION.
   */
  setJointTargets(targets: ReadonlyMap<string, number>, velocities?: ReadonlyMap<string, number>): void {
    for (const [name, value] of targets) {
      const joint = this.urdf.get(name);
      if (!joint || joint.type === 'fixed') throw new Error(`unknown or fixed joint '${name}'`);
      const velocity = velocities?.get(name) ?? 0;
      if (!Number.isFinite(value) || !Number.isFinite(velocity))
        throw new Error(`joint '${name}' setpoint must be finite, got ${value} at ${velocity}/s`);
      this.#jointTargets.set(name, {
        position: Math.max(joint.lower, Math.min(joint.upper, value)),
        velocity,
      });
    }
  }

  /** map_T_hand_palm_link. */
  handPose(): Float64Array {
    return se3.compose(new Float64Array(7), this.basePose(), this.linkPose('hand_palm_link'));
  }

  /** Between the finger pads, halfway along them: where a gripped item's centre sits. */
  gripPoint(): Float64Array {
    return se3.compose(new Float64Array(7), this.handPose(), [
      0,
      0,
      FINGER.jointZ + FINGER.lengthM / 2,
      0,
      0,
      0,
      1,
    ]);
  }

  /** map_T_hand_suction_link: the cup's face, its z axis pointing out of the cup. */
  suctionCupPose(): Float64Array {
    return se3.compose(new Float64Array(7), this.basePose(), this.linkPose('hand_suction_link'));
  }

  /** What the hand holds now, by physics: an item both pads press on, or one sealed to the cup. */
  get holding(): { readonly id: string; readonly tool: 'gripper' | 'suction' } | undefined {
    return this.physics.heldItems()[0];
  }

  /** Drives the fingers to `openingM` (0 closes on whatever is between them), pushing with at most `maxEffortN`. */
  setGripper(openingM: number, maxEffortN: number = FINGER.maxEffortN): void {
    this.#hand.command(openingM, maxEffortN);
  }

  gripperState(): GripperState {
    return this.#hand.gripperState();
  }

  /** Switches the suction pump on or off; a seal forms only when the cup presses flat on a face. */
  setSuction(on: boolean): void {
    this.#hand.setSuction(on);
    this.joints.set('hand_suction_joint', this.#hand.suctionState().extensionM);
  }

  suctionState(): SuctionState {
    return this.#hand.suctionState();
  }

  get #hand() {
    return this.physics.hand!;
  }

  /** Advances sim time by `dtS` in physics timesteps, so the hand moves smoothly within it. */
  step(dtS: number): void {
    const steps = Math.max(1, Math.round(dtS / this.physics.timestepS));
    for (let k = 0; k < steps; k++) this.#substep(dtS / steps);
  }

  #substep(dtS: number): void {
    for (const [name, target] of this.#jointTargets) this.#servo(name, target, dtS);
    const approach = (current: number, target: number, maxDelta: number) =>
      current + Math.max(-maxDelta, Math.min(maxDelta, target - current));
    this.velocity.vx = approach(this.velocity.vx, this.command.vx, BASE.maxLinearAccel * dtS);
    this.velocity.vy = approach(this.velocity.vy, this.command.vy, BASE.maxLinearAccel * dtS);
    this.velocity.wz = approach(this.velocity.wz, this.command.wz, BASE.maxAngularAccel * dtS);
    const yaw = this.base[2]!;
    const c = Math.cos(yaw);
    const s = Math.sin(yaw);
    const dx = (c * this.velocity.vx - s * this.velocity.vy) * dtS;
    const dy = (s * this.velocity.vx + c * this.velocity.vy) * dtS;
    const newYaw = yaw + this.velocity.wz * dtS;
    const [mx, my] = this.physics.moveRobot(dx, dy, newYaw);
    this.base[0]! += mx;
    this.base[1]! += my;
    this.base[2] = newYaw;
    // The palm reaches where the base and the arm will be at the end of this step.
    this.#hand.moveTo(this.handPose());
    if (this.person) {
      this.person.pose(this.timeS + dtS, this.personPose);
      this.physics.movePerson(this.personPose[0]!, this.personPose[1]!);
    }
    this.physics.step(dtS);
    this.bumperPressed = this.physics.robotTouching();
    // Odometry integrates the wheel-measured motion (body frame) with scale error and noise.
    const bodyX = c * mx + s * my;
    const bodyY = -s * mx + c * my;
    const noise = () => this.#random.gaussian() * 0.002 * Math.sqrt(dtS);
    const ox = bodyX * this.#odometryScale[0] + noise();
    const oy = bodyY * this.#odometryScale[0] + noise();
    const oyaw = this.velocity.wz * dtS * this.#odometryScale[1] + noise();
    const odomYaw = this.odometry[2]!;
    this.odometry[0]! += Math.cos(odomYaw) * ox - Math.sin(odomYaw) * oy;
    this.odometry[1]! += Math.sin(odomYaw) * ox + Math.cos(odomYaw) * oy;
    this.odometry[2] = odomYaw + oyaw;
    this.timeS += dtS;
  }

  /** One joint's servo: feed-forward plus a proportional pull, braking in time, within its limits. */
  #servo(name: string, target: { position: number; velocity: number }, dtS: number): void {
    const joint = this.urdf.get(name)!;
    const maxSpeed = joint.velocity > 0 ? joint.velocity : 1;
    const maxAccel = maxSpeed * JOINT_ACCELERATION_PER_SPEED;
    const position = this.joints.get(name) ?? 0;
    const velocity = this.jointVelocities.get(name) ?? 0;
    const error = target.position - position;
    const pull =
      Math.sign(error) * Math.min(SERVO_GAIN * Math.abs(error), Math.sqrt(2 * maxAccel * Math.abs(error)));
    const wanted = Math.max(-maxSpeed, Math.min(maxSpeed, target.velocity + pull));
    const next = velocity + Math.max(-maxAccel * dtS, Math.min(maxAccel * dtS, wanted - velocity));
    const moved = Math.max(joint.lower, Math.min(joint.upper, position + next * dtS));
    this.joints.set(name, moved);
    this.jointVelocities.set(name, (moved - position) / dtS);
  }

  /**
   * Carries the robot to (x, y, yaw) without its wheels turning: odometry does not see it. What
   * the hand holds goes along, as when a person carries the robot.
   */
  kidnap(x: number, y: number, yaw: number): void {
    const handBefore = se3.inverse(new Float64Array(7), this.handPose());
    const carried = this.physics.heldItems().map(({ id }) => ({
      id,
      inHand: se3.compose(new Float64Array(7), handBefore, this.physics.itemPose(id)),
    }));
    this.physics.placeRobot(x, y, yaw);
    this.base.set([x, y, yaw]);
    this.#hand.placeAt(this.handPose());
    for (const { id, inHand } of carried)
      this.physics.setItemPose(id, se3.compose(new Float64Array(7), this.handPose(), inHand));
  }

  /** map_T_base_footprint as SE(3). */
  basePose(): Float64Array {
    const yaw = this.base[2]!;
    return Float64Array.of(this.base[0]!, this.base[1]!, 0, 0, 0, Math.sin(yaw / 2), Math.cos(yaw / 2));
  }

  /** map_T_odom: where odometry's origin is in the map (the start pose). */
  mapToOdom(): Float64Array {
    const yaw = this.#startPose[2]!;
    return Float64Array.of(
      this.#startPose[0]!,
      this.#startPose[1]!,
      0,
      0,
      0,
      Math.sin(yaw / 2),
      Math.cos(yaw / 2),
    );
  }

  linkPose(link: string): Float64Array {
    return linkPose(this.urdf, this.joints, link);
  }

  /** Laser ranges (metres; +Infinity beyond range), counter-clockwise from −135°. */
  laserScan(out: Float32Array = new Float32Array(LASER.beams)): Float32Array {
    const sensor = se3.compose(new Float64Array(7), this.basePose(), this.linkPose('base_range_sensor_link'));
    const yaw = 2 * Math.atan2(sensor[5]!, sensor[6]!);
    const origin: [number, number, number] = [sensor[0]!, sensor[1]!, sensor[2]!];
    for (let k = 0; k < LASER.beams; k++) {
      const angle = yaw - LASER.fovRad / 2 + (k * LASER.fovRad) / (LASER.beams - 1);
      const range = this.physics.castRay(origin, [Math.cos(angle), Math.sin(angle), 0], LASER.maxM);
      out[k] = range + this.#random.gaussian() * 0.01;
      if (!Number.isFinite(range)) out[k] = Infinity;
    }
    return out;
  }

  /** map_T_head_rgbd_sensor_optical_frame. */
  headCameraPose(): Float64Array {
    return se3.compose(new Float64Array(7), this.basePose(), this.linkPose('head_rgbd_sensor_optical_frame'));
  }

  renderHead(): Frame {
    const poses = this.physics.itemShapePoses();
    return this.#headRasterizer.render(
      buildSceneMesh(this.world, poses, this.people()),
      this.headCameraPose(),
      this.world.lighting,
    );
  }

  /** What the RGB-D sensor reports: the rendered frame with image noise, depth noise σ = a + b·z² and dropout. */
  noisyImages(frame: Frame): { rgb: Uint8Array; depth: Float32Array } {
    const { imageStd, depthA, depthB, dropout } = this.noise;
    const rgb = new Uint8Array(frame.rgb.length);
    for (let k = 0; k < rgb.length; k++)
      rgb[k] = Math.max(0, Math.min(255, Math.round(frame.rgb[k]! + imageStd * this.#random.gaussian())));
    const depth = noisyDepth(frame.depth, { a: depthA, b: depthB, dropout }, this.#random);
    return { rgb, depth };
  }

  /** A fixed ceiling camera in a room corner looking at the centre. */
  ceilingCameraPose(index: number): Float64Array {
    const { width, depth, wallHeight } = this.world.room;
    const corners: Array<[number, number]> = [
      [0.2, 0.2],
      [width - 0.2, depth - 0.2],
      [0.2, depth - 0.2],
      [width - 0.2, 0.2],
    ];
    const [x, y] = corners[index % corners.length]!;
    return opticalPose([x, y, wallHeight - 0.1], Math.atan2(depth / 2 - y, width / 2 - x), 0.55);
  }
}
