export * from './behaviorTree/index.ts';
export { itemApproaches } from './itemApproaches.ts';
