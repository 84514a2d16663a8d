package io.phalanx.functions;

import io.phalanx.functions.messages.ExecuteRequest;
import io.phalanx.functions.messages.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.statefun.sdk.egress.generated.KafkaProducerRecord;
import org.apache.flink.statefun.sdk.java.Address;
import org.apache.flink.statefun.sdk.java.AddressScopedStorage;
import org.apache.flink.statefun.sdk.java.Context;
import org.apache.flink.statefun.sdk.java.StatefulFunction;
import org.apache.flink.statefun.sdk.java.TypeName;
import org.apache.flink.statefun.sdk.java.ValueSpec;
import org.apache.flink.statefun.sdk.java.message.EgressMessage;
import org.apache.flink.statefun.sdk.java.message.Message;
import org.apache.flink.statefun.sdk.java.message.MessageBuilder;
import org.apache.flink.statefun.sdk.java.slice.Slices;

/**
 * A small model of the StateFun runtime for randomized tests: messages are delivered in a random
 * order, state is kept as the bytes of each value's own serializer, delayed messages wait for the
 * simulated clock, and a checkpoint snapshots state, in-flight messages and ingress offsets while
 * committing the Kafka egress transaction. A restart rolls everything back to the last checkpoint
 * and aborts the open transaction; what actions did to the outside world stays done.
 *
 * <p>The approved-plans topic loops back into the executor through an ingress that reads only
 * committed records, as the module.yaml wiring does.
 */
final class SimulatedRuntime {
    record Envelope(Address target, Message message, long dueMs) {}

    record KafkaRecord(String topic, String key, byte[] value) {}

    private final Map<TypeName, StatefulFunction> functions = new HashMap<>();
    private final Random random;
    private final FunctionsTestBase.MutableClock clock;
    private final long startMs;

    // Live state.
    private Map<Address, Map<String, byte[]>> state = new HashMap<>();
    private List<Envelope> pending = new ArrayList<>();
    private List<Envelope> delayed = new ArrayList<>();
    private List<Envelope> ingress = new ArrayList<>(); // external producers' records, in log order
    private int ingressOffset;
    private int approvedOffset;
    private final List<KafkaRecord> openTransaction = new ArrayList<>();
    final List<KafkaRecord> committed = new ArrayList<>();

    // Last checkpoint.
    private Map<Address, Map<String, byte[]>> cpState = new HashMap<>();
    private List<Envelope> cpPending = new ArrayList<>();
    private List<Envelope> cpDelayed = new ArrayList<>();
    private int cpIngressOffset;
    private int cpApprovedOffset;

    int deliveries;
    int restarts;

    SimulatedRuntime(GovernanceConfig config, FunctionsTestBase.MutableClock clock, Random random) {
        this.clock = clock;
        this.random = random;
        this.startMs = clock.instant().toEpochMilli();
        functions.put(Types.ADVISOR, new AdvisorFn(config));
        functions.put(Types.BALLOT, new BallotFn(config));
        functions.put(Types.AGENT, new AgentFn(config));
        functions.put(Types.EXECUTOR, new ExecutorFn(config));
        functions.put(Types.CASE_HISTORY, new CaseHistoryFn());
    }

    /** Appends a record to an ingress topic (an external producer; may be a duplicate). */
    void produce(Message message) {
        ingress.add(new Envelope(message.targetAddress(), message, 0));
    }

    <T> Optional<T> read(Address address, ValueSpec<T> spec) {
        byte[] bytes = state.getOrDefault(address, Map.of()).get(spec.name());
        return bytes == null
                ? Optional.empty()
                : Optional.of(spec.type().typeSerializer().deserialize(Slices.wrap(bytes)));
    }

    boolean quiescent() {
        return pending.isEmpty()
                && delayed.isEmpty()
                && ingressOffset == ingress.size()
                && approvedOffset == approvedRecords().size()
                && openTransaction.isEmpty();
    }

    /** One random step: deliver something, or advance the clock. */
    void step() throws Throwable {
        long now = clock.instant().toEpochMilli();
        List<Runnable> choices = new ArrayList<>();
        if (!pending.isEmpty()) {
            choices.add(() -> deliver(pending.remove(random.nextInt(pending.size()))));
            choices.add(() -> deliver(pending.remove(random.nextInt(pending.size()))));
        }
        if (ingressOffset < ingress.size()) {
            choices.add(() -> deliver(ingress.get(ingressOffset++)));
        }
        List<KafkaRecord> approved = approvedRecords();
        if (approvedOffset < approved.size()) {
            KafkaRecord r = approved.get(approvedOffset);
            choices.add(
                    () -> {
                        approvedOffset++;
                        deliver(
                                new Envelope(
                                        new Address(Types.EXECUTOR, r.key()),
                                        MessageBuilder.forAddress(Types.EXECUTOR, r.key())
                                                .withCustomType(
                                                        Types.EXECUTE,
                                                        Json.read(r.value(), ExecuteRequest.class))
                                                .build(),
                                        0));
                    });
        }
        for (Envelope d : List.copyOf(delayed)) {
            if (d.dueMs() <= now) {
                choices.add(
                        () -> {
                            delayed.remove(d);
                            deliver(d);
                        });
            }
        }
        if (choices.isEmpty() || random.nextInt(5) == 0) {
            clock.advance(Duration.ofMillis(random.nextInt(20_000)));
            if (choices.isEmpty() && !delayed.isEmpty()) {
                long next = delayed.stream().mapToLong(Envelope::dueMs).min().orElseThrow();
                clock.now =
                        java.time.Instant.ofEpochMilli(
                                Math.max(next, clock.instant().toEpochMilli()));
            }
            return;
        }
        try {
            choices.get(random.nextInt(choices.size())).run();
        } catch (Failure f) {
            throw f.getCause();
        }
    }

