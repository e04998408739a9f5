/**
 * How far the base's edge stands from furniture at a stand the planner sends the navigator to
 * (m): the navigator stops anywhere within its 5 cm goal tolerance, localization is off by 1–3 cm,
 * and the bumper gives at 8 mm. At 5 cm the base touched a cabinet beside a stand at the TV stand.
 */
export const STAND_MARGIN_M = 0.1;
