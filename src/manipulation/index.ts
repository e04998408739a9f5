export { WholeBodyIk, type IkSolution, type ReachTarget, type WholeBodyPose } from './WholeBodyIk.ts';
