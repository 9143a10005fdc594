package io.mqlengine.it;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import io.mqlengine.score.ScoreHandler;
import io.mqlengine.testing.TemplateResources;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Lambda Context whose remaining time the test decides. Lambda's own answers its deadline less the time of
 * the call; here the time moves only when the function asks, so a test can say "time runs out after the
 * n-th look" without waiting.
 */
final class RemainingTimeContext implements Context {
    /** The score function's timeout in template.yaml: what a fresh invocation has left. */
    static final int PLENTY = TemplateResources.properties("ScoreFunction").path("Timeout").asInt() * 1000;
    /** Just below the score function's safety margin. */
    static final int TOO_LITTLE = ScoreHandler.SAFETY_MARGIN_MILLIS - 1;

    private final int inTimeLooks;
    private final AtomicInteger looks = new AtomicInteger();
    private final String requestId = UUID.randomUUID().toString();

    private RemainingTimeContext(int inTimeLooks) {
        this.inTimeLooks = inTimeLooks;
    }

    /** A fresh invocation: plenty of time for every look. */
    static RemainingTimeContext plenty() {
        return new RemainingTimeContext(Integer.MAX_VALUE);
    }

    /** An invocation with less than the safety margin left from its first look on. */
    static RemainingTimeContext tooLittle() {
        return new RemainingTimeContext(0);
    }

    /** Plenty of time for the first {@code inTimeLooks} looks, then less than the safety margin. */
    static RemainingTimeContext runningOutAfter(int inTimeLooks) {
        return new RemainingTimeContext(inTimeLooks);
    }

    /** How often the function asked for its remaining time. */
    int looks() {
        return looks.get();
    }

    @Override
    public int getRemainingTimeInMillis() {
        return looks.incrementAndGet() <= inTimeLooks ? PLENTY : TOO_LITTLE;
    }

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/ScoreFunction";
    }

    @Override
    public String getLogStreamName() {
        return "2026/11/23/[$LATEST]" + requestId;
    }

    @Override
    public String getFunctionName() {
        return "ScoreFunction";
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return "arn:aws:lambda:us-east-1:123456789012:function:ScoreFunction";
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getMemoryLimitInMB() {
        return 1024;
    }

    @Override
    public LambdaLogger getLogger() {
        return new LambdaLogger() {
            @Override
            public void log(String message) {
                System.err.println(message);
            }

            @Override
            public void log(byte[] message) {
                log(new String(message, StandardCharsets.UTF_8));
            }
        };
    }
}
