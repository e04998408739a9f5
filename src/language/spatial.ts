/**
 * Spatial relations between scene entities, each scored in [0, 1]: near (distance to the
 * anchor's footprint), on / in / under (support and containment, from the scene's `on`/`in`
 * links or the anchor's footprint and height), left / right / behind / in front (in the
 * viewer's frame: x forward, y left, from the speaker's or the robot's position and yaw).
 */
import type { RelationName } from './lexicon.ts';
import type { Agent, SceneFurniture, SceneObject, Vec3 } from './scene.ts';

export type Entity =
  | { readonly kind: 'object'; readonly value: SceneObject }
  | { readonly kind: 'furniture'; readonly value: SceneFurniture };

const NEAR_SCALE_M = 0.6;
const SIDE_SCALE_M = 0.15;
const DEFAULT_FURNITURE_HALF_M = 0.3;
const OBJECT_HALF_M = 0.08;
/** Weight of nearness when an object is said to be on/in something it is only next to. */
const LOOSE_SUPPORT = 0.35;

function halfExtent(entity: Entity): [number, number] {
  if (entity.kind === 'object') return [OBJECT_HALF_M, OBJECT_HALF_M];
  const extent = entity.value.extent;
  return extent ? [extent[0] / 2, extent[1] / 2] : [DEFAULT_FURNITURE_HALF_M, DEFAULT_FURNITURE_HALF_M];
}

/** Distance in the floor plane from a point to an entity's footprint (0 inside it). */
export function footprintDistance(point: Vec3, entity: Entity): number {
  const [hx, hy] = halfExtent(entity);
  const dx = Math.max(0, Math.abs(point[0] - entity.value.position[0]) - hx);
  const dy = Math.max(0, Math.abs(point[1] - entity.value.position[1]) - hy);
  return Math.hypot(dx, dy);
}

function topZ(entity: Entity): number {
  if (entity.kind === 'object') return entity.value.position[2] + OBJECT_HALF_M;
  const extent = entity.value.extent;
  return extent ? entity.value.position[2] + extent[2] / 2 : entity.value.position[2];
}

/** Position in a viewer's frame: [forward, left]. */
export function inViewerFrame(point: Vec3, viewer: Agent): [number, number] {
  const dx = point[0] - viewer.position[0];
  const dy = point[1] - viewer.position[1];
  const c = Math.cos(viewer.yaw);
  const s = Math.sin(viewer.yaw);
  return [c * dx + s * dy, -s * dx + c * dy];
}

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

const WALL_SCALE_M = 0.5;
const CORNER_SCALE_M = 0.7;
/** An object resting on the floor has its centre at most this high (a big ball's is ~0.15 m). */
const ON_FLOOR_MAX_Z_M = 0.3;

/**
 * The floor, the walls and the corners as landmarks, with the room's extent taken from the
 * furniture (a scene has no walls of its own).
 */
export function roomParts(scene: { readonly furniture: readonly SceneFurniture[] }): Entity[] {
  if (scene.furniture.length === 0) return [];
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const f of scene.furniture) {
    const [hx, hy] = halfExtent({ kind: 'furniture', value: f });
    minX = Math.min(minX, f.position[0] - hx);
    maxX = Math.max(maxX, f.position[0] + hx);
    minY = Math.min(minY, f.position[1] - hy);
    maxY = Math.max(maxY, f.position[1] + hy);
  }
  const center: Vec3 = [(minX + maxX) / 2, (minY + maxY) / 2, 0];
  const extent: Vec3 = [maxX - minX, maxY - minY, 0];
  return ['floor', 'wall', 'corner'].map((category) => ({
    kind: 'furniture',
    value: { id: `room:${category}`, category, position: center, extent },
  }));
}

/** How well a subject relates to a part of the room (floor, wall, corner). */
function roomPartScore(part: SceneFurniture, subject: SceneObject | SceneFurniture): number {
  const p = subject.position;
  if (part.category === 'floor') {
    const object = 'colors' in subject ? subject : undefined;
    return !object?.on && !object?.in && p[2] < ON_FLOOR_MAX_Z_M ? 1 : 0;
  }
  const [hx, hy] = [part.extent![0] / 2, part.extent![1] / 2];
  const dx = hx - Math.abs(p[0] - part.position[0]);
  const dy = hy - Math.abs(p[1] - part.position[1]);
  if (part.category === 'wall') return Math.exp(-Math.max(0, Math.min(dx, dy)) / WALL_SCALE_M);
  return Math.exp(-Math.hypot(Math.max(0, dx), Math.max(0, dy)) / CORNER_SCALE_M);
}

export function relationScore(
  relation: RelationName,
  subject: SceneObject | SceneFurniture,
  anchor: Entity,
  viewer: Agent,
): number {
  const p = subject.position;
  if ('id' in anchor.value && subject.id === anchor.value.id) return 0;
  if (anchor.value.id.startsWith('room:')) return roomPartScore(anchor.value as SceneFurniture, subject);
  const distance = footprintDistance(p, anchor);
  const near = Math.exp(-distance / NEAR_SCALE_M);
  const object = 'colors' in subject ? subject : undefined;
  switch (relation) {
    case 'near':
      // Something on, in or under the anchor is said to be on/in/under it, not near it.
      return distance === 0 ? 0.6 : near;
    case 'on':
      if (object?.on === anchor.value.id) return 1;
      if (object?.in === anchor.value.id) return 0.6;
      // Something right by the anchor is a poor but possible match (misheard "by", loose speech).
      return distance === 0 && p[2] >= topZ(anchor) - 0.05 ? 0.8 : LOOSE_SUPPORT * near;
    case 'in':
      if (object?.in === anchor.value.id) return 1;
      if (object?.on === anchor.value.id) return 0.6;
      return distance === 0 ? 0.7 : LOOSE_SUPPORT * near;
    case 'under':
      if (object?.on === anchor.value.id || object?.in === anchor.value.id) return 0;
      return distance === 0 && p[2] < topZ(anchor) - 0.05 ? 1 : 0.3 * near * (p[2] < topZ(anchor) ? 1 : 0);
    case 'left_of':
    case 'right_of':
    case 'behind':
    case 'in_front_of': {
      const [sf, sl] = inViewerFrame(p, viewer);
      const [af, al] = inViewerFrame(anchor.value.position, viewer);
      const side =
        relation === 'left_of'
          ? sl - al
          : relation === 'right_of'
            ? al - sl
            : relation === 'behind'
              ? sf - af
              : af - sf;
      return sigmoid(side / SIDE_SCALE_M - 2) * Math.exp(-distance / (3 * NEAR_SCALE_M));
    }
  }
}
