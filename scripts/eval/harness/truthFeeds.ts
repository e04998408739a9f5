/**
 * What an evaluation tells the stack in place of localization and perception, from the sim's
 * ground truth: map → odom from the true pose and odometry of the same instant (perfect
 * localization; optional, where SLAM is not running) and /objects with each item's true class
 * and axis-aligned box (perfect object boxes). A grasp is still planned from the head camera's
 * depth.
 */
import * as quaternion from '../../../src/geometry/quaternion.ts';
import * as se3 from '../../../src/geometry/se3.ts';
import type { katazuke_msgs } from '../../../src/messages/types.generated.ts';
import type { Node } from '../../../src/runtime/Node.ts';
import { TransformBroadcaster } from '../../../src/runtime/tf/TransformBroadcaster.ts';
import { BASE } from '../../../sim/Simulation.ts';
import { furnitureFootprint, overlapsFootprint } from '../../../sim/world/furnitureFootprint.ts';
import { ITEM_CATEGORIES } from '../../../sim/world/catalog.ts';
import { itemHalfExtents } from '../../../sim/world/itemExtents.ts';
import type { World, WorldFurniture, WorldItem } from '../../../sim/world/World.ts';

/** The item's axis-aligned box in the map: centre and full size. */
export function itemBox(item: WorldItem, pose: ArrayLike<number>) {
  const half = itemHalfExtents(item);
  const extent = [0, 0, 0];
  const q = [pose[3]!, pose[4]!, pose[5]!, pose[6]!];
  const axis = new Float64Array(3);
  for (let k = 0; k < 3; k++) {
    quaternion.act(axis, q, [k === 0 ? 1 : 0, k === 1 ? 1 : 0, k === 2 ? 1 : 0]);
    for (let j = 0; j < 3; j++) extent[j]! += Math.abs(axis[j]!) * half[k]!;
  }
  return { center: [pose[0]!, pose[1]!, pose[2]!], size: extent.map((e) => 2 * e) };
}

export interface TruthFeeds {
  /** The latest true item states (2 Hz), once the first came. */
  items(): katazuke_msgs.msg.ItemStateArray | undefined;
  /** The id of what the hand holds ('' for nothing). */
  held(): string;
  stop(): void;
}

export function startTruthFeeds(
  probe: Node,
  worldItems: readonly WorldItem[],
  options: { readonly localization: boolean } = { localization: true },
): TruthFeeds {
  const byId = new Map(worldItems.map((item) => [item.id, item]));
  const tf = new TransformBroadcaster(probe);
  const truePose = new Float64Array(7);
  let items: katazuke_msgs.msg.ItemStateArray | undefined;
  let held = '';
  probe.createSubscription('geometry_msgs/msg/PoseStamped', '/sim/ground_truth/pose', (m) =>
    se3.fromPose(truePose, m.pose),
  );
  probe.createSubscription('nav_msgs/msg/Odometry', '/odom', (m) => {
    if (!options.localization || (truePose[5] === 0 && truePose[6] === 0)) return;
    const odom_T_base = se3.fromPose(new Float64Array(7), m.pose.pose);
    const map_T_odom = se3.compose(
      new Float64Array(7),
      truePose,
      se3.inverse(new Float64Array(7), odom_T_base),
    );
    tf.sendTransform({
      header: { stamp: m.header.stamp, frame_id: 'map' },
      child_frame_id: 'odom',
      transform: {
        translation: { x: map_T_odom[0]!, y: map_T_odom[1]!, z: map_T_odom[2]! },
        rotation: { x: map_T_odom[3]!, y: map_T_odom[4]!, z: map_T_odom[5]!, w: map_T_odom[6]! },
      },
    });
  });
  probe.createSubscription(
    'katazuke_msgs/msg/ItemStateArray',
    '/sim/ground_truth/items',
    { qos: { durability: 'transient_local' } },
    (m) => (items = m),
  );
  probe.createSubscription(
    'std_msgs/msg/String',
    '/sim/ground_truth/held',
    { qos: { durability: 'transient_local' } },
    (m) => (held = m.data),
  );
  const objects = probe.createPublisher('vision_msgs/msg/Detection3DArray', '/objects', 1);
  const timer = probe.createTimer(100_000_000n, () => {
    if (!items) return;
    const stamp = probe.now().toMsg();
    objects.publish({
      header: { stamp, frame_id: 'map' },
      detections: items.items.map((state) => {
        const p = state.pose.pose;
        const box = itemBox(byId.get(state.id)!, [
          p.position.x,
          p.position.y,
          p.position.z,
          p.orientation.x,
          p.orientation.y,
          p.orientation.z,
          p.orientation.w,
        ]);
        return {
          header: { stamp, frame_id: 'map' },
          results: [
            {
              hypothesis: { class_id: state.category, score: 1 },
              pose: { pose: p, covariance: new Array<number>(36).fill(0) },
            },
          ],
          bbox: {
            center: {
              position: { x: box.center[0]!, y: box.center[1]!, z: box.center[2]! },
              orientation: { x: 0, y: 0, z: 0, w: 1 },
            },
            size: { x: box.size[0]!, y: box.size[1]!, z: box.size[2]! },
          },
          id: state.id,
        };
      }),
    });
  });
  return { items: () => items, held: () => held, stop: () => timer.cancel() };
}

