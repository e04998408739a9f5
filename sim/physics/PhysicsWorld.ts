/**
 * Rigid-body physics of the simulated room with Rapier (`@dimforge/rapier3d-compat`, its WASM
 * inlined — nothing is downloaded): static floor, walls and furniture (containers are hollow: a
 * floor and four walls), dynamic items with their mass and friction. Map frame, z up, SI units.
 * Rapier's cylinders and capsules lie along their local y axis; ours along z, so those colliders
 * are turned by 90° about x.
 */
import RAPIER from '@dimforge/rapier3d-compat';
import * as quaternion from '../../src/geometry/quaternion.ts';
import * as se3 from '../../src/geometry/se3.ts';
import type { World, WorldFurniture, WorldItem } from '../world/World.ts';
import { type ClothBox, clothShape } from '../world/clothFold.ts';
import { furnitureParts } from '../world/furnitureParts.ts';
import { itemHalfExtents } from '../world/itemExtents.ts';
import { BASE_GROUPS, CLOTH_LAYER_GROUPS, NOT_ROBOT_QUERY } from './collisionGroups.ts';
import { Hand, type SuctionNozzle } from './Hand.ts';

const GRAVITY = -9.81;
const WALL_THICKNESS = 0.1;
/** How far a bumper travels before it reports contact (m): past the character controller's 5 mm skin. */
const BUMPER_TRAVEL_M = 0.008;
const Y_TO_Z = { x: Math.SQRT1_2, y: 0, z: 0, w: Math.SQRT1_2 };
const WAKE_MARGIN_M = 0.05;
/**
 * Rapier's contacts are springs whose stiffness scales with the bodies' mass; at its default 30 Hz
 * a finger pressing 20 N sinks 14 mm into what it grips. 120 Hz keeps that under a millimetre.
 */
const CONTACT_NATURAL_FREQUENCY_HZ = 120;
/**
 * With Rapier's one inner PGS iteration a squeezed item creeps out of the fingers while the hand
 * moves even at 1.6× the friction it needs; four stop the creep at 1.3×.
 */
const FRICTION_PGS_ITERATIONS = 4;
/**
 * Outer solver iterations. At Rapier's default (4) the fingers' joints gave under a squeeze at
 * the fingertips: the pads splayed 8 mm apart on a 3.4 cm key fob gripped low, and it slid out
 * as the hand rose; from 10 they stay parallel and hold it.
 */
const SOLVER_ITERATIONS = 12;

let initialized: Promise<void> | undefined;

/**
 * Rapier has no rolling resistance: a capsule let go 3 cm above a desk rolled on at constant speed
 * until it fell off. The capsules stand in for pencils (hexagonal), pens, spoons, toothbrushes and
 * umbrellas, none of which rolls far; with this angular damping (1/s) one set rolling at 0.3 m/s
 * stops within about 12 cm (a ball, undamped, rolls on).
 */
const STICK_ROLLING_DAMPING = 10;
/**
 * And a constant braking of a stick's spin about its length (rad/s²), as a pencil's flats and a
 * floor's give brake a real roll to a stop: damping alone left a nudged crayon rolling on at about
 * 1 cm/s for as long as it was watched (1.3 m across the room during a tidy-up's tries at it).
 */
const STICK_ROLLING_BRAKE = 100;
const STICK_ROTATION = new Float64Array(4);
const STICK_AXIS = new Float64Array(3);
const UP = [0, 0, 1] as const;

/** A flap turns from 20° above flat to 100° below (hanging, and a little under the fold). */
const FLAP_LIMITS_RAD: readonly [number, number] = [-0.35, 1.75];
/** Cloth swings little: air and its own stiffness take the motion out (1/s). */
const FLAP_ANGULAR_DAMPING = 2;

export class PhysicsWorld {
  readonly #world: RAPIER.World;
  readonly #bodies = new Map<string, RAPIER.RigidBody>();
  /** Item id by collider handle, and the handles of items whose fabric lets air through. */
  readonly #itemByCollider = new Map<number, string>();
  readonly #porous = new Set<number>();
  /** The sticks (capsules): their rolling is braked after each step. */
  readonly #sticks: RAPIER.RigidBody[] = [];
  /** A cloth's flap bodies, with the axis that lowers each (item frame). */
  readonly #flaps = new Map<string, Array<{ body: RAPIER.RigidBody; lowerAxis: readonly number[] }>>();
  hand: Hand | undefined;
  readonly timestepS: number;

