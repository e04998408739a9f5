/**
 * object_localizer: 2D detections from several cameras → objects in the map frame
 * (vision_msgs/Detection3DArray on `objects`: centroid, extent and covariance; the classes the
 * cameras gave it, best first, each scored by the cameras' mean scores, ObjectMap#hypotheses).
 * Its ObjectHypothesis.class_id holds the class *name*: the cameras' detectors may use different
 * label sets (ours, a COCO model), so names are the one key they share.
 *
 * Per camera namespace NS in `cameras`: `NS/detections` (Detection2DArray), `NS/label_info`
 * (the detector's latched LabelInfo, which names its class ids), `NS/camera_info`, and for the
 * namespaces also listed in `depth_cameras`, `NS/depth` (32FC1 or 16UC1, aligned with the
 * detector's image: the sensor's registered depth or the depth_estimator's output). Depth cameras
 * place objects by back-projecting their pixels (localizeObject.ts); the others (the ceiling's RGB
 * cameras) by the ray through the box centre onto the first furniture top of `house_file` it
 * meets, or else the floor, `object_plane_z` above it. The camera pose
 * comes from tf (`map_frame` ← image frame at the image's stamp). Observations from all cameras
 * are fused in one ObjectMap, associated by position and by any class hypothesis in
 * Detection2D.results (a ceiling camera may name an item differently from the head camera).
 * Objects stay mapped while out of sight; one is forgotten when cameras that have detected it
 * before keep missing it where they should see it (ObjectMap#missed, CameraView). A malformed or
 * unplaceable message is logged and skipped; a sighting wider than `max_object_size_m` is no item
 * (a ceiling camera's box around furniture or a rug) and is dropped, and so is one of a piece of
 * `house_file`'s furniture itself (furnitureSeen: centred on it, nearly as wide).
 */
import { readFileSync } from 'node:fs';
import * as se3 from '../src/geometry/se3.ts';
import {
  DepthLocalizer,
  localizeOnPlane,
  type ObjectEstimate,
  type SupportTop,
} from '../src/perception/localizeObject.ts';
import { parseHouseDescription, placeFootprint, placeTopZ } from '../src/world/index.ts';
import { CameraView } from '../src/perception/CameraView.ts';
import { furnitureSeen } from '../src/perception/furnitureSeen.ts';
import { ObjectMap, type MappedObject } from '../src/perception/ObjectMap.ts';
import { defineNode } from '../src/runtime/launch/NodeExecutable.ts';
import type { vision_msgs } from '../src/messages/types.generated.ts';
import { TransformListener } from '../src/runtime/tf/TransformListener.ts';
import { Time } from '../src/runtime/Time.ts';
import { subscribeCameraInfo } from './cameraInfo.ts';
import { subscribeDepthFrames } from './depthFrames.ts';
import { subscribeLabelInfo } from './labelInfo.ts';

