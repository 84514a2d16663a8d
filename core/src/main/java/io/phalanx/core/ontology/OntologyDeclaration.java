package io.phalanx.core.ontology;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phalanx.core.events.InvalidEventException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What people declare about their environment, on the topology feed next to the declared paths:
 * services (name, tier, the endpoints they listen on, the hosts that run them) and hosts (name,
 * addresses). Traffic fills in the rest: an endpoint no declaration names becomes a discovered
 * service called after itself.
 *
 * <pre>
 * {"services": [{"name": "checkout", "tier": "revenue", "endpoints": ["10.77.3.2:8080"],
 *                "hosts": ["checkout-1"]}],
 *  "hosts": [{"name": "checkout-1", "addresses": ["10.77.3.2"]}],
 *  "paths": [...]}
 * </pre>
 */
public record OntologyDeclaration(List<Service> services, List<Host> hosts) {
    public record Service(String name, String tier, List<String> endpoints, List<String> hosts) {}

    public record Host(String name, List<String> addresses) {}

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public static OntologyDeclaration parse(String json) throws InvalidEventException {
        JsonNode n;
        try {
            n = MAPPER.readTree(json);
        } catch (Exception e) {
            throw new InvalidEventException("not JSON: " + e.getMessage());
        }
        if (n == null || !n.isObject()) {
            throw new InvalidEventException("a topology declaration is a JSON object");
        }
        List<Service> services = new ArrayList<>();
        int i = 0;
        for (JsonNode s : array(n, "services")) {
            String name = required(s, "name", "services[" + i + "]");
            services.add(
                    new Service(
                            name,
                            s.hasNonNull("tier") ? s.get("tier").asText() : null,
                            strings(s, "endpoints", "services[" + i + "]"),
                            strings(s, "hosts", "services[" + i + "]")));
            i++;
        }
        List<Host> hosts = new ArrayList<>();
        i = 0;
        for (JsonNode h : array(n, "hosts")) {
            hosts.add(
                    new Host(
                            required(h, "name", "hosts[" + i + "]"),
                            strings(h, "addresses", "hosts[" + i + "]")));
            i++;
        }
        return new OntologyDeclaration(services, hosts);
    }

    /** endpoint ("ip:port") -> declared service name. */
    public Map<String, String> serviceByEndpoint() {
        Map<String, String> m = new LinkedHashMap<>();
        services.forEach(s -> s.endpoints().forEach(e -> m.put(e, s.name())));
        return m;
    }

    /** address -> declared host name. */
    public Map<String, String> hostByAddress() {
        Map<String, String> m = new LinkedHashMap<>();
        hosts.forEach(h -> h.addresses().forEach(a -> m.put(a, h.name())));
        return m;
    }

    private static Iterable<JsonNode> array(JsonNode n, String field) throws InvalidEventException {
        JsonNode a = n.get(field);
        if (a == null || a.isNull()) {
            return List.of();
        }
        if (!a.isArray()) {
            throw new InvalidEventException("'" + field + "' must be an array");
        }
        return a;
    }

    private static String required(JsonNode n, String field, String where)
            throws InvalidEventException {
        JsonNode f = n.get(field);
        if (f == null || !f.isTextual() || f.asText().isBlank()) {
            throw new InvalidEventException(where + ": '" + field + "' is required");
        }
        return f.asText();
    }

    private static List<String> strings(JsonNode n, String field, String where)
            throws InvalidEventException {
        List<String> out = new ArrayList<>();
        JsonNode a = n.get(field);
        if (a == null || a.isNull()) {
            return out;
        }
        if (!a.isArray()) {
            throw new InvalidEventException(
                    where + ": '" + field + "' must be an array of strings");
        }
        for (JsonNode v : a) {
            if (!v.isTextual()) {
                throw new InvalidEventException(
                        where + ": '" + field + "' must be an array of strings");
            }
            out.add(v.asText());
        }
        return out;
    }
}
