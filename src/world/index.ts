export {
  findPlace,
  headroomAbove,
  insideRoom,
  openSides,
  placeFootprint,
  placeLevels,
  placeTopZ,
  parseHouseDescription,
  type House,
  type HousePlace,
} from './houseDescription.ts';
export { TidyRules, type Placement, type TidyRule } from './tidyRules.ts';
export {
  WorldModel,
  type ClassHypothesis,
  type ItemStatus,
  type ObservedObject,
  type TrackedItem,
} from './WorldModel.ts';
