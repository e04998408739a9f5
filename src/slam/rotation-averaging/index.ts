export {
  averageRotations,
  chordalInitialRotations,
  type RotationAveragingResult,
} from './averageRotations.ts';
export { certify, type Certificate } from './certificate.ts';
export { coordinateDescent, robustCoordinateDescent } from './coordinateDescent.ts';
export {
  chordalCost,
  validateRotationGraph,
  type RotationGraph,
  type RelativeRotation,
} from './RotationGraph.ts';
export { syntheticProblem, alignedErrors } from './synthetic.ts';
