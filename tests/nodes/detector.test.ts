import jpeg from 'jpeg-js';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import detectorNode from '../../nodes/detector.ts';
import { sampleRgbdFrame } from '../../scripts/eval/harness/sampleRgbdFrame.ts';
import { renderSample, type Sample } from '../../sim/dataset/renderSample.ts';
import { Detector } from '../../src/perception/Detector.ts';
import { ItemClassifier } from '../../src/perception/ItemClassifier.ts';
import { cameraInfoMessage } from '../../src/perception/pinhole.ts';
import type { vision_msgs } from '../../src/messages/types.generated.ts';
import { broadcastStaticPose, testContext, until } from '../runtime/helpers.ts';

const rgb8Image = (
  header: { stamp: { sec: number; nanosec: number }; frame_id: string },
  sample: Sample,
) => ({
  header,
  height: sample.height,
  width: sample.width,
  encoding: 'rgb8',
  is_bigendian: 0,
  step: sample.width * 3,
  data: sample.rgb,
});

describe('detector node', () => {
  it('publishes detections and class names for a camera image, and skips an image it cannot read', async () => {
    const { context, logs } = testContext();
    await detectorNode.start(context, { arguments: [] });
    const probe = context.createNode('probe');
    const results: Array<{ detections: Array<{ results: Array<{ hypothesis: { class_id: string } }> }> }> =
      [];
    const labels: string[] = [];
    probe.createSubscription('vision_msgs/msg/Detection2DArray', '/detections', (m) => results.push(m));
    probe.createSubscription(
      'vision_msgs/msg/LabelInfo',
      '/label_info',
      { qos: { durability: 'transient_local' } },
      (m) => labels.push(...m.class_map.map((c) => c.class_name)),
    );
    const camera = probe.createPublisher('sensor_msgs/msg/Image', '/image', {
      reliability: 'best_effort',
      depth: 1,
    });
    context.spin();
    const photo = jpeg.decode(
      readFileSync(new URL('../../../shared/models/fastestdet/2.jpg', import.meta.url)),
      {
        useTArray: true,
        formatAsRGBA: false,
      },
    );
    const header = { stamp: { sec: 1, nanosec: 0 }, frame_id: 'head_rgbd_sensor_rgb_frame' };
    camera.publish({
      header,
      height: 2,
      width: 2,
      encoding: 'yuv422',
      is_bigendian: 0,
      step: 4,
      data: new Uint8Array(8),
    });
    await until(
      () => logs.some((l) => l.message.includes("skipping an image: unsupported image encoding 'yuv422'")),
      'a warning',
    );
    camera.publish({
      header,
      height: photo.height,
      width: photo.width,
      encoding: 'rgb8',
      is_bigendian: 0,
      step: photo.width * 3,
      data: photo.data,
    });
    await until(() => results.length > 0 && labels.length > 0, 'detections and labels');
    const person = String(labels.indexOf('person'));
    expect(labels).toHaveLength(80);
    expect(results[0]!.detections.filter((d) => d.results[0]!.hypothesis.class_id === person)).toHaveLength(
      3,
    );
    await context.shutdown();
  });

  it('publishes each box with its best class first and the runners-up our detector config asks for', async () => {
    const config = fileURLToPath(new URL('../../models/katazuke_detector.json', import.meta.url));
    const { context } = testContext();
    await detectorNode.start(context, { arguments: ['--ros-args', '-p', `config:=${config}`] });
    const probe = context.createNode('probe');
    const results: Array<{
      detections: Array<{ results: Array<{ hypothesis: { class_id: string; score: number } }> }>;
    }> = [];
    probe.createSubscription('vision_msgs/msg/Detection2DArray', '/detections', (m) => results.push(m));
    const camera = probe.createPublisher('sensor_msgs/msg/Image', '/image', {
      reliability: 'best_effort',
      depth: 1,
    });
    context.spin();
    const sample = await renderSample('heldout', 7_000_002, 320, 240); // six items in view
    const header = { stamp: { sec: 1, nanosec: 0 }, frame_id: 'head_rgbd_sensor_rgb_frame' };
    camera.publish(rgb8Image(header, sample));
    await until(() => results.length > 0, 'detections');
    const boxes = results[0]!.detections;
    expect(boxes.length).toBeGreaterThan(0);
    for (const box of boxes) {
      expect(box.results.length).toBeGreaterThanOrEqual(1);
      expect(box.results.length).toBeLessThanOrEqual(3);
      const scores = box.results.map((r) => r.hypothesis.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
      expect(new Set(box.results.map((r) => r.hypothesis.class_id)).size).toBe(box.results.length);
    }
    expect(boxes.some((box) => box.results.length > 1)).toBe(true);
    await context.shutdown();
  });

  it('names boxes with the item classifier once depth, camera_info and tf are there, and with the detector alone before', async () => {
    const detectorConfig = fileURLToPath(new URL('../../models/katazuke_detector.json', import.meta.url));
    const classifierConfig = fileURLToPath(
      new URL('../../models/katazuke_item_classifier.json', import.meta.url),
    );
    const { context, logs } = testContext();
    await detectorNode.start(context, {
      arguments: ['--ros-args', '-p', `config:=${detectorConfig}`, '-p', `classifier:=${classifierConfig}`],
    });
    const probe = context.createNode('probe');
    const results: vision_msgs.msg.Detection2DArray[] = [];
    probe.createSubscription('vision_msgs/msg/Detection2DArray', '/detections', (m) => results.push(m));
    const sensorQos = { reliability: 'best_effort', depth: 1 } as const;
    const camera = probe.createPublisher('sensor_msgs/msg/Image', '/image', sensorQos);
    const depth = probe.createPublisher('sensor_msgs/msg/Image', '/depth', sensorQos);
    const info = probe.createPublisher('sensor_msgs/msg/CameraInfo', '/camera_info', sensorQos);
    context.spin();
    const sample = await renderSample('heldout', 7_000_003, 320, 240); // the two stages disagree on a box here
    const frame = 'head_rgbd_sensor_rgb_optical_frame';
    const header = { stamp: { sec: 1, nanosec: 0 }, frame_id: frame };
    broadcastStaticPose(probe, 'map', frame, sample.pose);
    const image = rgb8Image(header, sample);
    camera.publish(image);
    await until(() => results.length === 1, 'detections from the detector alone');
    expect(
      logs.some((l) => l.message.includes('naming boxes with the detector alone: no depth image yet')),
    ).toBe(true);
    const { depthM } = sampleRgbdFrame(sample);
    info.publish(cameraInfoMessage(header, { ...sample.intrinsics, width: 320, height: 240 }));
    depth.publish({
      header,
      height: 240,
      width: 320,
      encoding: '32FC1',
      is_bigendian: 0,
      step: 1280,
      data: new Uint8Array(depthM.buffer),
    });
    camera.publish(image);
    await until(() => results.length === 2, 'detections named by the item classifier');

    const detector = await Detector.load(detectorConfig);
    const classifier = await ItemClassifier.load(classifierConfig);
    const alone = await detector.detect(image);
    const named = await classifier.classify(alone, sampleRgbdFrame(sample), detector.config);
    const classes = (m: vision_msgs.msg.Detection2DArray) =>
      m.detections.map((d) => d.results[0]!.hypothesis.class_id).sort();
    expect(classes(results[0]!)).toEqual(alone.map((d) => String(d.classId)).sort());
    expect(classes(results[1]!)).toEqual(named.map((d) => String(d.classId)).sort());
    expect(classes(results[1]!)).not.toEqual(classes(results[0]!));
    await context.shutdown();
  });
});
