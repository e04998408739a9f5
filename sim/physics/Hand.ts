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
  /** Pull of the vacuum on a sealed face (N). */
  forceN: 15,
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
/** The lip's stiffness as a natural frequency (rad/s): stiff, yet stable at the physics step. */
const LIP_FREQUENCY = 60;
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
  /** The sealed item and its orientation relative to the palm when the seal formed. */
  /** Around the palm: everything the hand can reach within a step. */
  readonly #wakeZone = new RAPIER.Ball(0.3);
  #seal: { readonly collider: RAPIER.Collider; readonly palmToItem: Float64Array } | undefined;

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

  /** Before each physics step: ramp the finger motors and apply the vacuum's pull. */
  beforeStep(dtS: number): void {
    const half = this.#target / 2;
    const maxDelta = FINGER.maxSpeedMps * dtS;
    this.#rampedHalfOpening += Math.max(-maxDelta, Math.min(maxDelta, half - this.#rampedHalfOpening));
    this.#driveFingers();
    this.#coupleFingers();
    this.#wakeNearby();
    if (this.#seal) this.#holdSeal();
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
    if (this.#suctionOn) this.#updateSeal(sealable);
  }

  #fingerSpeed(finger: Finger): number {
    const v = finger.body.linvel();
    const p = this.palm.linvel();
    const local = inverseRotate(this.palm.rotation(), [v.x - p.x, v.y - p.y, v.z - p.z]);
    return finger.side * local[1];
  }

  /**
   * Forms the seal when the lip rests on a flat face that covers it; breaks it when the lip lifts
   * off (the item pulled away or tipped past what the lip can hold).
   */
  #updateSeal(sealable: (collider: RAPIER.Collider) => boolean): void {
    if (this.#seal) {
      const sealed = this.#seal.collider;
      const body = sealed.parent()!;
      // Sealed, the lip follows a face tipped within the tilt limit (it is rubber): the seal breaks
      // where any of it is SEAL_GAP_M off the face, not where the face is out of FLATNESS_M.
      const onFace = this.#lipContact((c) => c === sealed, SEAL_GAP_M, Infinity);
      if (!onFace || this.#sealTilt(body) > SUCTION_CUP.maxTiltRad) this.#breakSeal();
      return;
    }
    const face = this.#lipContact(sealable, PRESSED_M, FLATNESS_M);
    if (!face) return;
    const q = this.palm.rotation();
    const r = face.parent()!.rotation();
    this.#seal = {
      collider: face,
      palmToItem: quaternion.compose(new Float64Array(4), [-q.x, -q.y, -q.z, q.w], [r.x, r.y, r.z, r.w]),
    };
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

  /**
   * The vacuum's pull on a sealed item: its full force along the cup's axis, and the lip's torque
   * holding the face flat (a stiff, damped spring towards the orientation it sealed at, capped at
   * force × lip radius). Contact with the cup pushes back; nothing else holds the item.
   */
  #holdSeal(): void {
    const seal = this.#seal!;
    const body = seal.collider.parent()!;
    body.resetForces(true);
    body.resetTorques(true);
    const { point, axis } = this.#cupFrame();
    const f = SUCTION_CUP.forceN;
    body.addForceAtPoint({ x: -axis[0] * f, y: -axis[1] * f, z: -axis[2] * f }, point, true);
    const q = this.palm.rotation();
    const target = quaternion.compose(new Float64Array(4), [q.x, q.y, q.z, q.w], seal.palmToItem);
    const r = body.rotation();
    const error = quaternion.compose(new Float64Array(4), target, [-r.x, -r.y, -r.z, r.w]);
    const angle = rotationVector(error);
    const w = body.angvel();
    const wp = this.palm.angvel();
    const alpha = [0, 1, 2].map(
      (k) =>
        LIP_FREQUENCY ** 2 * angle[k]! - 2 * LIP_FREQUENCY * ([w.x, w.y, w.z][k]! - [wp.x, wp.y, wp.z][k]!),
    );
    const inertia = body.effectiveAngularInertia();
    const torque = [
      inertia.m11 * alpha[0]! + inertia.m12 * alpha[1]! + inertia.m13 * alpha[2]!,
      inertia.m21 * alpha[0]! + inertia.m22 * alpha[1]! + inertia.m23 * alpha[2]!,
      inertia.m31 * alpha[0]! + inertia.m32 * alpha[1]! + inertia.m33 * alpha[2]!,
    ];
    const limit = f * SUCTION_CUP.radiusM;
    const scale = Math.min(1, limit / (Math.hypot(...torque) || 1));
    body.addTorque({ x: torque[0]! * scale, y: torque[1]! * scale, z: torque[2]! * scale }, true);
  }

  /** How far the sealed face has tipped from where it sealed (rad). */
  #sealTilt(body: RAPIER.RigidBody): number {
    const q = this.palm.rotation();
    const target = quaternion.compose(new Float64Array(4), [q.x, q.y, q.z, q.w], this.#seal!.palmToItem);
    const r = body.rotation();
    const error = quaternion.compose(new Float64Array(4), target, [-r.x, -r.y, -r.z, r.w]);
    return Math.hypot(...rotationVector(error));
  }

  #breakSeal(): void {
    const body = this.#seal?.collider.parent();
    body?.resetForces(true);
    body?.resetTorques(true);
    this.#seal = undefined;
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

/** The rotation vector (axis × angle) of a unit quaternion [x, y, z, w], taking the short way. */
function rotationVector(q: ArrayLike<number>): [number, number, number] {
  const sign = q[3]! < 0 ? -1 : 1;
  const s = Math.hypot(q[0]!, q[1]!, q[2]!);
  if (s < 1e-12) return [0, 0, 0];
  const angle = 2 * Math.atan2(s, sign * q[3]!);
  return [(sign * q[0]! * angle) / s, (sign * q[1]! * angle) / s, (sign * q[2]! * angle) / s];
}

function cross(a: ArrayLike<number>, b: ArrayLike<number>): [number, number, number] {
  return [a[1]! * b[2]! - a[2]! * b[1]!, a[2]! * b[0]! - a[0]! * b[2]!, a[0]! * b[1]! - a[1]! * b[0]!];
}

function normalize(a: [number, number, number]): [number, number, number] {
  const n = Math.hypot(...a);
  return [a[0] / n, a[1] / n, a[2] / n];
}
