package io.mqlengine.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.mqlengine.testing.TemplateResources;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/** The published JSON Schemas under events/schema, resolved from the files themselves. */
final class Schemas {
    private static final String BASE = "https://mqlengine.io/schema/";
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            b -> b.schemaMappers(m -> m.mapPrefix(BASE,
                    TemplateResources.repositoryRoot().resolve("events/schema").toUri().toString())));
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
    private static final ConcurrentHashMap<String, JsonSchema> CACHE = new ConcurrentHashMap<>();

    private Schemas() {
    }

    /** The problems {@code document} has against schema {@code file} (empty when valid). */
    static Set<String> problems(String file, JsonNode document) {
        JsonSchema schema = CACHE.computeIfAbsent(file, f -> FACTORY.getSchema(
                com.networknt.schema.SchemaLocation.of(BASE + f), CONFIG));
        Set<ValidationMessage> messages = schema.validate(document);
        return messages.stream().map(ValidationMessage::toString).collect(Collectors.toSet());
    }
}
