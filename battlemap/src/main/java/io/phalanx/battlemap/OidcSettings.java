package io.phalanx.battlemap;

import java.net.URI;
import java.util.Objects;

/**
 * The OpenID Connect provider the war room trusts.
 *
 * @param issuer the issuer URL; discovery is read from {@code
 *     <issuer>/.well-known/openid-configuration}
 * @param clientId this page's client id (the audience of ID tokens)
 * @param audience the audience access tokens sent as {@code Bearer} must name (often the client id)
 * @param rolesClaim the claim holding the user's roles: an array of strings or one string
 * @param voterRole the role that may vote on remediation proposals
 * @param redirectUri where the provider sends the browser back ({@code .../auth/callback}); null to
 *     derive it from the server's own address
 */
public record OidcSettings(
        URI issuer,
        String clientId,
        String audience,
        String rolesClaim,
        String voterRole,
        URI redirectUri) {
    public OidcSettings {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(clientId, "clientId");
        audience = audience == null ? clientId : audience;
        rolesClaim = rolesClaim == null ? "roles" : rolesClaim;
        voterRole = voterRole == null ? "incident-commander" : voterRole;
    }
}
