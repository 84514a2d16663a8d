package io.phalanx.core.ladder;

/**
 * A packet copy at one capture point.
 *
 * @param lane index into {@link Ladder#lanes()}
 * @param capturePoint the lane's capture point id
 * @param tMs reference-clock time, ms since {@link Ladder#originNanos()}
 */
public record LadderSighting(int lane, String capturePoint, double tMs) {}
