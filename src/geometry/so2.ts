/**
 * SO(2) as an angle in radians, kept in (−π, π]. Tangent: the angle itself; exp/log wrap;
 * Jacobians and adjoint are 1. Batch helpers work on Float64Arrays of angles.
 */
export function wrap(angleRad: number): number {
  const wrapped = angleRad - 2 * Math.PI * Math.floor((angleRad + Math.PI) / (2 * Math.PI));
  return wrapped === -Math.PI ? Math.PI : wrapped;
}

export const exp = wrap;
export const log = wrap;

export function compose(a: number, b: number): number {
  return wrap(a + b);
}

export function inverse(a: number): number {
  return wrap(-a);
}

export function between(a: number, b: number): number {
  return wrap(b - a);
}

export function act(out: Float64Array, angleRad: number, p: ArrayLike<number>): Float64Array {
  const c = Math.cos(angleRad);
  const s = Math.sin(angleRad);
  const x = p[0]!;
  const y = p[1]!;
  out[0] = c * x - s * y;
  out[1] = s * x + c * y;
  return out;
}

export function interpolate(a: number, b: number, t: number): number {
  return wrap(a + t * between(a, b));
}

/** Wraps every angle of `angles` in place-safe fashion into `out`. */
export function wrapAll(out: Float64Array, angles: ArrayLike<number>): Float64Array {
  for (let i = 0; i < angles.length; i++) out[i] = wrap(angles[i]!);
  return out;
}
