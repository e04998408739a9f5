/**
 * A jaw grasp leaned over away from the robot, for an item the arm cannot reach straight down
 * (furniture keeps the base off): the approach tips by `tiltRad` towards the far side, so the
 * wrist stands back by up to the tool's length times the tilt's sine (11 cm at 25°, 19 cm at 45°
 * for this hand). Jaws closing square to the reach only lean along their pads; jaws closing along
 * it tip too, one pad lower than the other, so they tip at most MAX_JAW_TIP_RAD and the grip is
 * raised until the lower pad's corner is as high as it was. Leaned as far as level (90°), the
 * arm reaches about 27 cm further than straight down. Undefined for the suction cup (a tipped rigid cup
 * does not seal on a flat top) and past that tip.
 */
import type { GraspCandidate } from './analyticGrasp.ts';

const MAX_JAW_TIP_RAD = (25 * Math.PI) / 180;

/** The jaws' pads (m): half their thickness along the closing axis, their length along the approach, half their width across both. */
export interface JawPads {
  readonly halfThicknessM: number;
  readonly lengthM: number;
  readonly halfWidthM: number;
}

export function tiltedGrasp(
  candidate: GraspCandidate,
  from: readonly [number, number],
  tiltRad: number,
  pads: JawPads,
): GraspCandidate | undefined {
  const c = candidate.closing;
  if (candidate.tool !== 'gripper' || !c) return undefined;
  const ux = candidate.position[0] - from[0];
  const uy = candidate.position[1] - from[1];
  const length = Math.hypot(ux, uy);
  if (length === 0) return undefined;
  const approach = [(ux / length) * Math.sin(tiltRad), (uy / length) * Math.sin(tiltRad), -Math.cos(tiltRad)];
  // The closing axis made square to the new approach: it tips by as much as it lay along the reach.
  const along = c[0] * approach[0]! + c[1] * approach[1]! + c[2] * approach[2]!;
  const tipped = [c[0] - along * approach[0]!, c[1] - along * approach[1]!, c[2] - along * approach[2]!];
  const norm = Math.hypot(tipped[0]!, tipped[1]!, tipped[2]!);
  const closing = [tipped[0]! / norm, tipped[1]! / norm, tipped[2]! / norm] as const;
  const tip = Math.asin(Math.min(1, Math.abs(closing[2])));
  if (tip > MAX_JAW_TIP_RAD) return undefined;
  const raise = (candidate.openingM / 2 + pads.halfThicknessM) * Math.sin(tip);
  // The pads' lowest point stays where it was straight down (the tips just clear of the support):
  // leaned over, they no longer reach down their length, so the grip comes down by the difference
  // (3 cm lying level), or a low item on a table is passed over.
  const lower = (pads.lengthM / 2) * (1 - Math.cos(tiltRad)) - pads.halfWidthM * Math.sin(tiltRad);
  const [x, y, z] = candidate.position;
  return {
    ...candidate,
    position: [x, y, z + raise - lower],
    approach: [approach[0]!, approach[1]!, approach[2]!],
    closing,
  };
}
