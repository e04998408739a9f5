/**
 * depth_estimator: sensor_msgs/Image on `image` → metric depth (32FC1, metres, the image's size and
 * header) on `depth`, from a monocular depth model (`config`: a depth JSON in models/). For cameras
 * without a depth sensor, and as a second opinion where the sensor drops out. Frames arriving
 * while one is being processed are dropped, not queued. An image it cannot read is logged and
 * skipped.
 *
 * With the camera's pose above the floor (tf: `floor_frame` ← the image's frame, whose z is up and
 * whose floor is z = `floor_height`) and its `camera_info`, the depth is rescaled so the floor
 * lies where the pose says and nothing lies below it (src/perception/FloorDepthAligner.ts). Until
 * both are there, or where too little floor is in view, the network's own scale goes out, with a
 * warning naming why. `floor_frame:=''` turns this off.
 */
import { fileURLToPath } from 'node:url';
import * as se3 from '../src/geometry/se3.ts';
import { DepthEstimator } from '../src/perception/DepthEstimator.ts';
import { FloorDepthAligner } from '../src/perception/FloorDepthAligner.ts';
import { defineNode } from '../src/runtime/launch/NodeExecutable.ts';
import type { Node } from '../src/runtime/Node.ts';
import type { sensor_msgs } from '../src/messages/types.generated.ts';
import { TransformListener } from '../src/runtime/tf/TransformListener.ts';
import { Time } from '../src/runtime/Time.ts';
import { subscribeCameraInfo } from './cameraInfo.ts';
import { declareModelParameters, subscribeLatestImages, warnWhenReasonChanges } from './imageModel.ts';

const DEFAULT_CONFIG = fileURLToPath(new URL('../models/katazuke_depth.json', import.meta.url));

export default defineNode({
  description: 'ONNX monocular depth: Image → depth Image (32FC1, metres), scaled by the floor',
  async start(context, { arguments: args }) {
    const node = context.createNode('depth_estimator', { arguments: args });
    const { config, executionProvider } = declareModelParameters(
      node,
      DEFAULT_CONFIG,
      'depth model config JSON (model, input)',
    );
    const floorFrame = node.declareParameter('floor_frame', {
      type: 'string',
      default: 'map',
      description: "frame whose z is up, for scaling the depth by the floor ('' = the network's scale)",
    });
    const floorHeight = node.declareParameter('floor_height', {
      type: 'double',
      default: 0,
      description: 'z of the floor in floor_frame (m)',
    });
    const estimator = await DepthEstimator.load(config, { executionProvider });
    const depth = node.createPublisher('sensor_msgs/msg/Image', 'depth', {
      reliability: 'best_effort',
      depth: 2,
    });
    const alignToFloor = floorFrame ? floorAlignment(node, floorFrame, floorHeight) : undefined;
    subscribeLatestImages(node, 'image', async (image) => {
      const metres = await estimator.estimate(image);
      alignToFloor?.(image, metres);
      depth.publish({
        header: image.header,
        height: image.height,
        width: image.width,
        encoding: '32FC1',
        is_bigendian: 0,
        step: image.width * 4,
        data: new Uint8Array(metres.slice().buffer),
      });
    });
    return node;
  },
});

/** Rescales an image's estimated depth by the floor when its intrinsics and pose are known. */
function floorAlignment(
  node: Node,
  floorFrame: string,
  floorHeight: number,
): (image: sensor_msgs.msg.Image, metres: Float32Array) => void {
  const aligner = new FloorDepthAligner();
  const listener = new TransformListener(node);
  const cameraInfo = subscribeCameraInfo(node, 'camera_info');
  const pose = new Float64Array(7);
  const warn = warnWhenReasonChanges(node, "publishing the network's depth scale");
  const align = (image: sensor_msgs.msg.Image, metres: Float32Array): string | undefined => {
    const camera = cameraInfo.latest();
    if (!camera) return 'no camera_info yet';
    if (camera.width !== image.width || camera.height !== image.height)
      return `camera_info is ${camera.width}×${camera.height} but the image is ${image.width}×${image.height}`;
    try {
      const stamp = Time.fromMsg(image.header.stamp);
      se3.fromTransform(
        pose,
        listener.buffer.lookupTransform(floorFrame, image.header.frame_id, stamp).transform,
      );
      if (!aligner.align(metres, image.width, image.height, camera, pose, floorHeight))
        return 'too little floor in view';
    } catch (error) {
      return (error as Error).message;
    }
    return undefined;
  };
  return (image, metres) => warn(align(image, metres));
}
