package io.phalanx.gateway;

import java.util.Set;

/**
 * How the gateway runs.
 *
 * @param bindAddress where to listen; 127.0.0.1 by default, so exposing it is a decision
 * @param port 0 picks a free port (tests)
 * @param maxBodyBytes larger bodies are answered 413 without being read to the end
 * @param transactionalIdPrefix unique per gateway instance; a restart with the same prefix fences
 *     the previous instance's producers
 * @param producers transactional producers, i.e. requests written concurrently
 * @param threads HTTP worker threads
 * @param deployEnvironments GitHub deployment environments whose deploys are recorded; empty: all
 * @param topicPrefix put before every topic name (as {@code phalanx run --topic-prefix}); "" for
 *     none
 */
public record GatewayConfig(
        String bootstrapServers,
        String bindAddress,
        int port,
        long maxBodyBytes,
        String transactionalIdPrefix,
        int producers,
        int threads,
        Set<String> deployEnvironments,
        String topicPrefix) {
    public static final int DEFAULT_PORT = 8088;
    public static final long DEFAULT_MAX_BODY_BYTES = 1 << 20;

    public GatewayConfig {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("the size limit must be positive");
        }
        if (producers < 1 || threads < 1) {
            throw new IllegalArgumentException("producers and threads must be at least 1");
        }
        deployEnvironments = Set.copyOf(deployEnvironments);
        topicPrefix = topicPrefix == null ? "" : topicPrefix;
    }

    /**
     * Production defaults: 127.0.0.1:8088, 1 MiB, two producers, four threads, all environments.
     */
    public static GatewayConfig defaults(String bootstrapServers) {
        return new GatewayConfig(
                bootstrapServers,
                "127.0.0.1",
                DEFAULT_PORT,
                DEFAULT_MAX_BODY_BYTES,
                defaultTransactionalIdPrefix(DEFAULT_PORT),
                2,
                4,
                Set.of(),
                "");
    }

    public GatewayConfig withListen(String bindAddress, int port) {
        return new GatewayConfig(
                bootstrapServers,
                bindAddress,
                port,
                maxBodyBytes,
                defaultTransactionalIdPrefix(port),
                producers,
                threads,
                deployEnvironments,
                topicPrefix);
    }

    /**
     * {@code phalanx-ingest-<host>-<port>}: distinct for gateways on different machines or ports,
     * stable across restarts of one (so a restart fences its predecessor's open transactions).
     */
    static String defaultTransactionalIdPrefix(int port) {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = "localhost";
        }
        return "phalanx-ingest-" + host + "-" + port;
    }

    public GatewayConfig withMaxBodyBytes(long maxBodyBytes) {
        return new GatewayConfig(
                bootstrapServers,
                bindAddress,
                port,
                maxBodyBytes,
                transactionalIdPrefix,
                producers,
                threads,
                deployEnvironments,
                topicPrefix);
    }

    public GatewayConfig withTransactionalIdPrefix(String prefix) {
        return new GatewayConfig(
                bootstrapServers,
                bindAddress,
                port,
                maxBodyBytes,
                prefix,
                producers,
                threads,
                deployEnvironments,
                topicPrefix);
    }

    public GatewayConfig withTopicPrefix(String prefix) {
        return new GatewayConfig(
                bootstrapServers,
                bindAddress,
                port,
                maxBodyBytes,
                transactionalIdPrefix,
                producers,
                threads,
                deployEnvironments,
                prefix);
    }

    public GatewayConfig withDeployEnvironments(Set<String> environments) {
        return new GatewayConfig(
                bootstrapServers,
                bindAddress,
                port,
                maxBodyBytes,
                transactionalIdPrefix,
                producers,
                threads,
                environments,
                topicPrefix);
    }
}
