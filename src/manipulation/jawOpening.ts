/**
 * How far the jaws open before they close on a candidate. A planner opens them to what it sees
 * between the pads plus a little room; the item is where the depth and its box say only to a
 * centimetre or two (a fold's middle, seen from one side through depth noise, comes out up to
 * 2.3 cm off), and a pad that comes down on the item instead of beside it presses it to the floor
 * and pinches nothing. Jaws coming straight down open SLACK_M wider on each side, as far as they
 * go; tipped jaws keep the planned opening, since their grip height is raised for it
 * (tiltedGrasp) and a wider lower pad would meet the support.
 */
import type { GraspCandidate } from './analyticGrasp.ts';

export const SLACK_M = 0.02;

export function jawOpening(candidate: GraspCandidate, maxOpeningM: number): number {
  const straightDown = candidate.approach[2] < -0.999;
  return Math.min(maxOpeningM, candidate.openingM + (straightDown ? 2 * SLACK_M : 0));
}
