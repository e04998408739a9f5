import jpeg from 'jpeg-js';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import detectorNode from '../../nodes/detector.ts';
import { renderSample } from '../../sim/dataset/renderSample.ts';
import { testContext, until } from '../runtime/helpers.ts';

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
    camera.publish({
      header,
      height: 240,
      width: 320,
      encoding: 'rgb8',
      is_bigendian: 0,
      step: 960,
      data: sample.rgb,
    });
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
});