const DIRECTIONS = 16;

/**
 * A base pose `standoffM` from the item facing it, the base's disc clear of walls, furniture and
 * other items there and `backM` further back (where it will carry the item), or undefined.
 */
export function preGraspPose(
  world: World,
  items: readonly katazuke_msgs.msg.ItemState[],
  id: string,
  standoffM: number,
  backM: number,
): [number, number, number] | undefined {
  const p = items.find((i) => i.id === id)!.pose.pose.position;
  const r = BASE.radiusM + 0.03;
  for (let k = 0; k < DIRECTIONS; k++) {
    const theta = (2 * Math.PI * k) / DIRECTIONS;
    const clear = [0, backM].every((back) => {
      const x = p.x + Math.cos(theta) * (standoffM + back);
      const y = p.y + Math.sin(theta) * (standoffM + back);
      if (x < r || y < r || x > world.room.width - r || y > world.room.depth - r) return false;
      if (world.furniture.some((f) => overlapsFootprint(furnitureFootprint(f), x, y, r, 0))) return false;
      return items.every(
        (other) =>
          other.id === id ||
          Math.hypot(other.pose.pose.position.x - x, other.pose.pose.position.y - y) > r + 0.12,
      );
    });
    if (clear) return [p.x + Math.cos(theta) * standoffM, p.y + Math.sin(theta) * standoffM, theta + Math.PI];
  }
  return undefined;
}

const UPRIGHT_COS = Math.cos((30 * Math.PI) / 180);

/**
 * Whether an item at `pose` is put away in or on `home` as its rule asks: within the footprint;
 * inside a container (below its rim), resting on a surface's top or on one of a shelf's boards; upright (its own z within 30°
 * of up) or flat (its thinnest axis within 30° of up; a stick lying within 30° of level) where the
 * rule says so.
 */
export function inHome(item: WorldItem, home: WorldFurniture, pose: ArrayLike<number>): boolean {
  const c = Math.cos(home.yaw);
  const s = Math.sin(home.yaw);
  const dx = pose[0]! - home.position[0];
  const dy = pose[1]! - home.position[1];
  const lx = c * dx + s * dy;
  const ly = -s * dx + c * dy;
  if (Math.abs(lx) > home.size[0] / 2 || Math.abs(ly) > home.size[1] / 2) return false;
  const bottom = home.position[2] - home.size[2] / 2;
  const top = bottom + home.size[2];
  const restsOn = (z: number) => pose[2]! > z - 0.01 && pose[2]! < z + 0.3;
  const onIt =
    home.form === 'container'
      ? pose[2]! < top
      : home.form === 'shelf'
        ? (home.shelves ?? []).some((h) => restsOn(bottom + h))
        : restsOn(top);
  if (!onIt) return false;
  const rule = ITEM_CATEGORIES[item.category]?.home.pose ?? 'any';
  if (rule === 'any') return true;
  const q = [pose[3]!, pose[4]!, pose[5]!, pose[6]!];
  const up = (axis: number) => {
    const v = quaternion.act(new Float64Array(3), q, [
      axis === 0 ? 1 : 0,
      axis === 1 ? 1 : 0,
      axis === 2 ? 1 : 0,
    ]);
    return Math.abs(v[2]!);
  };
  if (rule === 'upright') return up(2) >= UPRIGHT_COS;
  // Flat: a stick (capsule, its length along z) lies with its length level; anything else with its thinnest axis up.
  if (item.shape === 'capsule') return up(2) <= Math.sin((30 * Math.PI) / 180);
  const d = item.dimensions;
  const thinnest = item.shape === 'box' || item.shape === 'cloth' ? d.indexOf(Math.min(...d)) : 2;
  return up(thinnest) >= UPRIGHT_COS;
}
