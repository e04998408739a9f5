/**
 * What a jaw grasp’s open pads would run into: the furniture the house names, or the walls.
 * An item lying against a cabinet's side, grasped with the jaws closing towards
 * the cabinet, puts one pad into it: the pad stops at the side, the jaws cannot straddle the
 * item, and they close beside it (a spoon against a tv stand was missed three times that way).
 * Each pad is a box (half its thickness along the closing axis, its length along the approach,
 * half its width across both) at the grasp, open to the candidate's opening; a corner inside a
 * piece of furniture (its footprint grown by `marginM`, below its top) or within `marginM` of a
 * wall is a collision. Corners above a top are clear: that is the surface the item rests on.
 */
import type { House } from '../world/houseDescription.ts';
import type { GraspCandidate } from './analyticGrasp.ts';
import { distanceToFootprint } from './placeApproach.ts';
import type { JawPads } from './tiltedGrasp.ts';

/** The piece of furniture (or 'wall') a pad of the open jaws would be in, or undefined when both are clear. */
export function jawsBlockedBy(
  candidate: GraspCandidate,
  house: House,
  pads: JawPads,
  marginM: number,
): House['places'][number] | 'wall' | undefined {
  const c = candidate.closing;
  if (candidate.tool !== 'gripper' || !c) return undefined;
  const a = candidate.approach;
  // The third axis, across both the approach and the closing direction.
  const w = [a[1] * c[2] - a[2] * c[1], a[2] * c[0] - a[0] * c[2], a[0] * c[1] - a[1] * c[0]] as const;
  const [px, py, pz] = candidate.position;
  const out = candidate.openingM / 2 + pads.halfThicknessM;
  const room = house.room;
  for (const side of [-1, 1])
    for (const dc of [-pads.halfThicknessM, pads.halfThicknessM])
      for (const da of [-pads.lengthM / 2, pads.lengthM / 2])
        for (const dw of [-pads.halfWidthM, pads.halfWidthM]) {
          const along = side * out + dc;
          const x = px + along * c[0] + da * a[0] + dw * w[0];
          const y = py + along * c[1] + da * a[1] + dw * w[1];
          const z = pz + along * c[2] + da * a[2] + dw * w[2];
          if (room && (x < marginM || y < marginM || x > room.width - marginM || y > room.depth - marginM))
            return 'wall';
          const inside = house.places.find(
            (p) =>
              z < p.position[2] + p.size[2] / 2 &&
              z > p.position[2] - p.size[2] / 2 &&
              distanceToFootprint(p, x, y) < marginM,
          );
          if (inside) return inside;
        }
  return undefined;
}
