export { TransformBuffer, TransformError } from './TransformBuffer.ts';
export { TransformListener } from './TransformListener.ts';
export { TransformBroadcaster, StaticTransformBroadcaster } from './TransformBroadcaster.ts';
