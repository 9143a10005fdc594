package io.mqlengine.local.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.mqlengine.local.emulators.TwinCredentials;
import io.mqlengine.local.template.Intrinsics;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * API Gateway's AWS_IAM authorizer for the twin: a request must carry a SigV4 signature for {@code execute-api} in the
 * twin's region, made with {@link TwinCredentials} within 15 minutes, over the method, path, query, signed headers and
 * the body. Every refusal is a 403 with {@code {"message": ...}} naming the problem, as API Gateway answers.
 */
final class IamAuthorizer {
    static final String SERVICE = "execute-api";
    static final Duration SKEW = Duration.ofMinutes(15);
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final String UNSIGNED = "UNSIGNED-PAYLOAD";

    private final Clock twinClock;
    private final Clock hostClock;

    /**
     * @param twinClock the twin's clock; a signature is current when it is within 15 minutes of either clock, so that
     *     a signer using the host's time (curl, the SDK) still works after a test moved the twin clock by days
     */
    IamAuthorizer(Clock twinClock, Clock hostClock) {
        this.twinClock = twinClock;
        this.hostClock = hostClock;
    }

    /** Why API Gateway would refuse the request; empty when the signature is valid. */
    Optional<HttpResponses.Response> refusal(ApiRequest request) {
        try {
            verify(request);
            return Optional.empty();
        } catch (Refused r) {
            return Optional.of(HttpResponses.json(403, Map.of("message", r.getMessage()))
                    .plus(Map.of("x-amzn-errortype", r.errorType)));
        }
    }

    /** What API Gateway puts in requestContext.authorizer.iam for the twin's one identity. */
    static APIGatewayV2HTTPEvent.RequestContext.Authorizer identity() {
        APIGatewayV2HTTPEvent.RequestContext.IAM iam = new APIGatewayV2HTTPEvent.RequestContext.IAM();
        iam.setAccessKey(TwinCredentials.ACCESS_KEY_ID);
        iam.setAccountId(Intrinsics.ACCOUNT);
        iam.setCallerId(TwinCredentials.USER_ID);
        iam.setUserArn(TwinCredentials.USER_ARN);
        iam.setUserId(TwinCredentials.USER_ID);
        APIGatewayV2HTTPEvent.RequestContext.Authorizer authorizer = new APIGatewayV2HTTPEvent.RequestContext.Authorizer();
        authorizer.setIam(iam);
        return authorizer;
    }

    private void verify(ApiRequest request) throws Refused {
        String authorization = request.header("Authorization");
        if (authorization == null) {
            String query = request.uri().getRawQuery();
            if (query != null && query.contains("X-Amz-Signature=")) {
                throw new Refused("ForbiddenException", "Forbidden: the local twin verifies the Authorization header; "
                        + "query-string (presigned) signatures are not emulated");
            }
            throw new Refused("ForbiddenException", "Forbidden");
        }
        SigV4Header header;
        try {
            header = SigV4Header.parse(authorization);
        } catch (SigV4Header.Malformed m) {
            throw new Refused("IncompleteSignatureException", m.getMessage());
        }
        if (!header.signedHeaders().contains("host")) {
            throw new Refused("IncompleteSignatureException",
                    "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
        }
        String amzDate = request.header("X-Amz-Date");
        Instant signedAt = signedAt(amzDate, request.header("Date"));
        if (amzDate == null) {
            amzDate = AMZ_DATE.format(signedAt);
        }
        checkScope(header, amzDate);
        checkCurrent(signedAt);
        if (!header.accessKeyId().equals(TwinCredentials.ACCESS_KEY_ID)) {
            throw new Refused("UnrecognizedClientException", "The security token included in the request is invalid. "
                    + "The local twin accepts only its own access key (see TwinCredentials in local/README.md).");
        }
        String payloadHash = payloadHash(request);
        Map<String, List<String>> headers = request.headersByName();
        String rawPath = request.uri().getRawPath();
        String canonical = CanonicalRequest.of(request.method().toUpperCase(Locale.ROOT),
                CanonicalRequest.uri(rawPath, true), request.uri().getRawQuery(), headers, header.signedHeaders(), payloadHash);
        if (matches(header, amzDate, canonical)) {
            return;
        }
        if (rawPath != null && rawPath.indexOf('%') >= 0) {
            String single = CanonicalRequest.of(request.method().toUpperCase(Locale.ROOT),
                    CanonicalRequest.uri(rawPath, false), request.uri().getRawQuery(), headers, header.signedHeaders(), payloadHash);
            if (matches(header, amzDate, single)) {
                return;
            }
        }
        throw new Refused("InvalidSignatureException", "The request signature we calculated does not match the signature "
                + "you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for "
                + "details.\n\nThe Canonical String for this request should have been\n'" + canonical + "'\n\n"
                + "The String-to-Sign should have been\n'" + CanonicalRequest.stringToSign(amzDate, header.credentialScope(),
                canonical) + "'\n");
    }

    private static boolean matches(SigV4Header header, String amzDate, String canonical) {
        String expected = CanonicalRequest.signature(TwinCredentials.SECRET_ACCESS_KEY, header.scopeDate(), header.region(),
                header.service(), CanonicalRequest.stringToSign(amzDate, header.credentialScope(), canonical));
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                header.signature().getBytes(StandardCharsets.US_ASCII));
    }

