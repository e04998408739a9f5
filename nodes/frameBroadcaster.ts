/**
 * Demo tf broadcaster: a static `base_link → head_camera` mount on `/tf_static` and an
 * `odom → base_link` transform on `/tf` for a base driving a circle of `radius_m`.
 */
import { defineNode } from '../src/runtime/launch/NodeExecutable.ts';
import { StaticTransformBroadcaster, TransformBroadcaster } from '../src/runtime/tf/TransformBroadcaster.ts';

export default defineNode({
  description: 'broadcasts odom → base_link (a circle) and a static camera mount',
  start(context, { arguments: args }) {
    const node = context.createNode('frame_broadcaster', { arguments: args });
    const radiusM = node.declareParameter('radius_m', {
      type: 'double',
      default: 1,
      description: 'radius of the circle driven',
    });
    const periodS = node.declareParameter('period_s', {
      type: 'double',
      default: 20,
      description: 'seconds per lap',
      range: { from: 0.1, to: 3600 },
    });
    const rateHz = node.declareParameter('rate_hz', {
      type: 'double',
      default: 10,
      description: 'broadcast rate',
      range: { from: 0.1, to: 1000 },
    });
    new StaticTransformBroadcaster(node).sendTransform({
      header: { stamp: node.now().toMsg(), frame_id: 'base_link' },
      child_frame_id: 'head_camera',
      transform: { translation: { x: 0.1, y: 0, z: 1.0 }, rotation: { x: 0, y: 0, z: 0, w: 1 } },
    });
    const broadcaster = new TransformBroadcaster(node);
    node.createTimer(BigInt(Math.round(1e9 / rateHz)), () => {
      const now = node.now();
      const angle = (2 * Math.PI * now.seconds) / periodS;
      const yaw = angle + Math.PI / 2;
      broadcaster.sendTransform({
        header: { stamp: now.toMsg(), frame_id: 'odom' },
        child_frame_id: 'base_link',
        transform: {
          translation: { x: radiusM * Math.cos(angle), y: radiusM * Math.sin(angle), z: 0 },
          rotation: { x: 0, y: 0, z: Math.sin(yaw / 2), w: Math.cos(yaw / 2) },
        },
      });
    });
    return node;
  },
});
