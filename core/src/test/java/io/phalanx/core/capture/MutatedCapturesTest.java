package io.phalanx.core.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.phalanx.core.packet.PacketEvent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Corrupt input never kills a reader: every public edge-case capture, mutated thousands of ways
 * (bytes overwritten, lengths blown up to 0xffff, files cut short), either reads to its end with
 * dead letters or is refused with a {@link CaptureFormatException}; never an unchecked exception,
 * never an endless read. Seeded, so a failure is reproducible from the iteration number.
 */
class MutatedCapturesTest {
    private static final int ITERATIONS = 4000;

    @Test
    void mutatedCapturesFailCleanly() throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(Path.of("src/test/resources/pcaps-public"))) {
            s.filter(p -> !p.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        SplittableRandom random = new SplittableRandom(20261126);
        int refused = 0;
        int withDeadLetters = 0;
        for (int iter = 0; iter < ITERATIONS; iter++) {
            Path file = files.get(random.nextInt(files.size()));
            byte[] b = mutate(Files.readAllBytes(file), random);
            List<DeadLetter> dead = new ArrayList<>();
            try (CaptureFileReader r =
                    CaptureFileReader.open(
                            new ByteArrayInputStream(b),
                            file.getFileName().toString(),
                            "x",
                            dead::add)) {
                PacketEvent p = new PacketEvent();
                long packets = 0;
                while (r.next(p)) {
                    packets++;
                    assertThat(packets)
                            .as("iteration %d reads forever", iter)
                            .isLessThan(1_000_000);
                }
            } catch (CaptureFormatException e) {
                refused++;
                assertThat(e.getMessage())
                        .as("iteration %d", iter)
                        .contains(file.getFileName().toString());
            } catch (RuntimeException e) {
                throw new AssertionError("iteration " + iter + " on " + file + " crashed", e);
            }
            if (!dead.isEmpty()) {
                withDeadLetters++;
                assertThat(dead).allSatisfy(d -> assertThat(d.reason).isNotBlank());
            }
        }
        assertThat(refused).as("some mutations break a header").isPositive();
        assertThat(withDeadLetters).as("some mutations break a record").isPositive();
    }

    private static byte[] mutate(byte[] b, SplittableRandom random) {
        int mutations = 1 + random.nextInt(8);
        for (int m = 0; m < mutations && b.length > 0; m++) {
            int pos = random.nextInt(b.length);
            switch (random.nextInt(3)) {
                case 0 -> b[pos] = (byte) random.nextInt(256);
                case 1 -> b = Arrays.copyOf(b, pos);
                default -> {
                    b[pos] = (byte) 0xff;
                    if (pos + 1 < b.length) {
                        b[pos + 1] = (byte) 0xff;
                    }
                }
            }
        }
        return b;
    }
}