export default defineNode({
  description: 'detections + depth + camera_info + tf from several cameras → Detection3DArray in map',
  async start(context, { arguments: args }) {
    const node = context.createNode('object_localizer', { arguments: args });
    const cameras = node.declareParameter('cameras', {
      type: 'string_array',
      default: ['/head_rgbd_sensor'],
      description: 'camera namespaces, each with detections and camera_info',
    });
    const depthCameras = node.declareParameter('depth_cameras', {
      type: 'string_array',
      default: ['/head_rgbd_sensor'],
      description: 'the cameras that also have an aligned depth image on NS/depth',
    });
    const mapFrame = node.declareParameter('map_frame', { type: 'string', default: 'map' });
    const planeZ = node.declareParameter('object_plane_z', {
      type: 'double',
      default: 0.03,
      description: 'height (m) at which cameras without depth place object centres',
    });
    const maxObjectSizeM = node.declareParameter('max_object_size_m', {
      type: 'double',
      default: 1,
      range: { from: 0.01, to: 100 },
      description:
        'sightings wider than this on the floor are not items (furniture, rugs, shadows) and are dropped',
    });
    const namingWeights = node.declareParameter('naming_weights', {
      type: 'double_array',
      default: [],
      description: "per camera in `cameras`, the weight of its opinion on an object's class (empty: all 1)",
    });
    const houseFile = node.declareParameter('house_file', {
      type: 'string',
      default: '',
      description:
        "house description YAML: the furniture tops the cameras without depth place items on, and the furniture not to take for items ('': none)",
    });
    // A top narrower than this holds nothing (a door, a window) (m).
    const narrowest = 0.1;
    const furniture: SupportTop[] = houseFile
      ? parseHouseDescription(readFileSync(houseFile, 'utf8'))
          .places.filter((p) => Math.min(p.size[0], p.size[1]) >= narrowest)
          .map((p) => ({ ...placeFootprint(p), topZ: placeTopZ(p) }))
      : [];
    if (namingWeights.length > 0 && namingWeights.length !== cameras.length)
      throw new Error(`naming_weights has ${namingWeights.length} entries but cameras has ${cameras.length}`);
    const unknown = depthCameras.filter((c) => !cameras.includes(c));
    if (unknown.length > 0)
      throw new Error(`depth_cameras lists ${unknown.join(', ')}, which are not in cameras`);
    const listener = new TransformListener(node);
    const map = new ObjectMap(new Map(namingWeights.map((weight, k) => [cameras[k]!, weight])));
    const localizer = new DepthLocalizer();
    const view = new CameraView();
    const published = node.createPublisher('vision_msgs/msg/Detection3DArray', 'objects', 5);

    const publish = (stamp: { sec: number; nanosec: number }) => {
      published.publish({
        header: { stamp, frame_id: mapFrame },
        detections: map.objects.map((o) => ({
          header: { stamp, frame_id: mapFrame },
          id: String(o.id),
          results: map
            .hypotheses(o)
            .slice(0, PUBLISHED_HYPOTHESES)
            .map(({ className, score }) => ({
              hypothesis: { class_id: className, score },
              pose: {
                pose: se3.toPose([o.centroid[0]!, o.centroid[1]!, o.centroid[2]!, 0, 0, 0, 1]),
                covariance: covariance6(o.variance),
              },
            })),
          bbox: {
            center: se3.toPose([o.centroid[0]!, o.centroid[1]!, o.centroid[2]!, 0, 0, 0, 1]),
            size: { x: o.extent[0]!, y: o.extent[1]!, z: o.extent[2]! },
          },
        })),
      });
    };

    for (const camera of cameras) {
      const cameraInfo = subscribeCameraInfo(node, `${camera}/camera_info`, camera);
      const labels = subscribeLabelInfo(node, `${camera}/label_info`);
      const depths = depthCameras.includes(camera)
        ? subscribeDepthFrames(node, `${camera}/depth`, camera)
        : undefined;
      node.createSubscription(
        'vision_msgs/msg/Detection2DArray',
        `${camera}/detections`,
        (message: vision_msgs.msg.Detection2DArray) => {
          try {
            const names = labels.latest();
            if (!names) throw new Error('no label_info yet');
            const pinhole = cameraInfo.latest();
            if (!pinhole) throw new Error('no camera_info yet');
            const stamp = Time.fromMsg(message.header.stamp);
            const transform = listener.buffer.lookupTransform(mapFrame, message.header.frame_id, stamp);
            const pose = se3.fromTransform(new Float64Array(7), transform.transform);
            const depth = depths?.closest(stamp.nanoseconds);
            if (depths && !depth) throw new Error('no depth image yet');
            if (depth && (depth.width !== pinhole.width || depth.height !== pinhole.height))
              throw new Error(
                `depth image is ${depth.width}×${depth.height} but camera_info is ${pinhole.width}×${pinhole.height}: the depth must be registered to the detector's image`,
              );
            const seen = new Set<MappedObject>();
            for (const detection of message.detections) {
              if (detection.results.length === 0) continue;
              const unknown = detection.results.find((r) => !names.has(r.hypothesis.class_id));
              if (unknown) {
                node
                  .getLogger()
                  .warn(
                    `${camera}: skipping a detection: class_id '${unknown.hypothesis.class_id}' is not in ${camera}/label_info`,
                  );
                continue;
              }
              const hypotheses = detection.results.map(({ hypothesis }) => ({
                className: names.get(hypothesis.class_id)!,
                score: hypothesis.score,
              }));
              const { center, size_x, size_y } = detection.bbox;
              const box = {
                x1: center.position.x - size_x / 2,
                y1: center.position.y - size_y / 2,
                x2: center.position.x + size_x / 2,
                y2: center.position.y + size_y / 2,
              };
              const estimate: ObjectEstimate | null = depth
                ? localizer.localize(box, depth.metres, depth.width, depth.height, pinhole, pose)
                : localizeOnPlane(box, pinhole, pose, planeZ, furniture);
              if (
                estimate &&
                Math.max(estimate.extent[0]!, estimate.extent[1]!) <= maxObjectSizeM &&
                !furnitureSeen(estimate, furniture)
              )
                seen.add(map.observe(stamp.seconds, camera, hypotheses, estimate));
            }
            view.look({
              camera: pinhole,
              width: pinhole.width,
              height: pinhole.height,
              map_T_optical: pose,
              depth: depth?.metres,
            });
            map.missed(camera, seen, (o) => view.shows(o.centroid, o.extent));
            publish(message.header.stamp);
          } catch (error) {
            node.getLogger().warn(`${camera}: skipping detections: ${(error as Error).message}`);
          }
        },
      );
    }
    return node;
  },
});

/** Classes published per object (the detector node publishes three per box). */
const PUBLISHED_HYPOTHESES = 3;
/** Objects are points with an extent: their orientation is not estimated. */
const UNKNOWN_ORIENTATION_VARIANCE = 1e6;

/** 6×6 pose covariance (x, y, z, roll, pitch, yaw) with the position variances on the diagonal. */
function covariance6(variance: Float64Array): number[] {
  const c = new Array<number>(36).fill(0);
  for (let a = 0; a < 3; a++) c[a * 7] = variance[a]!;
  for (let a = 3; a < 6; a++) c[a * 7] = UNKNOWN_ORIENTATION_VARIANCE;
  return c;
}
