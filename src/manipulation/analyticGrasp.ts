/**
 * The analytic baseline grasp: from the item's points, straight down onto its middle — the jaws
 * across its narrow horizontal axis (principal axes of the points' footprint) when that width
 * fits the opening with room to spare, otherwise the suction cup on its top. A second candidate
 * swaps the tool where both could work, so a failed first try has somewhere to go; for items
 * too thin to stand out of the depth's noise the jaws are also tried turned either way.
 */
export interface GraspCandidate {
  readonly tool: 'gripper' | 'suction';
  /** Map frame: the jaws' grip point (between the pads' middles) or the cup's face. */
  readonly position: readonly [number, number, number];
  /** Unit approach direction of the tool (its z axis). */
  readonly approach: readonly [number, number, number];
  /** Unit direction the jaws close along (gripper only). */
  readonly closing?: readonly [number, number, number];
  /** How wide to open before closing (m). */
  readonly openingM: number;
  /** The planner's belief the grasp holds, in [0, 1]. */
  readonly confidence: number;
}

export interface HandGeometry {
  readonly maxOpeningM: number;
  /** Pad length along the approach (m): the grip point is its middle. */
  readonly padLengthM: number;
}

const DOWN = [0, 0, -1] as const;
/** Room left on each side of the item when the jaws open (m). */
export const CLEARANCE_M = 0.015;
/** How far the fingertips stay above the support, and the pads' overlap with the item's top (m). */
const TIP_ABOVE_SUPPORT_M = 0.003;
const PAD_BELOW_TOP_M = 0.035;
const LOW_QUANTILE = 0.05;
/** Points this far below the highest few count as the top face (m), at most this share of the item's height. */
const TOP_BAND_M = 0.03;
const TOP_BAND_SHARE = 0.3;
/** Items lower than this above their support have footprints the depth's noise can turn (m). */
const THIN_M = 0.02;
const TURN_RAD = Math.PI / 3;

/** What the points say of an item's shape: its top, its footprint's middle and axes, and its spans. */
export interface ItemFootprint {
  /** Height of the top face (m, map z). */
  readonly top: number;
  /** Middle of the footprint (map x, y). */
  readonly center: readonly [number, number];
  /** Direction of the footprint's major axis (rad about map z). */
  readonly majorRad: number;
  /** Full extent across (minor axis) and along (major axis) the footprint (m). */
  readonly widthM: number;
  readonly lengthM: number;
  /** The points of the item's upper half, whose footprint this is. */
  readonly upper: Float64Array;
}

/** The footprint of the item's upper half; undefined when there are too few points to say anything. */
export function itemFootprint(allPoints: Float64Array, supportZ: number): ItemFootprint | undefined {
  if (allPoints.length / 3 < 10) return undefined;
  const top = topHeight(allPoints, supportZ);
  // The footprint from the item's upper half: the support's points, noisy, reach into the lower.
  const points = above(allPoints, supportZ + 0.5 * (top - supportZ));
  const n = points.length / 3;
  if (n < 10) return undefined;
  let mx = 0;
  let my = 0;
  for (let k = 0; k < n; k++) {
    mx += points[3 * k]!;
    my += points[3 * k + 1]!;
  }
  mx /= n;
  my /= n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let k = 0; k < n; k++) {
    const dx = points[3 * k]! - mx;
    const dy = points[3 * k + 1]! - my;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  // Major axis of the footprint; the jaws close along the minor one.
  const major = 0.5 * Math.atan2(2 * sxy, sxx - syy);
  const minor = major + Math.PI / 2;
  const along = (angle: number) => {
    const c = Math.cos(angle);
    const s = Math.sin(angle);
    const values = new Float64Array(n);
    for (let k = 0; k < n; k++) values[k] = (points[3 * k]! - mx) * c + (points[3 * k + 1]! - my) * s;
    return quantileSpan(values);
  };
  const across = along(minor);
  const lengthwise = along(major);
  // Middle of the footprint's span, not the mean: the camera sees more of the near side.
  const mid = (span: { low: number; high: number }) => (span.low + span.high) / 2;
  return {
    top,
    center: [
      mx + mid(across) * Math.cos(minor) + mid(lengthwise) * Math.cos(major),
      my + mid(across) * Math.sin(minor) + mid(lengthwise) * Math.sin(major),
    ],
    majorRad: major,
    widthM: across.high - across.low,
    lengthM: lengthwise.high - lengthwise.low,
    upper: points,
  };
}

