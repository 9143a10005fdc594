package io.mqlengine.local.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mqlengine.local.template.PhysicalNames;
import io.mqlengine.local.template.TemplateRefusal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;

/** Turns AWS::DynamoDB::Table and AWS::SQS::Queue properties into what the provisioner creates. */
final class StoragePlanner {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> VIEW_TYPES = Set.of("NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES", "KEYS_ONLY");
    private final PhysicalNames names;

    StoragePlanner(PhysicalNames names) {
        this.names = names;
    }

    TablePlan table(String id, Props p) {
        String name = names.tableName(id);
        p.accept("TableName", "PointInTimeRecoverySpecification", "SSESpecification", "Tags", "DeletionProtectionEnabled",
                "TableClass", "ContributorInsightsSpecification");
        List<AttributeDefinition> attributes = new ArrayList<>();
        for (Props a : p.objects("AttributeDefinitions")) {
            a.requireOneOf("AttributeType", Set.of("S", "N", "B"));
            attributes.add(AttributeDefinition.builder().attributeName(a.string("AttributeName"))
                    .attributeType(a.string("AttributeType")).build());
            a.refuseUnread();
        }
        String billing = p.optString("BillingMode").orElse("PROVISIONED");
        if (!Set.of("PROVISIONED", "PAY_PER_REQUEST").contains(billing)) {
            throw new TemplateRefusal(p.path("BillingMode"), "'" + billing + "' is not PROVISIONED or PAY_PER_REQUEST");
        }
        boolean provisioned = billing.equals("PROVISIONED");
        CreateTableRequest.Builder create = CreateTableRequest.builder().tableName(name)
                .attributeDefinitions(attributes).keySchema(keys(p.objects("KeySchema"), p.path("KeySchema")))
                .billingMode(BillingMode.fromValue(billing));
        if (provisioned) {
            create.provisionedThroughput(throughput(p.object("ProvisionedThroughput"), true));
        } else if (p.has("ProvisionedThroughput")) {
            throw new TemplateRefusal(p.path("ProvisionedThroughput"), "not allowed with PAY_PER_REQUEST");
        }
        Set<String> used = new HashSet<>(keyNames(create.build().keySchema()));
        List<GlobalSecondaryIndex> gsis = new ArrayList<>();
        for (Props g : p.objects("GlobalSecondaryIndexes")) {
            List<KeySchemaElement> keys = keys(g.objects("KeySchema"), g.path("KeySchema"));
            used.addAll(keyNames(keys));
            GlobalSecondaryIndex.Builder gsi = GlobalSecondaryIndex.builder().indexName(g.string("IndexName"))
                    .keySchema(keys).projection(projection(g.object("Projection")));
            if (provisioned) {
                gsi.provisionedThroughput(throughput(g.object("ProvisionedThroughput"), true));
            }
            g.accept("ContributorInsightsSpecification");
            g.refuseUnread();
            gsis.add(gsi.build());
        }
        if (!gsis.isEmpty()) {
            create.globalSecondaryIndexes(gsis);
        }
        List<LocalSecondaryIndex> lsis = new ArrayList<>();
        for (Props l : p.objects("LocalSecondaryIndexes")) {
            List<KeySchemaElement> keys = keys(l.objects("KeySchema"), l.path("KeySchema"));
            used.addAll(keyNames(keys));
            lsis.add(LocalSecondaryIndex.builder().indexName(l.string("IndexName")).keySchema(keys)
                    .projection(projection(l.object("Projection"))).build());
            l.refuseUnread();
        }
        if (!lsis.isEmpty()) {
            create.localSecondaryIndexes(lsis);
        }
        Set<String> defined = new HashSet<>();
        attributes.forEach(a -> defined.add(a.attributeName()));
        if (!defined.equals(used)) {
            throw new TemplateRefusal(p.path("AttributeDefinitions"), "must define exactly the key attributes of the table and its indexes "
                    + used + ", but defines " + defined);
        }
        if (p.has("StreamSpecification")) {
            Props s = p.object("StreamSpecification");
            String view = s.string("StreamViewType");
            if (!VIEW_TYPES.contains(view)) {
                throw new TemplateRefusal(s.path("StreamViewType"), "'" + view + "' is not one of " + VIEW_TYPES);
            }
            s.accept("ResourcePolicy");
            s.refuseUnread();
            create.streamSpecification(StreamSpecification.builder().streamEnabled(true).streamViewType(view).build());
        }
        Optional<String> ttl = Optional.empty();
        if (p.has("TimeToLiveSpecification")) {
            Props t = p.object("TimeToLiveSpecification");
            boolean enabled = t.bool("Enabled", false);
            String attribute = t.optString("AttributeName").orElse(null);
            t.refuseUnread();
            if (enabled && attribute == null) {
                throw new TemplateRefusal(t.path("AttributeName"), "required when Enabled");
            }
            ttl = enabled ? Optional.of(attribute) : Optional.empty();
        }
        p.refuseUnread();
        return new TablePlan(id, name, create.build(), ttl);
    }

