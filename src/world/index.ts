export { findPlace, parseHouseDescription, type House, type HousePlace } from './houseDescription.ts';
