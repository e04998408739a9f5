/**
 * The 3D view: a z-up three.js scene in the map frame (metres), orbit/pan/zoom controls, labels
 * as DOM elements, an optional camera that follows the robot, picking by click, and a frame
 * counter (the benchmark reads it). It draws only when something changed (new data, the camera
 * moved), so a still scene costs nothing: the browser often shares the robot's CPU.
 */
import * as THREE from 'three';
import { OrbitControls } from 'three/addons/controls/OrbitControls.js';
import { CSS2DRenderer } from 'three/addons/renderers/CSS2DRenderer.js';

THREE.Object3D.DEFAULT_UP.set(0, 0, 1);

/** A little above the 30 fps a moving view needs, so that a busy second still gets 30. */
const TARGET_FPS = 33;
/**
 * The coarsest drawing resolution, in device pixels per CSS pixel. Without a GPU (SwiftShader)
 * the frame time is mostly per pixel: measured with the sim beside it on 2 cores, 17 fps at
 * 1.0, 24–28 at 0.5, 40 at 0.25.
 */
const MIN_PIXEL_RATIO = 0.35;

export class RoomView {
  readonly scene = new THREE.Scene();
  readonly camera = new THREE.PerspectiveCamera(50, 1, 0.05, 200);
  readonly renderer: THREE.WebGLRenderer;
  readonly #labels = new CSS2DRenderer();
  readonly controls: OrbitControls;
  readonly #raycaster = new THREE.Raycaster();
  readonly #beforeRender: Array<() => void> = [];
  /** Where the camera looks when following (set each frame from the robot's pose). */
  followTarget: THREE.Vector3 | undefined;
  frames = 0;
  readonly #maxPixelRatio = Math.min(window.devicePixelRatio, 1.5);
  #frameWindow = { startMs: 0, frames: 0 };
  #dirty = true;

  constructor(private readonly container: HTMLElement) {
    // No multisampling and Lambert shading: without a GPU (SwiftShader) they decide the frame rate.
    this.renderer = new THREE.WebGLRenderer({ antialias: false });
    this.renderer.setPixelRatio(this.#maxPixelRatio);
    container.append(this.renderer.domElement);
    this.#labels.domElement.style.position = 'absolute';
    this.#labels.domElement.style.top = '0';
    this.#labels.domElement.style.pointerEvents = 'none';
    // Overlapping labels in any order: sorting them restyles every label every frame.
    this.#labels.sortObjects = false;
    container.append(this.#labels.domElement);
    this.scene.background = new THREE.Color(0x2a2d31);
    this.scene.add(new THREE.HemisphereLight(0xffffff, 0x555555, 2.2));
    const sun = new THREE.DirectionalLight(0xffffff, 1.2);
    sun.position.set(3, -4, 8);
    this.scene.add(sun);
    this.camera.position.set(-1.5, -4.5, 6);
    this.controls = new OrbitControls(this.camera, this.renderer.domElement);
    this.controls.target.set(2, 2, 0);
    this.controls.update();
    this.controls.addEventListener('change', () => this.requestRender());
    new ResizeObserver(() => this.#resize()).observe(container);
    this.#resize();
    this.renderer.setAnimationLoop(() => this.#render());
  }

  /** Draws a new frame at the next opportunity. */
  requestRender(): void {
    this.#dirty = true;
  }

  /** Runs before every frame (layers that animate or follow tf). */
  onBeforeRender(callback: () => void): void {
    this.#beforeRender.push(callback);
  }

  /** What `find` makes of the nearest hit under a click that it makes something of. */
  pick<T>(event: MouseEvent, find: (hit: THREE.Intersection) => T | undefined): T | undefined {
    const rect = this.renderer.domElement.getBoundingClientRect();
    const ndc = new THREE.Vector2(
      ((event.clientX - rect.left) / rect.width) * 2 - 1,
      -((event.clientY - rect.top) / rect.height) * 2 + 1,
    );
    this.#raycaster.setFromCamera(ndc, this.camera);
    for (const hit of this.#raycaster.intersectObjects(this.scene.children, true)) {
      const found = find(hit);
      if (found !== undefined) return found;
    }
    return undefined;
  }

  #resize(): void {
    const { clientWidth: width, clientHeight: height } = this.container;
    this.renderer.setSize(width, height);
    this.#labels.setSize(width, height);
    this.camera.aspect = width / Math.max(1, height);
    this.camera.updateProjectionMatrix();
    this.#dirty = true;
  }

  /**
   * Keeps the frame rate near TARGET_FPS by the resolution drawn at: where rendering is in
   * software (no GPU) or the machine is busy, fewer pixels instead of fewer frames.
   */
  #adaptResolution(nowMs: number): void {
    const window_ = this.#frameWindow;
    window_.frames++;
    if (window_.startMs === 0) window_.startMs = nowMs;
    const elapsedMs = nowMs - window_.startMs;
    if (elapsedMs < 1000) return;
    const fps = (window_.frames * 1000) / elapsedMs;
    this.#frameWindow = { startMs: nowMs, frames: 0 };
    const ratio = this.renderer.getPixelRatio();
    const next =
      fps < TARGET_FPS
        ? Math.max(MIN_PIXEL_RATIO, ratio * Math.sqrt(fps / TARGET_FPS) * 0.95)
        : fps > TARGET_FPS * 1.5
          ? Math.min(this.#maxPixelRatio, ratio * 1.1)
          : ratio;
    if (Math.abs(next - ratio) > 0.01) {
      this.renderer.setPixelRatio(next);
      this.#resize();
    }
  }

  #render(): void {
    if (this.controls.autoRotate) this.controls.update(); // turning on its own: a new frame each time
    if (!this.#dirty) {
      this.#frameWindow = { startMs: 0, frames: 0 };
      return;
    }
    this.#dirty = false;
    this.#adaptResolution(performance.now());
    for (const callback of this.#beforeRender) callback();
    if (this.followTarget) {
      const shift = this.followTarget.clone().sub(this.controls.target);
      this.controls.target.add(shift);
      this.camera.position.add(shift);
    }
    this.controls.update();
    this.renderer.render(this.scene, this.camera);
    this.#labels.render(this.scene, this.camera);
    this.frames++;
  }
}
