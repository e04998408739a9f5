export * as quaternion from './quaternion.ts';
