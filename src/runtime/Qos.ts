/**
 * Quality of service, with ROS 2's names and its matching rules: a reliable subscription does
 * not match a best-effort publisher, and a transient-local subscription does not match a
 * volatile publisher. Keep-last `depth` bounds both a subscription's queue and the history a
 * transient-local publisher keeps for late joiners.
 */
export type Reliability = 'reliable' | 'best_effort';
export type Durability = 'volatile' | 'transient_local';

export interface QoSProfile {
  readonly depth: number;
  readonly reliability: Reliability;
  readonly durability: Durability;
}

export const QOS_DEFAULT: QoSProfile = { depth: 10, reliability: 'reliable', durability: 'volatile' };
/** For latched topics such as `/map` and `/tf_static`. */
export const QOS_LATCHED: QoSProfile = { depth: 1, reliability: 'reliable', durability: 'transient_local' };
export const QOS_SENSOR_DATA: QoSProfile = { depth: 5, reliability: 'best_effort', durability: 'volatile' };
export const QOS_CLOCK: QoSProfile = { depth: 1, reliability: 'best_effort', durability: 'volatile' };
/** rcl's `/rosout` profile (less its 10 s lifespan): late joiners such as rqt_console get recent lines. */
export const QOS_ROSOUT: QoSProfile = { depth: 1000, reliability: 'reliable', durability: 'transient_local' };

export type QoSInput = Partial<QoSProfile> | number | undefined;

export function resolveQos(input: QoSInput): QoSProfile {
  const qos = typeof input === 'number' ? { ...QOS_DEFAULT, depth: input } : { ...QOS_DEFAULT, ...input };
  if (!Number.isInteger(qos.depth) || qos.depth < 1)
    throw new Error(`invalid QoS depth ${qos.depth}: must be an integer >= 1`);
  if (qos.reliability !== 'reliable' && qos.reliability !== 'best_effort')
    throw new Error(`invalid QoS reliability '${String(qos.reliability)}': use 'reliable' or 'best_effort'`);
  if (qos.durability !== 'volatile' && qos.durability !== 'transient_local')
    throw new Error(
      `invalid QoS durability '${String(qos.durability)}': use 'volatile' or 'transient_local'`,
    );
  return qos;
}

/** Why a publisher and subscription do not match, or undefined when they do. */
export function qosIncompatibility(publisher: QoSProfile, subscription: QoSProfile): string | undefined {
  if (subscription.reliability === 'reliable' && publisher.reliability === 'best_effort')
    return 'the subscription is reliable but the publisher is best-effort';
  if (subscription.durability === 'transient_local' && publisher.durability === 'volatile')
    return 'the subscription is transient-local but the publisher is volatile';
  return undefined;
}
