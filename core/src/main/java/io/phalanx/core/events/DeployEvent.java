package io.phalanx.core.events;

/**
 * A change rolled out to a service: the version that went live and the one it replaced, so a
 * regression can be tied to it and a rollback named.
 *
 * @param previousVersion null when unknown (first deploy, or a webhook that does not say)
 * @param actor who or what deployed it (a CI pipeline, a person), may be null
 */
public record DeployEvent(
        long timestampMillis,
        String service,
        String version,
        String previousVersion,
        String actor) {}
