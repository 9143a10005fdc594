package io.mqlengine.emulator.dynamodb.api;

import io.mqlengine.emulator.dynamodb.ApiException;
import io.mqlengine.emulator.dynamodb.expr.Expressions;
import io.mqlengine.emulator.dynamodb.expr.Path;
import io.mqlengine.emulator.dynamodb.table.IndexDef;
import io.mqlengine.emulator.dynamodb.table.KeyAttr;
import io.mqlengine.emulator.dynamodb.table.TableDef;
import io.mqlengine.emulator.dynamodb.value.ItemSize;
import io.mqlengine.emulator.dynamodb.value.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Checks items against a table's definition: index key types, and the item and key size limits. */
final class Items {
    private Items() {
    }

    /** An item to put: the table's key, index key types, 400 KB. */
    static void checkPut(TableDef def, Map<String, Value> item) {
        def.key().checkItem(item);
        checkIndexKeys(def, item);
        if (ItemSize.of(item) > ItemSize.MAX_ITEM_BYTES) {
            throw ApiException.validation("Item size has exceeded the maximum allowed size");
        }
    }

    /** Index key attributes, when present, must have the type the index declares and must not be empty. */
    static void checkIndexKeys(TableDef def, Map<String, Value> item) {
        for (IndexDef index : def.indexes()) {
            for (KeyAttr k : index.key().range() == null ? List.of(index.key().hash())
                    : List.of(index.key().hash(), index.key().range())) {
                Value v = item.get(k.name());
                if (v == null) {
                    continue;
                }
                if (v.type() != k.type()) {
                    throw ApiException.validation("One or more parameter values were invalid: Type mismatch for Index Key "
                            + k.name() + " Expected: " + k.type() + " Actual: " + v.type() + " IndexName: " + index.name());
                }
                boolean empty = v instanceof Value.S s && s.value().isEmpty() || v instanceof Value.B b && b.value().length() == 0;
                if (empty) {
                    throw ApiException.validation("One or more parameter values are not valid. A value specified for a "
                            + "secondary index key is not supported. The AttributeValue for a key attribute cannot contain an "
                            + "empty " + (v instanceof Value.S ? "string" : "binary") + " value. IndexName: " + index.name()
                            + ", IndexKey: " + k.name());
                }
            }
        }
    }

    /** An expression may not reach into a key attribute of the table or of an index with '.' or '[]'. */
    static void checkScalarKeys(TableDef def, Set<String> nestedPathHeads) {
        if (nestedPathHeads.isEmpty()) {
            return;
        }
        List<String> indexKeys = new ArrayList<>();
        def.indexes().forEach(i -> indexKeys.addAll(i.key().names()));
        Expressions.checkScalarKeys(nestedPathHeads, def.key().names(), indexKeys);
    }

    /** An update may not write a key attribute (reaching into one is refused by {@link #checkScalarKeys}). */
    static void checkUpdateTargets(TableDef def, List<Path> targets) {
        for (Path p : targets) {
            if (def.key().isKey(p.top())) {
                throw ApiException.validation("One or more parameter values were invalid: Cannot update attribute "
                        + p.top() + ". This attribute is part of the key");
            }
        }
    }
}
