package io.mqlengine.emulator.dynamodb.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Sends raw DynamoDB JSON requests (POST / with X-Amz-Target) over java.net.http, signed with the AWS SDK's
 * SigV4 signer, so that the same bytes are accepted by LocalStack and real AWS as well as by local emulators.
 */
final class SignedClient {
    static final String DYNAMODB = "DynamoDB_20120810";
    static final String STREAMS = "DynamoDBStreams_20120810";
    private static final Set<String> STREAM_OPERATIONS = Set.of("ListStreams", "DescribeStream", "GetShardIterator", "GetRecords");
    // java.net.http sets these itself and refuses them from callers
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect", "upgrade");

    private final URI endpoint;
    private final URI streamsEndpoint;
    private final String region;
    private final AwsCredentialsIdentity credentials;
    private final ObjectMapper json;
    private final HttpClient http;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

    SignedClient(URI endpoint, URI streamsEndpoint, String region, AwsCredentialsIdentity credentials, ObjectMapper json) {
        this.endpoint = endpoint;
        this.streamsEndpoint = streamsEndpoint;
        this.region = region;
        this.credentials = credentials;
        this.json = json;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** The X-Amz-Target for an operation: Streams operations go to the Streams API, everything else to DynamoDB. */
    static String targetFor(String operation) {
        return (STREAM_OPERATIONS.contains(operation) ? STREAMS : DYNAMODB) + "." + operation;
    }

    Answer call(String operation, JsonNode body) {
        try {
            return send(targetFor(operation), json.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the request body of " + operation, e);
        }
    }

    /** Sends the bytes as they are, for cases about malformed requests. */
    Answer send(String target, byte[] body) {
        URI base = target.startsWith(STREAMS + ".") ? streamsEndpoint : endpoint;
        URI uri = base.resolve("/");
        SdkHttpRequest unsigned = SdkHttpRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(uri)
                .putHeader("Content-Type", "application/x-amz-json-1.0")
                .putHeader("X-Amz-Target", target)
                .build();
        SignedRequest signed = signer.sign(r -> r.identity(credentials)
                .request(unsigned)
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "dynamodb")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (Map.Entry<String, List<String>> header : signed.request().headers().entrySet()) {
            if (!RESTRICTED.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                header.getValue().forEach(v -> request.header(header.getKey(), v));
            }
        }
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            String raw = new String(response.body(), StandardCharsets.UTF_8);
            return new Answer(response.statusCode(), parse(raw), raw);
        } catch (IOException e) {
            throw new IllegalStateException("no answer from " + uri + " to " + target + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling " + target, e);
        }
    }

    private JsonNode parse(String raw) {
        if (raw.isBlank()) {
            return null;
        }
        try {
            return json.readTree(raw);
        } catch (IOException e) {
            return null;
        }
    }
}
