import type { GraspCandidate } from './analyticGrasp.ts';

/**
 * The grasps still to try after the suction cup held no vacuum on the item: the jaws' first, each
 * tool's in their rank order. What did not seal (fabric, a rounded or ridged top) seldom seals a
 * few centimetres over: a scarf taken for a newspaper had three suction tries and no other.
 */
export function jawsFirst(rest: readonly GraspCandidate[]): GraspCandidate[] {
  return [...rest.filter((c) => c.tool === 'gripper'), ...rest.filter((c) => c.tool !== 'gripper')];
}
