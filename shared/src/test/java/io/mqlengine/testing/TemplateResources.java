package io.mqlengine.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Creates the template's tables and queues on the emulators, under fresh names per test, from
 * {@code template.yaml} itself (tags such as !GetAtt are read as their plain values).
 */
public final class TemplateResources {
    private static final JsonNode TEMPLATE = read();

    private TemplateResources() {
    }

    public static Path repositoryRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("template.yaml"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("template.yaml not found above " + Path.of("").toAbsolutePath());
        }
        return p;
    }

    private static JsonNode read() {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(repositoryRoot().resolve("template.yaml").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode template() {
        return TEMPLATE;
    }

    public static JsonNode properties(String logicalId) {
        return TEMPLATE.path("Resources").path(logicalId).path("Properties");
    }

    /** Creates the table {@code logicalId} under a fresh name, with its keys, indexes, stream and TTL. */
    public static String createTable(DynamoDbClient dynamo, String logicalId) {
        JsonNode p = properties(logicalId);
        String name = logicalId + "-" + UUID.randomUUID();
        List<AttributeDefinition> attributes = new ArrayList<>();
        p.path("AttributeDefinitions").forEach(a -> attributes.add(AttributeDefinition.builder()
                .attributeName(a.get("AttributeName").asText()).attributeType(a.get("AttributeType").asText()).build()));
        List<GlobalSecondaryIndex> indexes = new ArrayList<>();
        p.path("GlobalSecondaryIndexes").forEach(i -> indexes.add(GlobalSecondaryIndex.builder()
                .indexName(i.get("IndexName").asText()).keySchema(keys(i.get("KeySchema")))
                .projection(projection(i.path("Projection")))
                .build()));
        dynamo.createTable(b -> b.tableName(name).attributeDefinitions(attributes).keySchema(keys(p.get("KeySchema")))
                .globalSecondaryIndexes(indexes.isEmpty() ? null : indexes).billingMode(BillingMode.PAY_PER_REQUEST)
                .streamSpecification(p.has("StreamSpecification") ? StreamSpecification.builder().streamEnabled(true)
                        .streamViewType(p.path("StreamSpecification").path("StreamViewType").asText()).build() : null));
        if (p.has("TimeToLiveSpecification")) {
            dynamo.updateTimeToLive(b -> b.tableName(name).timeToLiveSpecification(t -> t.enabled(true)
                    .attributeName(p.path("TimeToLiveSpecification").path("AttributeName").asText())));
        }
        return name;
    }

    private static Projection projection(JsonNode p) {
        List<String> nonKey = new ArrayList<>();
        p.path("NonKeyAttributes").forEach(a -> nonKey.add(a.asText()));
        return Projection.builder().projectionType(p.path("ProjectionType").asText())
                .nonKeyAttributes(nonKey.isEmpty() ? null : nonKey).build();
    }

    private static List<KeySchemaElement> keys(JsonNode schema) {
        List<KeySchemaElement> out = new ArrayList<>();
        schema.forEach(k -> out.add(KeySchemaElement.builder().attributeName(k.get("AttributeName").asText())
                .keyType(k.get("KeyType").asText()).build()));
        return out;
    }

    /**
     * Creates the queues {@code logicalIds} (and first their dead-letter queues, if they have them; one they
     * share is created once) under fresh names; returns the URLs by logical id.
     */
    public static Map<String, String> createQueue(SqsClient sqs, String... logicalIds) {
        Map<String, String> urls = new HashMap<>();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        for (String id : logicalIds) {
            createQueue(sqs, id, suffix, urls);
        }
        return urls;
    }

    private static String createQueue(SqsClient sqs, String logicalId, String suffix, Map<String, String> urls) {
        if (urls.containsKey(logicalId)) {
            return urls.get(logicalId);
        }
        JsonNode p = properties(logicalId);
        boolean fifo = p.path("FifoQueue").asBoolean(false);
        String name = logicalId + "-" + suffix + (fifo ? ".fifo" : "");
        Map<QueueAttributeName, String> attributes = new HashMap<>();
        if (fifo) {
            attributes.put(QueueAttributeName.FIFO_QUEUE, "true");
            attributes.put(QueueAttributeName.CONTENT_BASED_DEDUPLICATION,
                    String.valueOf(p.path("ContentBasedDeduplication").asBoolean(false)));
        }
        if (p.has("VisibilityTimeout")) {
            attributes.put(QueueAttributeName.VISIBILITY_TIMEOUT, p.get("VisibilityTimeout").asText());
        }
        if (p.has("RedrivePolicy")) {
            String target = p.path("RedrivePolicy").path("deadLetterTargetArn").asText().replace(".Arn", "");
            String dlqUrl = createQueue(sqs, target, suffix, urls);
            String dlqArn = sqs.getQueueAttributes(b -> b.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN);
            attributes.put(QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\"" + dlqArn
                    + "\",\"maxReceiveCount\":\"" + p.path("RedrivePolicy").path("maxReceiveCount").asText() + "\"}");
        }
        String url = sqs.createQueue(b -> b.queueName(name).attributes(attributes)).queueUrl();
        urls.put(logicalId, url);
        return url;
    }
}
