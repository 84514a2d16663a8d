package io.phalanx.core.governance;

import io.phalanx.core.governance.TrustPolicy.Voter;
import io.phalanx.core.governance.VoteReceipt.Status;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The weighted tally of one ballot (one remediation proposal) under a {@link TrustPolicy}.
 *
 * <p>Rules, evaluated after every vote:
 *
 * <ol>
 *   <li>A {@code VETO} from a veto holder decides {@link Decision#VETOED} at once; from anyone else
 *       it counts as a {@code REJECT}.
 *   <li>{@link Decision#APPROVED} once the participating weight (approve + reject + abstain) is at
 *       least the quorum, some weight approves, the approving share of approve + reject is at least
 *       the threshold, and approve and reject are not tied (a tie is no consensus, whatever the
 *       threshold).
 *   <li>{@link Decision#EXPIRED} when {@link #expire} is called at or after the deadline with no
 *       decision.
 * </ol>
 *
 * <p>Until the decision a voter can change its vote or withdraw it. Each vote carries the voter's
 * own sequence number: a vote whose number is not above the last one seen from that voter is a
 * redelivery or an old vote overtaken by a newer one, and is ignored ({@link Status#STALE}), so
 * duplicate and reordered deliveries give the same tally. After the decision every vote is recorded
 * as {@link Status#LATE} and changes nothing; a veto after approval does not undo it. Zero-weight
 * voters are recorded and counted with weight 0: they never make a quorum, but a zero-weight veto
 * holder still vetoes. Voters the policy does not name are recorded, not counted.
 *
 * <p>Not thread-safe; the state is {@link #snapshot()} and {@link #restore}d by the caller.
 */
public final class TrustWeightedTally {

    /** A counted vote. */
    public record CountedVote(
            String voterId, VoteChoice choice, long weightMilli, long seq, Instant at) {}

    /**
     * Everything the tally keeps, for the caller's state store. {@code lastSeq} keeps the highest
     * sequence number per voter, withdrawals included.
     */
    public record Snapshot(
            String proposalId,
            Instant deadline,
            List<CountedVote> votes,
            Map<String, Long> lastSeq,
            DecisionRecord decision) {}

    private final TrustPolicy policy;
    private final String proposalId;
    private final Instant deadline;
    private final Map<String, CountedVote> votes = new LinkedHashMap<>();
    private final Map<String, Long> lastSeq = new LinkedHashMap<>();
    private DecisionRecord decision;

    private TrustWeightedTally(TrustPolicy policy, String proposalId, Instant deadline) {
        this.policy = Objects.requireNonNull(policy);
        this.proposalId = Objects.requireNonNull(proposalId);
        this.deadline = Objects.requireNonNull(deadline);
    }

    /** A new ballot opened at {@code openedAt}; it expires after the policy's ballot timeout. */
    public static TrustWeightedTally open(TrustPolicy policy, String proposalId, Instant openedAt) {
        return new TrustWeightedTally(policy, proposalId, openedAt.plus(policy.ballotTimeout()));
    }

    /** A ballot as {@link #snapshot()} left it. */
    public static TrustWeightedTally restore(TrustPolicy policy, Snapshot s) {
        TrustWeightedTally t = new TrustWeightedTally(policy, s.proposalId(), s.deadline());
        for (CountedVote v : s.votes()) {
            t.votes.put(v.voterId(), v);
        }
        t.lastSeq.putAll(s.lastSeq());
        t.decision = s.decision();
        return t;
    }

    public Snapshot snapshot() {
        return new Snapshot(
                proposalId,
                deadline,
                new ArrayList<>(votes.values()),
                new LinkedHashMap<>(lastSeq),
                decision);
    }

    /** Records a vote at {@code now}; decides if the rules say so. */
    public VoteReceipt cast(String voterId, VoteChoice choice, long seq, Instant now) {
        return apply(voterId, Objects.requireNonNull(choice), false, seq, now);
    }

    /** Withdraws the voter's vote (if any) at {@code now}. */
    public VoteReceipt withdraw(String voterId, long seq, Instant now) {
        return apply(voterId, null, true, seq, now);
    }

    /** Decides {@link Decision#EXPIRED} if {@code now} is at or past the deadline and undecided. */
    public Optional<DecisionRecord> expire(Instant now) {
        if (decision == null && !now.isBefore(deadline)) {
            Sums s = sums();
            decision =
                    record(
                            Decision.EXPIRED,
                            now,
                            s,
                            "no approval or veto by the deadline "
                                    + deadline
                                    + "; "
                                    + s.describe());
        }
        return Optional.ofNullable(decision);
    }

    public Optional<DecisionRecord> decision() {
        return Optional.ofNullable(decision);
    }

    public Instant deadline() {
        return deadline;
    }

    public String proposalId() {
        return proposalId;
    }

    /** The votes counted now, in the order voters first voted. */
    public List<CountedVote> votes() {
        return List.copyOf(votes.values());
    }

    private VoteReceipt apply(
            String voterId, VoteChoice choice, boolean withdrawal, long seq, Instant now) {
        Optional<Voter> voter = policy.voter(voterId);
        long weight = voter.map(Voter::weightMilli).orElse(0L);
        if (decision == null) {
            expire(now);
        }
        if (decision != null) {
            return receipt(
                    voterId,
                    choice,
                    withdrawal,
                    seq,
                    weight,
                    Status.LATE,
                    now,
                    "after the decision " + decision.decision());
        }
        if (voter.isEmpty()) {
            return receipt(
                    voterId,
                    choice,
                    withdrawal,
                    seq,
                    0,
                    Status.UNKNOWN_VOTER,
                    now,
                    "not a voter of policy " + policy.version());
        }
        Long last = lastSeq.get(voterId);
        if (last != null && seq <= last) {
            return receipt(
                    voterId,
                    choice,
                    withdrawal,
                    seq,
                    weight,
                    Status.STALE,
                    now,
                    "sequence " + seq + " <= last seen " + last);
        }
        lastSeq.put(voterId, seq);
        String note = "";
        Status status;
        if (withdrawal) {
            status = Status.WITHDRAWN;
            if (votes.remove(voterId) == null) {
                note = "no vote to withdraw";
            }
        } else {
            status = votes.containsKey(voterId) ? Status.CHANGED : Status.COUNTED;
            if (choice == VoteChoice.VETO && !voter.get().vetoHolder()) {
                note = "not a veto holder: counted as REJECT";
            }
            votes.remove(voterId); // a changed vote moves to the end, in time order
            votes.put(voterId, new CountedVote(voterId, choice, weight, seq, now));
        }
        evaluate(now);
        return receipt(voterId, choice, withdrawal, seq, weight, status, now, note);
    }

    private void evaluate(Instant now) {
        Sums s = sums();
        if (s.vetoBy != null) {
            decision =
                    record(Decision.VETOED, now, s, "vetoed by " + s.vetoBy + "; " + s.describe());
            return;
        }
        long approveAndReject = s.approve + s.reject;
        boolean quorumMet = s.participating() >= policy.quorumMilli();
        boolean shareMet =
                s.approve > 0
                        && s.approve != s.reject
                        && s.approve * 1000 >= policy.approvalThresholdMilli() * approveAndReject;
        if (quorumMet && shareMet) {
            decision = record(Decision.APPROVED, now, s, s.describe());
        }
    }

    private Sums sums() {
        Sums s = new Sums();
        for (CountedVote v : votes.values()) {
            boolean vetoHolder = policy.voter(v.voterId()).map(Voter::vetoHolder).orElse(false);
            switch (v.choice()) {
                case APPROVE -> s.approve += v.weightMilli();
                case REJECT -> s.reject += v.weightMilli();
                case ABSTAIN -> s.abstain += v.weightMilli();
                case VETO -> {
                    if (vetoHolder) {
                        if (s.vetoBy == null) {
                            s.vetoBy = v.voterId();
                        }
                    }
                    s.reject += v.weightMilli();
                }
            }
        }
        return s;
    }

    private DecisionRecord record(Decision d, Instant at, Sums s, String reason) {
        return new DecisionRecord(
                proposalId, d, policy.version(), at, s.approve, s.reject, s.abstain, reason);
    }

    private VoteReceipt receipt(
            String voterId,
            VoteChoice choice,
            boolean withdrawal,
            long seq,
            long weight,
            Status status,
            Instant at,
            String note) {
        return new VoteReceipt(
                proposalId, voterId, choice, withdrawal, seq, weight, status, at, note);
    }

    private final class Sums {
        long approve;
        long reject;
        long abstain;
        String vetoBy;

        long participating() {
            return approve + reject + abstain;
        }

        String describe() {
            long ar = approve + reject;
            String share =
                    ar == 0 ? "no approve/reject weight" : (approve * 100 / ar) + " % approve";
            return "approve "
                    + TrustPolicy.formatWeight(approve)
                    + ", reject "
                    + TrustPolicy.formatWeight(reject)
                    + ", abstain "
                    + TrustPolicy.formatWeight(abstain)
                    + " ("
                    + share
                    + ", threshold "
                    + policy.approvalThresholdMilli() / 10.0
                    + " %); participating "
                    + TrustPolicy.formatWeight(participating())
                    + " of quorum "
                    + TrustPolicy.formatWeight(policy.quorumMilli());
        }
    }
}
