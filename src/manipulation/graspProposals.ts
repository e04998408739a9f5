/**
 * Grasp candidates for a learned policy to rank, all straight down: the jaws turned through
 * JAW_TURNS directions over the footprint's middle and, on a long item, halfway to either end,
 * at the top grip height and, on a tall item, as low as the fingertips allow,
 * each opened to what lies between the pads plus room; across the highest fold of an item whose
 * top is a narrow ridge (a crumpled cloth), with the fingertips above what the fold stands on, and
 * only there where the jaws cannot span the item anywhere; and the suction cup at the top's middle
 * and towards its ends and sides, its rim kept inside the top's edge. Which of them holds is the
 * policy's to say.
 */
import {
  CLEARANCE_M,
  itemFootprint,
  jawsHeight,
  type GraspCandidate,
  type HandGeometry,
  type ItemFootprint,
} from './analyticGrasp.ts';

export const JAW_TURNS = 12;
const DOWN = [0, 0, -1] as const;
/** Half the pad's width plus a margin: points this close to the closing line meet the pads (m). */
const PAD_REACH_M = 0.022;
/** Items longer than this are also gripped halfway to either end (m). */
const LONG_M = 0.08;
/** Items whose top grip is this far above the lowest also get the lowest (m). */
const LOWER_GRIP_M = 0.01;
/** Points this close (horizontally) to the cup's axis give the face it lands on (m). */
const CUP_PATCH_M = 0.02;
/**
 * The cup's centre stays this far inside the top's edge (m): its 15 mm radius and 1 cm to spare.
 * A cup sealed a millimetre inside the edge of a remote's 45 mm top (a quarter of the width off
 * its middle) lost the seal on the drive as the item crept under it.
 */
const CUP_INSET_M = 0.025;
/** Off-middle cup points closer to the middle than this add nothing (m). */
const CUP_SPREAD_MIN_M = 0.005;

/** Points this far below the top make the fold the jaws pinch (m); a fold at least FOLD_MIN_M above its shoulders. */
const FOLD_BAND_M = 0.012;
const FOLD_MIN_M = 0.015;
/** Across a fold: straight and turned either way by this much (rad); along it, its middle and a quarter either way. */
const FOLD_TURN_RAD = Math.PI / 12;
/** Beyond the fold's side, how far out the fingertips land (m): the clearance plus a finger's thickness. */
const FINGERTIP_OUT_M = CLEARANCE_M + 0.02;

/** More points than this are thinned evenly: the height map's cells need a few each, not dozens. */
const MAX_POINTS = 2500;

export interface Proposals {
  readonly footprint: ItemFootprint;
  readonly candidates: GraspCandidate[];
  /** The points the candidates were made from (thinned to MAX_POINTS): the features' too. */
  readonly points: Float64Array;
}

