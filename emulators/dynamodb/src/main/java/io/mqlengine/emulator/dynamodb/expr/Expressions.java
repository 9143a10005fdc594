package io.mqlengine.emulator.dynamodb.expr;

import io.mqlengine.emulator.dynamodb.ApiException;
import io.mqlengine.emulator.dynamodb.expr.Node.PathNode;
import io.mqlengine.emulator.dynamodb.expr.Problems.Kind;
import io.mqlengine.emulator.dynamodb.value.ItemSize;
import io.mqlengine.emulator.dynamodb.value.Value;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Compiles the expressions of a request. Each call resolves and marks the placeholders it uses; after the
 * last one, {@link Placeholders#checkAllUsed()} refuses what none used. Call them in DynamoDB's order, which
 * decides which error a request with several wrong expressions gets: UpdateExpression, ConditionExpression,
 * KeyConditionExpression, FilterExpression, ProjectionExpression. The results are immutable and thread-safe.
 */
public final class Expressions {
    /** DynamoDB's limit on the length of one expression, in UTF-8 bytes. */
    public static final int MAX_EXPRESSION_BYTES = 4096;

    private Expressions() {
    }

    /** ConditionExpression or FilterExpression ({@code parameter} names it in error messages). */
    public static Condition condition(String text, String parameter, Placeholders p) {
        return compile(parameter, text, true, () -> ConditionCompiler.compile(text, p));
    }

    public static Update update(String text, Placeholders p) {
        return compile("UpdateExpression", text, false, () -> UpdateCompiler.compile(text, p));
    }

    public static Projection projection(String text, Placeholders p) {
        return compile("ProjectionExpression", text, true, () -> compileProjection(text, p));
    }

    /**
     * KeyConditionExpression, checked against the key schema of the table or index queried (sortKey null when
     * none), with AWS's messages ("Query condition missed key schema element: pk", "Query key condition not
     * supported", ...). The engine checks the values' types against the schema itself.
     */
    public static KeyCondition keyCondition(String text, Placeholders p, String partitionKey, String sortKey) {
        return keyCondition(text, p, partitionKey, null, sortKey, null);
    }

    /**
     * As {@link #keyCondition(String, Placeholders, String, String)}, also refusing values whose type is not the
     * key's ("Condition parameter type does not match schema type"); a null type is not checked.
     */
    public static KeyCondition keyCondition(String text, Placeholders p, String partitionKey, Value.Type partitionType,
            String sortKey, Value.Type sortType) {
        Condition condition = condition(text, "KeyConditionExpression", p);
        return KeyConditions.of(condition, partitionKey, partitionType, sortKey, sortType);
    }

    /**
     * A KeyConditionExpression compiled and checked as far as it can be without the key schema (operators,
     * operands, one condition per attribute), as the service checks it before it looks the table up.
     */
    public static KeyConditionDraft keyConditionDraft(String text, Placeholders p) {
        return new KeyConditionDraft(KeyConditions.terms(condition(text, "KeyConditionExpression", p)));
    }

    /**
     * Refuses an expression that reaches into a key attribute with {@code .} or {@code []}, given the
     * expression's nested path heads, the table's key attributes and its indexes' key attributes.
     */
    public static void checkScalarKeys(Set<String> nestedPathHeads, Collection<String> tableKeys,
            Collection<String> indexKeys) {
        String prefix = "Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: ";
        for (String key : tableKeys) {
            if (nestedPathHeads.contains(key)) {
                throw ApiException.validation(prefix + "Key: " + key);
            }
        }
        for (String key : indexKeys) {
            if (nestedPathHeads.contains(key)) {
                throw ApiException.validation(prefix + "IndexKey: " + key);
            }
        }
    }

    private static <T> T compile(String parameter, String text, boolean sizeInMessage, Supplier<T> compiler) {
        String prefix = "Invalid " + parameter + ": ";
        if (text.isEmpty()) {
            throw ApiException.validation(prefix + "The expression can not be empty;");
        }
        int bytes = ItemSize.utf8(text);
        if (bytes > MAX_EXPRESSION_BYTES) {
            throw ApiException.validation(prefix + "Expression size has exceeded the maximum allowed size;"
                    + (sizeInMessage ? " expression size: " + bytes : ""));
        }
        try {
            return compiler.get();
        } catch (ExpressionException e) {
            throw ApiException.validation(prefix + e.getMessage());
        }
    }

    private static Projection compileProjection(String text, Placeholders p) {
        List<PathNode> nodes = Parser.projection(text);
        Problems problems = new Problems();
        Resolver resolver = new Resolver(p, problems, Kind.NAME, Kind.NAME);
        List<Path> paths = new ArrayList<>();
        nodes.forEach(n -> paths.add(resolver.path(n)));
        paths.forEach(resolver::written);
        problems.throwFirst(Problems.PROJECTION_ORDER);
        return new Projection(paths, resolver.nestedHeads());
    }
}
