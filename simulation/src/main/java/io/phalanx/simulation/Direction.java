package io.phalanx.simulation;

/** Which way a packet travels along the chain. */
public enum Direction {
    CLIENT_TO_SERVER("client->server"),
    SERVER_TO_CLIENT("server->client");

    private final String label;

    Direction(String label) {
        this.label = label;
    }

    /** The direction as the sample capture sets write it ({@code client->server}). */
    public String label() {
        return label;
    }

    public Direction reverse() {
        return this == CLIENT_TO_SERVER ? SERVER_TO_CLIENT : CLIENT_TO_SERVER;
    }
}
