package io.mqlengine.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import io.mqlengine.archive.ArchiveFormat;
import io.mqlengine.model.TrackingEvent;
import io.mqlengine.score.ScoreHandler;
import io.mqlengine.scoring.LeadState;
import io.mqlengine.store.LeadKey;
import io.mqlengine.testing.Emulators;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The score function with an event archive ({@code ARCHIVE_BUCKET}) whose PutObject fails, through the unmodified S3
 * SDK against an endpoint that answers with S3's own errors: the batch's done messages are reported failed, so SQS
 * delivers them again; the redelivery finds their events applied (the lead's dedupe: nothing counted twice) and
 * archives them then, once.
 */
class ScoreArchiveFailureTest {
    private static final String BUCKET = "mql-archive-failure-test";
    private static final String ANNA = "anon-archive-anna";
    private static final String BEN = "anon-archive-ben";

    private Stack stack;
    private EventsLane lane;
    private S3Endpoint s3;

    @BeforeEach
    void createStack() {
        stack = new Stack(Emulators.get(), PipelineContract.SAMPLE_TIME, "");
        lane = new EventsLane(stack);
        s3 = S3Endpoint.start(BUCKET);
    }

    @AfterEach
    void stopS3() {
        s3.close();
    }

    @Test
    void score_shouldReportDoneMessagesFailed_thenArchiveOnceWithoutCountingTwice_whenPutObjectFailsAndTheRedeliverySucceeds()
            throws IOException {
        ScoreHandler score = archivingScore(BUCKET);
        lane.pages(ANNA, 2);
        lane.pages(BEN, 3);
        s3.failPuts(503, "SlowDown");

        Delivery first = deliver(score);

        assertThat(first.delivered()).hasSize(2);
        assertThat(first.failed()).as("every done message reported failed, for SQS to deliver again")
                .isEqualTo(first.delivered());
        assertThat(s3.putAttempts()).as("the SDK's own retries of SlowDown reached the endpoint").isGreaterThan(1);
        assertThat(s3.objects()).isEmpty();
        assertPageViews(ANNA, 2);
        assertPageViews(BEN, 3);
        assertThat(lane.queued()).as("the batch waits on the queue").isEqualTo(2);

        s3.heal();
        Delivery redelivery = deliver(score);

        assertThat(redelivery.delivered()).isEqualTo(first.delivered());
        assertThat(redelivery.failed()).isEmpty();
        assertPageViews(ANNA, 2);
        assertPageViews(BEN, 3);
        assertThat(s3.objects()).hasSize(1);
        String key = s3.objects().keySet().iterator().next();
        assertThat(key).startsWith("events/").endsWith(".jsonl.gz");
        assertThat(archivedEventIds(s3.objects().get(key))).as("each event archived once")
                .containsExactlyInAnyOrder(ANNA + "-1", ANNA + "-2", BEN + "-3", BEN + "-4", BEN + "-5");
        assertThat(lane.queued()).isZero();
    }

    @Test
    void score_shouldReportDoneMessagesFailed_andWriteEachLeadOnce_whenTheArchiveBucketDoesNotExist() {
        ScoreHandler score = archivingScore("no-such-archive-bucket");
        lane.pages(ANNA, 1);
        lane.pages(BEN, 1);

        Delivery first = deliver(score);
        Delivery second = deliver(score);

        assertThat(first.failed()).isEqualTo(first.delivered()).hasSize(2);
        assertThat(second.failed()).as("still failing: the messages will reach the DLQ, whose redrive archives them")
                .isEqualTo(first.delivered());
        assertThat(s3.putAttempts()).as("NoSuchBucket is not retried by the SDK: one PutObject per delivery").isEqualTo(2);
        assertThat(s3.objects()).isEmpty();
        assertPageViews(ANNA, 1);
        assertPageViews(BEN, 1);
    }

    /** The score function as the template configures it when the EventArchive parameter is on. */
    private ScoreHandler archivingScore(String bucket) {
        Map<String, String> env = new HashMap<>(stack.env);
        env.putAll(s3.environment());
        env.put("ARCHIVE_BUCKET", bucket);
        return new ScoreHandler(env, stack.clock);
    }

    private record Delivery(Set<String> delivered, Set<String> failed) {
    }

    /** One invocation with every visible message of the events queue, then what Lambda does with its answer. */
    private Delivery deliver(ScoreHandler score) {
        String url = stack.queues.get("EventsQueue");
        List<Message> batch = stack.receive(url, 10);
        assertThat(batch).as("messages to deliver").isNotEmpty();
        SQSBatchResponse r = score.handleRequest(stack.sqsEvent(batch, url), null);
        Set<String> failed = r.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .collect(Collectors.toSet());
        for (Message m : batch) {
            if (failed.contains(m.messageId())) {
                stack.backend.sqs().changeMessageVisibility(b -> b.queueUrl(url).receiptHandle(m.receiptHandle())
                        .visibilityTimeout(0));
            } else {
                stack.backend.sqs().deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
            }
        }
        return new Delivery(batch.stream().map(Message::messageId).collect(Collectors.toSet()), failed);
    }

    private static List<String> archivedEventIds(byte[] object) throws IOException {
        List<String> ids = new ArrayList<>();
        ArchiveFormat.read(new ByteArrayInputStream(object), (TrackingEvent e) -> ids.add(e.eventId()));
        return ids;
    }

    private void assertPageViews(String anonymousId, int count) {
        LeadState lead = stack.store.get(LeadKey.anonymous(anonymousId));
        assertThat(lead).as("%s's lead", anonymousId).isNotNull();
        assertThat(lead.contributions().get("page-view").count()).as("%s's page views", anonymousId).isEqualTo(count);
        assertThat(lead.version()).as("one write of %s's lead", anonymousId).isEqualTo(1);
    }
}
