/**
 * A cloth item as it lies crumpled: a thin layer over its footprint and one fold standing up from
 * it to the item's full height, a few centimetres wide, running along one of its axes somewhere
 * across it. The fold is what a hand pinches (a flat box wider than the jaws has nothing to hold);
 * physics and the renderer build the same two boxes.
 */
import type { Random } from '../../src/common/random.ts';

export interface ClothFold {
  /** The item axis the fold runs along (0: x, 1: y). */
  readonly along: 0 | 1;
  /** Where it stands across the other axis, from the middle (m). */
  readonly offsetM: number;
  readonly widthM: number;
  /** Its length as a share of the item's extent along `along`. */
  readonly lengthShare: number;
  /** The layer's thickness (m). */
  readonly layerM: number;
}

const WIDTH_M: readonly [number, number] = [0.025, 0.045];
const LENGTH_SHARE: readonly [number, number] = [0.5, 0.9];
/** The layer is this share of the item's height, at least LAYER_MIN_M. */
const LAYER_SHARE = 0.3;
const LAYER_MIN_M = 0.006;

/** A fold for a cloth item of `dimensions` [dx, dy, height]; without `random`, the nominal one (the middle of each range, along x, centred). */
export function drawClothFold(dimensions: readonly number[], random?: Random): ClothFold {
  const draw = (r: readonly [number, number]) => (random ? random.range(r[0], r[1]) : (r[0] + r[1]) / 2);
  const along: 0 | 1 = random && random.chance(0.5) ? 1 : 0;
  const across = dimensions[1 - along]!;
  const widthM = Math.min(draw(WIDTH_M), across / 2);
  const room = Math.max(0, across / 2 - widthM / 2 - 0.01);
  return {
    along,
    offsetM: random ? random.range(-0.6 * room, 0.6 * room) : 0,
    widthM,
    lengthShare: draw(LENGTH_SHARE),
    layerM: Math.max(LAYER_MIN_M, LAYER_SHARE * dimensions[2]!),
  };
}

/** The layer and the fold as boxes about the item's middle: centre and half-extents in its frame. */
export function clothParts(
  dimensions: readonly number[],
  fold: ClothFold,
): Array<{ readonly center: [number, number, number]; readonly halfExtents: [number, number, number] }> {
  const [dx, dy, dz] = dimensions as [number, number, number];
  const layer = Math.min(fold.layerM, dz);
  const length = fold.lengthShare * dimensions[fold.along]!;
  const foldCenter: [number, number, number] = fold.along === 0 ? [0, fold.offsetM, 0] : [fold.offsetM, 0, 0];
  const foldHalf: [number, number, number] =
    fold.along === 0 ? [length / 2, fold.widthM / 2, dz / 2] : [fold.widthM / 2, length / 2, dz / 2];
  return [
    { center: [0, 0, -dz / 2 + layer / 2], halfExtents: [dx / 2, dy / 2, layer / 2] },
    { center: foldCenter, halfExtents: foldHalf },
  ];
}
