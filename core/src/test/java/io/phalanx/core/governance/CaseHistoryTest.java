package io.phalanx.core.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CaseHistoryTest extends GovernanceTestBase {

    @Test
    void appendsInOrderAndDropsRedeliveredEntries() {
        CaseHistory h = new CaseHistory("inc-42");
        h.append(CaseEntry.Kind.PROPOSED, "p/proposed", "p", OPENED, "Fail over", Map.of());
        h.append(
                CaseEntry.Kind.VOTE,
                "p/vote/network-agent/1",
                "p",
                minutesLater(1),
                "approve",
                Map.of("weight", "2"));
        assertThat(
                        h.append(
                                CaseEntry.Kind.VOTE,
                                "p/vote/network-agent/1",
                                "p",
                                minutesLater(2),
                                "approve",
                                Map.of()))
                .isEmpty();
        CaseEntry d =
                h.append(
                                CaseEntry.Kind.DECISION,
                                "p/decision",
                                "p",
                                minutesLater(3),
                                "APPROVED",
                                Map.of("policyVersion", "v1"))
                        .orElseThrow();

        assertThat(d.seq()).isEqualTo(3);
        assertThat(h.entries())
                .extracting(CaseEntry::kind)
                .containsExactly(
                        CaseEntry.Kind.PROPOSED, CaseEntry.Kind.VOTE, CaseEntry.Kind.DECISION);
        assertThat(CaseHistory.of("inc-42", h.entries()).entries()).isEqualTo(h.entries());
    }

    @Test
    void theListHandedOutCannotChangeTheHistory() {
        CaseHistory h = new CaseHistory("inc-42");
        h.append(CaseEntry.Kind.PROPOSED, "p/proposed", "p", OPENED, "x", Map.of());
        assertThatThrownBy(() -> h.entries().clear())
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(h.entries()).hasSize(1);
    }

    @Test
    void aRestoredHistoryWithAGapIsRefused() {
        CaseHistory h = new CaseHistory("inc-42");
        h.append(CaseEntry.Kind.PROPOSED, "a", "p", OPENED, "x", Map.of());
        h.append(CaseEntry.Kind.VOTE, "b", "p", OPENED, "x", Map.of());
        assertThatThrownBy(() -> CaseHistory.of("inc-42", h.entries().subList(1, 2)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
