package io.phalanx.core.slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.phalanx.core.config.ConfigFileException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ImpactPrioritizerTest extends SloTestBase {
    private static final ImpactPrioritizer EXAMPLE = new ImpactPrioritizer(exampleRules());

    /** Rules where the score is just the current burn rate (capped at 100): levels are readable. */
    private static final ImpactPrioritizer SCORE_IS_BURN_RATE =
            new ImpactPrioritizer(
                    new PrioritizationRules(
                            "test-burn-only",
                            new PrioritizationRules.Weights(100, 0, 0, 0, 0),
                            100,
                            1000,
                            1_000_000,
                            1,
                            Map.of("enterprise", 1.0, "internal", 0.0),
                            Map.of(
                                    Priority.Level.P1,
                                    70.0,
                                    Priority.Level.P2,
                                    50.0,
                                    Priority.Level.P3,
                                    30.0,
                                    Priority.Level.P4,
                                    15.0)));

    private static Incident incident(
            String slo,
            ServiceImpact impact,
            double burnRate,
            double budgetRemaining,
            Instant openedAt) {
        return new Incident(
                slo, slo + "-service", impact, openedAt, true, burnRate, budgetRemaining);
    }

    @Test
    void exampleRulesFileIsReadAsDocumented() {
        PrioritizationRules rules = exampleRules();

        assertThat(rules.version()).isEqualTo("2026-11-26.1");
        PrioritizationRules.Weights w = rules.weights();
        assertThat(
                        w.burnRate()
                                + w.budgetSpent()
                                + w.revenue()
                                + w.customerTier()
                                + w.blastRadius())
                .isEqualTo(100);
        assertThat(rules.customerTiers())
                .containsEntry("enterprise", 1.0)
                .containsEntry("internal", 0.0);
        assertThat(rules.levelFloors())
                .containsEntry(Priority.Level.P1, 70.0)
                .containsEntry(Priority.Level.P4, 15.0);
    }

    @Test
    void everyTermIsWeightTimesFactorAndTheScoreIsTheirSum() {
        // Half the full-weight burn rate, 40 % of the budget spent, half the full-weight revenue,
        // the business tier (0.6), a million users (full blast radius); burning well above 1x.
        Incident i =
                incident("orders", new ServiceImpact(500, "business", 1_000_000), 7.2, 0.6, T0);

        Priority p = EXAMPLE.prioritize(i);

        assertThat(p.term("burn rate").points()).isCloseTo(15, within(1e-9));
        assertThat(p.term("budget spent").points()).isCloseTo(6, within(1e-9));
        assertThat(p.term("revenue").points()).isCloseTo(12.5, within(1e-9));
        assertThat(p.term("customer tier").points()).isCloseTo(9, within(1e-9));
        assertThat(p.term("blast radius").points()).isCloseTo(15, within(1e-9));
        assertThat(p.score()).isCloseTo(57.5, within(1e-9));
        assertThat(p.level()).isEqualTo(Priority.Level.P2);
        assertThat(p.rulesVersion()).isEqualTo("2026-11-26.1");
        assertThat(p.explanation())
                .hasSize(6)
                .contains(
                        "burn rate: 15.0 points = weight 30.0 x 0.500 (current burn rate 7.20 of 14.4 at full weight)")
                .contains(
                        "budget spent: 6.0 points = weight 15.0 x 0.400 (60.0 % of the error budget left)")
                .last()
                .isEqualTo("score 57.5 -> P2 (rules version 2026-11-26.1)");
    }

    @Test
    void impactFadesWithExposureWhenTheServiceStopsBurning() {
        ServiceImpact checkout = new ServiceImpact(2000, "enterprise", 1_000_000);

        Priority quarter = EXAMPLE.prioritize(incident("checkout", checkout, 0.25, 0.5, T0));
        Priority recovered = EXAMPLE.prioritize(incident("checkout", checkout, 0, 0.5, T0));

        assertThat(quarter.term("revenue").points()).isCloseTo(25 * 0.25, within(1e-9));
        assertThat(quarter.term("customer tier").points()).isCloseTo(15 * 0.25, within(1e-9));
        assertThat(quarter.term("blast radius").points()).isCloseTo(15 * 0.25, within(1e-9));
        assertThat(recovered.score())
                .as("only the spent budget remains")
                .isCloseTo(7.5, within(1e-9));
        assertThat(recovered.term("revenue").basis()).contains("exposure 0.000");
        assertThat(recovered.level()).isEqualTo(Priority.Level.P5);
    }

    @Test
    void blastRadiusIsLogScaled() {
        // log10(1 + 999) / log10(1 + 1e6) = 3 / 6.0000004: a thousand users give half the term.
        Priority p =
                EXAMPLE.prioritize(
                        incident("wiki", new ServiceImpact(0, "internal", 999), 14.4, 1, T0));

        assertThat(p.term("blast radius").factor()).isCloseTo(0.5, within(1e-6));
    }

    static Stream<Arguments> levelBands() {
        return Stream.of(
                Arguments.of(100.0, Priority.Level.P1),
                Arguments.of(70.0, Priority.Level.P1), // a floor belongs to its level
                Arguments.of(69.9, Priority.Level.P2),
                Arguments.of(50.0, Priority.Level.P2),
                Arguments.of(30.0, Priority.Level.P3),
                Arguments.of(15.0, Priority.Level.P4),
                Arguments.of(14.99, Priority.Level.P5),
                Arguments.of(0.0, Priority.Level.P5),
                Arguments.of(Double.NaN, Priority.Level.P5)); // no traffic at all
    }

    @ParameterizedTest(name = "score {0} -> {1}")
    @MethodSource("levelBands")
    void levelsFollowTheScoreBands(double burnRate, Priority.Level level) {
        Priority p =
                SCORE_IS_BURN_RATE.prioritize(
                        incident("api", ServiceImpact.none(), burnRate, 1, T0));

        assertThat(p.level()).isEqualTo(level);
    }

    @Test
    void equalScoresRankByRevenueThenBudgetThenAgeThenName() {
        Instant early = minute(0);
        Instant late = minute(5);
        Incident richer =
                incident("e-richer", new ServiceImpact(900, "internal", 0), 40, 0.9, late);
        Incident lessBudget =
                incident("d-less-budget", new ServiceImpact(100, "internal", 0), 40, 0.2, late);
        Incident older = incident("c-older", new ServiceImpact(100, "internal", 0), 40, 0.9, early);
        Incident nameA = incident("a-name", new ServiceImpact(100, "internal", 0), 40, 0.9, late);
        Incident nameB = incident("b-name", new ServiceImpact(100, "internal", 0), 40, 0.9, late);
        Incident higherScore = incident("z-higher", ServiceImpact.none(), 41, 1, late);

        for (List<Incident> order :
                List.of(
                        List.of(nameB, nameA, older, lessBudget, richer, higherScore),
                        List.of(higherScore, richer, lessBudget, older, nameA, nameB),
                        List.of(older, nameB, higherScore, nameA, richer, lessBudget))) {
            assertThat(SCORE_IS_BURN_RATE.rank(order))
                    .extracting(r -> r.incident().sloName())
                    .containsExactly(
                            "z-higher", "e-richer", "d-less-budget", "c-older", "a-name", "b-name");
        }
    }

    @Test
    void unknownCustomerTierIsAnErrorNamingTheRulesVersion() {
        Incident i = incident("api", new ServiceImpact(0, "platinum", 0), 1, 1, T0);

        assertThatThrownBy(() -> EXAMPLE.prioritize(i))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(
                        "customer tier 'platinum' is not in rules version 2026-11-26.1");
    }

    static Stream<Arguments> invalidRules() {
        return Stream.of(
                Arguments.of(
                        "  P3: 30",
                        "  P3: 60",
                        24,
                        "levels.P3 (60.0) must be lower than the level above it (50.0)"),
                Arguments.of(
                        "  revenue: 25",
                        "  revenue: -25",
                        8,
                        "weights.revenue must be >= 0, got -25.0"),
                Arguments.of(
                        "  internal: 0.0",
                        "  internal: 2",
                        20,
                        "customerTiers.internal must be between 0 and 1"),
                Arguments.of(
                        "  burnRate: 30",
                        "  burnrate: 30",
                        6,
                        "unknown field 'burnrate' in weights"),
                Arguments.of(
                        "  usersAtFullWeight: 1000000",
                        "  usersAtFullWeight: 0",
                        14,
                        "scales.usersAtFullWeight must be > 0"));
    }

    @ParameterizedTest(name = "{3}")
    @MethodSource("invalidRules")
    void rejectsInvalidRulesWithLineAndReason(
            String original, String replacement, int line, String reason) {
        String yaml = resource("slo/prioritization-rules.yaml");
        assertThat(yaml).contains(original);

        assertThatThrownBy(
                        () ->
                                PrioritizationRules.parse(
                                        yaml.replace(original, replacement), "rules.yaml"))
                .isInstanceOfSatisfying(
                        ConfigFileException.class,
                        e -> {
                            assertThat(e.reason()).contains(reason);
                            assertThat(e.line()).as(e.getMessage()).isEqualTo(line);
                        });
    }
}
