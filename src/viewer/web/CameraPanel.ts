/**
 * The head camera's image (sensor_msgs/Image: rgb8, bgr8, rgba8 or mono8) with the detector's
 * boxes (vision_msgs/Detection2DArray) and their class names (vision_msgs/LabelInfo).
 */
import type { sensor_msgs, vision_msgs } from '../../messages/types.generated.ts';

const CHANNELS: Record<string, { step: number; r: number; g: number; b: number }> = {
  rgb8: { step: 3, r: 0, g: 1, b: 2 },
  bgr8: { step: 3, r: 2, g: 1, b: 0 },
  rgba8: { step: 4, r: 0, g: 1, b: 2 },
  mono8: { step: 1, r: 0, g: 0, b: 0 },
};

export class CameraPanel {
  readonly #context: CanvasRenderingContext2D;
  readonly #names = new Map<string, string>();
  #frame: ImageData | undefined;
  #detections: vision_msgs.msg.Detection2D[] = [];
  images = 0;

  constructor(private readonly canvas: HTMLCanvasElement) {
    this.#context = canvas.getContext('2d')!;
  }

  setLabels(info: vision_msgs.msg.LabelInfo): void {
    for (const c of info.class_map) this.#names.set(String(c.class_id), c.class_name);
  }

  setImage(image: sensor_msgs.msg.Image): void {
    const layout = CHANNELS[image.encoding];
    const { width, height, step } = image;
    if (!layout || step * height > image.data.length || width * layout.step > step) {
      console.warn(`skipping a ${width}×${height} '${image.encoding}' image the panel cannot draw`);
      return;
    }
    if (!this.#frame || this.#frame.width !== width || this.#frame.height !== height) {
      this.#frame = new ImageData(width, height);
      this.canvas.width = width;
      this.canvas.height = height;
    }
    const rgba = this.#frame.data;
    const data = image.data;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const from = y * step + x * layout.step;
        const to = (y * width + x) * 4;
        rgba[to] = data[from + layout.r]!;
        rgba[to + 1] = data[from + layout.g]!;
        rgba[to + 2] = data[from + layout.b]!;
        rgba[to + 3] = 255;
      }
    }
    this.images++;
    this.#draw();
  }

  setDetections(detections: vision_msgs.msg.Detection2DArray): void {
    this.#detections = detections.detections;
    this.#draw();
  }

  #draw(): void {
    if (!this.#frame) return;
    const context = this.#context;
    context.putImageData(this.#frame, 0, 0);
    context.lineWidth = 2;
    context.font = '12px system-ui, sans-serif';
    for (const detection of this.#detections) {
      const { center, size_x: w, size_y: h } = detection.bbox;
      const best = detection.results[0]?.hypothesis;
      const name = best ? (this.#names.get(best.class_id) ?? best.class_id) : '?';
      const left = center.position.x - w / 2;
      const top = center.position.y - h / 2;
      context.strokeStyle = '#ffd24a';
      context.strokeRect(left, top, w, h);
      const text = `${name} ${best ? best.score.toFixed(2) : ''}`;
      context.fillStyle = 'rgba(0, 0, 0, 0.6)';
      context.fillRect(left, top - 14, context.measureText(text).width + 4, 14);
      context.fillStyle = '#ffd24a';
      context.fillText(text, left + 2, top - 3);
    }
  }
}
