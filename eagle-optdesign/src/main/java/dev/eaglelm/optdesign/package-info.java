/**
 * Certified optimal experimental designs and the G-optimal action-set selector of EAGLE.
 *
 * <ul>
 *   <li>{@link dev.eaglelm.optdesign.OptimalDesign}: continuous D-/G-optimal designs over n points in
 *       R<sup>d</sup> with a Kiefer&ndash;Wolfowitz certificate ({@link dev.eaglelm.optdesign.DesignResult}).</li>
 *   <li>{@link dev.eaglelm.optdesign.ExactDesign}: k distinct points, by efficient rounding of the continuous
 *       design and Fedorov exchange, with G- and D-efficiencies against the continuous optimum.</li>
 *   <li>{@link dev.eaglelm.optdesign.RejectionSampler}: the paper's procedure (random k-subsets accepted when
 *       the max leverage is at most C times the dimension).</li>
 *   <li>{@link dev.eaglelm.optdesign.GOptimalActionSetSelector}: the {@link dev.eaglelm.core.ActionSetSelector}
 *       that keeps k candidate actions and returns their design weights (the G-optimal reference policy).</li>
 *   <li>{@link dev.eaglelm.optdesign.Leverages} (ND4J) and {@link dev.eaglelm.optdesign.ReferenceLeverages}
 *       (Commons Math): leverages and log det of a given design, cross-checked by the tests.</li>
 * </ul>
 */
package dev.eaglelm.optdesign;
