package io.phalanx.functions;

import static org.assertj.core.api.Assertions.assertThat;

import io.phalanx.functions.messages.Json;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.apache.flink.statefun.sdk.reqreply.generated.Address;
import org.apache.flink.statefun.sdk.reqreply.generated.FromFunction;
import org.apache.flink.statefun.sdk.reqreply.generated.ToFunction;
import org.apache.flink.statefun.sdk.reqreply.generated.TypedValue;
import org.apache.flink.statefun.sdk.shaded.com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;

/** The HTTP adapter speaks the runtime's request-reply protocol on 127.0.0.1. */
class FunctionsServerTest extends FunctionsTestBase {

    private static byte[] invocation(String fn, String id, byte[] incident) {
        return ToFunction.newBuilder()
                .setInvocation(
                        ToFunction.InvocationBatchRequest.newBuilder()
                                .setTarget(
                                        Address.newBuilder()
                                                .setNamespace(Types.NAMESPACE)
                                                .setType(fn)
                                                .setId(id))
                                .addInvocations(
                                        ToFunction.Invocation.newBuilder()
                                                .setArgument(
                                                        TypedValue.newBuilder()
                                                                .setTypename(
                                                                        Types.INCIDENT
                                                                                .typeName()
                                                                                .asTypeNameString())
                                                                .setHasValue(true)
                                                                .setValue(
                                                                        ByteString.copyFrom(
                                                                                incident)))))
                .build()
                .toByteArray();
    }

    @Test
    void anInvocationWithoutStateAsksForTheAdvisorsValueSpecs() throws Exception {
        try (FunctionsServer server =
                FunctionsServer.start(
                        GovernanceModule.functions(config(false)),
                        new InetSocketAddress("127.0.0.1", 0))) {
            assertThat(server.url()).isEqualTo("http://127.0.0.1:" + server.port() + "/statefun");
            HttpResponse<byte[]> r =
                    HttpClient.newHttpClient()
                            .send(
                                    HttpRequest.newBuilder(URI.create(server.url()))
                                            .POST(
                                                    HttpRequest.BodyPublishers.ofByteArray(
                                                            invocation(
                                                                    "advisor",
                                                                    "inc-42",
                                                                    Json.write(
                                                                            asymmetricIncident(
                                                                                    "prod",
                                                                                    true)))))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).contains("application/octet-stream");
            FromFunction reply = FromFunction.parseFrom(r.body());
            assertThat(reply.hasIncompleteInvocationContext()).isTrue();
            assertThat(reply.getIncompleteInvocationContext().getMissingValuesList())
                    .extracting(FromFunction.PersistedValueSpec::getStateName)
                    .containsExactly("handled", "seen_version");

            HttpResponse<String> get =
                    HttpClient.newHttpClient()
                            .send(
                                    HttpRequest.newBuilder(URI.create(server.url())).GET().build(),
                                    HttpResponse.BodyHandlers.ofString());
            assertThat(get.statusCode()).isEqualTo(405);
        }
    }
}
