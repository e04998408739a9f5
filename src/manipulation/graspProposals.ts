/**
 * Grasp candidates for a learned policy to rank, all straight down: the jaws turned through
 * JAW_TURNS directions over the footprint's middle and, on a long item, halfway to either end,
 * at the top grip height and, on a tall item, as low as the fingertips allow,
 * each opened to what lies between the pads plus room; and the suction cup at five points of the
 * top. Which of them holds is the policy's to say.
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
  for (const gripZ of heights)
    for (const offset of offsets)
      for (let k = 0; k < JAW_TURNS; k++) {
        const turn = majorRad + Math.PI / 2 + (k * Math.PI) / JAW_TURNS;
        const closing = [Math.cos(turn), Math.sin(turn), 0] as const;
        const [x, y] = at(offset);
        const span = halfSpanAcross(points, x, y, closing, gripZ - hand.padLengthM / 2);
        candidates.push({
          tool: 'gripper',
          position: [x, y, gripZ],
          approach: DOWN,
          closing,
          openingM: Math.min(hand.maxOpeningM, 2 * (span + CLEARANCE_M)),
          confidence: 0,
        });
      }
  const cupAt = [at(0), at(-lengthM / 4), at(lengthM / 4), at(0, -widthM / 4), at(0, widthM / 4)];
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
