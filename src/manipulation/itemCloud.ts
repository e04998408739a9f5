/**
 * The points of one item in a depth image: each pixel with depth back-projected into the map
 * frame and kept when it falls inside the item's 3D box (as the object localizer estimated it,
 * grown by a margin for its error) and above the surface the item rests on.
 */
import * as se3 from '../geometry/se3.ts';
import type { Pinhole } from '../perception/pinhole.ts';

export interface ItemBox {
  /** Centre and full size along the map axes (m). */
  readonly center: readonly [number, number, number];
  readonly size: readonly [number, number, number];
}

/** Points closer than this to the box's bottom are the support, not the item (m), or than this share of a thin item's height. */
const SUPPORT_BAND_M = 0.006;
const SUPPORT_SHARE = 0.4;

/**
 * xyz triples (map frame) of the item's points; `marginM` grows the box sideways, and upwards
 * with the box's own height on top: perception boxes an item as tall as its cameras saw it, mostly
 * its top from above (a 13 cm toy watering can was boxed 6 cm tall, and its points above 10 cm,
 * its whole top, were cut off: the jaws were sent 8 cm below its rim and it slipped out twice).
 * Nothing at or above `ceilingZ` counts (the underside of a table or a shelf board over it).
 */
export function itemPoints(
  depth: Float32Array,
  width: number,
  height: number,
  camera: Pinhole,
  map_T_optical: ArrayLike<number>,
  box: ItemBox,
  marginM: number,
  ceilingZ = Infinity,
): Float64Array {
  if (depth.length < width * height)
    throw new Error(`depth has ${depth.length} pixels, expected ${width}×${height}`);
  const lo = [0, 1].map((k) => box.center[k]! - box.size[k]! / 2 - marginM);
  const hi = [0, 1].map((k) => box.center[k]! + box.size[k]! / 2 + marginM);
  const bottom = box.center[2] - box.size[2] / 2;
  const band = Math.min(SUPPORT_BAND_M, SUPPORT_SHARE * box.size[2]);
  const top = Math.min(ceilingZ, box.center[2] + box.size[2] / 2 + marginM + box.size[2]);
  const optical = new Float64Array(3);
  const map = new Float64Array(3);
  const kept: number[] = [];
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const z = depth[y * width + x]!;
      if (!(z > 0)) continue;
      optical[0] = ((x - camera.cx) * z) / camera.fx;
      optical[1] = ((y - camera.cy) * z) / camera.fy;
      optical[2] = z;
      se3.act(map, map_T_optical, optical);
      if (map[0]! < lo[0]! || map[0]! > hi[0]! || map[1]! < lo[1]! || map[1]! > hi[1]!) continue;
      if (map[2]! < bottom + band || map[2]! > top) continue;
      kept.push(map[0]!, map[1]!, map[2]!);
    }
  return Float64Array.from(kept);
}
