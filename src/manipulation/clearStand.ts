/**
 * Where the base can stand near a wanted position without meeting the furniture the house
 * description names: the position pushed straight out of every footprint it comes within
 * `clearanceM` of (a few rounds, for a corner between two pieces). Whole-body IK puts the base
 * wherever the arm reaches best, which for an item by (or on) a sofa is inside the sofa: the base
 * then stalled against it, try after try. Furniture whose underside is above the base's top
 * (a window, a shelf on the wall) does not count.
 */
import type { HousePlace } from '../world/houseDescription.ts';
import { distanceToFootprint } from './placeApproach.ts';

const ROUNDS = 4;

export interface ClearStand {
  readonly x: number;
  readonly y: number;
  /** How far it moved from the wanted position (m); 0 when that was clear. */
  readonly shiftM: number;
  /** The furniture it was pushed out of last, if any. */
  readonly pushedBy?: HousePlace;
}

export function clearStand(
  places: readonly HousePlace[],
  wanted: readonly [number, number],
  clearanceM: number,
  baseTopM: number,
): ClearStand | undefined {
  let [x, y] = wanted;
  let pushedBy: HousePlace | undefined;
  for (let round = 0; round < ROUNDS; round++) {
    const inWay = furnitureInWay(places, x, y, clearanceM, baseTopM);
    if (!inWay) return { x, y, shiftM: Math.hypot(x - wanted[0], y - wanted[1]), pushedBy };
    [x, y] = pushOut(inWay, x, y, clearanceM);
    pushedBy = inWay;
  }
  return undefined;
}

/** The first piece of furniture (other than `except`) reaching below `baseTopM` within `clearanceM` of (x, y). */
export function furnitureInWay(
  places: readonly HousePlace[],
  x: number,
  y: number,
  clearanceM: number,
  baseTopM: number,
  except?: HousePlace,
): HousePlace | undefined {
  return places.find(
    (p) =>
      p !== except &&
      p.position[2] - p.size[2] / 2 < baseTopM &&
      distanceToFootprint(p, x, y) < clearanceM - 1e-9,
  );
}

/** (x, y) moved straight out of `place`'s footprint to `clearanceM` (plus a millimetre) from it. */
function pushOut(place: HousePlace, x: number, y: number, clearanceM: number): [number, number] {
  const c = Math.cos(place.yaw);
  const s = Math.sin(place.yaw);
  const hx = place.size[0] / 2;
  const hy = place.size[1] / 2;
  const lx = c * (x - place.position[0]) + s * (y - place.position[1]);
  const ly = -s * (x - place.position[0]) + c * (y - place.position[1]);
  // The nearest point of the footprint, and the way out from it.
  const nx = Math.max(-hx, Math.min(hx, lx));
  const ny = Math.max(-hy, Math.min(hy, ly));
  let ox = lx - nx;
  let oy = ly - ny;
  let out = Math.hypot(ox, oy);
  let fromX = nx;
  let fromY = ny;
  if (out < 1e-9) {
    // Inside: out through the nearest side.
    const toX = hx - Math.abs(lx);
    const toY = hy - Math.abs(ly);
    if (toX < toY) {
      ox = Math.sign(lx) || 1;
      oy = 0;
      fromX = ox * hx;
      fromY = ly;
    } else {
      ox = 0;
      oy = Math.sign(ly) || 1;
      fromX = lx;
      fromY = oy * hy;
    }
    out = 1;
  }
  const reach = clearanceM + 1e-3;
  const px = fromX + (ox / out) * reach;
  const py = fromY + (oy / out) * reach;
  return [place.position[0] + c * px - s * py, place.position[1] + s * px + c * py];
}