    private static Instant signedAt(String amzDate, String date) throws Refused {
        if (amzDate != null) {
            try {
                return Instant.from(AMZ_DATE.parse(amzDate.strip()));
            } catch (DateTimeParseException e) {
                throw new Refused("IncompleteSignatureException", "X-Amz-Date must be in the ISO8601 Long Format "
                        + "\"yyyyMMdd'T'HHmmss'Z'\", not '" + amzDate + "'.");
            }
        }
        if (date != null) {
            try {
                return ZonedDateTime.parse(date.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            } catch (DateTimeParseException e) {
                throw new Refused("IncompleteSignatureException", "Date must be an RFC 1123 date, not '" + date + "'.");
            }
        }
        throw new Refused("IncompleteSignatureException",
                "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
    }

    private static void checkScope(SigV4Header header, String amzDate) throws Refused {
        if (!header.terminator().equals("aws4_request")) {
            throw new Refused("InvalidSignatureException", "Credential should be scoped with a valid terminator: "
                    + "'aws4_request', not '" + header.terminator() + "'.");
        }
        if (!header.service().equals(SERVICE)) {
            throw new Refused("InvalidSignatureException", "Credential should be scoped to correct service: '" + SERVICE
                    + "', not '" + header.service() + "'.");
        }
        if (!header.region().equals(Intrinsics.REGION)) {
            throw new Refused("InvalidSignatureException", "Credential should be scoped to a valid region: the local "
                    + "twin's region is '" + Intrinsics.REGION + "', not '" + header.region() + "'.");
        }
        if (!amzDate.startsWith(header.scopeDate())) {
            throw new Refused("InvalidSignatureException", "Date in Credential scope does not match YYYYMMDD from ISO-8601 "
                    + "version of date from HTTP: '" + header.scopeDate() + "' != '" + amzDate.substring(0, 8) + "', from '"
                    + amzDate + "'.");
        }
    }

    private void checkCurrent(Instant signedAt) throws Refused {
        Instant twin = twinClock.instant();
        Instant host = hostClock.instant();
        if (within(signedAt, twin) || within(signedAt, host)) {
            return;
        }
        String at = AMZ_DATE.format(signedAt);
        if (signedAt.isBefore(twin)) {
            throw new Refused("InvalidSignatureException", "Signature expired: " + at + " is now earlier than "
                    + AMZ_DATE.format(twin.minus(SKEW)) + " (" + AMZ_DATE.format(twin) + " - 15 min.)");
        }
        throw new Refused("InvalidSignatureException", "Signature not yet current: " + at + " is still later than "
                + AMZ_DATE.format(twin.plus(SKEW)) + " (" + AMZ_DATE.format(twin) + " + 15 min.)");
    }

    private static boolean within(Instant signedAt, Instant now) {
        return !signedAt.isBefore(now.minus(SKEW)) && !signedAt.isAfter(now.plus(SKEW));
    }

    /** x-amz-content-sha256 when sent (and then it must be the body's), else the body's own hash. */
    private static String payloadHash(ApiRequest request) throws Refused {
        String actual = CanonicalRequest.sha256Hex(request.body());
        String claimed = request.header("x-amz-content-sha256");
        if (claimed == null) {
            return actual;
        }
        if (claimed.strip().equals(UNSIGNED)) {
            throw new Refused("InvalidSignatureException", "x-amz-content-sha256 UNSIGNED-PAYLOAD is not accepted by the "
                    + "local twin: sign the payload.");
        }
        if (!claimed.strip().equalsIgnoreCase(actual)) {
            throw new Refused("InvalidSignatureException",
                    "The provided 'x-amz-content-sha256' header does not match what was computed.");
        }
        return claimed.strip();
    }

    /** A refusal: API Gateway's x-amzn-ErrorType and the message. */
    private static final class Refused extends Exception {
        private final String errorType;

        Refused(String errorType, String message) {
            super(message, null, false, false);
            this.errorType = errorType;
        }
    }
}
