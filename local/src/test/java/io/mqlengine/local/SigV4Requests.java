package io.mqlengine.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * Requests signed by the AWS SDK's own SigV4 signer (not the twin's code), sent over HTTP as any SDK client would;
 * a test may change the request after signing to see the twin refuse it.
 */
final class SigV4Requests {
    /** Header fields java.net.http sets itself; the signer's values for them are the same. */
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect", "upgrade");
    private final HttpClient http = HttpClient.newHttpClient();
    private final String api;

    SigV4Requests(String api) {
        this.api = api;
    }

    /** What to sign with; the twin's credentials, service and region unless a test changes one. */
    record Signing(String accessKey, String secret, String region, String service, Clock clock) {
        static Signing twin() {
            return new Signing("local", "local", "us-east-1", "execute-api", Clock.systemUTC());
        }

        Signing secret(String s) {
            return new Signing(accessKey, s, region, service, clock);
        }

        Signing accessKey(String k) {
            return new Signing(k, secret, region, service, clock);
        }

        Signing region(String r) {
            return new Signing(accessKey, secret, r, service, clock);
        }

        Signing service(String s) {
            return new Signing(accessKey, secret, region, s, clock);
        }

        Signing clock(Clock c) {
            return new Signing(accessKey, secret, region, service, c);
        }
    }

    /** A signed request, ready to send; {@code pathAndQuery} and {@code body} may be changed after signing. */
    record Signed(String method, String pathAndQuery, SdkHttpRequest request, String body) {
        Signed withPathAndQuery(String changed) {
            return new Signed(method, changed, request, body);
        }

        Signed withBody(String changed) {
            return new Signed(method, pathAndQuery, request, changed);
        }

        /** The body changed and x-amz-content-sha256 made to match it, as a tamperer who read the signing docs would. */
        Signed withBodyAndItsHash(String changed) {
            String hash = HexFormat.of().formatHex(sha256(changed.getBytes(StandardCharsets.UTF_8)));
            return new Signed(method, pathAndQuery, request.toBuilder().putHeader("x-amz-content-sha256", hash).build(), changed);
        }

        private static byte[] sha256(byte[] bytes) {
            try {
                return MessageDigest.getInstance("SHA-256").digest(bytes);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    Signed sign(String method, String pathAndQuery, String body, Signing signing) {
        SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method))
                .uri(URI.create(api + pathAndQuery));
        if (body != null) {
            request.putHeader("content-type", "application/json");
        }
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsBasicCredentials.create(signing.accessKey(), signing.secret()))
                .request(request.build())
                .payload(body == null ? null : ContentStreamProvider.fromUtf8String(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, signing.service())
                .putProperty(AwsV4HttpSigner.REGION_NAME, signing.region())
                .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, signing.clock()));
        return new Signed(method, pathAndQuery, signed.request(), body);
    }

    HttpResponse<String> send(Signed signed) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api + signed.pathAndQuery())).timeout(Duration.ofSeconds(30));
        signed.request().forEachHeader((name, values) -> {
            if (!RESTRICTED.contains(name.toLowerCase())) {
                values.forEach(v -> b.header(name, v));
            }
        });
        b.method(signed.method(), signed.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(signed.body(), StandardCharsets.UTF_8));
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(signed.method() + " " + signed.pathAndQuery() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> send(String method, String pathAndQuery, String body, Signing signing) {
        return send(sign(method, pathAndQuery, body, signing));
    }
}
