package io.mqlengine.local.plan;

import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;

/** A table to create in DynamoDB Local, and the TTL attribute the reaper watches, if any. */
public record TablePlan(String logicalId, String name, CreateTableRequest create, Optional<String> ttlAttribute) {}