  private constructor(world: RAPIER.World, timestepS: number) {
    this.#world = world;
    this.timestepS = timestepS;
  }

  static async create(world: World, options: { timestepS?: number } = {}): Promise<PhysicsWorld> {
    initialized ??= RAPIER.init();
    await initialized;
    const timestepS = options.timestepS ?? 1 / 240;
    const physics = new RAPIER.World({ x: 0, y: 0, z: GRAVITY });
    physics.timestep = timestepS;
    physics.integrationParameters.contact_natural_frequency = CONTACT_NATURAL_FREQUENCY_HZ;
    physics.numInternalPgsIterations = FRICTION_PGS_ITERATIONS;
    physics.numSolverIterations = SOLVER_ITERATIONS;
    const { width, depth, wallHeight } = world.room;
    const fixed = (x: number, y: number, z: number, hx: number, hy: number, hz: number, yaw = 0) => {
      physics.createCollider(
        RAPIER.ColliderDesc.cuboid(hx, hy, hz)
          .setTranslation(x, y, z)
          .setRotation({ x: 0, y: 0, z: Math.sin(yaw / 2), w: Math.cos(yaw / 2) })
          .setFriction(0.8),
      );
    };
    fixed(width / 2, depth / 2, -0.05, width / 2 + 1, depth / 2 + 1, 0.05);
    fixed(
      -WALL_THICKNESS / 2,
      depth / 2,
      wallHeight / 2,
      WALL_THICKNESS / 2,
      depth / 2 + WALL_THICKNESS,
      wallHeight / 2,
    );
    fixed(
      width + WALL_THICKNESS / 2,
      depth / 2,
      wallHeight / 2,
      WALL_THICKNESS / 2,
      depth / 2 + WALL_THICKNESS,
      wallHeight / 2,
    );
    fixed(
      width / 2,
      -WALL_THICKNESS / 2,
      wallHeight / 2,
      width / 2 + WALL_THICKNESS,
      WALL_THICKNESS / 2,
      wallHeight / 2,
    );
    fixed(
      width / 2,
      depth + WALL_THICKNESS / 2,
      wallHeight / 2,
      width / 2 + WALL_THICKNESS,
      WALL_THICKNESS / 2,
      wallHeight / 2,
    );
    for (const furniture of world.furniture) addFurniture(furniture, fixed);
    const result = new PhysicsWorld(physics, timestepS);
    for (const item of world.items) result.#addItem(item);
    return result;
  }

