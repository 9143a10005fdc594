package io.mqlengine.local.plan;

import java.util.Map;
import java.util.Optional;

/** A queue to create in ElasticMQ, with its SQS attributes and its dead-letter queue, if any. */
public record QueuePlan(String logicalId, String name, String url, String arn, boolean fifo,
        Map<String, String> attributes, Optional<String> deadLetterQueueId) {}