    QueuePlan queue(String id, Props p) {
        String name = names.queueName(id);
        boolean fifo = p.bool("FifoQueue", false);
        p.accept("QueueName", "DeduplicationScope", "FifoThroughputLimit", "KmsMasterKeyId", "KmsDataKeyReusePeriodSeconds",
                "SqsManagedSseEnabled", "RedriveAllowPolicy", "Tags");
        if (fifo != name.endsWith(".fifo")) {
            throw new TemplateRefusal(p.path("QueueName"), fifo ? "a FIFO queue's name must end in .fifo" : "only FIFO queue names end in .fifo");
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        if (fifo) {
            attributes.put("FifoQueue", "true");
            attributes.put("ContentBasedDeduplication", String.valueOf(p.bool("ContentBasedDeduplication", false)));
        } else if (p.has("ContentBasedDeduplication")) {
            throw new TemplateRefusal(p.path("ContentBasedDeduplication"), "only FIFO queues deduplicate by content");
        }
        putRange(attributes, p, "VisibilityTimeout", 0, 43200);
        putRange(attributes, p, "MessageRetentionPeriod", 60, 1209600);
        putRange(attributes, p, "DelaySeconds", 0, 900);
        putRange(attributes, p, "ReceiveMessageWaitTimeSeconds", 0, 20);
        putRange(attributes, p, "MaximumMessageSize", 1024, 1048576);
        Optional<String> dlq = Optional.empty();
        if (p.has("RedrivePolicy")) {
            JsonNode raw = p.raw("RedrivePolicy");
            Props r = Props.of(raw.isTextual() ? parse(raw.asText(), p.path("RedrivePolicy")) : raw, p.path("RedrivePolicy"));
            String arn = r.string("deadLetterTargetArn");
            int max = r.integer("maxReceiveCount", 0, 1, 1000);
            r.refuseUnread();
            String target = names.queueByArn(arn).orElseThrow(() -> new TemplateRefusal(r.path("deadLetterTargetArn"),
                    arn + " is not a queue of this template"));
            if (names.queueName(target).endsWith(".fifo") != fifo) {
                throw new TemplateRefusal(r.path("deadLetterTargetArn"), "the dead-letter queue of a " + (fifo ? "FIFO" : "standard")
                        + " queue must be " + (fifo ? "FIFO" : "standard") + " too");
            }
            attributes.put("RedrivePolicy", "{\"deadLetterTargetArn\":\"" + arn + "\",\"maxReceiveCount\":\"" + max + "\"}");
            dlq = Optional.of(target);
        }
        p.refuseUnread();
        return new QueuePlan(id, name, names.queueUrl(id), names.queueArn(id), fifo, attributes, dlq);
    }

    /** The visibility timeout SQS uses when the template gives none. */
    static int visibilityTimeout(QueuePlan queue) {
        return Integer.parseInt(queue.attributes().getOrDefault("VisibilityTimeout", "30"));
    }

    private static void putRange(Map<String, String> attributes, Props p, String key, int min, int max) {
        if (p.has(key)) {
            attributes.put(key, String.valueOf(p.integer(key, 0, min, max)));
        }
    }

    private static JsonNode parse(String json, String path) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new TemplateRefusal(path, "not valid JSON");
        }
    }

    private static List<KeySchemaElement> keys(List<Props> elements, String path) {
        List<KeySchemaElement> keys = new ArrayList<>();
        for (Props k : elements) {
            k.requireOneOf("KeyType", Set.of("HASH", "RANGE"));
            keys.add(KeySchemaElement.builder().attributeName(k.string("AttributeName")).keyType(k.string("KeyType")).build());
            k.refuseUnread();
        }
        if (keys.isEmpty() || keys.size() > 2 || !keys.get(0).keyTypeAsString().equals("HASH")) {
            throw new TemplateRefusal(path, "expected a HASH key, optionally followed by a RANGE key");
        }
        return keys;
    }

    private static List<String> keyNames(List<KeySchemaElement> keys) {
        return keys.stream().map(KeySchemaElement::attributeName).toList();
    }

    private static Projection projection(Props p) {
        String type = p.optString("ProjectionType").orElse("KEYS_ONLY");
        if (!Set.of("ALL", "KEYS_ONLY", "INCLUDE").contains(type)) {
            throw new TemplateRefusal(p.path("ProjectionType"), "'" + type + "' is not ALL, KEYS_ONLY or INCLUDE");
        }
        List<String> nonKey = p.strings("NonKeyAttributes");
        p.refuseUnread();
        if (type.equals("INCLUDE") == nonKey.isEmpty()) {
            throw new TemplateRefusal(p.path("NonKeyAttributes"), "NonKeyAttributes go with ProjectionType INCLUDE, and only with it");
        }
        Projection.Builder projection = Projection.builder().projectionType(type);
        return nonKey.isEmpty() ? projection.build() : projection.nonKeyAttributes(nonKey).build();
    }

    private static ProvisionedThroughput throughput(Props p, boolean required) {
        if (required && (!p.has("ReadCapacityUnits") || !p.has("WriteCapacityUnits"))) {
            throw new TemplateRefusal(p.path(), "ReadCapacityUnits and WriteCapacityUnits are required with BillingMode PROVISIONED");
        }
        ProvisionedThroughput t = ProvisionedThroughput.builder().readCapacityUnits((long) p.integer("ReadCapacityUnits", 1))
                .writeCapacityUnits((long) p.integer("WriteCapacityUnits", 1)).build();
        p.refuseUnread();
        return t;
    }
}
