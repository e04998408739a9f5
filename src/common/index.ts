/** Utilities every layer may use; they import nothing of the project. */
export { Random } from './random.ts';
