/**
 * A grasp planned on a narrow item, moved to where the head sees the item again from where the
 * base stands to grasp it. The localizer's estimate moves by about a centimetre over the drive
 * there, a crayon's width: the grasp follows the footprint's middle by up to FOLLOW_ITEM_M. A wider
 * item's middle seen from elsewhere moves by as much with what of it the head sees (a towel's, an
 * umbrella's), and so does a second look with under FOLLOW_MIN_POINTS_SHARE of the first's points
 * (the hand over it): those grasps stay as planned, as does one whose item seems to have moved
 * further (too far to be the localizer; the try finds out).
 */
import type { GraspCandidate, ItemFootprint } from './analyticGrasp.ts';

const FOLLOW_WIDTH_M = 0.05;
const FOLLOW_ITEM_M = 0.03;
const FOLLOW_MIN_POINTS_SHARE = 0.5;

export interface ItemSighting {
  readonly footprint: ItemFootprint | undefined;
  /** How many of the item's points the head camera saw. */
  readonly points: number;
}

/** Whether a grasp planned on this sighting is worth a second look: the item is narrow. */
export function followsItem(planned: ItemSighting): boolean {
  return planned.footprint !== undefined && planned.footprint.widthM <= FOLLOW_WIDTH_M;
}

export function followItem(
  candidate: GraspCandidate,
  planned: ItemSighting,
  now: ItemSighting,
): GraspCandidate {
  if (!followsItem(planned) || !planned.footprint || !now.footprint) return candidate;
  if (now.points < FOLLOW_MIN_POINTS_SHARE * planned.points) return candidate;
  const dx = now.footprint.center[0] - planned.footprint.center[0];
  const dy = now.footprint.center[1] - planned.footprint.center[1];
  if (Math.hypot(dx, dy) > FOLLOW_ITEM_M) return candidate;
  const [x, y, z] = candidate.position;
  return { ...candidate, position: [x + dx, y + dy, z] };
}
