package io.phalanx.functions.messages;

import java.util.List;

/** The answer to a {@link CaseQuery}: every line of the case, in order. */
public record CaseSnapshot(int v, String incidentId, String requestId, List<CaseRecord> entries) {}
