export { Detector, readDetectorConfig, type DetectorConfig, type DetectorTimings } from './Detector.ts';
export { allHypotheses, type ClassScore, type Decoder, type Detection } from './Detection.ts';
export { yoloDecoder } from './decoders/yolo.ts';
export { fastestDetDecoder } from './decoders/fastestDet.ts';
export { intersectionOverUnion, nonMaximumSuppression } from './nms.ts';
export {
  ImageTensorizer,
  readInputSpec,
  type ImageLike,
  type InputPlacement,
  type InputSpec,
} from './ImageTensorizer.ts';
export { depthInMetres, type DepthImageLike } from './depthImage.ts';
export { ItemClassifier, readItemClassifierConfig, type ItemClassifierConfig } from './ItemClassifier.ts';
export { ItemCropBuilder, CROP, CROP_PLANES, CROP_VALUES, type RgbdFrame } from './itemCrop.ts';
export { DepthEstimator, readDepthConfig, type DepthConfig, type DepthTimings } from './DepthEstimator.ts';
export { FloorDepthAligner, type FloorAlignment } from './FloorDepthAligner.ts';
export { levelOnFloor, type FloorLevelling } from './floorLevelling.ts';
export { DepthLocalizer, localizeOnPlane, type ObjectEstimate, type PixelBox } from './localizeObject.ts';
export { CameraView, type CameraFrame } from './CameraView.ts';
export { ObjectMap, type CameraRecord, type ClassHypothesis, type MappedObject } from './ObjectMap.ts';
export { DetectionScorer, COCO_IOU_THRESHOLDS, type Box } from './meanAveragePrecision.ts';
export { openOnnxModel, type ExecutionProvider } from './onnxSession.ts';
export { cameraInfoMessage, pinholeFromK, type Pinhole } from './pinhole.ts';
