/**
 * The robot's hand as Rapier bodies: a kinematic palm that follows the arm, two finger bodies on
 * prismatic joints whose motors push with at most the commanded effort, and a suction cup whose
 * vacuum pulls an item only while a seal holds. Whether an item is held is never decided here:
 * it stays in the hand through contact and friction (or the vacuum's pull) or it does not.
 *
 * Frames follow the URDF's hand_palm_link: z out of the wrist towards the fingertips, fingers
 * closing along ±y. The suction nozzle lies between the finger roots and slides out along the
 * palm's z past the fingertips while the pump runs (hand_suction_joint), so the cup can reach a
 * thin item on the floor and stays clear of what the jaws hold.
 */
import RAPIER from '@dimforge/rapier3d-compat';
import * as quaternion from '../../src/geometry/quaternion.ts';
import { ROBOT_GROUPS } from './collisionGroups.ts';

export const FINGER = {
  /** Where the finger joints sit on the palm (palm frame). */
  jointZ: 0.07,
  lengthM: 0.08,
  /** Half-extents of a finger pad: along palm x, its thickness along y. */
  halfWidthM: 0.012,
  halfThicknessM: 0.006,
  massKg: 0.2,
  padFriction: 1.0,
  maxOpeningM: 0.13,
  /** Finger speed limit (each finger, m/s) as the URDF gives it. */
  maxSpeedMps: 0.1,
  maxEffortN: 30,
};

export const SUCTION_CUP = {
  radiusM: 0.015,
  /** Pull of the vacuum on a sealed face (N): what it holds against a pull straight off the face. */
  forceN: 15,
  /** The lip's friction on the face: the shear it holds, as a share of the vacuum's pull. */
  shearShare: 0.8,
  /** Where the lip meets the face, as a share of the cup's radius. */
  sealSpan: 0.9,
  maxTiltRad: (20 * Math.PI) / 180,
  /** Gauge pressure (Pa) with the cup sealed, and with the pump running against open air. */
  sealedPa: -60_000,
  openPa: -4_000,
};

/** Motor gains of the finger joints (force-based: N/m and N·s/m); the force limit does the gripping. */
const FINGER_STIFFNESS = 4000;
const FINGER_DAMPING = 40;
/** Fingers moving slower than this (m/s) for STALL_S have stopped. */
const STALL_SPEED = 0.004;
const STALL_S = 0.15;
const REACHED_TOLERANCE_M = 0.002;
/** The lip's stiffness against tipping as a natural frequency (rad/s). */
const LIP_FREQUENCY = 60;
/** The shear on a seal is smoothed over a few steps (share of the newest step) before it can break it. */
const LOAD_SMOOTHING = 0.5;
/** The vacuum pulls what it holds this far into the lip (m) with its whole force; the lip stops it. */
const VACUUM_PULL_M = 0.002;
/** The seal's joint locks its y and z (across the cup's axis, its x): the lip does not creep sideways. */
const SHEAR_LOCKED = RAPIER.JointAxesMask.LinY | RAPIER.JointAxesMask.LinZ;
/** The rotation taking x onto y (a quarter turn about z). */
const X_TO_Y = [0, 0, Math.SQRT1_2, Math.SQRT1_2] as const;
/** The seal breaks when the lip is this far off the face (m). */
const SEAL_GAP_M = 0.003;
/** The lip presses on a face (forming a seal) when every probe meets it within this (m), and the face is flat to FLATNESS_M. */
const PRESSED_M = 0.001;
const FLATNESS_M = 0.002;
const LIP_PROBES = 8;
/** A pad squeezes an item when its contact normal is within 45° of the closing direction. */
const SQUEEZE_NORMAL_COS = Math.SQRT1_2;

/** The suction nozzle from the URDF: its face's retracted origin and axis (palm frame) and its travel. */
export interface SuctionNozzle {
  readonly origin: readonly [number, number, number];
  readonly axis: readonly [number, number, number];
  readonly travelM: number;
}

export interface GripperState {
  /** Distance between the finger pads (m). */
  readonly openingM: number;
  /** Target opening and the effort limit of the current command. */
  readonly targetM: number;
  readonly maxEffortN: number;
  /** Mean normal force the pads press with (N), from the contact impulses of the last step. */
  readonly effortN: number;
  readonly stalled: boolean;
  readonly reachedGoal: boolean;
}

