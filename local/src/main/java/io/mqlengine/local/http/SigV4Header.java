package io.mqlengine.local.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An {@code Authorization: AWS4-HMAC-SHA256 Credential=.., SignedHeaders=.., Signature=..} header, parsed; what is
 * missing or malformed is reported with the words API Gateway uses.
 */
record SigV4Header(String accessKeyId, String scopeDate, String region, String service, String terminator,
        List<String> signedHeaders, String signature) {
    static final String ALGORITHM = "AWS4-HMAC-SHA256";

    /** A header that cannot be a SigV4 signature: the message names what is wrong. */
    static final class Malformed extends Exception {
        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    static SigV4Header parse(String header) throws Malformed {
        String value = header.strip();
        int space = value.indexOf(' ');
        String algorithm = space < 0 ? value : value.substring(0, space);
        if (!algorithm.equals(ALGORITHM)) {
            // Only the scheme is echoed: the rest of a foreign Authorization header may be a bearer token.
            throw new Malformed("Authorization header requires 'Credential' parameter. Authorization header requires "
                    + "'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. The algorithm must be "
                    + ALGORITHM + ", not '" + (algorithm.length() > 32 ? algorithm.substring(0, 32) + "..." : algorithm) + "'.");
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (String part : value.substring(space + 1).split(",")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                params.put(part.substring(0, eq).strip(), part.substring(eq + 1).strip());
            }
        }
        StringBuilder missing = new StringBuilder();
        for (String name : List.of("Credential", "Signature", "SignedHeaders")) {
            if (params.getOrDefault(name, "").isEmpty()) {
                missing.append("Authorization header requires '").append(name).append("' parameter. ");
            }
        }
        if (missing.length() > 0) {
            throw new Malformed(missing.toString().strip());
        }
        String[] scope = params.get("Credential").split("/", -1);
        if (scope.length != 5) {
            throw new Malformed("Credential should be of the form AKID/yyyyMMdd/region/service/aws4_request, not '"
                    + params.get("Credential") + "'.");
        }
        List<String> signed = new ArrayList<>(List.of(params.get("SignedHeaders").split(";")));
        return new SigV4Header(scope[0], scope[1], scope[2], scope[3], scope[4], List.copyOf(signed),
                params.get("Signature"));
    }

    String credentialScope() {
        return scopeDate + "/" + region + "/" + service + "/" + terminator;
    }
}