    private List<KafkaRecord> approvedRecords() {
        return committed.stream()
                .filter(r -> r.topic().equals(Types.APPROVED_PLANS_TOPIC))
                .toList();
    }

    /** Flink's checkpoint: snapshot everything and commit the egress transaction. */
    void checkpoint() {
        cpState = copy(state);
        cpPending = new ArrayList<>(pending);
        cpDelayed = new ArrayList<>(delayed);
        cpIngressOffset = ingressOffset;
        cpApprovedOffset = approvedOffset;
        committed.addAll(openTransaction);
        openTransaction.clear();
    }

    /** A crash and recovery from the last checkpoint; the open transaction is aborted. */
    void restart() {
        state = copy(cpState);
        pending = new ArrayList<>(cpPending);
        delayed = new ArrayList<>(cpDelayed);
        ingressOffset = cpIngressOffset;
        approvedOffset = cpApprovedOffset;
        openTransaction.clear();
        restarts++;
    }

    long elapsedMs() {
        return clock.instant().toEpochMilli() - startMs;
    }

    private static Map<Address, Map<String, byte[]>> copy(Map<Address, Map<String, byte[]>> s) {
        Map<Address, Map<String, byte[]>> c = new HashMap<>();
        s.forEach((a, m) -> c.put(a, new HashMap<>(m)));
        return c;
    }

    private static final class Failure extends RuntimeException {
        Failure(Throwable cause) {
            super(cause);
        }
    }

    private void deliver(Envelope e) {
        deliveries++;
        StatefulFunction fn = functions.get(e.target().type());
        Map<String, byte[]> working = new HashMap<>(state.getOrDefault(e.target(), Map.of()));
        SimContext ctx = new SimContext(e.target(), working);
        try {
            CompletableFuture<Void> done = fn.apply(ctx, e.message());
            done.join();
        } catch (Throwable t) {
            throw new Failure(t);
        }
        // The invocation's effects become visible together, as the runtime applies a reply.
        state.put(e.target(), working);
        long now = clock.instant().toEpochMilli();
        for (Message m : ctx.sent) {
            pending.add(new Envelope(m.targetAddress(), m, 0));
        }
        for (Map.Entry<Duration, Message> d : ctx.sentAfter) {
            delayed.add(
                    new Envelope(
                            d.getValue().targetAddress(),
                            d.getValue(),
                            now + d.getKey().toMillis()));
        }
        for (EgressMessage m : ctx.egress) {
            KafkaProducerRecord r = FunctionsTestBase.kafkaRecord(m);
            openTransaction.add(
                    new KafkaRecord(r.getTopic(), r.getKey(), r.getValueBytes().toByteArray()));
        }
    }

    private static final class SimContext implements Context {
        final Address self;
        final Map<String, byte[]> working;
        final List<Message> sent = new ArrayList<>();
        final List<Map.Entry<Duration, Message>> sentAfter = new ArrayList<>();
        final List<EgressMessage> egress = new ArrayList<>();

        SimContext(Address self, Map<String, byte[]> working) {
            this.self = self;
            this.working = working;
        }

        @Override
        public Address self() {
            return self;
        }

        @Override
        public Optional<Address> caller() {
            return Optional.empty();
        }

        @Override
        public void send(Message message) {
            sent.add(message);
        }

        @Override
        public void sendAfter(Duration delay, Message message) {
            sentAfter.add(Map.entry(delay, message));
        }

        @Override
        public void sendAfter(Duration delay, String cancellationToken, Message message) {
            sentAfter.add(Map.entry(delay, message));
        }

        @Override
        public void cancelDelayedMessage(String cancellationToken) {
            throw new UnsupportedOperationException("not used by the governance functions");
        }

        @Override
        public void send(EgressMessage message) {
            egress.add(message);
        }

        @Override
        public AddressScopedStorage storage() {
            return new AddressScopedStorage() {
                @Override
                public <T> Optional<T> get(ValueSpec<T> spec) {
                    byte[] b = working.get(spec.name());
                    return b == null
                            ? Optional.empty()
                            : Optional.of(spec.type().typeSerializer().deserialize(Slices.wrap(b)));
                }

                @Override
                public <T> void set(ValueSpec<T> spec, T value) {
                    working.put(
                            spec.name(),
                            spec.type().typeSerializer().serialize(value).toByteArray());
                }

                @Override
                public <T> void remove(ValueSpec<T> spec) {
                    working.remove(spec.name());
                }
            };
        }
    }
}
