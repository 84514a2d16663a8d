package io.phalanx.functions;

import io.phalanx.core.governance.CaseEntry;
import io.phalanx.core.governance.TrustWeightedTally;
import io.phalanx.core.twin.TwinResultFile;
import io.phalanx.functions.actions.ActionOutcome;
import io.phalanx.functions.messages.BallotTimeout;
import io.phalanx.functions.messages.CaseEvent;
import io.phalanx.functions.messages.CaseQuery;
import io.phalanx.functions.messages.ExecuteRequest;
import io.phalanx.functions.messages.IncidentMessage;
import io.phalanx.functions.messages.Json;
import io.phalanx.functions.messages.ProposalMessage;
import io.phalanx.functions.messages.ReviewRequest;
import io.phalanx.functions.messages.TwinCompareRequest;
import io.phalanx.functions.messages.TwinPrediction;
import io.phalanx.functions.messages.TwinRequest;
import io.phalanx.functions.messages.TwinSample;
import io.phalanx.functions.messages.TwinScenarioRequest;
import io.phalanx.functions.messages.VoteMessage;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.flink.statefun.sdk.java.TypeName;
import org.apache.flink.statefun.sdk.java.types.SimpleType;
import org.apache.flink.statefun.sdk.java.types.Type;

/**
 * The namespace, function types, message types, egresses and topics of remediation governance.
 * Every message and every state value is JSON (the contract in {@code
 * io.phalanx.functions.messages}). Type names of messages that come from Kafka must match the
 * {@code valueType}s of module.yaml.
 */
public final class Types {
    public static final String NAMESPACE = "phalanx.governance";

    public static final TypeName ADVISOR = TypeName.typeNameOf(NAMESPACE, "advisor");
    public static final TypeName BALLOT = TypeName.typeNameOf(NAMESPACE, "ballot");
    public static final TypeName AGENT = TypeName.typeNameOf(NAMESPACE, "agent");
    public static final TypeName EXECUTOR = TypeName.typeNameOf(NAMESPACE, "executor");
    public static final TypeName CASE_HISTORY = TypeName.typeNameOf(NAMESPACE, "case-history");
    public static final TypeName TWIN = TypeName.typeNameOf(NAMESPACE, "twin");

    /** The Kafka egress (module.yaml {@code io.statefun.kafka.v1/egress} id). */
    public static final TypeName KAFKA_EGRESS = TypeName.typeNameOf(NAMESPACE, "kafka");

    public static final String INCIDENTS_TOPIC = "phalanx.incidents.v1";
    public static final String VOTES_TOPIC = "phalanx.votes.v1";
    public static final String APPROVED_PLANS_TOPIC = "phalanx.approved-plans.v1";
    public static final String CASES_TOPIC = "phalanx.cases.v1";
    public static final String CASE_QUERIES_TOPIC = "phalanx.case-queries.v1";
    public static final String CASE_SNAPSHOTS_TOPIC = "phalanx.case-snapshots.v1";
    public static final String TWIN_REQUESTS_TOPIC = "phalanx.twin-requests.v1";
    public static final String TWIN_PREDICTIONS_TOPIC = "phalanx.twin-predictions.v1";

    public static final Type<IncidentMessage> INCIDENT = json("Incident", IncidentMessage.class);
    public static final Type<VoteMessage> VOTE = json("Vote", VoteMessage.class);
    public static final Type<ExecuteRequest> EXECUTE = json("ExecuteRequest", ExecuteRequest.class);
    public static final Type<CaseQuery> CASE_QUERY = json("CaseQuery", CaseQuery.class);
    public static final Type<ProposalMessage> PROPOSAL = json("Proposal", ProposalMessage.class);
    public static final Type<ReviewRequest> REVIEW = json("ReviewRequest", ReviewRequest.class);
    public static final Type<BallotTimeout> BALLOT_TIMEOUT =
            json("BallotTimeout", BallotTimeout.class);
    public static final Type<CaseEvent> CASE_EVENT = json("CaseEvent", CaseEvent.class);
    public static final Type<TwinRequest> TWIN_REQUEST = json("TwinRequest", TwinRequest.class);
    public static final Type<TwinSample> TWIN_SAMPLE = json("TwinSample", TwinSample.class);
    public static final Type<TwinScenarioRequest> TWIN_SCENARIO =
            json("TwinScenarioRequest", TwinScenarioRequest.class);
    public static final Type<TwinCompareRequest> TWIN_COMPARE =
            json("TwinCompareRequest", TwinCompareRequest.class);

    // State types.
    public static final Type<TrustWeightedTally.Snapshot> TALLY_STATE =
            json("state.Tally", TrustWeightedTally.Snapshot.class);
    public static final Type<VoteMessage[]> VOTE_LIST_STATE =
            json("state.Votes", VoteMessage[].class);
    public static final Type<CaseEntry[]> CASE_ENTRIES_STATE =
            json("state.CaseEntries", CaseEntry[].class);
    public static final Type<ActionOutcomes> OUTCOMES_STATE =
            json("state.Outcomes", ActionOutcomes.class);

    public static final Type<TwinSample[]> TWIN_SAMPLES_STATE =
            json("state.TwinSamples", TwinSample[].class);
    public static final Type<TwinResults> TWIN_RESULTS_STATE =
            json("state.TwinResults", TwinResults.class);

    /** The twin's state: scenario results, oldest first. */
    public record TwinResults(List<TwinResult> results) {}

    /** A scenario's prediction and the summary figures it is compared on. */
    public record TwinResult(TwinPrediction prediction, TwinResultFile.Stored stored) {}

    /** The executor's state: outcome per idempotency key. */
    public record ActionOutcomes(Map<String, ActionOutcome> byKey) {}

    private Types() {}

    static <T> List<T> list(T[] array) {
        return array == null ? List.of() : Arrays.asList(array);
    }

    private static <T> Type<T> json(String name, Class<T> type) {
        return SimpleType.simpleImmutableTypeFrom(
                TypeName.typeNameOf(NAMESPACE, name), Json::write, bytes -> Json.read(bytes, type));
    }
}
