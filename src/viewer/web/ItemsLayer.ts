/**
 * The objects the robot believes in, as labelled boxes in the map: their boxes and class
 * hypotheses from the object localizer (/objects), their state from the world model
 * (/world/items: loose, held, put away), the item being tidied (/tidy/progress) outlined, and
 * for each a history of what the viewer saw happen to it. All boxes are one instanced mesh: in
 * software rendering (no GPU) every draw call counts.
 */
import * as THREE from 'three';
import { CSS2DObject } from 'three/addons/renderers/CSS2DRenderer.js';
import type { katazuke_msgs, vision_msgs } from '../../messages/types.generated.ts';
import { poseMatrix } from './poses.ts';

export const STATE_NAMES = ['loose', 'held', 'put away'] as const;
const STATE_COLORS = [0xff9f40, 0x4aa3ff, 0x4cd964];
const PERCEIVED_ONLY_COLOR = 0xaaaaaa;
const DEFAULT_SIZE: readonly [number, number, number] = [0.08, 0.08, 0.08];

export interface ItemDescription {
  readonly id: string;
  readonly category: string;
  readonly state: string;
  readonly hypotheses: ReadonlyArray<{ category: string; score: number }>;
  readonly position: readonly [number, number, number];
  readonly history: readonly string[];
}

interface ItemView {
  readonly position: THREE.Vector3;
  readonly quaternion: THREE.Quaternion;
  readonly label: CSS2DObject;
  hypotheses: Array<{ category: string; score: number }>;
  category: string;
  state: number | undefined;
  size: readonly [number, number, number];
  perceived: boolean;
  known: boolean;
  readonly history: string[];
}

const UNIT_BOX = new THREE.BoxGeometry(1, 1, 1);
const UNIT_EDGES = new THREE.EdgesGeometry(UNIT_BOX);
/** Room for this many more items each time the instanced mesh has to grow. */
const CAPACITY_STEP = 128;
const OUTLINE_MARGIN = 1.15;
/** Scratch values, so drawing the items allocates nothing. */
const UNUSED_SCALE = new THREE.Vector3();
const SCALE = new THREE.Vector3();
const MATRIX = new THREE.Matrix4();
const COLOR = new THREE.Color();

export class ItemsLayer {
  readonly object = new THREE.Group();
  readonly #items = new Map<string, ItemView>();
  readonly #material = new THREE.MeshLambertMaterial({ transparent: true, opacity: 0.85 });
  #boxes = this.#instancedBoxes(CAPACITY_STEP);
  /** Which item each instance of #boxes draws. */
  readonly #instanceIds: string[] = [];
  readonly #outline = new THREE.LineSegments(UNIT_EDGES, new THREE.LineBasicMaterial({ color: 0xffffff }));
  #current = '';