  #addItem(item: WorldItem): void {
    const [x, y, z, qx, qy, qz, qw] = item.pose as [number, number, number, number, number, number, number];
    const body = this.#world.createRigidBody(
      RAPIER.RigidBodyDesc.dynamic()
        .setTranslation(x, y, z)
        .setRotation({ x: qx, y: qy, z: qz, w: qw })
        .setCanSleep(true)
        .setCcdEnabled(false)
        .setAngularDamping(item.shape === 'capsule' ? STICK_ROLLING_DAMPING : 0),
    );
    if (item.shape === 'capsule') this.#sticks.push(body);
    const d = item.dimensions;
    if (item.shape === 'cloth' && item.fold) {
      this.#addFoldedCloth(item, body);
      return;
    }
    let collider: RAPIER.ColliderDesc;
    switch (item.shape) {
      case 'box':
      case 'cloth':
        collider = RAPIER.ColliderDesc.cuboid(d[0]! / 2, d[1]! / 2, d[2]! / 2);
        break;
      case 'cylinder':
        collider = RAPIER.ColliderDesc.cylinder(d[1]! / 2, d[0]!).setRotation(Y_TO_Z);
        break;
      case 'sphere':
        collider = RAPIER.ColliderDesc.ball(d[0]!);
        break;
      case 'capsule':
        collider = RAPIER.ColliderDesc.capsule(d[1]! / 2, d[0]!).setRotation(Y_TO_Z);
        break;
    }
    if (item.centerOfMass) {
      // Inertia of the shape's bounding box about the shifted centre is close enough for a hand-held item.
      const [hx, hy, hz] = itemHalfExtents(item).map((h) => 2 * h) as [number, number, number];
      // Rapier takes mass properties in the collider's frame: the item frame turned back by the
      // collider's rotation (a long item's inertia put on the wrong axes left it tumbling into the floor).
      const { x: rx, y: ry, z: rz, w: rw } = collider.rotation;
      const toCollider = [-rx, -ry, -rz, rw];
      const [cx, cy, cz] = quaternion.act(new Float64Array(3), toCollider, item.centerOfMass);
      const m = item.mass / 12;
      collider.setMassProperties(
        item.mass,
        { x: cx!, y: cy!, z: cz! },
        { x: m * (hy * hy + hz * hz), y: m * (hx * hx + hz * hz), z: m * (hx * hx + hy * hy) },
        { x: toCollider[0]!, y: toCollider[1]!, z: toCollider[2]!, w: toCollider[3]! },
      );
    } else collider.setMass(item.mass);
    const created = this.#world.createCollider(
      collider.setFriction(item.friction).setRestitution(0.05),
      body,
    );
    this.#bodies.set(item.id, body);
    this.#itemByCollider.set(created.handle, item.id);
    if (item.shape === 'cloth') this.#porous.add(created.handle);
  }

  /**
   * A crumpled cloth: the fold with the strip of layer under it on the item's body, and the layer
   * either side on two flap bodies hinged to it along the fold's foot (clothShape). Mass goes by
   * the cloth's area in each part; a randomized centre of mass comes from where the fold lies
   * across the item (the flaps' widths), not from `centerOfMass`.
   */
  #addFoldedCloth(item: WorldItem, body: RAPIER.RigidBody): void {
    const shape = clothShape(item.dimensions, item.fold!);
    const area = (box: ClothBox) => {
      const [hx, hy, hz] = box.halfExtents;
      // The fold is two walls of cloth standing up; the rest lies flat.
      return box === shape.fold ? 8 * hz * Math.max(hx, hy) : 4 * hx * hy;
    };
    const total = area(shape.fold) + area(shape.strip) + area(shape.flaps[0]) + area(shape.flaps[1]);
    const attach = (box: ClothBox, to: RAPIER.RigidBody) => {
      const collider = RAPIER.ColliderDesc.cuboid(...box.halfExtents)
        .setTranslation(...box.center)
        .setFriction(item.friction)
        .setRestitution(0.05)
        .setMass((item.mass * area(box)) / total);
      if (box !== shape.fold) collider.setCollisionGroups(CLOTH_LAYER_GROUPS);
      const created = this.#world.createCollider(collider, to);
      this.#itemByCollider.set(created.handle, item.id);
      this.#porous.add(created.handle);
    };
    attach(shape.fold, body);
    attach(shape.strip, body);
    const t = body.translation();
    const q = body.rotation();
    const flaps = shape.flaps.map((flap) => {
      const flapBody = this.#world.createRigidBody(
        RAPIER.RigidBodyDesc.dynamic()
          .setTranslation(t.x, t.y, t.z)
          .setRotation(q)
          .setCanSleep(true)
          .setAngularDamping(FLAP_ANGULAR_DAMPING),
      );
      attach(flap, flapBody);
      const [hx, hy, hz] = flap.hinge;
      const [ax, ay, az] = flap.lowerAxis;
      const joint = this.#world.createImpulseJoint(
        RAPIER.JointData.revolute({ x: hx, y: hy, z: hz }, { x: hx, y: hy, z: hz }, { x: ax, y: ay, z: az }),
        body,
        flapBody,
        true,
      ) as RAPIER.RevoluteImpulseJoint;
      joint.setLimits(...FLAP_LIMITS_RAD);
      joint.setContactsEnabled(false);
      return { body: flapBody, lowerAxis: flap.lowerAxis };
    });
    this.#bodies.set(item.id, body);
    this.#flaps.set(item.id, flaps);
  }

  /** Advances simulated time by `durationS` in fixed timesteps. */
  step(durationS: number): void {
    const steps = Math.max(1, Math.round(durationS / this.timestepS));
    const sealable = (collider: RAPIER.Collider) =>
      this.#itemByCollider.has(collider.handle) && !this.#porous.has(collider.handle);
    for (let k = 0; k < steps; k++) {
      this.hand?.beforeStep(this.timestepS);
      this.#world.step();
      this.#brakeRolling();
      this.hand?.afterStep(this.timestepS, sealable);
    }
  }

  /** Slows each stick's spin about its own length by STICK_ROLLING_BRAKE over a step, to no less than none. */
  #brakeRolling(): void {
    const brake = STICK_ROLLING_BRAKE * this.timestepS;
    for (const body of this.#sticks) {
      if (body.isSleeping()) continue;
      const q = body.rotation();
      STICK_ROTATION[0] = q.x;
      STICK_ROTATION[1] = q.y;
      STICK_ROTATION[2] = q.z;
      STICK_ROTATION[3] = q.w;
      const axis = quaternion.act(STICK_AXIS, STICK_ROTATION, UP);
      const w = body.angvel();
      const along = w.x * axis[0]! + w.y * axis[1]! + w.z * axis[2]!;
      const cut = Math.sign(along) * Math.min(Math.abs(along), brake);
      if (cut !== 0)
        body.setAngvel({ x: w.x - cut * axis[0]!, y: w.y - cut * axis[1]!, z: w.z - cut * axis[2]! }, false);
    }
  }

  /** The hand: a kinematic palm at `palmPose`, motorized fingers and a suction cup (palm frame). */
  addHand(palmPose: ArrayLike<number>, cup: SuctionNozzle): Hand {
    this.hand = new Hand(this.#world, palmPose, cup);
    return this.hand;
  }

  /** Items the hand holds now: squeezed by both fingers, or sealed to the suction cup. */
  heldItems(): Array<{ readonly id: string; readonly tool: 'gripper' | 'suction' }> {
    if (!this.hand) return [];
    const held: Array<{ id: string; tool: 'gripper' | 'suction' }> = [];
    const sealed = this.hand.suctionState().sealedHandle;
    if (sealed !== undefined) held.push({ id: this.#itemByCollider.get(sealed)!, tool: 'suction' });
    for (const handle of this.hand.squeezed()) {
      const id = this.#itemByCollider.get(handle);
      if (id !== undefined) held.push({ id, tool: 'gripper' });
    }
    return held;
  }

  /** [x, y, z, qx, qy, qz, qw] of an item. */
  itemPose(id: string): Float64Array {
    const body = this.#body(id);
    const t = body.translation();
    const q = body.rotation();
    return Float64Array.of(t.x, t.y, t.z, q.x, q.y, q.z, q.w);
  }

  itemIds(): string[] {
    return [...this.#bodies.keys()];
  }

  /**
   * Every item's pose, and after it, for a cloth, the angles its two flaps hang at (rad, 0 lying
   * flat): what the renderer needs to draw it as it is.
   */
  itemShapePoses(): Map<string, Float64Array> {
    const poses = new Map<string, Float64Array>();
    for (const id of this.#bodies.keys()) {
      const pose = this.itemPose(id);
      const flaps = this.#flaps.get(id);
      if (!flaps) {
        poses.set(id, pose);
        continue;
      }
      const inverse = quaternion.inverse(new Float64Array(4), pose.subarray(3));
      const relative = new Float64Array(4);
      const withFlaps = new Float64Array(7 + flaps.length);
      withFlaps.set(pose);
      flaps.forEach(({ body, lowerAxis }, k) => {
        const q = body.rotation();
        quaternion.compose(relative, inverse, [q.x, q.y, q.z, q.w]);
        const along =
          relative[0]! * lowerAxis[0]! + relative[1]! * lowerAxis[1]! + relative[2]! * lowerAxis[2]!;
        withFlaps[7 + k] = 2 * Math.atan2(along, relative[3]!);
      });
      poses.set(id, withFlaps);
    }
    return poses;
  }

  /** Teleports an item (e.g. to drop it) and zeroes its velocity. */
  setItemPose(id: string, pose: ArrayLike<number>): void {
    const place = (body: RAPIER.RigidBody, to: ArrayLike<number>) => {
      body.setTranslation({ x: to[0]!, y: to[1]!, z: to[2]! }, true);
      body.setRotation({ x: to[3]!, y: to[4]!, z: to[5]!, w: to[6]! }, true);
      body.setLinvel({ x: 0, y: 0, z: 0 }, true);
      body.setAngvel({ x: 0, y: 0, z: 0 }, true);
    };
    // A cloth's flaps come along as they hang from it.
    const flaps = this.#flaps.get(id) ?? [];
    const moved =
      flaps.length > 0
        ? se3.compose(new Float64Array(7), pose, se3.inverse(new Float64Array(7), this.itemPose(id)))
        : undefined;
    for (const { body } of flaps) {
      const t = body.translation();
      const q = body.rotation();
      place(body, se3.compose(new Float64Array(7), moved!, [t.x, t.y, t.z, q.x, q.y, q.z, q.w]));
    }
    place(this.#body(id), pose);
  }

  /** Sets an item moving (m/s, rad/s, map frame), as a push would. */
  setItemVelocity(id: string, linear: ArrayLike<number>, angular: ArrayLike<number>): void {
    for (const body of [this.#body(id), ...(this.#flaps.get(id) ?? []).map((flap) => flap.body)]) {
      body.setLinvel({ x: linear[0]!, y: linear[1]!, z: linear[2]! }, true);
      body.setAngvel({ x: angular[0]!, y: angular[1]!, z: angular[2]! }, true);
    }
  }

  #robot:
    | {
        body: RAPIER.RigidBody;
        collider: RAPIER.Collider;
        controller: RAPIER.KinematicCharacterController;
        /** The base grown by a margin: items inside it are woken, since Rapier leaves a sleeping body asleep when a kinematic body moves into it. */
        wakeZone: RAPIER.Cylinder;
        /** The base grown by the bumper's travel: a wall or piece of furniture inside it is touching. */
        bumperZone: RAPIER.Cylinder;
      }
    | undefined;

  /** A kinematic cylinder for the robot base, moved by a character controller that stops at walls and furniture. */
  addRobotBase(radiusM: number, heightM: number, x: number, y: number, yaw: number): void {
    const body = this.#world.createRigidBody(
      RAPIER.RigidBodyDesc.kinematicPositionBased()
        .setTranslation(x, y, heightM / 2 + 0.01)
        .setRotation({ x: 0, y: 0, z: Math.sin(yaw / 2), w: Math.cos(yaw / 2) }),
    );
    const collider = this.#world.createCollider(
      RAPIER.ColliderDesc.cylinder(heightM / 2, radiusM)
        .setRotation(Y_TO_Z)
        .setCollisionGroups(BASE_GROUPS),
      body,
    );
    const controller = this.#world.createCharacterController(0.005);
    controller.setUp({ x: 0, y: 0, z: 1 });
    controller.setSlideEnabled(true);
    const wakeZone = new RAPIER.Cylinder(heightM / 2, radiusM + WAKE_MARGIN_M);
    const bumperZone = new RAPIER.Cylinder(heightM / 2 - 0.01, radiusM + BUMPER_TRAVEL_M);
    this.#robot = { body, collider, controller, wakeZone, bumperZone };
  }

  #person: RAPIER.RigidBody | undefined;

  /** A kinematic cylinder for a walking person: the laser sees it and the base cannot pass it. */
  addPerson(radiusM: number, heightM: number, x: number, y: number): void {
    this.#person = this.#world.createRigidBody(
      RAPIER.RigidBodyDesc.kinematicPositionBased().setTranslation(x, y, heightM / 2),
    );
    this.#world.createCollider(
      RAPIER.ColliderDesc.cylinder(heightM / 2, radiusM).setRotation(Y_TO_Z),
      this.#person,
    );
  }

  movePerson(x: number, y: number): void {
    if (!this.#person) throw new Error('the physics world has no person');
    const t = this.#person.translation();
    this.#person.setNextKinematicTranslation({ x, y, z: t.z });
  }

  /** Moves the base by (dx, dy) in the map frame and turns it to `yaw`; returns the movement the obstacles allowed. */
  moveRobot(dx: number, dy: number, yaw: number): [number, number] {
    const robot = this.#robot;
    if (!robot) throw new Error('the physics world has no robot base');
    // Only walls and furniture stop the base; items are left to the contact solver, which lets the
    // (kinematic, effectively infinitely heavy) base shove them along as a real base would.
    robot.controller.computeColliderMovement(
      robot.collider,
      { x: dx, y: dy, z: 0 },
      RAPIER.QueryFilterFlags.EXCLUDE_DYNAMIC,
      NOT_ROBOT_QUERY,
    );
    const moved = robot.controller.computedMovement();
    const t = robot.body.translation();
    const next = { x: t.x + moved.x, y: t.y + moved.y, z: t.z };
    robot.body.setNextKinematicTranslation(next);
    robot.body.setNextKinematicRotation({ x: 0, y: 0, z: Math.sin(yaw / 2), w: Math.cos(yaw / 2) });
    // Woken after the query: the body set is borrowed while its callback runs.
    const touched: RAPIER.RigidBody[] = [];
    const collect = (collider: RAPIER.Collider) => {
      const parent = collider.parent();
      if (parent) touched.push(parent);
      return true;
    };
    this.#world.intersectionsWithShape(
      next,
      Y_TO_Z,
      robot.wakeZone,
      collect,
      RAPIER.QueryFilterFlags.ONLY_DYNAMIC,
    );
    for (const body of touched) body.wakeUp();
    return [moved.x, moved.y];
  }

  /** Whether the base touches a wall or a piece of furniture (not items, which it pushes, nor the person, counted apart). */
  robotTouching(): boolean {
    const robot = this.#robot;
    if (!robot) throw new Error('the physics world has no robot base');
    let touching = false;
    this.#world.intersectionsWithShape(
      robot.body.translation(),
      Y_TO_Z,
      robot.bumperZone,
      () => {
        touching = true;
        return false;
      },
      RAPIER.QueryFilterFlags.EXCLUDE_DYNAMIC,
      NOT_ROBOT_QUERY,
      undefined,
      this.#person,
    );
    return touching;
  }

  /** Puts the base somewhere else at once, as a person picking the robot up would (kidnapping). */
  placeRobot(x: number, y: number, yaw: number): void {
    const robot = this.#robot;
    if (!robot) throw new Error('the physics world has no robot base');
    const z = robot.body.translation().z;
    robot.body.setTranslation({ x, y, z }, true);
    robot.body.setRotation({ x: 0, y: 0, z: Math.sin(yaw / 2), w: Math.cos(yaw / 2) }, true);
  }

  #body(id: string): RAPIER.RigidBody {
    const body = this.#bodies.get(id);
    if (!body) throw new Error(`no item '${id}' in the physics world`);
    return body;
  }

  /** Distance along a ray to the first collider that is not part of the robot, or Infinity. */
  castRay(
    origin: readonly [number, number, number],
    direction: readonly [number, number, number],
    maxM: number,
  ): number {
    const ray = new RAPIER.Ray(
      { x: origin[0], y: origin[1], z: origin[2] },
      { x: direction[0], y: direction[1], z: direction[2] },
    );
    const hit = this.#world.castRay(ray, maxM, true, undefined, NOT_ROBOT_QUERY);
    return hit ? hit.timeOfImpact : Infinity;
  }

  free(): void {
    if (this.#robot) this.#world.removeCharacterController(this.#robot.controller);
    this.#world.free();
  }
}

type Fixed = (x: number, y: number, z: number, hx: number, hy: number, hz: number, yaw?: number) => void;

function addFurniture(furniture: WorldFurniture, fixed: Fixed): void {
  const [x, y, z] = furniture.position;
  const c = Math.cos(furniture.yaw);
  const s = Math.sin(furniture.yaw);
  for (const { center, halfExtents } of furnitureParts(furniture))
    fixed(
      x + c * center[0] - s * center[1],
      y + s * center[0] + c * center[1],
      z + center[2],
      ...halfExtents,
      furniture.yaw,
    );
}
