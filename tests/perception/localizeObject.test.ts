import { describe, expect, it } from 'vitest';
import { DepthLocalizer, localizeOnPlane } from '../../src/perception/localizeObject.ts';
import { pinholeFromK } from '../../src/perception/pinhole.ts';
import { ObjectMap, type MappedObject } from '../../src/perception/ObjectMap.ts';
import { camera, H, pose, renderBlock, W } from './syntheticBlock.ts';

describe('DepthLocalizer', () => {
  const { depth, box } = renderBlock();

  it('places a block seen by a camera with known pose at its centroid, within a centimetre across the floor', () => {
    const estimate = new DepthLocalizer().localize(box, depth, W, H, camera, pose)!;
    expect(Math.hypot(estimate.centroid[0]! - 1.2, estimate.centroid[1]! - 2.1)).toBeLessThan(0.01);
    // Straight down, only the top face (z 0.1) and the floor in the box's corners (z 0) show.
    expect(estimate.centroid[2]).toBeGreaterThanOrEqual(0);
    expect(estimate.centroid[2]).toBeLessThanOrEqual(0.1);
    expect(estimate.extent[2]).toBeLessThanOrEqual(0.1 + 1e-3);
    // The image box is rotated 30° against the block; the floor in its corners is dropped, so the
    // extent across the floor is the block's 0.2 × 0.3 m footprint (less the 5 % trimmed each side).
    expect(estimate.extent[0]).toBeGreaterThan(0.17);
    expect(estimate.extent[0]).toBeLessThan(0.21);
    expect(estimate.extent[1]).toBeGreaterThan(0.26);
    expect(estimate.extent[1]).toBeLessThan(0.31);
    expect(estimate.variance[0]).toBeGreaterThan(0);
  });

  it('returns null when the box has no depth, and rejects a depth image smaller than stated', () => {
    expect(new DepthLocalizer().localize(box, new Float32Array(W * H), W, H, camera, pose)).toBeNull();
    expect(() => new DepthLocalizer().localize(box, new Float32Array(10), W, H, camera, pose)).toThrow(
      /depth has 10 pixels, expected 320×240/,
    );
  });

  it('places a box from an RGB-only camera on the plane of known height', () => {
    const estimate = localizeOnPlane(box, camera, pose, 0.1)!;
    expect(estimate.centroid[0]).toBeCloseTo(1.2, 2);
    expect(estimate.centroid[1]).toBeCloseTo(2.1, 2);
    expect(estimate.centroid[2]).toBeCloseTo(0.1, 9);
    // A plane above the camera is behind the ray: no placement.
    expect(localizeOnPlane(box, camera, pose, 2)).toBeNull();
  });

  it('places it on the first furniture top the ray meets, else on the floor', () => {
    // The ray from the camera (1, 2, 1.5) down to (1.2, 2.1, 0.1) crosses z 0.6 at (1.129, 2.064).
    const table = { x: 1.1, y: 2.05, yaw: 0.3, halfX: 0.2, halfY: 0.2, topZ: 0.5 };
    const elsewhere = { ...table, x: 3, y: 3 };
    const onTable = localizeOnPlane(box, camera, pose, 0.1, [elsewhere, table])!;
    expect(onTable.centroid[0]).toBeCloseTo(1.129, 2);
    expect(onTable.centroid[1]).toBeCloseTo(2.064, 2);
    expect(onTable.centroid[2]).toBeCloseTo(0.6, 9);
    const floor = localizeOnPlane(box, camera, pose, 0.1, [elsewhere, { ...table, topZ: 1.6 }])!;
    expect(floor.centroid[2]).toBeCloseTo(0.1, 9);
  });

  it('reads intrinsics from a CameraInfo K and rejects one without a focal length', () => {
    expect(pinholeFromK([300, 0, 159.5, 0, 310, 119.5, 0, 0, 1])).toEqual({
      fx: 300,
      fy: 310,
      cx: 159.5,
      cy: 119.5,
    });
    expect(() => pinholeFromK(new Array(9).fill(0))).toThrow(/camera_info K has no focal length/);
  });
});