export interface SuctionState {
  readonly on: boolean;
  /** How far the nozzle is out (m). */
  readonly extensionM: number;
  /** Collider handle of the sealed item, if any. */
  readonly sealedHandle: number | undefined;
  readonly pressurePa: number;
}

interface Finger {
  readonly body: RAPIER.RigidBody;
  readonly collider: RAPIER.Collider;
  readonly joint: RAPIER.PrismaticImpulseJoint;
  /** +1 left (palm +y), −1 right. */
  readonly side: 1 | -1;
}

export class Hand {
  readonly palm: RAPIER.RigidBody;
  readonly #fingers: [Finger, Finger];
  /** Handles of the fingers' and the cup's colliders: what a sealed item may touch and still hang on the seal. */
  readonly #handHandles: ReadonlySet<number>;
  readonly #cup: RAPIER.Collider;
  /** The cup face's retracted position and its axis (palm frame), and how far it extends. */
  readonly #cupOrigin: readonly [number, number, number];
  readonly #cupAxis: readonly [number, number, number];
  readonly #cupTravelM: number;
  #target = FINGER.maxOpeningM;
  /** Where each finger's motor is driven now: ramped towards the target at the speed limit. */
  #rampedHalfOpening = FINGER.maxOpeningM / 2;
  #maxEffort = FINGER.maxEffortN;
  #effort = 0;
  #stillS = 0;
  #suctionOn = false;
  /** Around the palm: everything the hand can reach within a step. */
  readonly #wakeZone = new RAPIER.Ball(0.3);
  /**
   * The sealed item, the joint that is the seal (see #formSeal), the item's velocity a step ago
   * and the smoothed force the seal holds it with across the cup's axis (N).
   */
  #seal:
    | {
        readonly collider: RAPIER.Collider;
        readonly joint: RAPIER.ImpulseJoint;
        readonly velocity: [number, number, number];
        shearN: number;
      }
    | undefined;

