/** A rectangle on the floor plan (map frame, m): its centre, its turn and half its sides. */
export interface Rectangle {
  readonly x: number;
  readonly y: number;
  readonly yaw: number;
  readonly halfX: number;
  readonly halfY: number;
}

/** Whether the point (px, py) lies within `rect` grown by `marginM` on every side. */
export function insideRectangle(px: number, py: number, rect: Rectangle, marginM = 0): boolean {
  const c = Math.cos(rect.yaw);
  const s = Math.sin(rect.yaw);
  const dx = px - rect.x;
  const dy = py - rect.y;
  return (
    Math.abs(c * dx + s * dy) <= rect.halfX + marginM && Math.abs(-s * dx + c * dy) <= rect.halfY + marginM
  );
}
