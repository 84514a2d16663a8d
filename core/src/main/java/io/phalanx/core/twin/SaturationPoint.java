package io.phalanx.core.twin;

/**
 * The load multiplier (relative to multiplier 1 of the scenario's traffic mix) at which the first
 * node reaches offered utilisation 1, and that node. Below it every unbounded queue has a steady
 * state; at it the node's queue grows without bound.
 */
public record SaturationPoint(double loadMultiplier, String node) {}
