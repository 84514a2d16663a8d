package io.phalanx.core.ontology;

import io.phalanx.core.events.DeployEvent;
import io.phalanx.core.events.LogRecord;
import io.phalanx.core.events.MetricSample;
import io.phalanx.core.report.ReplayReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns what the platform sees into ontology facts: a declaration, a stitched conversation, a
 * network view (paths and segments), a deploy, a metric sample, a log record, an incident. Pure
 * functions; the same input always gives the same facts, so a fact seen twice is an unchanged
 * upsert that the builder drops.
 *
 * <p>Names come from the declaration where it has them ({@code serviceByEndpoint}, {@code
 * hostByAddress}); otherwise a responder endpoint is a discovered service named after itself
 * ({@code 10.77.3.2:8080}) and an address a host named after itself.
 */
public final class OntologyFacts {
    private OntologyFacts() {}

    public static List<OntologyChange> declaration(OntologyDeclaration d, long ts) {
        List<OntologyChange> out = new ArrayList<>();
        for (OntologyDeclaration.Host h : d.hosts()) {
            Entity host =
                    Entity.of(
                            EntityType.HOST,
                            h.name(),
                            Map.of(
                                    "declared",
                                    "true",
                                    "addresses",
                                    String.join(",", h.addresses())));
            out.add(OntologyChange.of(ts, host));
        }
        for (OntologyDeclaration.Service s : d.services()) {
            Entity svc =
                    Entity.of(
                            EntityType.SERVICE,
                            s.name(),
                            s.tier() == null
                                    ? Map.of("declared", "true")
                                    : Map.of("declared", "true", "tier", s.tier()));
            out.add(OntologyChange.of(ts, svc));
            for (String h : s.hosts()) {
                out.add(OntologyChange.of(ts, Entity.of(EntityType.HOST, h)));
                out.add(
                        OntologyChange.of(
                                ts, new Relation(EntityType.HOST.id(h), "runs", svc.id())));
            }
            for (String e : s.endpoints()) {
                out.add(OntologyChange.of(ts, Entity.of(EntityType.ENDPOINT, e)));
                out.add(
                        OntologyChange.of(
                                ts, new Relation(EntityType.ENDPOINT.id(e), "serves", svc.id())));
            }
        }
        return out;
    }

    /**
     * A closed or timed-out conversation: its endpoints, hosts, the service it reached, where it
     * was seen.
     */
    public static List<OntologyChange> conversation(
            ReplayReport.Conversation c,
            Map<String, String> serviceByEndpoint,
            Map<String, String> hostByAddress,
            long ts) {
        List<OntologyChange> out = new ArrayList<>();
        // Clients use ephemeral ports: only the responder's endpoint is an entity (a service
        // endpoint); the originator is known by its host.
        String resp = c.resp.ip + ":" + c.resp.port;
        String origHost = hostByAddress.getOrDefault(c.orig.ip, c.orig.ip);
        String respHost = hostByAddress.getOrDefault(c.resp.ip, c.resp.ip);
        out.add(OntologyChange.of(ts, Entity.of(EntityType.HOST, origHost)));
        out.add(OntologyChange.of(ts, Entity.of(EntityType.HOST, respHost)));
        out.add(OntologyChange.of(ts, Entity.of(EntityType.ENDPOINT, resp)));
        out.add(
                OntologyChange.of(
                        ts,
                        new Relation(
                                EntityType.ENDPOINT.id(resp),
                                "on-host",
                                EntityType.HOST.id(respHost))));
        String service = serviceByEndpoint.get(resp);
        if (service == null) {
            service = resp;
            out.add(
                    OntologyChange.of(
                            ts,
                            Entity.of(
                                    EntityType.SERVICE,
                                    service,
                                    Map.of("discovered", "true", "proto", c.proto))));
        }
        out.add(
                OntologyChange.of(
                        ts,
                        new Relation(
                                EntityType.ENDPOINT.id(resp),
                                "serves",
                                EntityType.SERVICE.id(service))));
        out.add(
                OntologyChange.of(
                        ts,
                        new Relation(
                                EntityType.HOST.id(respHost),
                                "runs",
                                EntityType.SERVICE.id(service))));
        Entity conv =
                Entity.of(
                        EntityType.CONVERSATION,
                        c.uid,
                        Map.of(
                                "communityId", c.communityId,
                                "proto", c.proto,
                                "connState", String.valueOf(c.connState),
                                "packets", Long.toString(c.packets),
                                "retransmissions", Long.toString(c.retransmissions)));
        out.add(OntologyChange.of(ts, conv));
        out.add(
                OntologyChange.of(
                        ts, new Relation(conv.id(), "orig", EntityType.HOST.id(origHost))));
        out.add(
                OntologyChange.of(
                        ts, new Relation(conv.id(), "resp", EntityType.ENDPOINT.id(resp))));
        for (ReplayReport.Hop h : c.hops) {
            out.add(OntologyChange.of(ts, Entity.of(EntityType.CAPTURE_POINT, h.capturePoint)));
            out.add(
                    OntologyChange.of(
                            ts,
                            new Relation(
                                    conv.id(),
                                    "observed-at",
                                    EntityType.CAPTURE_POINT.id(h.capturePoint))));
        }
        return out;
    }

