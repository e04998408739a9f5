/**
 * What the grasp policy sees of one candidate: a height map of the item's points in the
 * candidate's own frame (centred on the grasp point, x along the jaws' closing direction), and a
 * vector of the tool, the opening, heights and the item's class hypotheses. Both the training
 * data recipe and the robot build it here, so they cannot drift apart.
 */
import type { GraspCandidate, HandGeometry, ItemFootprint } from './analyticGrasp.ts';

export const HEIGHT_MAP = { cells: 32, cellM: 0.008, channels: 2 } as const;
/** Tool (2), opening, fit, top, tool height, tool below top, distance from the middle, width, length. */
export const SHAPE_FEATURES = 10;
const HEIGHT_SCALE = 5;
export const HEIGHT_MAP_VALUES = HEIGHT_MAP.channels * HEIGHT_MAP.cells * HEIGHT_MAP.cells;

/**
 * Writes candidate `candidate`'s height map at `maps[mapOffset…]` (channel 0: highest point per
 * cell above the support ×5, channel 1: whether the cell has points) and its vector at
 * `vector[vectorOffset…]` (SHAPE_FEATURES, then `classes`' probabilities).
 */
export function writeGraspFeatures(
  points: Float64Array,
  supportZ: number,
  footprint: ItemFootprint,
  candidate: GraspCandidate,
  classes: ArrayLike<number>,
  hand: HandGeometry,
  maps: Float32Array,
  mapOffset: number,
  vector: Float32Array,
  vectorOffset: number,
): void {
  const { cells, cellM } = HEIGHT_MAP;
  const plane = cells * cells;
  const frame = candidate.closing
    ? Math.atan2(candidate.closing[1], candidate.closing[0])
    : footprint.majorRad + Math.PI / 2;
  const c = Math.cos(frame);
  const s = Math.sin(frame);
  const [x0, y0, z0] = candidate.position;
  maps.fill(0, mapOffset, mapOffset + HEIGHT_MAP_VALUES);
  const half = (cells * cellM) / 2;
  for (let k = 0; k < points.length; k += 3) {
    const dx = points[k]! - x0;
    const dy = points[k + 1]! - y0;
    const u = Math.floor((dx * c + dy * s + half) / cellM);
    const v = Math.floor((-dx * s + dy * c + half) / cellM);
    if (u < 0 || v < 0 || u >= cells || v >= cells) continue;
    const cell = mapOffset + v * cells + u;
    const height = (points[k + 2]! - supportZ) * HEIGHT_SCALE;
    if (height > maps[cell]!) maps[cell] = height;
    maps[cell + plane] = 1;
  }
  const gripper = candidate.tool === 'gripper';
  const w = footprint.widthM;
  const values = [
    gripper ? 1 : 0,
    gripper ? 0 : 1,
    candidate.openingM / hand.maxOpeningM,
    w / hand.maxOpeningM,
    (footprint.top - supportZ) * HEIGHT_SCALE,
    (z0 - supportZ) * HEIGHT_SCALE,
    (footprint.top - z0) * 2 * HEIGHT_SCALE,
    Math.hypot(x0 - footprint.center[0], y0 - footprint.center[1]) * 2 * HEIGHT_SCALE,
    w * HEIGHT_SCALE,
    footprint.lengthM * HEIGHT_SCALE,
  ];
  for (let k = 0; k < SHAPE_FEATURES; k++) vector[vectorOffset + k] = values[k]!;
  for (let k = 0; k < classes.length; k++) vector[vectorOffset + SHAPE_FEATURES + k] = classes[k]!;
}
