package io.mqlengine.local.template;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a SAM/CloudFormation YAML document into a Jackson tree, turning short-form tags
 * ({@code !Ref X}, {@code !GetAtt A.B}, {@code !Sub ...}) into their long forms
 * ({@code {"Ref": "X"}}, {@code {"Fn::GetAtt": "A.B"}}) so that one resolver handles both.
 */
public final class TemplateReader {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final YAMLFactory YAML = YAMLFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private TemplateReader() {}

    public static Template read(Path file) {
        try (Reader in = Files.newBufferedReader(file)) {
            return new Template(file.toAbsolutePath().normalize(), parse(in, file.toString()));
        } catch (IOException e) {
            throw new TemplateRefusal(file.toString(), "cannot read: " + e.getMessage(), e);
        }
    }

    public static ObjectNode parse(String yaml) {
        return parse(new StringReader(yaml), "template");
    }

    private static ObjectNode parse(Reader in, String name) {
        try (JsonParser p = YAML.createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new TemplateRefusal(name, "a template is a YAML mapping");
            }
            JsonNode root = readValue(p);
            if (!(root instanceof ObjectNode object)) {
                throw new TemplateRefusal(name, "a template is a YAML mapping");
            }
            return object;
        } catch (IOException e) {
            throw new TemplateRefusal(name, "not valid YAML: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }

    private static JsonNode readValue(JsonParser p) throws IOException {
        Object typeId = p.getTypeId();
        String tag = typeId == null ? null : typeId.toString();
        JsonNode value = switch (p.currentToken()) {
            case START_OBJECT -> readObject(p);
            case START_ARRAY -> readArray(p);
            case VALUE_STRING -> NODES.textNode(p.getText());
            case VALUE_NUMBER_INT -> NODES.numberNode(p.getBigIntegerValue());
            case VALUE_NUMBER_FLOAT -> NODES.numberNode(p.getDecimalValue());
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            default -> throw new IOException("unexpected " + p.currentToken());
        };
        return tag == null || tag.startsWith("tag:yaml.org,2002:") ? value : longForm(tag, value);
    }

    private static ObjectNode readObject(JsonParser p) throws IOException {
        ObjectNode object = NODES.objectNode();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            object.set(name, readValue(p));
        }
        return object;
    }

    private static ArrayNode readArray(JsonParser p) throws IOException {
        ArrayNode array = NODES.arrayNode();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            array.add(readValue(p));
        }
        return array;
    }

    /** {@code !Ref} and {@code !Condition} keep their names; every other tag X becomes {@code Fn::X}. */
    private static ObjectNode longForm(String tag, JsonNode value) {
        String key = tag.equals("Ref") || tag.equals("Condition") ? tag : "Fn::" + tag;
        ObjectNode node = NODES.objectNode();
        node.set(key, value);
        return node;
    }
}
