package io.mqlengine.queue;

import io.mqlengine.observe.Log;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * The events queue on SQS. An envelope is packed into as few messages as {@link Packing} allows (usually one)
 * and sent with SendMessageBatch (up to 10 messages and 256 KiB a call).
 *
 * <p>Only what can succeed on a second try is tried again: entries SQS failed on its side, throttling, 5xx
 * answers and connection errors, with exponential backoff and jitter while {@link #BUDGET} lasts (the ingest
 * function's timeout is 10 s). What SQS refuses for its content is not retried but narrowed down: a refused
 * message of several events is sent again as smaller ones, until the events SQS refuses are known; only those
 * are refused. A call refused for the queue itself (missing, no permission, its key) makes every event of the
 * request unavailable at once: no retry within the request would change it.
 *
 * <p>Longer than most classes here: the batch send, its per-entry failures and the retry budget are one loop that
 * shares its state.
 */
public final class SqsEventQueue implements EventQueue {
    static final int ENTRIES_PER_CALL = 10;
    /** The time to enqueue one request's events, the SDK's own retries of each call included. */
    static final Duration BUDGET = Duration.ofMillis(1500);
    static final Duration FIRST_BACKOFF = Duration.ofMillis(50);
    static final Duration MAX_BACKOFF = Duration.ofMillis(400);
    /** SQS's throttling codes: a later call may succeed although SQS names the sender. */
    private static final Set<String> THROTTLING = Set.of("RequestThrottled", "ThrottlingException", "Throttling",
            "OverLimit", "KmsThrottled");
    /** 4xx codes about the queue, the credentials or the permissions, not about the messages. */
    private static final Set<String> DEPLOYMENT = Set.of("QueueDoesNotExist", "AWS.SimpleQueueService.NonExistentQueue",
            "AccessDenied", "AccessDeniedException", "InvalidClientTokenId", "UnrecognizedClientException",
            "SignatureDoesNotMatch", "IncompleteSignature", "MissingAuthenticationToken", "ExpiredToken",
            "InvalidSecurity", "InvalidAddress", "UnsupportedOperation", "AWS.SimpleQueueService.UnsupportedOperation");

    private final SqsClient sqs;
    private final String queueUrl;
    private final Duration budget;

    public SqsEventQueue(SqsClient sqs, String queueUrl) {
        this(sqs, queueUrl, BUDGET);
    }

    SqsEventQueue(SqsClient sqs, String queueUrl, Duration budget) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.budget = budget;
    }

    /** A message to send; {@code alone}: in a call of its own, to learn which message a whole call refuses. */
    private record Pending(Packing.Message message, boolean alone) {
    }

    /** One round's outcome: what to send next, whether anything failed transiently, whether to go on. */
    private static final class Round {
        final List<Pending> again = new ArrayList<>();
        boolean backOff;
        boolean hopeless;
    }

    @Override
    public SendResult send(EventEnvelope envelope) {
        long deadline = System.nanoTime() + budget.toNanos();
        Packing.Packed packed = Packing.pack(envelope);
        Map<Integer, String> refused = new LinkedHashMap<>(packed.oversize());
        List<String> errors = new ArrayList<>();
        List<Pending> pending = new ArrayList<>();
        packed.messages().forEach(m -> pending.add(new Pending(m, false)));
        int backOffs = 0;
        while (!pending.isEmpty()) {
            Round round = new Round();
            for (List<Pending> call : calls(pending)) {
                long left = deadline - System.nanoTime();
                if (round.hopeless || left <= 0) {
                    round.again.addAll(call);
                } else {
                    sendCall(envelope, call, Duration.ofNanos(left), round, refused, errors);
                }
            }
            pending.clear();
            pending.addAll(round.again);
            if (pending.isEmpty() || round.hopeless || System.nanoTime() >= deadline
                    || (round.backOff && !pause(backOffs++, deadline))) {
                break;
            }
        }
        Set<Integer> unavailable = new TreeSet<>();
        pending.forEach(p -> unavailable.addAll(p.message().indexes()));
        if (!unavailable.isEmpty() || !refused.isEmpty()) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("queue", queueUrl.substring(queueUrl.lastIndexOf('/') + 1));
            line.put("events", envelope.events().size());
            line.put("unavailable", unavailable.size());
            line.put("refused", refused.size());
            line.put("errors", errors.stream().distinct().limit(5).toList());
            line.put("refusals", refused.values().stream().distinct().limit(5).toList());
            Log.event("queue.send_failed", line);
        }
        return new SendResult(List.copyOf(unavailable), refused);
    }

    /** Groups messages into calls of at most 10 entries and 256 KiB of bodies; a message alone in its own. */
    private static List<List<Pending>> calls(List<Pending> pending) {
        List<List<Pending>> calls = new ArrayList<>();
        List<Pending> call = new ArrayList<>();
        int bytes = 0;
        for (Pending p : pending) {
            if (p.alone()) {
                calls.add(List.of(p));
                continue;
            }
            if (call.size() == ENTRIES_PER_CALL || bytes + p.message().bytes() > Packing.MAX_BYTES) {
                calls.add(call);
                call = new ArrayList<>();
                bytes = 0;
            }
            call.add(p);
            bytes += p.message().bytes();
        }
        if (!call.isEmpty()) {
            calls.add(call);
        }
        return calls;
    }

    private void sendCall(EventEnvelope envelope, List<Pending> call, Duration left, Round round,
                          Map<Integer, String> refused, List<String> errors) {
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>(call.size());
        for (int i = 0; i < call.size(); i++) {
            entries.add(SendMessageBatchRequestEntry.builder().id("m" + i).messageBody(call.get(i).message().body()).build());
        }
        SendMessageBatchResponse r;
        try {
            // the budget bounds the SDK's own retries of the call too
            r = sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entries)
                    .overrideConfiguration(o -> o.apiCallTimeout(left)));
        } catch (SdkException e) {
            String why = describe(e);
            if (isTransient(e)) {
                errors.add(why);
                round.again.addAll(call);
                round.backOff = true;
            } else if (isContentRefusal(e)) {
                narrow(envelope, call, why, round, refused);
            } else {
                errors.add(why);
                round.again.addAll(call);
                round.hopeless = true;
            }
            return;
        }
        for (BatchResultErrorEntry f : r.failed()) {
            Pending p = call.get(Integer.parseInt(f.id().substring(1)));
            String why = f.code() + ": " + f.message();
            if (!Boolean.TRUE.equals(f.senderFault()) || THROTTLING.contains(f.code())) {
                errors.add(why);
                round.again.add(p);
                round.backOff = true;
            } else if (p.message().indexes().size() > 1) {
                // SQS refuses entries one by one: one message per event tells which events it refuses
                p.message().indexes().forEach(i -> round.again.add(new Pending(Packing.message(envelope, List.of(i)), false)));
            } else {
                refused.put(p.message().indexes().get(0), why);
            }
        }
    }

    /**
     * A whole call refused for its content: its messages each in a call of its own, a message alone cut in two
     * halves, a single event refused. One bad event among 32 is found in about ten calls.
     */
    private static void narrow(EventEnvelope envelope, List<Pending> call, String why, Round round,
                               Map<Integer, String> refused) {
        if (call.size() > 1) {
            call.forEach(p -> round.again.add(new Pending(p.message(), true)));
            return;
        }
        List<Integer> indexes = call.get(0).message().indexes();
        if (indexes.size() == 1) {
            refused.put(indexes.get(0), why);
            return;
        }
        int half = indexes.size() / 2;
        round.again.add(new Pending(Packing.message(envelope, indexes.subList(0, half)), true));
        round.again.add(new Pending(Packing.message(envelope, indexes.subList(half, indexes.size())), true));
    }

    /** Waits before the next round of transient retries; false when the wait would end past the deadline. */
    private static boolean pause(int backOffs, long deadline) {
        long cap = Math.min(MAX_BACKOFF.toNanos(), FIRST_BACKOFF.toNanos() << Math.min(backOffs, 10));
        long wait = ThreadLocalRandom.current().nextLong(cap / 2, cap + 1); // jitter, so that racing senders spread out
        if (System.nanoTime() + wait >= deadline) {
            return false;
        }
        try {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Throttling, a 5xx answer, or no answer at all (connection refused or reset, a read timeout). */
    static boolean isTransient(SdkException e) {
        if (e instanceof ApiCallTimeoutException) {
            return false; // the budget is spent
        }
        if (e instanceof AwsServiceException s) {
            return s.isThrottlingException() || s.statusCode() >= 500 || s.statusCode() == 429
                    || THROTTLING.contains(code(s));
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    /** A 400 that is not about the queue, the credentials or the permissions: about what the call sent. */
    static boolean isContentRefusal(SdkException e) {
        if (!(e instanceof AwsServiceException s) || s.statusCode() != 400 || isTransient(e)) {
            return false;
        }
        String code = code(s);
        return code != null && !DEPLOYMENT.contains(code) && !code.startsWith("Kms");
    }

    private static String code(AwsServiceException s) {
        return s.awsErrorDetails() == null ? null : s.awsErrorDetails().errorCode();
    }

    /**
     * The code and status of a refusal: a 4xx message may quote the request (ElasticMQ's do), and so the queue's
     * URL and the events' personal data, which belong neither in the client's answer nor in a log line.
     */
    private static String describe(SdkException e) {
        if (e instanceof AwsServiceException s) {
            return code(s) + " (HTTP " + s.statusCode() + ")";
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
