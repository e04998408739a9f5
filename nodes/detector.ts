/**
 * detector: sensor_msgs/Image on `image` → vision_msgs/Detection2DArray on `detections` (boxes in
 * the image's pixels, class ids as strings of the class index), class names on the latched
 * `label_info` (vision_msgs/LabelInfo). The model comes from the `config` parameter (a detector
 * JSON in models/). Frames arriving while one is being processed are dropped, not queued, so the
 * output stays current. An image it cannot read is logged and skipped.
 */
import { fileURLToPath } from 'node:url';
import { Detector } from '../src/perception/Detector.ts';
import { defineNode } from '../src/runtime/launch/NodeExecutable.ts';
import { declareModelParameters, subscribeLatestImages } from './imageModel.ts';

const DEFAULT_CONFIG = fileURLToPath(new URL('../models/fastestdet.json', import.meta.url));
const ZERO_COVARIANCE = new Array<number>(36).fill(0);

export default defineNode({
  description: 'ONNX object detector: Image → Detection2DArray',
  async start(context, { arguments: args }) {
    const node = context.createNode('detector', { arguments: args });
    const { config, executionProvider } = declareModelParameters(
      node,
      DEFAULT_CONFIG,
      'detector config JSON (model, input, decoder, classes, thresholds)',
    );
    const detector = await Detector.load(config, { executionProvider });
    const detections = node.createPublisher('vision_msgs/msg/Detection2DArray', 'detections', 5);
    const labels = node.createPublisher('vision_msgs/msg/LabelInfo', 'label_info', {
      depth: 1,
      durability: 'transient_local',
    });
    labels.publish({
      header: { stamp: node.now().toMsg(), frame_id: '' },
      class_map: detector.config.classes.map((name, id) => ({ class_id: id, class_name: name })),
      threshold: detector.config.scoreThreshold,
    });
    subscribeLatestImages(node, 'image', async (image) => {
      const found = await detector.detect(image);
      detections.publish({
        header: image.header,
        detections: found.map((d) => ({
          header: image.header,
          id: '',
          // The best class first, then the runners-up the config asks for.
          results: [d, ...(d.alternatives ?? [])].map(({ classId, score }) => ({
            hypothesis: { class_id: String(classId), score },
            pose: {
              pose: { position: { x: 0, y: 0, z: 0 }, orientation: { x: 0, y: 0, z: 0, w: 1 } },
              covariance: ZERO_COVARIANCE,
            },
          })),
          bbox: {
            center: { position: { x: (d.x1 + d.x2) / 2, y: (d.y1 + d.y2) / 2 }, theta: 0 },
            size_x: d.x2 - d.x1,
            size_y: d.y2 - d.y1,
          },
        })),
      });
    });
    return node;
  },
});
