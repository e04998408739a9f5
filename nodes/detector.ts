/**
 * detector: sensor_msgs/Image on `image` → vision_msgs/Detection2DArray on `detections` (boxes in
 * the image's pixels, class ids as strings of the class index), class names on the latched
 * `label_info` (vision_msgs/LabelInfo). The model comes from the `config` parameter (a detector
 * JSON in models/). Frames arriving while one is being processed are dropped, not queued, so the
 * output stays current. An image it cannot read is logged and skipped.
 *
 * On an RGB-D camera, the `classifier` parameter (an item classifier JSON) adds the second stage
 * that names each box again from its colour and 3D points (src/perception/ItemClassifier.ts); it
 * reads `depth` (registered to the image: 32FC1 or 16UC1), `camera_info` and the camera's
 * orientation from tf (`map_frame` ← the image's frame). Until all three are there for a frame,
 * the detector's own classes go out, with a warning naming what is missing.
 */
import { fileURLToPath } from 'node:url';
import type { Detection } from '../src/perception/Detection.ts';
import { Detector } from '../src/perception/Detector.ts';
import { ItemClassifier } from '../src/perception/ItemClassifier.ts';
import type { RgbdFrame } from '../src/perception/itemCrop.ts';
import { defineNode } from '../src/runtime/launch/NodeExecutable.ts';
import type { Node } from '../src/runtime/Node.ts';
import type { sensor_msgs } from '../src/messages/types.generated.ts';
import { TransformListener } from '../src/runtime/tf/TransformListener.ts';
import { Time } from '../src/runtime/Time.ts';
import { subscribeCameraInfo } from './cameraInfo.ts';
import { subscribeDepthFrames } from './depthFrames.ts';
import { declareModelParameters, subscribeLatestImages, warnWhenReasonChanges } from './imageModel.ts';

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
    const classifierConfig = node.declareParameter('classifier', {
      type: 'string',
      default: '',
      description: "item classifier JSON for the RGB-D second stage ('' = the detector alone)",
    });
    const secondStage = classifierConfig
      ? await rgbdSecondStage(node, detector, classifierConfig, executionProvider)
      : undefined;
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
      const detected = await detector.detect(image);
      const found = secondStage ? await secondStage(image, detected) : detected;
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

/** The classifier stage: renames a frame's detections when its depth, intrinsics and pose are there. */
async function rgbdSecondStage(
  node: Node,
  detector: Detector,
  configPath: string,
  executionProvider: 'cpu' | 'cuda',
): Promise<(image: sensor_msgs.msg.Image, detections: Detection[]) => Promise<Detection[]>> {
  const classifier = await ItemClassifier.load(configPath, { executionProvider });
  classifier.checkClasses(detector.config);
  const mapFrame = node.declareParameter('map_frame', { type: 'string', default: 'map' });
  const listener = new TransformListener(node);
  const depths = subscribeDepthFrames(node, 'depth', 'detector');
  const cameraInfo = subscribeCameraInfo(node, 'camera_info');
  /** What the classifier needs for this image, or why it cannot have it. */
  const rgbdFrame = (image: sensor_msgs.msg.Image): RgbdFrame | string => {
    if (image.encoding !== 'rgb8' && image.encoding !== 'bgr8')
      return `the item classifier reads rgb8 or bgr8 images, got '${image.encoding}'`;
    const stamp = Time.fromMsg(image.header.stamp);
    const depth = depths.closest(stamp.nanoseconds);
    if (!depth) return 'no depth image yet';
    const camera = cameraInfo.latest();
    if (!camera) return 'no camera_info yet';
    if (depth.width !== image.width || depth.height !== image.height)
      return `depth image is ${depth.width}×${depth.height} but the image is ${image.width}×${image.height}: the depth must be registered to it`;
    let rotation: { x: number; y: number; z: number; w: number };
    try {
      rotation = listener.buffer.lookupTransform(mapFrame, image.header.frame_id, stamp).transform.rotation;
    } catch (error) {
      return (error as Error).message;
    }
    return {
      width: image.width,
      height: image.height,
      rgb: image.data instanceof Uint8Array ? image.data : Uint8Array.from(image.data),
      step: image.step,
      redOffset: image.encoding === 'rgb8' ? 0 : 2,
      depthM: depth.metres,
      camera,
      mapFromOptical: [rotation.x, rotation.y, rotation.z, rotation.w],
    };
  };
  // Anything missing or mismatched leaves the detector's own classes.
  const warn = warnWhenReasonChanges(node, 'naming boxes with the detector alone');
  return async (image, detections) => {
    const frame = rgbdFrame(image);
    warn(typeof frame === 'string' ? frame : undefined);
    if (typeof frame === 'string') return detections;
    return classifier.classify(detections, frame, detector.config);
  };
}
