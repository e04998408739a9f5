/**
 * What the nodes that need a camera's intrinsics share (not a node itself): a CameraInfo
 * subscription keeping the latest pinhole and image size. A CameraInfo it cannot read is logged
 * (with `who`, when given) and skipped.
 */
import { pinholeFromK, type Pinhole } from '../src/perception/pinhole.ts';
import type { Node } from '../src/runtime/Node.ts';

export type CameraIntrinsics = Pinhole & { readonly width: number; readonly height: number };

export function subscribeCameraInfo(
  node: Node,
  topic: string,
  who?: string,
): { latest(): CameraIntrinsics | undefined } {
  let camera: CameraIntrinsics | undefined;
  node.createSubscription(
    'sensor_msgs/msg/CameraInfo',
    topic,
    { qos: { reliability: 'best_effort', depth: 2 } },
    (info) => {
      try {
        camera = { ...pinholeFromK(info.k), width: info.width, height: info.height };
      } catch (error) {
        node.getLogger().warn(`${who ? `${who}: ` : ''}skipping camera_info: ${(error as Error).message}`);
      }
    },
  );
  return { latest: () => camera };
}
