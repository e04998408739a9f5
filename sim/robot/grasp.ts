/**
 * Whether a grasp holds. Parallel jaws: the item must fit the opening (its narrowest graspable
 * width ≤ 0.13 m) and two friction contacts at the squeeze force must carry its weight with a
 * safety factor: 2·μ·F ≥ 1.5·m·g — otherwise it slips. Suction: the cup needs a flat face of the
 * item turned towards it (within 20°) at least the cup's size, and the vacuum force must carry
 * 1.5·m·g. Item shapes and sizes are those of `sim/world/catalog.ts`.
 */
import * as quaternion from '../../src/geometry/quaternion.ts';
import type { WorldItem } from '../world/World.ts';

export const GRIPPER = { maxOpeningM: 0.13, squeezeForceN: 30 };
export const SUCTION = { cupDiameterM: 0.03, forceN: 15, maxTiltRad: (20 * Math.PI) / 180 };
const GRAVITY = 9.81;
const SAFETY = 1.5;

export type GraspOutcome =
  | { readonly outcome: 'held'; readonly widthM: number }
  | { readonly outcome: 'slipped' | 'too_wide' | 'not_flat' | 'too_heavy'; readonly reason: string };

/** The narrowest width across which the jaws can close on the item. */
export function gripWidth(item: Pick<WorldItem, 'shape' | 'dimensions'>): number {
  const d = item.dimensions;
  switch (item.shape) {
    case 'box':
    case 'cloth':
      return Math.min(...d);
    case 'cylinder':
      return Math.min(2 * d[0]!, d[1]!);
    case 'sphere':
    case 'capsule':
      return 2 * d[0]!;
  }
}

export function gripperGrasp(
  item: Pick<WorldItem, 'shape' | 'dimensions' | 'mass' | 'friction'>,
  squeezeForceN = GRIPPER.squeezeForceN,
): GraspOutcome {
  const width = gripWidth(item);
  if (width > GRIPPER.maxOpeningM)
    return {
      outcome: 'too_wide',
      reason: `${(width * 100).toFixed(1)} cm does not fit the ${GRIPPER.maxOpeningM * 100} cm opening`,
    };
  const capacity = 2 * item.friction * squeezeForceN;
  const load = SAFETY * item.mass * GRAVITY;
  if (capacity < load)
    return {
      outcome: 'slipped',
      reason: `friction holds ${capacity.toFixed(1)} N, the item needs ${load.toFixed(1)} N`,
    };
  return { outcome: 'held', widthM: width };
}

/** Flat faces (local outward normals and their smaller side) of each shape. */
function flatFaces(
  item: Pick<WorldItem, 'shape' | 'dimensions'>,
): Array<{ normal: [number, number, number]; sizeM: number }> {
  const d = item.dimensions;
  switch (item.shape) {
    case 'box':
    case 'cloth': {
      const [x, y, z] = d as [number, number, number];
      return [
        { normal: [0, 0, 1], sizeM: Math.min(x, y) },
        { normal: [0, 0, -1], sizeM: Math.min(x, y) },
        { normal: [1, 0, 0], sizeM: Math.min(y, z) },
        { normal: [-1, 0, 0], sizeM: Math.min(y, z) },
        { normal: [0, 1, 0], sizeM: Math.min(x, z) },
        { normal: [0, -1, 0], sizeM: Math.min(x, z) },
      ];
    }
    case 'cylinder':
      return [
        { normal: [0, 0, 1], sizeM: 2 * d[0]! },
        { normal: [0, 0, -1], sizeM: 2 * d[0]! },
      ];
    case 'sphere':
    case 'capsule':
      return [];
  }
}

/** `towardsCup`: unit vector (map frame) from the item to the cup. */
export function suctionGrasp(
  item: Pick<WorldItem, 'shape' | 'dimensions' | 'mass'>,
  itemPose: ArrayLike<number>,
  towardsCup: readonly [number, number, number],
): GraspOutcome {
  const q = [itemPose[3]!, itemPose[4]!, itemPose[5]!, itemPose[6]!];
  const n = new Float64Array(3);
  const usable = flatFaces(item).some((face) => {
    quaternion.act(n, q, face.normal);
    const cos = n[0]! * towardsCup[0] + n[1]! * towardsCup[1] + n[2]! * towardsCup[2];
    return cos >= Math.cos(SUCTION.maxTiltRad) && face.sizeM >= SUCTION.cupDiameterM;
  });
  if (!usable) return { outcome: 'not_flat', reason: 'no flat face of the item faces the suction cup' };
  const load = SAFETY * item.mass * GRAVITY;
  if (SUCTION.forceN < load)
    return {
      outcome: 'too_heavy',
      reason: `suction holds ${SUCTION.forceN} N, the item needs ${load.toFixed(1)} N`,
    };
  return { outcome: 'held', widthM: 0 };
}
