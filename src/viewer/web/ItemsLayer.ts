/**
 * The objects the robot believes in, as labelled boxes in the map: their boxes and class
 * hypotheses from the object localizer (/objects), their state from the world model
 * (/world/items: loose, held, put away), the item being tidied (/tidy/progress) outlined, and
 * for each a history of what the viewer saw happen to it.
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
  readonly box: THREE.Mesh<THREE.BoxGeometry, THREE.MeshLambertMaterial>;
  readonly outline: THREE.LineSegments;
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
/** Where decompose puts a pose's scale (always 1), so placing an item allocates nothing. */
const UNUSED_SCALE = new THREE.Vector3();

export class ItemsLayer {
  readonly object = new THREE.Group();
  readonly #items = new Map<string, ItemView>();
  #current = '';

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
  }

  setCurrent(id: string): void {
    this.#current = id;
    for (const [itemId, view] of this.#items) view.outline.visible = itemId === id;
  }

  describe(id: string): ItemDescription | undefined {
    const view = this.#items.get(id);
    if (!view) return undefined;
    const p = view.box.position;
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
    const box = new THREE.Mesh(
      UNIT_BOX,
      new THREE.MeshLambertMaterial({ color: PERCEIVED_ONLY_COLOR, transparent: true, opacity: 0.85 }),
    );
    box.userData.itemId = id;
    const outline = new THREE.LineSegments(UNIT_EDGES, new THREE.LineBasicMaterial({ color: 0xffffff }));
    outline.scale.setScalar(1.15);
    outline.visible = id === this.#current;
    box.add(outline);
    const element = document.createElement('div');
    element.className = 'label';
    const label = new CSS2DObject(element);
    this.object.add(box, label);
    view = {
      box,
      outline,
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
    pose.decompose(view.box.position, view.box.quaternion, UNUSED_SCALE);
    view.box.scale.set(...view.size);
    view.box.material.color.setHex(
      view.state === undefined ? PERCEIVED_ONLY_COLOR : (STATE_COLORS[view.state] ?? PERCEIVED_ONLY_COLOR),
    );
    view.label.position.copy(view.box.position).setZ(view.box.position.z + view.size[2] / 2 + 0.06);
    view.label.element.textContent = view.category || '?';
  }

  /** Drops what neither perception nor the world model holds any more. */
  #prune(t: number): void {
    for (const [id, view] of this.#items) {
      if (view.perceived || view.known) continue;
      view.history.push(`${t.toFixed(1)} s: forgotten`);
      this.object.remove(view.box, view.label);
      view.box.material.dispose();
      view.label.element.remove();
      this.#items.delete(id);
    }
  }
}

function seconds(stamp: { sec: number; nanosec: number }): number {
  return stamp.sec + stamp.nanosec * 1e-9;
}