export function graspProposals(
  points: Float64Array,
  supportZ: number,
  hand: HandGeometry,
): Proposals | undefined {
  points = thinned(points, MAX_POINTS);
  const footprint = itemFootprint(points, supportZ);
  if (!footprint) return undefined;
  const { top, majorRad, center, lengthM, widthM } = footprint;
  const major = [Math.cos(majorRad), Math.sin(majorRad)] as const;
  const minor = [-major[1], major[0]] as const;
  const at = (alongMajor: number, alongMinor = 0) =>
    [
      center[0] + major[0] * alongMajor + minor[0] * alongMinor,
      center[1] + major[1] * alongMajor + minor[1] * alongMinor,
    ] as const;
  const candidates: GraspCandidate[] = [];
  // The pads over the top's last centimetres, and on a tall item also as low as the fingertips
  // allow: round items (balls, cans and bottles on their side) hold at their middle, not their top.
  const topGrip = jawsHeight(top, supportZ, hand);
  const lowGrip = jawsHeight(supportZ, supportZ, hand);
  const heights = topGrip - lowGrip > LOWER_GRIP_M ? [topGrip, lowGrip] : [topGrip];
  const offsets = lengthM > LONG_M ? [0, -lengthM / 4, lengthM / 4] : [0];
  let spansItem = false;
  for (const gripZ of heights)
    for (const offset of offsets)
      for (let k = 0; k < JAW_TURNS; k++) {
        const turn = majorRad + Math.PI / 2 + (k * Math.PI) / JAW_TURNS;
        const closing = [Math.cos(turn), Math.sin(turn), 0] as const;
        const [x, y] = at(offset);
        const span = halfSpanAcross(points, x, y, closing, gripZ - hand.padLengthM / 2);
        spansItem ||= 2 * (span + CLEARANCE_M) <= hand.maxOpeningM;
        candidates.push({
          tool: 'gripper',
          position: [x, y, gripZ],
          approach: DOWN,
          closing,
          openingM: Math.min(hand.maxOpeningM, 2 * (span + CLEARANCE_M)),
          confidence: 0,
        });
      }
  const fold = foldGrasps(points, supportZ, hand);
  if (fold.length > 0 && !spansItem) candidates.length = 0;
  candidates.push(...fold);
  const along = Math.min(lengthM / 4, lengthM / 2 - CUP_INSET_M);
  const across = Math.min(widthM / 4, widthM / 2 - CUP_INSET_M);
  const cupAt = [
    at(0),
    ...(along >= CUP_SPREAD_MIN_M ? [at(-along), at(along)] : []),
    ...(across >= CUP_SPREAD_MIN_M ? [at(0, -across), at(0, across)] : []),
  ];
  for (const [x, y] of cupAt) {
    const face = faceHeight(points, x, y);
    if (face === undefined) continue;
    candidates.push({
      tool: 'suction',
      position: [x, y, face],
      approach: DOWN,
      openingM: hand.maxOpeningM,
      confidence: 0,
    });
  }
  return { footprint, candidates, points };
}

/**
 * The jaws across the item's highest fold: the points within FOLD_BAND_M of the top (its 98th
 * percentile height: the footprint's top is the broad face's, and a fold is a few of the points),
 * where they form a ridge the jaws span, standing FOLD_MIN_M above what lies beside it; the pads
 * as low as fingertips above that allow. Widths are 90th percentiles: depth noise at the fold's
 * edges scatters a few points far off. None where the top is no such ridge.
 */
