package io.mqlengine.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/** Schema validation for tests outside this package. */
public final class SchemaAccess {
    private SchemaAccess() {
    }

    public static Set<String> problems(String schema, JsonNode document) {
        return Schemas.problems(schema, document);
    }
}
