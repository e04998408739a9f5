export {
  analyticGrasps,
  itemFootprint,
  type GraspCandidate,
  type HandGeometry,
  type ItemFootprint,
} from './analyticGrasp.ts';
export { itemPoints, type ItemBox } from './itemCloud.ts';
export { onKnownSupport } from './knownSupport.ts';
export { outsideFurniture } from './outsideFurniture.ts';
export { timedPath, type TimedPoint } from './timedPath.ts';
export { WholeBodyIk, type IkSolution, type ReachTarget, type WholeBodyPose } from './WholeBodyIk.ts';
export {
  distanceToFootprint,
  PLACE_STAND_GAP_M,
  placeApproaches,
  type PlaceApproach,
} from './placeApproach.ts';
export { clearStand, furnitureInWay, type ClearStand } from './clearStand.ts';
export { clearBackOffM } from './clearBackOff.ts';
export { standsAround, straightDriveClear, type StandsAroundOptions } from './standsAround.ts';
export { releaseCandidate, restoringRelease, type HeldItem } from './releaseCandidate.ts';
export { tiltedGrasp, type JawPads } from './tiltedGrasp.ts';
export { jawsBlockedBy } from './jawsBlockedBy.ts';
export { jawsFirst } from './jawsFirst.ts';
export { GraspPolicy, type ClassHypothesis } from './GraspPolicy.ts';
export { graspProposals } from './graspProposals.ts';
export { preferMiddle } from './preferMiddle.ts';
export { graspFrame } from './graspFrame.ts';
export { followItem, followsItem, type ItemSighting } from './followItem.ts';
