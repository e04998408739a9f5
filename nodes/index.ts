/** The node executables of the katazuke package, by the name `ros2 run katazuke NAME` would use. */
import type { NodeExecutable } from '../src/runtime/launch/NodeExecutable.ts';

export const NODE_EXECUTABLES: Record<string, () => Promise<{ default: NodeExecutable }>> = {
  talker: () => import('./talker.ts'),
  listener: () => import('./listener.ts'),
  frame_broadcaster: () => import('./frameBroadcaster.ts'),
  instruction_grounder: () => import('./instructionGrounder.ts'),
  speech_recognizer: () => import('./speechRecognizer.ts'),
  speaker: () => import('./speaker.ts'),
  sim_bridge: () => import('./simBridge.ts'),
  demo_driver: () => import('./demoDriver.ts'),
  slam: () => import('./slam.ts'),
  detector: () => import('./detector.ts'),
  depth_estimator: () => import('./depthEstimator.ts'),
  object_localizer: () => import('./objectLocalizer.ts'),
};
