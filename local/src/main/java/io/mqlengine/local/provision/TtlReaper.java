package io.mqlengine.local.provision;

import io.mqlengine.local.TwinClock;
import io.mqlengine.local.plan.TablePlan;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;

/**
 * DynamoDB Local never expires items, so the twin does: every few seconds, and whenever the twin
 * clock moves, items whose TTL attribute (epoch seconds) is at or before the twin clock are deleted.
 * The deleted keys are remembered so their stream REMOVE records carry the TTL service identity.
 */
public final class TtlReaper implements AutoCloseable {
  private final DynamoDbClient dynamo;
  private final TwinClock clock;
  private final List<TablePlan> tables;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "twin-ttl-reaper");
    t.setDaemon(true);
    return t;
  });
  private final Map<String, Boolean> reaped = new ConcurrentHashMap<>();

  public TtlReaper(DynamoDbClient dynamo, TwinClock clock, List<TablePlan> tables) {
    this.dynamo = dynamo;
    this.clock = clock;
    this.tables = tables.stream().filter(t -> t.ttlAttribute().isPresent()).toList();
  }

  public void start() {
    if (tables.isEmpty()) {
      return;
    }
    timer.scheduleWithFixedDelay(this::reapQuietly, 2, 2, TimeUnit.SECONDS);
    clock.onChange(() -> timer.execute(this::reapQuietly));
  }

  /** True once for a key the reaper deleted (the stream record of that deletion). */
  public boolean consumeReaped(String tableName, Map<String, AttributeValue> keys) {
    return reaped.remove(key(tableName, keys)) != null;
  }

  public void reapNow() {
    tables.forEach(this::reap);
  }

  private void reapQuietly() {
    try {
      reapNow();
    } catch (RuntimeException e) {
      System.err.println("{\"event\":\"ttl-reaper-error\",\"error\":\"" + e.getClass().getSimpleName() + "\"}");
    }
  }

  private void reap(TablePlan table) {
    String attribute = table.ttlAttribute().orElseThrow();
    List<String> keyNames = table.create().keySchema().stream().map(KeySchemaElement::attributeName).toList();
    AttributeValue now = AttributeValue.fromN(String.valueOf(clock.instant().getEpochSecond()));
    Map<String, String> names = new TreeMap<>(Map.of("#ttl", attribute));
    for (int i = 0; i < keyNames.size(); i++) {
      names.put("#k" + i, keyNames.get(i));
    }
    String projection = names.keySet().stream().collect(Collectors.joining(","));
    dynamo.scanPaginator(b -> b.tableName(table.name()).filterExpression("#ttl <= :now")
            .expressionAttributeNames(names).expressionAttributeValues(Map.of(":now", now)).projectionExpression(projection))
        .items().forEach(item -> {
          Map<String, AttributeValue> keys = new TreeMap<>();
          keyNames.forEach(k -> keys.put(k, item.get(k)));
          reaped.put(key(table.name(), keys), Boolean.TRUE);
          try {
            dynamo.deleteItem(b -> b.tableName(table.name()).key(keys).conditionExpression("#ttl <= :now")
                .expressionAttributeNames(Map.of("#ttl", attribute)).expressionAttributeValues(Map.of(":now", now)));
          } catch (ConditionalCheckFailedException changed) {
            reaped.remove(key(table.name(), keys));
          }
        });
  }

  private static String key(String table, Map<String, AttributeValue> keys) {
    return table + new TreeMap<>(keys);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
