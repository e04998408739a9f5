/** Points on the top and sides of a box lying on the floor, turned by `yaw` about its centre. */
export function boxPoints(
  cx: number,
  cy: number,
  sx: number,
  sy: number,
  sz: number,
  yaw: number,
): Float64Array {
  const points: number[] = [];
  for (let u = -0.5; u <= 0.5; u += 0.05)
    for (let v = -0.5; v <= 0.5; v += 0.05)
      for (const w of [1, 0.6, 0.3]) {
        const x = u * sx;
        const y = v * sy;
        points.push(
          cx + Math.cos(yaw) * x - Math.sin(yaw) * y,
          cy + Math.sin(yaw) * x + Math.cos(yaw) * y,
          w * sz,
        );
      }
  return Float64Array.from(points);
}
