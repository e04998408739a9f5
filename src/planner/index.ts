export * from './behaviorTree/index.ts';
export { itemApproaches } from './itemApproaches.ts';
export { clearPlaceStands, placeStands } from './placeStands.ts';
export { STAND_MARGIN_M } from './standMargin.ts';
export { furnitureOver } from './underFurniture.ts';