function foldGrasps(points: Float64Array, supportZ: number, hand: HandGeometry): GraspCandidate[] {
  const n = points.length / 3;
  const heights = new Float64Array(n);
  for (let k = 0; k < n; k++) heights[k] = points[3 * k + 2]!;
  const top = quantile(heights, 0.98);
  const inBand = (k: number) => points[k + 2]! >= top - FOLD_BAND_M;
  let count = 0;
  let sx = 0;
  let sy = 0;
  for (let k = 0; k < points.length; k += 3)
    if (inBand(k)) {
      count++;
      sx += points[k]!;
      sy += points[k + 1]!;
    }
  if (count < 10) return [];
  const [cx, cy] = [sx / count, sy / count];
  let xx = 0;
  let xy = 0;
  let yy = 0;
  for (let k = 0; k < points.length; k += 3)
    if (inBand(k)) {
      const dx = points[k]! - cx;
      const dy = points[k + 1]! - cy;
      xx += dx * dx;
      xy += dx * dy;
      yy += dy * dy;
    }
  const axis = 0.5 * Math.atan2(2 * xy, xx - yy);
  const along = [Math.cos(axis), Math.sin(axis)] as const;
  const acrossOf = (k: number) => Math.abs(-(points[k]! - cx) * along[1] + (points[k + 1]! - cy) * along[0]);
  const alongOf = (k: number) => Math.abs((points[k]! - cx) * along[0] + (points[k + 1]! - cy) * along[1]);
  const acrossBand = new Float64Array(count);
  const alongBand = new Float64Array(count);
  for (let k = 0, m = 0; k < points.length; k += 3)
    if (inBand(k)) {
      acrossBand[m] = acrossOf(k);
      alongBand[m++] = alongOf(k);
    }
  const halfWidth = quantile(acrossBand, 0.9);
  const halfLength = quantile(alongBand, 0.9);
  if (2 * (halfWidth + CLEARANCE_M) > hand.maxOpeningM || halfLength < 2 * halfWidth) return [];
  // What the fingertips come down beside the fold onto.
  const isBeside = (k: number) => {
    const out = acrossOf(k) - halfWidth;
    return out > 0.005 && out <= FINGERTIP_OUT_M && alongOf(k) <= halfLength;
  };
  let besideCount = 0;
  for (let k = 0; k < points.length; k += 3) if (isBeside(k)) besideCount++;
  // A fold stands on more of the item (a box's top is no fold: nothing of it lies beside).
  if (besideCount < 10) return [];
  const beside = new Float64Array(besideCount);
  for (let k = 0, m = 0; k < points.length; k += 3) if (isBeside(k)) beside[m++] = points[k + 2]!;
  // Its median: beside a cloth's fold most points are the layer, beside a ridge that is no fold (a
  // spoon or a pen lying) most are the floor, and only a few are its own flanks. A higher quantile
  // took a rod's flanks for a layer and set the pads over its equator, which squeezes it out.
  const shoulderZ = Math.max(supportZ, quantile(beside, 0.5));
  if (top - shoulderZ < FOLD_MIN_M) return [];
  const gripZ = jawsHeight(top, shoulderZ, hand);
  const candidates: GraspCandidate[] = [];
  for (const offset of [0, -halfLength / 2, halfLength / 2])
    for (const turn of [0, -FOLD_TURN_RAD, FOLD_TURN_RAD]) {
      const closing = [Math.cos(axis + Math.PI / 2 + turn), Math.sin(axis + Math.PI / 2 + turn), 0] as const;
      // Opened to the ridge as the jaws cross it (what lies beyond is below the fingertips).
      candidates.push({
        tool: 'gripper',
        position: [cx + along[0] * offset, cy + along[1] * offset, gripZ],
        approach: DOWN,
        closing,
        openingM: Math.min(hand.maxOpeningM, 2 * (halfWidth / Math.cos(turn) + CLEARANCE_M)),
        confidence: 0,
      });
    }
  return candidates;
}

/** The `share` quantile of `values` (sorts them in place). */
function quantile(values: Float64Array, share: number): number {
  values.sort();
  return values[Math.min(values.length - 1, Math.floor(share * values.length))]!;
}

function thinned(points: Float64Array, max: number): Float64Array {
  const n = points.length / 3;
  if (n <= max) return points;
  const out = new Float64Array(3 * max);
  for (let k = 0; k < max; k++) {
    const from = 3 * Math.floor((k * n) / max);
    out[3 * k] = points[from]!;
    out[3 * k + 1] = points[from + 1]!;
    out[3 * k + 2] = points[from + 2]!;
  }
  return out;
}

/** How far from (x, y) along `closing` the item reaches within the pads' width, above `lowestZ` (m). */
function halfSpanAcross(
  points: Float64Array,
  x: number,
  y: number,
  closing: readonly [number, number, number],
  lowestZ: number,
): number {
  let reach = 0;
  for (let k = 0; k < points.length; k += 3) {
    if (points[k + 2]! < lowestZ) continue;
    const dx = points[k]! - x;
    const dy = points[k + 1]! - y;
    if (Math.abs(-dx * closing[1] + dy * closing[0]) > PAD_REACH_M) continue;
    reach = Math.max(reach, Math.abs(dx * closing[0] + dy * closing[1]));
  }
  return reach;
}

/** The face under the cup: the 75th percentile height of the points near its axis. */
function faceHeight(points: Float64Array, x: number, y: number): number | undefined {
  const near = (k: number) => Math.hypot(points[k]! - x, points[k + 1]! - y) <= CUP_PATCH_M;
  let count = 0;
  for (let k = 0; k < points.length; k += 3) if (near(k)) count++;
  if (count < 5) return undefined;
  const heights = new Float64Array(count);
  let n = 0;
  for (let k = 0; k < points.length; k += 3) if (near(k)) heights[n++] = points[k + 2]!;
  heights.sort();
  return heights[Math.floor(0.75 * (count - 1))]!;
}
