package io.mqlengine.local.plan;

import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;

/** A table to create in the DynamoDB emulator, and its TTL attribute, if any. */
public record TablePlan(String logicalId, String name, CreateTableRequest create, Optional<String> ttlAttribute) {}
