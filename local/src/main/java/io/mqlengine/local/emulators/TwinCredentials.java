package io.mqlengine.local.emulators;

import io.mqlengine.local.template.Intrinsics;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;

/**
 * The one AWS identity of the twin: the access key its own clients and every function use against the emulators,
 * and the only one the HTTP API accepts on routes with {@code Authorizer: AWS_IAM}. The emulators accept any key; the
 * API does not, so that a request signed with the wrong secret is refused locally as it would be in AWS.
 */
public final class TwinCredentials {
    public static final String ACCESS_KEY_ID = "local";
    public static final String SECRET_ACCESS_KEY = "local";
    /** The IAM user the key belongs to, as API Gateway reports it in requestContext.authorizer.iam. */
    public static final String USER_NAME = "local";
    /** An IAM user's unique id has the AIDA prefix; this one is fixed so tests and handlers can compare it. */
    public static final String USER_ID = "AIDAMQLLOCALTWINUSER";
    public static final String USER_ARN = "arn:aws:iam::" + Intrinsics.ACCOUNT + ":user/" + USER_NAME;

    private TwinCredentials() {}

    public static AwsBasicCredentials aws() {
        return AwsBasicCredentials.create(ACCESS_KEY_ID, SECRET_ACCESS_KEY);
    }
}
