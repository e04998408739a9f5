export { analyticGrasps, type GraspCandidate, type HandGeometry } from './analyticGrasp.ts';
export { itemPoints, type ItemBox } from './itemCloud.ts';
export { timedPath, type TimedPoint } from './timedPath.ts';
export { WholeBodyIk, type IkSolution, type ReachTarget, type WholeBodyPose } from './WholeBodyIk.ts';
export { distanceToFootprint, placeApproaches, type PlaceApproach } from './placeApproach.ts';
export { releaseCandidate, type HeldItem } from './releaseCandidate.ts';
export { GraspPolicy, type ClassHypothesis } from './GraspPolicy.ts';
export { graspProposals } from './graspProposals.ts';
export { graspFrame } from './graspFrame.ts';