/** The jaws' grip height: the pads over the top's last few centimetres, the tips clear of the support. */
export function jawsHeight(top: number, supportZ: number, hand: HandGeometry): number {
  return Math.max(top - PAD_BELOW_TOP_M, supportZ + TIP_ABOVE_SUPPORT_M + hand.padLengthM / 2);
}

/** Candidates best first; empty when there are too few points to say anything. */
export function analyticGrasps(
  allPoints: Float64Array,
  supportZ: number,
  hand: HandGeometry,
): GraspCandidate[] {
  const footprint = itemFootprint(allPoints, supportZ);
  if (!footprint) return [];
  const { top, majorRad: major } = footprint;
  const minor = major + Math.PI / 2;
  const [cx, cy] = footprint.center;
  const width = footprint.widthM;
  const gripZ = jawsHeight(top, supportZ, hand);
  const jaws: GraspCandidate = {
    tool: 'gripper',
    position: [cx, cy, gripZ],
    approach: DOWN,
    closing: [Math.cos(minor), Math.sin(minor), 0],
    openingM: Math.min(hand.maxOpeningM, width + 2 * CLEARANCE_M),
    confidence: width + 2 * CLEARANCE_M <= hand.maxOpeningM ? 0.8 : 0.1,
  };
  const cup: GraspCandidate = {
    tool: 'suction',
    position: [cx, cy, top],
    approach: DOWN,
    openingM: hand.maxOpeningM,
    confidence: 0.5,
  };
  // An item barely above its support stands out of the depth's noise by too little for its
  // footprint's axes to be trusted: the jaws are tried turned a third of a turn either way too.
  const turned =
    top - supportZ < THIN_M ? [TURN_RAD, -TURN_RAD].map((turn) => turnJaws(jaws, turn, hand)) : [];
  return jaws.confidence >= cup.confidence ? [jaws, ...turned, cup] : [cup, jaws, ...turned];
}

function turnJaws(jaws: GraspCandidate, turn: number, hand: HandGeometry): GraspCandidate {
  const [cx, cy] = jaws.closing!;
  const c = Math.cos(turn);
  const s = Math.sin(turn);
  return {
    ...jaws,
    closing: [c * cx! - s * cy!, s * cx! + c * cy!, 0],
    openingM: hand.maxOpeningM,
    confidence: jaws.confidence / 2,
  };
}

/**
 * The top face's height: the median of the points near the highest ones. A high quantile alone
 * would sit a noise width above the face (1–2 cm with a consumer depth camera at a metre).
 */
function topHeight(points: Float64Array, supportZ: number): number {
  const n = points.length / 3;
  const heights = new Float64Array(n);
  for (let k = 0; k < n; k++) heights[k] = points[3 * k + 2]!;
  heights.sort();
  const high = heights[Math.floor(0.95 * (n - 1))]!;
  let start = n - 1;
  const band = Math.min(TOP_BAND_M, TOP_BAND_SHARE * (high - supportZ));
  while (start > 0 && heights[start - 1]! >= high - band) start--;
  return heights[Math.floor((start + n - 1) / 2)]!;
}

function above(points: Float64Array, z: number): Float64Array {
  const kept: number[] = [];
  for (let k = 0; k < points.length; k += 3)
    if (points[k + 2]! >= z) kept.push(points[k]!, points[k + 1]!, points[k + 2]!);
  return Float64Array.from(kept);
}

function quantileSpan(values: Float64Array): { low: number; high: number } {
  const sorted = values.sort();
  const n = sorted.length;
  return {
    low: sorted[Math.floor(LOW_QUANTILE * (n - 1))]!,
    high: sorted[Math.ceil((1 - LOW_QUANTILE) * (n - 1))]!,
  };
}