    /** Facts about one conversation entity, which is never seen twice: no need to remember them. */
    public static boolean isConversationFact(OntologyChange c) {
        String prefix = EntityType.CONVERSATION.prefix() + ":";
        return c.entity() != null
                ? c.entity().id().startsWith(prefix)
                : c.relation().from().startsWith(prefix);
    }

    /** Paths and their segments from a network view (the report's {@code paths}). */
    public static List<OntologyChange> network(ReplayReport view, long ts) {
        List<OntologyChange> out = new ArrayList<>();
        for (ReplayReport.Path p : view.paths) {
            Entity path =
                    Entity.of(
                            EntityType.PATH,
                            p.direction,
                            Map.of(
                                    "capturePoints",
                                    String.join(",", p.capturePoints),
                                    "asymmetric",
                                    Boolean.toString(p.asymmetric)));
            out.add(OntologyChange.of(ts, path));
            for (int i = 0; i + 1 < p.capturePoints.size(); i++) {
                String from = p.capturePoints.get(i);
                String to = p.capturePoints.get(i + 1);
                Entity seg = Entity.of(EntityType.SEGMENT, from + "->" + to);
                out.add(OntologyChange.of(ts, seg));
                out.add(
                        OntologyChange.of(
                                ts,
                                new Relation(seg.id(), "from", EntityType.CAPTURE_POINT.id(from))));
                out.add(
                        OntologyChange.of(
                                ts, new Relation(seg.id(), "to", EntityType.CAPTURE_POINT.id(to))));
                out.add(OntologyChange.of(ts, new Relation(path.id(), "has-segment", seg.id())));
            }
        }
        return out;
    }

    public static List<OntologyChange> deploy(DeployEvent d) {
        Entity dep =
                Entity.of(
                        EntityType.DEPLOY,
                        d.service() + "@" + d.version(),
                        d.previousVersion() == null
                                ? Map.of("version", d.version())
                                : Map.of(
                                        "version",
                                        d.version(),
                                        "previousVersion",
                                        d.previousVersion()));
        return List.of(
                OntologyChange.of(d.timestampMillis(), Entity.of(EntityType.SERVICE, d.service())),
                OntologyChange.of(d.timestampMillis(), dep),
                OntologyChange.of(
                        d.timestampMillis(),
                        new Relation(dep.id(), "deploys", EntityType.SERVICE.id(d.service()))));
    }

    public static List<OntologyChange> metric(MetricSample m) {
        List<OntologyChange> out = new ArrayList<>();
        Entity series = Entity.of(EntityType.METRIC_SERIES, m.series(), Map.of("name", m.name()));
        out.add(OntologyChange.of(m.timestampMillis(), series));
        if (m.service() != null) {
            out.add(
                    OntologyChange.of(
                            m.timestampMillis(),
                            new Relation(
                                    series.id(), "measures", EntityType.SERVICE.id(m.service()))));
        }
        if (m.host() != null) {
            out.add(
                    OntologyChange.of(
                            m.timestampMillis(),
                            new Relation(series.id(), "measures", EntityType.HOST.id(m.host()))));
        }
        return out;
    }

    public static List<OntologyChange> log(LogRecord r) {
        List<OntologyChange> out = new ArrayList<>();
        Entity stream = Entity.of(EntityType.LOG_STREAM, r.service());
        out.add(OntologyChange.of(r.timestampMillis(), stream));
        out.add(
                OntologyChange.of(
                        r.timestampMillis(),
                        new Relation(stream.id(), "logs-of", EntityType.SERVICE.id(r.service()))));
        if (r.host() != null) {
            out.add(
                    OntologyChange.of(
                            r.timestampMillis(),
                            new Relation(stream.id(), "on-host", EntityType.HOST.id(r.host()))));
        }
        return out;
    }

    /** An incident and what its top hypotheses point at ({@code segment:} or other entity ids). */
    public static List<OntologyChange> incident(
            String id, String title, List<String> concerns, long ts) {
        List<OntologyChange> out = new ArrayList<>();
        Entity inc = Entity.of(EntityType.INCIDENT, id, Map.of("title", title));
        out.add(OntologyChange.of(ts, inc));
        for (String c : concerns) {
            out.add(OntologyChange.of(ts, new Relation(inc.id(), "concerns", c)));
        }
        return out;
    }
}
