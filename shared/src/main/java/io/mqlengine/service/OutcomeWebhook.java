package io.mqlengine.service;

import io.mqlengine.json.Json;
import io.mqlengine.model.SalesOutcome;
import io.mqlengine.validation.InvalidRequestException;
import io.mqlengine.validation.OutcomeMessages;
import io.mqlengine.validation.WebhookSignature;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * {@code POST /v1/outcomes}, the webhook for CRMs whose workflows call URLs: checks the signature
 * ({@link WebhookSignature}: 401 when missing, wrong or older than its tolerance), then the message (400 naming each
 * problem by its JSON path), and puts the body, as received, on the outcomes queue, which the outcomes consumer reads
 * as it reads messages sales tools send there directly (202). A queue that cannot take it answers 503: the CRM retries,
 * and the outcome id makes a retry harmless.
 */
public final class OutcomeWebhook {
    /** The largest body taken: an outcome message is well under 2 KB. */
    public static final int MAX_BODY_BYTES = 16 * 1024;

    /** Where accepted outcome messages go: the outcomes queue. */
    public interface Sink {
        /** Sends {@code body}; throws when it could not. */
        void send(String body);
    }

    private final WebhookSignature signature;
    private final OutcomeMessages messages;
    private final Sink sink;
    private final Clock clock;

    public OutcomeWebhook(WebhookSignature signature, OutcomeMessages messages, Sink sink, Clock clock) {
        this.signature = signature;
        this.messages = messages;
        this.sink = sink;
        this.clock = clock;
    }

    /** The answer to a request with {@code body} and {@code headers} (names in lower case). */
    public IngestService.Response accept(byte[] body, Map<String, String> headers) {
        if (body.length > MAX_BODY_BYTES) {
            return IngestService.error(413, "payload_too_large", "body is larger than " + MAX_BODY_BYTES + " bytes");
        }
        Instant now = clock.instant();
        String problem = signature.problem(headers.get(WebhookSignature.TIMESTAMP_HEADER.toLowerCase(Locale.ROOT)),
                headers.get(WebhookSignature.SIGNATURE_HEADER.toLowerCase(Locale.ROOT)), body, now);
        if (problem != null) {
            return IngestService.error(401, "unauthorized", problem);
        }
        String text = new String(body, StandardCharsets.UTF_8);
        SalesOutcome outcome;
        try {
            outcome = messages.parse(text, now);
        } catch (InvalidRequestException e) {
            return IngestService.invalid(e);
        }
        try {
            sink.send(text);
        } catch (RuntimeException e) {
            return IngestService.error(503, "unavailable", "the outcomes queue did not take the message; retry");
        }
        return new IngestService.Response(202, Json.write(Map.of("outcomeId", outcome.outcomeId(), "status", "queued")));
    }
}
