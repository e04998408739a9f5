/**
 * A cloth item as it lies crumpled: a thin layer over its footprint and one fold standing up from
 * it to the item's full height, a few centimetres wide, running along one of its axes somewhere
 * across it. The fold is what a hand pinches (a flat box wider than the jaws has nothing to hold);
 * physics and the renderer build the same boxes (clothShape).
 */
import type { Random } from '../../src/common/random.ts';
import * as quaternion from '../../src/geometry/quaternion.ts';

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

export interface ClothBox {
  /** Centre and half-extents in the item's frame, as the cloth lies at rest. */
  readonly center: [number, number, number];
  readonly halfExtents: [number, number, number];
}

/** A flap of the layer, hinged to the fold's foot along the fold. */
export interface ClothFlap extends ClothBox {
  /** A point of the hinge line (item frame). */
  readonly hinge: [number, number, number];
  /** The hinge's axis, signed so that turning the flap by a positive angle about it lowers it. */
  readonly lowerAxis: [number, number, number];
}

/**
 * The cloth as bodies: the fold with the strip of layer under it (what the hand pinches), and the
 * layer either side of it as two flaps hinged along the fold's foot. Lifted by the fold, the flaps
 * hang below it as real cloth does; one rigid layer would lever about the pinch and slide out.
 */
export interface ClothShape {
  readonly fold: ClothBox;
  readonly strip: ClothBox;
  readonly flaps: readonly [ClothFlap, ClothFlap];
}

export function clothShape(dimensions: readonly number[], fold: ClothFold): ClothShape {
  const dz = dimensions[2]!;
  const along = fold.along;
  const across = 1 - along;
  const layer = Math.min(fold.layerM, dz);
  const layerZ = -dz / 2 + layer / 2;
  const length = dimensions[along]!;
  const width = dimensions[across]!;
  /** A box from `lo` to `hi` across the fold, `halfAlong` along it, centred at `z` with half-height `halfZ`. */
  const box = (lo: number, hi: number, halfAlong: number, z: number, halfZ: number): ClothBox => {
    const center: [number, number, number] = [0, 0, z];
    const halfExtents: [number, number, number] = [0, 0, halfZ];
    center[across] = (lo + hi) / 2;
    halfExtents[across] = (hi - lo) / 2;
    halfExtents[along] = halfAlong;
    return { center, halfExtents };
  };
  const foldLo = fold.offsetM - fold.widthM / 2;
  const foldHi = fold.offsetM + fold.widthM / 2;
  const flap = (side: -1 | 1): ClothFlap => {
    const edge = side < 0 ? foldLo : foldHi;
    const hinge: [number, number, number] = [0, 0, layerZ];
    hinge[across] = edge;
    // Turning about k lowers the flap when k × (its outward direction) points down: k = −side·(e_across × e_z).
    const lowerAxis: [number, number, number] = [0, 0, 0];
    lowerAxis[along] = across === 1 ? -side : side;
    return {
      ...box(
        Math.min(edge, (side * width) / 2),
        Math.max(edge, (side * width) / 2),
        length / 2,
        layerZ,
        layer / 2,
      ),
      hinge,
      lowerAxis,
    };
  };
  return {
    fold: box(foldLo, foldHi, (fold.lengthShare * length) / 2, 0, dz / 2),
    strip: box(foldLo, foldHi, length / 2, layerZ, layer / 2),
    flaps: [flap(-1), flap(1)],
  };
}

/** The boxes of a cloth with its flaps turned down by `flapAngles` (rad; 0 lying flat), in the item's frame. */
export function clothBoxesAt(
  shape: ClothShape,
  flapAngles: readonly [number, number] = [0, 0],
): Array<{ readonly box: ClothBox; readonly place: (p: readonly number[]) => [number, number, number] }> {
  const rest =
    (box: ClothBox) =>
    (p: readonly number[]): [number, number, number] => [
      p[0]! + box.center[0],
      p[1]! + box.center[1],
      p[2]! + box.center[2],
    ];
  return [
    { box: shape.fold, place: rest(shape.fold) },
    { box: shape.strip, place: rest(shape.strip) },
    ...shape.flaps.map((flap, k) => {
      const half = flapAngles[k]! / 2;
      const [kx, ky, kz] = flap.lowerAxis;
      const q = [kx * Math.sin(half), ky * Math.sin(half), kz * Math.sin(half), Math.cos(half)];
      const offset = new Float64Array(3);
      return {
        box: flap,
        place: (p: readonly number[]): [number, number, number] => {
          const turned = quaternion.act(offset, q, [
            p[0]! + flap.center[0] - flap.hinge[0],
            p[1]! + flap.center[1] - flap.hinge[1],
            p[2]! + flap.center[2] - flap.hinge[2],
          ]);
          return [turned[0]! + flap.hinge[0], turned[1]! + flap.hinge[1], turned[2]! + flap.hinge[2]];
        },
      };
    }),
  ];
}
