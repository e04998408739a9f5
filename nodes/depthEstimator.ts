/**
 * depth_estimator: sensor_msgs/Image on `image` → metric depth (32FC1, metres, the image's size and
 * header) on `depth`, from a monocular depth model (`config`: a depth JSON in models/). For cameras
 * without a depth sensor, and as a second opinion where the sensor drops out. Frames arriving
 * while one is being processed are dropped, not queued. An image it cannot read is logged and
 * skipped.
 */
import { fileURLToPath } from 'node:url';
import { DepthEstimator } from '../src/perception/DepthEstimator.ts';
import { defineNode } from '../src/runtime/launch/NodeExecutable.ts';
import { declareModelParameters, subscribeLatestImages } from './imageModel.ts';

const DEFAULT_CONFIG = fileURLToPath(new URL('../models/katazuke_depth.json', import.meta.url));

export default defineNode({
  description: 'ONNX monocular depth: Image → depth Image (32FC1, metres)',
  async start(context, { arguments: args }) {
    const node = context.createNode('depth_estimator', { arguments: args });
    const { config, executionProvider } = declareModelParameters(
      node,
      DEFAULT_CONFIG,
      'depth model config JSON (model, input)',
    );
    const estimator = await DepthEstimator.load(config, { executionProvider });
    const depth = node.createPublisher('sensor_msgs/msg/Image', 'depth', {
      reliability: 'best_effort',
      depth: 2,
    });
    subscribeLatestImages(node, 'image', async (image) => {
      const metres = await estimator.estimate(image);
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
