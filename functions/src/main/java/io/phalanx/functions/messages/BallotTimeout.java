package io.phalanx.functions.messages;

/** A ballot's delayed message to itself: the deadline has come. */
public record BallotTimeout(int v, String proposalId) {}