  constructor(
    private readonly world: RAPIER.World,
    palmPose: ArrayLike<number>,
    cup: SuctionNozzle,
  ) {
    this.palm = world.createRigidBody(
      RAPIER.RigidBodyDesc.kinematicPositionBased()
        .setTranslation(palmPose[0]!, palmPose[1]!, palmPose[2]!)
        .setRotation({ x: palmPose[3]!, y: palmPose[4]!, z: palmPose[5]!, w: palmPose[6]! }),
    );
    world.createCollider(
      RAPIER.ColliderDesc.cuboid(0.03, 0.075, 0.025)
        .setTranslation(0, 0, 0.035)
        .setCollisionGroups(ROBOT_GROUPS),
      this.palm,
    );
    this.#cupOrigin = cup.origin;
    this.#cupAxis = cup.axis;
    this.#cupTravelM = cup.travelM;
    // A short cylinder (Rapier's along y) turned so its axis is the cup's; its face at the origin.
    const [ax, ay, az] = cup.axis;
    const turn = rotationFromY(ax, ay, az);
    this.#cup = world.createCollider(
      RAPIER.ColliderDesc.cylinder(0.005, SUCTION_CUP.radiusM)
        .setTranslation(cup.origin[0] - ax * 0.005, cup.origin[1] - ay * 0.005, cup.origin[2] - az * 0.005)
        .setRotation(turn)
        .setFriction(0.8)
        .setCollisionGroups(ROBOT_GROUPS),
      this.palm,
    );
    this.#fingers = [this.#createFinger(1, palmPose), this.#createFinger(-1, palmPose)];
    this.#handHandles = new Set(this.colliders.map((c) => c.handle));
    this.#driveFingers();
  }

  #createFinger(side: 1 | -1, palmPose: ArrayLike<number>): Finger {
    const q = FINGER.maxOpeningM / 2;
    const local = [0, side * q, FINGER.jointZ] as const;
    const at = transformPoint(palmPose, local);
    const body = this.world.createRigidBody(
      RAPIER.RigidBodyDesc.dynamic()
        .setTranslation(at[0], at[1], at[2])
        .setRotation({ x: palmPose[3]!, y: palmPose[4]!, z: palmPose[5]!, w: palmPose[6]! })
        .setCanSleep(false)
        .setCcdEnabled(true),
    );
    // The finger link's origin is the centre of its pad face; the pad extends outwards from there.
    const collider = this.world.createCollider(
      RAPIER.ColliderDesc.cuboid(FINGER.halfWidthM, FINGER.halfThicknessM, FINGER.lengthM / 2)
        .setTranslation(0, side * FINGER.halfThicknessM, FINGER.lengthM / 2)
        .setMass(FINGER.massKg)
        .setFriction(FINGER.padFriction)
        // The pads' friction is the item's: rubber grips at least as well as anything it holds.
        .setFrictionCombineRule(RAPIER.CoefficientCombineRule.Min)
        .setCollisionGroups(ROBOT_GROUPS),
      body,
    );
    const data = RAPIER.JointData.prismatic(
      { x: 0, y: 0, z: FINGER.jointZ },
      { x: 0, y: 0, z: 0 },
      { x: 0, y: side, z: 0 },
    );
    data.limitsEnabled = true;
    data.limits = [0, FINGER.maxOpeningM / 2];
    const joint = this.world.createImpulseJoint(data, this.palm, body, true) as RAPIER.PrismaticImpulseJoint;
    joint.configureMotorModel(RAPIER.MotorModel.ForceBased);
    joint.setContactsEnabled(false);
    return { body, collider, joint, side };
  }

  /** Colliders of the fingers and the cup (what touches items). */
  get colliders(): RAPIER.Collider[] {
    return [this.#fingers[0].collider, this.#fingers[1].collider, this.#cup];
  }

  /** Moves the palm to `pose` (map frame) by the end of the next step. */
  moveTo(pose: ArrayLike<number>): void {
    this.palm.setNextKinematicTranslation({ x: pose[0]!, y: pose[1]!, z: pose[2]! });
    this.palm.setNextKinematicRotation({ x: pose[3]!, y: pose[4]!, z: pose[5]!, w: pose[6]! });
  }

  /** Puts the palm (and the fingers with it) at `pose` at once. */
  placeAt(pose: ArrayLike<number>): void {
    // The opening from where the fingers stand on the palm now, before the palm moves.
    const half = this.openingM() / 2;
    this.palm.setTranslation({ x: pose[0]!, y: pose[1]!, z: pose[2]! }, true);
    this.palm.setRotation({ x: pose[3]!, y: pose[4]!, z: pose[5]!, w: pose[6]! }, true);
    // A kinematic body still heads for the target it was given before: that too is here now, or the
    // next step would sweep the palm back through the room at once.
    this.moveTo(pose);
    for (const finger of this.#fingers) {
      const at = transformPoint(pose, [0, finger.side * half, FINGER.jointZ]);
      finger.body.setTranslation({ x: at[0], y: at[1], z: at[2] }, true);
      finger.body.setRotation({ x: pose[3]!, y: pose[4]!, z: pose[5]!, w: pose[6]! }, true);
      finger.body.setLinvel({ x: 0, y: 0, z: 0 }, true);
      finger.body.setAngvel({ x: 0, y: 0, z: 0 }, true);
    }
  }

  /** Drives the fingers towards `openingM` pushing with at most `maxEffortN` each. */
  command(openingM: number, maxEffortN: number): void {
    if (!Number.isFinite(openingM) || openingM < 0 || openingM > FINGER.maxOpeningM + 1e-9)
      throw new Error(`gripper position must be an opening in [0, ${FINGER.maxOpeningM}] m, got ${openingM}`);
    if (!Number.isFinite(maxEffortN) || maxEffortN <= 0 || maxEffortN > FINGER.maxEffortN)
      throw new Error(`gripper max_effort must be in (0, ${FINGER.maxEffortN}] N, got ${maxEffortN}`);
    this.#target = openingM;
    this.#maxEffort = maxEffortN;
    this.#rampedHalfOpening = this.openingM() / 2;
    this.#stillS = 0;
  }

  /** The distance between the pads (m): the two joint travels. */
  openingM(): number {
    return this.#fingers.reduce((sum, finger) => sum + this.#travel(finger), 0);
  }

  #travel(finger: Finger): number {
    const palmPose = this.palm.translation();
    const q = this.palm.rotation();
    const p = finger.body.translation();
    // Joint travel = the finger's offset from its anchor along the palm's ±y axis.
    const local = inverseRotate(q, [p.x - palmPose.x, p.y - palmPose.y, p.z - palmPose.z]);
    return finger.side * local[1];
  }

  /** Runs the pump (extending the nozzle) or stops it (retracting it, which breaks any seal). */
  setSuction(on: boolean): void {
    this.#suctionOn = on;
    const t = this.#cupExtension();
    const [ax, ay, az] = this.#cupAxis;
    this.#cup.setTranslationWrtParent({
      x: this.#cupOrigin[0] + ax * (t - 0.005),
      y: this.#cupOrigin[1] + ay * (t - 0.005),
      z: this.#cupOrigin[2] + az * (t - 0.005),
    });
    if (!on) this.#breakSeal();
  }

  /** How far the nozzle is out (m). */
  #cupExtension(): number {
    return this.#suctionOn ? this.#cupTravelM : 0;
  }

  /** Before each physics step: ramp the finger motors. */
  beforeStep(dtS: number): void {
    const half = this.#target / 2;
    const maxDelta = FINGER.maxSpeedMps * dtS;
    this.#rampedHalfOpening += Math.max(-maxDelta, Math.min(maxDelta, half - this.#rampedHalfOpening));
    this.#driveFingers();
    this.#coupleFingers();
    this.#wakeNearby();
  }

  /** Rapier leaves a sleeping item asleep when a kinematic body (the palm, the cup) moves into it. */
  #wakeNearby(): void {
    const t = this.palm.translation();
    const touched: RAPIER.RigidBody[] = [];
    this.world.intersectionsWithShape(
      t,
      { x: 0, y: 0, z: 0, w: 1 },
      this.#wakeZone,
      (collider) => {
        const body = collider.parent();
        if (body?.isSleeping()) touched.push(body);
        return true;
      },
      RAPIER.QueryFilterFlags.ONLY_DYNAMIC,
    );
    for (const body of touched) body.wakeUp();
  }

  /**
   * The fingers move as one mechanism (one motor through a linkage, as on the HSR): whatever they
   * squeeze, their middle stays on the palm's axis. Each finger's force-limited motor only sets the
   * squeeze; the linkage holds the pair's common offset as stiffly as a motor holds its position.
   * Without it, a pinched glove swung by the base's turn carried both fingers off to one side.
   */
  #coupleFingers(): void {
    const [a, b] = this.#fingers;
    const offset = (this.#travel(a) - this.#travel(b)) / 2;
    const speed = (this.#fingerSpeed(a) - this.#fingerSpeed(b)) / 2;
    const along = rotate(this.palm.rotation(), [0, -FINGER_STIFFNESS * offset - FINGER_DAMPING * speed, 0]);
    for (const finger of this.#fingers) {
      finger.body.resetForces(true);
      finger.body.addForce({ x: along[0], y: along[1], z: along[2] }, true);
    }
  }

  #driveFingers(): void {
    for (const finger of this.#fingers) {
      finger.joint.configureMotorPosition(this.#rampedHalfOpening, FINGER_STIFFNESS, FINGER_DAMPING);
      finger.joint.setMotorMaxForce(this.#maxEffort);
    }
  }

  /**
   * After each physics step: read the pads' contact forces, stall, and whether the seal holds.
   * `sealable`: whether a collider is an item whose material can hold a vacuum (not fabric).
   */
  afterStep(dtS: number, sealable: (collider: RAPIER.Collider) => boolean): void {
    let impulse = 0;
    for (const finger of this.#fingers)
      this.world.contactPairsWith(finger.collider, (other) => {
        this.world.contactPair(finger.collider, other, (manifold) => {
          for (let k = 0; k < manifold.numContacts(); k++) impulse += manifold.contactImpulse(k);
        });
      });
    this.#effort = impulse / dtS / 2;
    const speed = Math.abs(this.#fingerSpeed(this.#fingers[0]) + this.#fingerSpeed(this.#fingers[1]));
    this.#stillS = speed < STALL_SPEED ? this.#stillS + dtS : 0;
    if (this.#suctionOn) this.#updateSeal(dtS, sealable);
  }

  #fingerSpeed(finger: Finger): number {
    const v = finger.body.linvel();
    const p = this.palm.linvel();
    const local = inverseRotate(this.palm.rotation(), [v.x - p.x, v.y - p.y, v.z - p.z]);
    return finger.side * local[1];
  }

  /**
   * Forms the seal when the lip rests on a flat face that covers it; breaks it when the lip lifts
   * off (pulled off harder than the vacuum holds, or tipped past what it follows) or is pushed
   * sideways harder than its friction holds.
   */
  #updateSeal(dtS: number, sealable: (collider: RAPIER.Collider) => boolean): void {
    if (this.#seal) {
      const sealed = this.#seal.collider;
      // Sealed, the lip follows a face tipped within the tilt limit (it is rubber): the seal breaks
      // where any of it is SEAL_GAP_M off the face, not where the face is out of FLATNESS_M.
      const onFace = this.#lipContact((c) => c === sealed, SEAL_GAP_M, Infinity);
      if (!onFace || this.#sheared(dtS)) this.#breakSeal();
      return;
    }
    const face = this.#lipContact(sealable, PRESSED_M, FLATNESS_M);
    if (face) this.#formSeal(face);
  }

  /**
   * The seal is a joint at the middle of the lip, as a simulator's surface gripper is: the vacuum
   * pulls the face onto the lip along the cup's axis with its force at most (a heavier pull takes
   * the face off the lip, and the seal breaks); across the axis the face stays where it sealed
   * (Rapier's contact friction creeps under a steady load, a sealed lip does not) until #sheared
   * breaks it; it turns only past the lip's torque, force × radius, which tips the face off the lip.
   */
  #formSeal(face: RAPIER.Collider): void {
    const body = face.parent()!;
    const { point } = this.#cupFrame();
    const q = this.palm.rotation();
    const r = body.rotation();
    const inPalm = vector(inverseRotate(q, sub(point, this.palm.translation())));
    const onItem = inverseRotate(r, sub(point, body.translation()));
    // The joint's x is the cup's axis, in the palm; the item's frame is the same one as it sealed.
    const [ax, ay, az] = this.#cupAxis;
    const y = rotationFromY(ax, ay, az);
    const cupFrame = quaternion.compose(new Float64Array(4), [y.x, y.y, y.z, y.w], X_TO_Y);
    const itemFrame = quaternion.compose(
      new Float64Array(4),
      quaternion.compose(new Float64Array(4), [-r.x, -r.y, -r.z, r.w], [q.x, q.y, q.z, q.w]),
      cupFrame,
    );
    const joint = this.world.createImpulseJoint(
      RAPIER.JointData.generic(inPalm, vector(onItem), { x: 1, y: 0, z: 0 }, SHEAR_LOCKED),
      this.palm,
      body,
      true,
    );
    joint.setLocalFrame1(inPalm, rotation(cupFrame));
    joint.setLocalFrame2(vector(onItem), rotation(itemFrame));
    // Rapier 0.21's bindings wrap a generic joint without the per-axis motor methods its spherical
    // joint has; those take the axis and work on any joint, so it gets them.
    Object.setPrototypeOf(joint, RAPIER.SphericalImpulseJoint.prototype);
    const motors = joint as RAPIER.SphericalImpulseJoint;
    // The vacuum: a pull towards the cup, as strong as the vacuum at most, that the lip stops.
    const m = body.mass();
    const pullStiffness = SUCTION_CUP.forceN / VACUUM_PULL_M;
    motors.configureMotorModel(RAPIER.JointAxis.LinX, RAPIER.MotorModel.ForceBased);
    motors.configureMotorPosition(
      RAPIER.JointAxis.LinX,
      -VACUUM_PULL_M,
      pullStiffness,
      2 * Math.sqrt(pullStiffness * m),
    );
    motors.setMotorMaxForce(RAPIER.JointAxis.LinX, SUCTION_CUP.forceN);
    // The lip against turning: stiff for the item's inertia about the seal, up to force × radius.
    const principal = body.principalInertia();
    const inertia = Math.max(principal.x, principal.y, principal.z) + m * Math.hypot(...onItem) ** 2;
    for (const axis of [RAPIER.JointAxis.AngX, RAPIER.JointAxis.AngY, RAPIER.JointAxis.AngZ]) {
      motors.configureMotorModel(axis, RAPIER.MotorModel.ForceBased);
      motors.configureMotorPosition(axis, 0, inertia * LIP_FREQUENCY ** 2, 2 * inertia * LIP_FREQUENCY);
      motors.setMotorMaxForce(axis, SUCTION_CUP.forceN * SUCTION_CUP.radiusM);
    }
    const v = body.linvel();
    this.#seal = { collider: face, joint, velocity: [v.x, v.y, v.z], shearN: 0 };
  }

  /**
   * Whether the seal holds the item across the cup's axis harder than the lip's friction under the
   * vacuum: that force from the item's acceleration, where nothing else touches it (where it rests
   * on something, that carries it).
   */
  #sheared(dtS: number): boolean {
    const seal = this.#seal!;
    const body = seal.collider.parent()!;
    const v = body.linvel();
    const g = this.world.gravity;
    const m = body.mass();
    const force = [
      m * ((v.x - seal.velocity[0]) / dtS - g.x),
      m * ((v.y - seal.velocity[1]) / dtS - g.y),
      m * ((v.z - seal.velocity[2]) / dtS - g.z),
    ] as const;
    seal.velocity[0] = v.x;
    seal.velocity[1] = v.y;
    seal.velocity[2] = v.z;
    if (this.#touchesOtherThanHand(body)) {
      seal.shearN = 0;
      return false;
    }
    const { axis } = this.#cupFrame();
    const along = force[0] * axis[0] + force[1] * axis[1] + force[2] * axis[2];
    const across = Math.hypot(
      force[0] - along * axis[0],
      force[1] - along * axis[1],
      force[2] - along * axis[2],
    );
    seal.shearN += LOAD_SMOOTHING * (across - seal.shearN);
    return seal.shearN > SUCTION_CUP.shearShare * SUCTION_CUP.forceN;
  }

  /** Whether anything but the hand presses on one of `body`'s colliders. */
  #touchesOtherThanHand(body: RAPIER.RigidBody): boolean {
    for (let k = 0; k < body.numColliders(); k++) {
      let touching = false;
      const collider = body.collider(k);
      this.world.contactPairsWith(collider, (other) => {
        if (touching || this.#handHandles.has(other.handle) || other.parent() === this.palm) return;
        this.world.contactPair(collider, other, (manifold) => {
          for (let c = 0; c < manifold.numContacts(); c++)
            if (manifold.contactImpulse(c) > 0) touching = true;
        });
      });
      if (touching) return true;
    }
    return false;
  }

  #breakSeal(): void {
    if (this.#seal) this.world.removeImpulseJoint(this.#seal.joint, true);
    this.#seal = undefined;
  }

  /**
   * The item whose face the whole lip rests on (every lip point within `gapM` of one face of one
   * item, flat to `flatnessM` and facing the cup within the tilt limit), if any: probed by short
   * rays out of the cup.
   */
  #lipContact(
    accept: (collider: RAPIER.Collider) => boolean,
    gapM: number,
    flatnessM: number,
  ): RAPIER.Collider | undefined {
    const { point, axis } = this.#cupFrame();
    const helper = Math.abs(axis[0]) < 0.9 ? [1, 0, 0] : [0, 1, 0];
    const u = normalize(cross(axis, helper));
    const v = cross(axis, u);
    const lip = SUCTION_CUP.radiusM * SUCTION_CUP.sealSpan;
    const back = 0.005;
    let face: RAPIER.Collider | undefined;
    let nearest = Infinity;
    let farthest = -Infinity;
    for (let k = 0; k <= LIP_PROBES; k++) {
      const a = (2 * Math.PI * k) / LIP_PROBES;
      const radius = k === LIP_PROBES ? 0 : lip;
      const origin = [0, 1, 2].map(
        (i) =>
          point[i === 0 ? 'x' : i === 1 ? 'y' : 'z'] +
          radius * (Math.cos(a) * u[i]! + Math.sin(a) * v[i]!) -
          back * axis[i]!,
      );
      const hit = this.world.castRayAndGetNormal(
        new RAPIER.Ray(
          { x: origin[0]!, y: origin[1]!, z: origin[2]! },
          { x: axis[0], y: axis[1], z: axis[2] },
        ),
        back + gapM,
        false,
        RAPIER.QueryFilterFlags.ONLY_DYNAMIC,
        undefined,
        undefined,
        undefined,
        accept,
      );
      if (!hit || (face && hit.collider !== face)) return undefined;
      const facing = -(hit.normal.x * axis[0] + hit.normal.y * axis[1] + hit.normal.z * axis[2]);
      if (facing < Math.cos(SUCTION_CUP.maxTiltRad)) return undefined;
      face = hit.collider;
      nearest = Math.min(nearest, hit.timeOfImpact);
      farthest = Math.max(farthest, hit.timeOfImpact);
    }
    return farthest - nearest <= flatnessM ? face : undefined;
  }

  #cupFrame(): { point: RAPIER.Vector; axis: [number, number, number] } {
    const q = this.palm.rotation();
    const t = this.palm.translation();
    const out = this.#cupExtension();
    const o = rotate(q, [
      this.#cupOrigin[0] + this.#cupAxis[0] * out,
      this.#cupOrigin[1] + this.#cupAxis[1] * out,
      this.#cupOrigin[2] + this.#cupAxis[2] * out,
    ]);
    return { point: { x: t.x + o[0], y: t.y + o[1], z: t.z + o[2] }, axis: rotate(q, this.#cupAxis) };
  }

  gripperState(): GripperState {
    const openingM = this.openingM();
    const reachedGoal = Math.abs(openingM - this.#target) < REACHED_TOLERANCE_M;
    return {
      openingM,
      targetM: this.#target,
      maxEffortN: this.#maxEffort,
      effortN: this.#effort,
      stalled:
        !reachedGoal &&
        this.#stillS >= STALL_S &&
        Math.abs(this.#rampedHalfOpening * 2 - this.#target) < 1e-9,
      reachedGoal,
    };
  }

  suctionState(): SuctionState {
    return {
      on: this.#suctionOn,
      extensionM: this.#cupExtension(),
      sealedHandle: this.#seal?.collider.handle,
      pressurePa: !this.#suctionOn ? 0 : this.#seal ? SUCTION_CUP.sealedPa : SUCTION_CUP.openPa,
    };
  }

  /** Handles of item colliders the two pads squeeze between them now (pressing across the gap, not resting on top). */
  squeezed(): number[] {
    const across = rotate(this.palm.rotation(), [0, 1, 0]);
    const touching = this.#fingers.map((finger) => {
      const handles = new Set<number>();
      this.world.contactPairsWith(finger.collider, (other) => {
        this.world.contactPair(finger.collider, other, (manifold) => {
          const n = manifold.normal();
          if (Math.abs(n.x * across[0] + n.y * across[1] + n.z * across[2]) < SQUEEZE_NORMAL_COS) return;
          for (let k = 0; k < manifold.numContacts(); k++)
            if (manifold.contactImpulse(k) > 0) handles.add(other.handle);
        });
      });
      return handles;
    });
    return [...touching[0]!].filter((handle) => touching[1]!.has(handle));
  }
}

type Xyzw = { readonly x: number; readonly y: number; readonly z: number; readonly w: number };

function rotate(q: Xyzw, v: readonly [number, number, number]): [number, number, number] {
  const out = quaternion.act(new Float64Array(3), [q.x, q.y, q.z, q.w], v);
  return [out[0]!, out[1]!, out[2]!];
}

function inverseRotate(q: Xyzw, v: readonly [number, number, number]): [number, number, number] {
  return rotate({ x: -q.x, y: -q.y, z: -q.z, w: q.w }, v);
}

/** `pose` [x, y, z, qx, qy, qz, qw] applied to a point. */
function transformPoint(
  pose: ArrayLike<number>,
  p: readonly [number, number, number],
): [number, number, number] {
  const r = rotate({ x: pose[3]!, y: pose[4]!, z: pose[5]!, w: pose[6]! }, p);
  return [pose[0]! + r[0], pose[1]! + r[1], pose[2]! + r[2]];
}

/** The shortest rotation taking +y onto the unit vector (x, y, z). */
function rotationFromY(x: number, y: number, z: number): Xyzw {
  // q = [y × a, 1 + y·a] normalized, with y = (0, 1, 0).
  const w = 1 + y;
  if (w < 1e-9) return { x: 1, y: 0, z: 0, w: 0 };
  const n = Math.hypot(z, 0, -x, w);
  return { x: z / n, y: 0, z: -x / n, w: w / n };
}

function sub(a: RAPIER.Vector, b: RAPIER.Vector): [number, number, number] {
  return [a.x - b.x, a.y - b.y, a.z - b.z];
}

function vector(v: readonly [number, number, number]): RAPIER.Vector {
  return { x: v[0], y: v[1], z: v[2] };
}

function rotation(q: ArrayLike<number>): RAPIER.Rotation {
  return { x: q[0]!, y: q[1]!, z: q[2]!, w: q[3]! };
}

function cross(a: ArrayLike<number>, b: ArrayLike<number>): [number, number, number] {
  return [a[1]! * b[2]! - a[2]! * b[1]!, a[2]! * b[0]! - a[0]! * b[2]!, a[0]! * b[1]! - a[1]! * b[0]!];
}

function normalize(a: [number, number, number]): [number, number, number] {
  const n = Math.hypot(...a);
  return [a[0] / n, a[1] / n, a[2] / n];
}