  constructor() {
    this.#outline.visible = false;
    this.object.add(this.#outline);
  }

  get count(): number {
    return this.#items.size;
  }

  updateObjects(message: vision_msgs.msg.Detection3DArray): void {
    const t = seconds(message.header.stamp);
    for (const view of this.#items.values()) view.perceived = false;
    for (const detection of message.detections) {
      const view = this.#view(detection.id, t);
      view.perceived = true;
      const hypotheses = detection.results
        .map((r) => ({ category: r.hypothesis.class_id, score: r.hypothesis.score }))
        .sort((a, b) => b.score - a.score);
      if (!view.known && hypotheses[0] && hypotheses[0].category !== view.category) {
        if (view.category) view.history.push(`${t.toFixed(1)} s: now taken for a ${hypotheses[0].category}`);
        view.category = hypotheses[0].category;
      }
      view.hypotheses = hypotheses;
      const { x, y, z } = detection.bbox.size;
      view.size = [x, y, z];
      if (!view.known) this.#place(view, poseMatrix(detection.bbox.center));
    }
    this.#prune(t);
    this.#draw();
  }

  updateItems(message: katazuke_msgs.msg.ItemStateArray): void {
    const t = seconds(message.header.stamp);
    for (const view of this.#items.values()) view.known = false;
    for (const item of message.items) {
      const view = this.#view(item.id, t);
      view.known = true;
      if (item.category !== view.category) {
        if (view.category)
          view.history.push(`${t.toFixed(1)} s: category ${view.category} → ${item.category}`);
        view.category = item.category;
      }
      if (item.state !== view.state) {
        view.history.push(`${t.toFixed(1)} s: ${STATE_NAMES[item.state] ?? `state ${item.state}`}`);
        view.state = item.state;
      }
      this.#place(view, poseMatrix(item.pose.pose));
    }
    this.#prune(t);
    this.#draw();
  }

  setCurrent(id: string): void {
    this.#current = id;
    this.#draw();
  }

  /** The item a ray hit on this layer's boxes, if it hit one. */
  itemAt(hit: THREE.Intersection): string | undefined {
    return hit.object === this.#boxes && hit.instanceId !== undefined
      ? this.#instanceIds[hit.instanceId]
      : undefined;
  }

  describe(id: string): ItemDescription | undefined {
    const view = this.#items.get(id);
    if (!view) return undefined;
    const p = view.position;
    return {
      id,
      category: view.category,
      state: view.state === undefined ? 'perceived' : (STATE_NAMES[view.state] ?? String(view.state)),
      hypotheses: view.hypotheses,
      position: [p.x, p.y, p.z],
      history: view.history,
    };
  }

  #view(id: string, t: number): ItemView {
    let view = this.#items.get(id);
    if (view) return view;
    const element = document.createElement('div');
    element.className = 'label';
    const label = new CSS2DObject(element);
    this.object.add(label);
    view = {
      position: new THREE.Vector3(),
      quaternion: new THREE.Quaternion(),
      label,
      hypotheses: [],
      category: '',
      state: undefined,
      size: DEFAULT_SIZE,
      perceived: false,
      known: false,
      history: [`${t.toFixed(1)} s: first seen`],
    };
    this.#items.set(id, view);
    return view;
  }

  #place(view: ItemView, pose: THREE.Matrix4): void {
    pose.decompose(view.position, view.quaternion, UNUSED_SCALE);
    view.label.position.copy(view.position).setZ(view.position.z + view.size[2] / 2 + 0.06);
    view.label.element.textContent = view.category || '?';
  }

  /** Puts every item into the instanced mesh (growing it if needed) and the outline on the current one. */
  #draw(): void {
    if (this.#items.size > this.#boxes.instanceMatrix.count) {
      this.object.remove(this.#boxes);
      this.#boxes.dispose();
      this.#boxes = this.#instancedBoxes(this.#items.size + CAPACITY_STEP);
    }
    this.#instanceIds.length = 0;
    this.#outline.visible = false;
    for (const [id, view] of this.#items) {
      const index = this.#instanceIds.push(id) - 1;
      MATRIX.compose(view.position, view.quaternion, SCALE.set(...view.size));
      this.#boxes.setMatrixAt(index, MATRIX);
      this.#boxes.setColorAt(
        index,
        COLOR.setHex(
          view.state === undefined
            ? PERCEIVED_ONLY_COLOR
            : (STATE_COLORS[view.state] ?? PERCEIVED_ONLY_COLOR),
        ),
      );
      if (id === this.#current) {
        this.#outline.visible = true;
        this.#outline.position.copy(view.position);
        this.#outline.quaternion.copy(view.quaternion);
        this.#outline.scale.copy(SCALE).multiplyScalar(OUTLINE_MARGIN);
      }
    }
    this.#boxes.count = this.#instanceIds.length;
    this.#boxes.instanceMatrix.needsUpdate = true;
    if (this.#boxes.instanceColor) this.#boxes.instanceColor.needsUpdate = true;
    this.#boxes.computeBoundingSphere(); // for culling and picking, which read it
  }

  #instancedBoxes(capacity: number): THREE.InstancedMesh {
    const boxes = new THREE.InstancedMesh(UNIT_BOX, this.#material, capacity);
    boxes.count = 0;
    this.object.add(boxes);
    return boxes;
  }

  /** Drops what neither perception nor the world model holds any more. */
  #prune(t: number): void {
    for (const [id, view] of this.#items) {
      if (view.perceived || view.known) continue;
      view.history.push(`${t.toFixed(1)} s: forgotten`);
      this.object.remove(view.label);
      view.label.element.remove();
      this.#items.delete(id);
    }
  }
}

function seconds(stamp: { sec: number; nanosec: number }): number {
  return stamp.sec + stamp.nanosec * 1e-9;
}
