export * from './behaviorTree/index.ts';
export { itemApproaches } from './itemApproaches.ts';
export { placeStands } from './placeStands.ts';