describe('ObjectMap', () => {
  const at = (x: number, y: number, sigma: number) => ({
    centroid: Float64Array.of(x, y, 0.05),
    extent: Float64Array.of(0.1, 0.1, 0.1),
    variance: Float64Array.of(sigma ** 2, sigma ** 2, sigma ** 2),
  });

  it('fuses sightings of one object from two cameras by their variances', () => {
    const map = new ObjectMap();
    map.observe(0, 'head', [{ className: 'slipper', score: 0.8 }], at(1, 1, 0.01));
    const fused = map.observe(0, 'ceiling', [{ className: 'slipper', score: 0.6 }], at(1.03, 1, 0.03));
    expect(map.objects).toHaveLength(1);
    // Weighted by inverse variance: 1 + 0.03 · (1e-4 / (1e-4 + 9e-4)).
    expect(fused.centroid[0]).toBeCloseTo(1.003, 9);
    expect(fused.variance[0]).toBeCloseTo(1 / (1 / 1e-4 + 1 / 9e-4), 12);
    expect([...fused.record].map(([camera, r]) => [camera, r.hits])).toEqual([
      ['head', 1],
      ['ceiling', 1],
    ]);
    expect(fused.score).toBeCloseTo(0.7, 12);
  });

  it("joins a sighting named differently when one of its hypotheses agrees, and names it by the cameras' mean scores", () => {
    const map = new ObjectMap();
    // The head camera: a sock, twice; a ceiling camera: a glove, with sock as its runner-up.
    map.observe(0, 'head', [{ className: 'sock', score: 0.9 }], at(1, 1, 0.01));
    map.observe(1, 'head', [{ className: 'sock', score: 0.7 }], at(1, 1, 0.01));
    const glove = [
      { className: 'glove', score: 0.6 },
      { className: 'sock', score: 0.3 },
    ];
    const fused = map.observe(2, 'ceiling', glove, at(1.01, 1, 0.02));
    expect(map.objects).toHaveLength(1);
    const named = [
      { className: 'sock', score: expect.closeTo((0.8 + 0.3) / 2, 12) },
      { className: 'glove', score: expect.closeTo(0.6 / 2, 12) },
    ];
    expect(map.hypotheses(fused)).toEqual(named);
    expect(fused.className).toBe('sock');
    expect(fused.score).toBeCloseTo(0.55, 12);
    // The ceiling camera's repeated view is still one opinion.
    for (let t = 3; t < 13; t++) map.observe(t, 'ceiling', glove, at(1.01, 1, 0.02));
    expect(map.hypotheses(fused)).toEqual(named);
    // The head camera seeing a glove turns it into one.
    for (let t = 13; t < 17; t++)
      map.observe(t, 'head', [{ className: 'glove', score: 0.9 }], at(1, 1, 0.01));
    expect(map.objects).toHaveLength(1);
    expect(fused.className).toBe('glove');
    expect(() => map.observe(18, 'head', [], at(1, 1, 0.01))).toThrow(/at least one class hypothesis/);
  });

  it("weighs each camera's opinion on the class by its naming weight", () => {
    const map = new ObjectMap(new Map([['head', 3]]));
    map.observe(0, 'head', [{ className: 'sock', score: 0.8 }], at(1, 1, 0.01));
    const fused = map.observe(1, 'ceiling', [{ className: 'glove', score: 0.9 }], at(1, 1, 0.01));
    expect(map.hypotheses(fused)).toEqual([
      { className: 'sock', score: expect.closeTo((3 * 0.8) / 4, 12) },
      { className: 'glove', score: expect.closeTo(0.9 / 4, 12) },
    ]);
    expect(() => new ObjectMap(new Map([['head', 0]]))).toThrow(
      /naming weight of head must be positive, got 0/,
    );
  });

  it('keeps objects apart that no hypothesis agrees with or that lie outside the gate', () => {
    const map = new ObjectMap();
    map.observe(0, 'head', [{ className: 'slipper', score: 0.8 }], at(1, 1, 0.01));
    // Within the gate (d² 3.6) but another class, 6 cm off a 10 cm footprint's middle: another item.
    map.observe(0, 'head', [{ className: 'shoe', score: 0.8 }], at(1.06, 1, 0.03));
    map.observe(5, 'head', [{ className: 'slipper', score: 0.8 }], at(1.5, 1, 0.01));
    expect(map.objects.map((o) => o.id)).toEqual([1, 2, 3]);
  });

  it("joins a sighting of another class inside an object's footprint, even outside the gate: two items cannot share it", () => {
    const map = new ObjectMap();
    for (let t = 0; t < 20; t++)
      map.observe(t, 'head', [{ className: 'slipper', score: 0.8 }], at(1, 1, 0.005));
    // 4 cm off (far outside the gate at these variances) and named otherwise: inside the 10 cm footprint.
    const fused = map.observe(20, 'head', [{ className: 'shoe', score: 0.6 }], at(1.04, 1, 0.005));
    expect(map.objects).toHaveLength(1);
    expect(fused.record.get('head')!.hits).toBe(21);
    expect(map.hypotheses(fused).map((h) => h.className)).toEqual(['slipper', 'shoe']);
  });

  it('remembers objects out of sight, and forgets one its camera keeps missing where it should see it', () => {
    const map = new ObjectMap();
    for (let t = 0; t < 5; t++)
      map.observe(t, 'head', [{ className: 'slipper', score: 0.8 }], at(1, 1, 0.01));
    const [object] = map.objects;
    const none = new Set<MappedObject>();
    for (let k = 0; k < 1000; k++) map.missed('head', none, () => false);
    expect(map.objects).toEqual([object]);
    // A camera that never detected it vouches for nothing (it may be hidden from there).
    for (let k = 0; k < 1000; k++) map.missed('ceiling', none, () => true);
    expect(map.objects).toEqual([object]);
    // Detected in the frame: no miss.
    map.missed('head', new Set([object!]), () => true);
    expect(object!.record.get('head')).toMatchObject({ hits: 5, misses: 0 });
    // 5 sightings: the misses' chances are 1/7, 2/8, 3/9, 4/10 while it is there; the product
    // passes 1/100 at the fourth.
    for (let k = 0; k < 3; k++) map.missed('head', none, () => true);
    expect(object!.goneEvidence).toBeCloseTo(Math.log(7) + Math.log(4) + Math.log(3), 12);
    expect(map.objects).toHaveLength(1);
    map.missed('head', none, () => true);
    expect(map.objects).toHaveLength(0);
  });

  it('starts the count of misses again at each sighting', () => {
    const map = new ObjectMap();
    for (let t = 0; t < 5; t++)
      map.observe(t, 'head', [{ className: 'slipper', score: 0.8 }], at(1, 1, 0.01));
    const none = new Set<MappedObject>();
    for (let k = 0; k < 3; k++) map.missed('head', none, () => true);
    // Seen again, by another camera: 3 more misses are not enough now.
    const object = map.observe(9, 'ceiling', [{ className: 'slipper', score: 0.8 }], at(1, 1, 0.01));
    expect(object.goneEvidence).toBe(0);
    for (let k = 0; k < 3; k++) map.missed('head', none, () => true);
    expect(map.objects).toEqual([object]);
    expect(object.record.get('head')).toMatchObject({ hits: 5, misses: 6 });
  });
});
