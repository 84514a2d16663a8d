package io.phalanx.battlemap;

import com.fasterxml.jackson.databind.JsonNode;
import io.phalanx.core.capture.CaptureFileReader;
import io.phalanx.core.ladder.Ladder;
import io.phalanx.core.ladder.LadderBuilder;
import io.phalanx.core.packet.PacketEvent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Ladders of the report's conversations, read from the capture files on request (one pass over
 * every file per ladder; the last 32 are cached). Lanes follow the report's path of the
 * conversation's originator, falling back to the report's capture point order; clock offsets come
 * from the report. Without capture files there are no ladders.
 */
public final class LadderService {
    /** Packets are looked for this long before the conversation's start and after its end. */
    private static final long SLACK_NANOS = 2_000_000_000L;

    private final Map<String, Path> captures;
    private final WarRoomState state;
    private final Map<String, Ladder> cache =
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Ladder> e) {
                    return size() > 32;
                }
            };

    public LadderService(Map<String, Path> captures, WarRoomState state) {
        this.captures = Map.copyOf(captures);
        this.state = state;
    }

    public boolean available() {
        return !captures.isEmpty();
    }

    /** The ladder of the conversation with this uid or Community ID; empty when none has it. */
    public synchronized Optional<Ladder> ladder(String uidOrCommunityId) throws IOException {
        Ladder cached = cache.get(uidOrCommunityId);
        if (cached != null) {
            return Optional.of(cached);
        }
        JsonNode network = state.network();
        JsonNode conv = null;
        for (JsonNode c : network.path("conversations")) {
            if (uidOrCommunityId.equals(c.path("uid").asText())
                    || uidOrCommunityId.equals(c.path("communityId").asText())) {
                conv = c;
                break;
            }
        }
        if (conv == null || captures.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Double> offsets = new LinkedHashMap<>();
        List<String> order = new ArrayList<>();
        for (JsonNode cp : network.path("capturePoints")) {
            offsets.put(cp.path("id").asText(), cp.path("clockOffsetMs").asDouble(0));
            order.add(cp.path("id").asText());
        }
        String origIp = conv.path("orig").path("ip").asText();
        String respIp = conv.path("resp").path("ip").asText();
        List<String> lanes = order;
        for (JsonNode path : network.path("paths")) {
            if (path.path("direction").asText().equals(origIp + " -> " + respIp)) {
                List<String> l = new ArrayList<>();
                path.path("capturePoints").forEach(n -> l.add(n.asText()));
                lanes = l;
            }
        }
        lanes = lanes.stream().filter(captures::containsKey).toList();
        long start = conv.path("startNanos").asLong();
        long end = start + (long) (conv.path("durationMs").asDouble() * 1e6);
        LadderBuilder b =
                new LadderBuilder(
                                conv.path("communityId").asText(),
                                lanes,
                                offsets,
                                start - SLACK_NANOS,
                                end + SLACK_NANOS)
                        .originator(origIp, conv.path("orig").path("port").asInt());
        for (String lane : lanes) {
            Path file = captures.get(lane);
            InputStream in = Files.newInputStream(file);
            try (CaptureFileReader r = CaptureFileReader.open(in, file.toString(), lane, d -> {})) {
                PacketEvent p = new PacketEvent();
                while (r.next(p)) {
                    b.accept(lane, p);
                }
            }
        }
        Ladder ladder = b.build();
        cache.put(uidOrCommunityId, ladder);
        return Optional.of(ladder);
    }
}
