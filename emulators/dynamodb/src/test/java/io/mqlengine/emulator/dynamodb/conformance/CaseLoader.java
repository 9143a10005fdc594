package io.mqlengine.emulator.dynamodb.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads the case files (one JSON file per group of cases) from {@code conformance/} on the test class path. A
 * file's {@code setup} steps run before each case's own (unless the case says {@code "ownSetup": true}).
 */
final class CaseLoader {
    private final ObjectMapper json;

    CaseLoader(ObjectMapper json) {
        this.json = json;
    }

    List<CaseFile> loadAll() {
        URL dir = CaseLoader.class.getClassLoader().getResource("conformance");
        if (dir == null) {
            throw new IllegalStateException("no conformance/ directory on the test class path");
        }
        try (Stream<Path> files = Files.list(Path.of(dir.toURI()))) {
            List<CaseFile> all = new ArrayList<>();
            for (Path p : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                all.add(load(p));
            }
            Set<String> names = new HashSet<>();
            for (CaseFile f : all) {
                for (Case c : f.cases()) {
                    if (!names.add(c.name())) {
                        throw new IllegalStateException("case name used twice: " + c.name() + " (in " + f.file() + ")");
                    }
                }
            }
            return all;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    CaseFile load(Path path) throws IOException {
        String file = path.getFileName().toString();
        JsonNode root = json.readTree(path.toFile());
        Map<String, ObjectNode> tables = new LinkedHashMap<>();
        root.path("tables").fields().forEachRemaining(e -> tables.put(e.getKey(), (ObjectNode) e.getValue()));
        List<Step> common = new ArrayList<>();
        for (JsonNode s : root.path("setup")) {
            common.add(parseStep(s));
        }
        List<Case> cases = new ArrayList<>();
        for (JsonNode c : root.path("cases")) {
            try {
                cases.add(parseCase(file, c, common));
            } catch (RuntimeException e) {
                throw new IllegalStateException(file + ": case " + c.path("name").asText("(unnamed)") + ": " + e.getMessage(), e);
            }
        }
        return new CaseFile(file, root.path("description").asText(""), tables, cases);
    }

    private Case parseCase(String file, JsonNode c, List<Step> common) {
        String name = required(c, "name").asText();
        List<Step> setup = new ArrayList<>(c.path("ownSetup").asBoolean(false) ? List.of() : common);
        for (JsonNode s : c.path("setup")) {
            setup.add(parseStep(s));
        }
        List<Step> requests = new ArrayList<>();
        if (c.has("request")) {
            requests.add(parseStep(c.get("request")));
        }
        for (JsonNode s : c.path("requests")) {
            requests.add(parseStep(s));
        }
        if (requests.isEmpty()) {
            throw new IllegalStateException("no request or requests");
        }
        List<String> outcome = null;
        if (c.has("outcome")) {
            outcome = c.get("outcome").isArray() ? strings(c.get("outcome")) : List.of(c.get("outcome").asText());
            if (outcome.size() != requests.size()) {
                throw new IllegalStateException("outcome has " + outcome.size() + " entries for " + requests.size() + " requests");
            }
        }
        List<JsonNode> expect = null;
        if (c.has("expect")) {
            expect = new ArrayList<>();
            if (c.get("expect").isArray()) {
                c.get("expect").forEach(expect::add);
            } else {
                expect.add(c.get("expect"));
            }
            if (expect.size() != requests.size()) {
                throw new IllegalStateException("expect has " + expect.size() + " entries for " + requests.size() + " requests");
            }
            if (!c.hasNonNull("pinned")) {
                throw new IllegalStateException("a case with expectations must say where they come from in \"pinned\"");
            }
        }
        Map<String, String> skip = new LinkedHashMap<>();
        c.path("skip").fields().forEachRemaining(e -> skip.put(e.getKey(), e.getValue().asText()));
        return new Case(file, name, c.path("why").asText(null), setup, requests, outcome, expect,
                c.path("pinned").asText(null), skip, c.path("exactBody").asBoolean(false),
                c.path("compareMessage").asBoolean(true) && !c.hasNonNull("messageStartsWith"),
                c.path("messageStartsWith").asText(null));
    }

    private Step parseStep(JsonNode s) {
        // {"op": "...", "body": ...} names operations that are not capitalised, for protocol cases
        String operation = s.hasNonNull("op") ? s.get("op").asText() : null;
        JsonNode body = s.hasNonNull("op") ? s.path("body") : null;
        for (Iterator<String> it = s.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (Character.isUpperCase(key.charAt(0))) {
                if (operation != null) {
                    throw new IllegalStateException("step names two operations: " + operation + ", " + key);
                }
                operation = key;
                body = s.get(key);
            }
        }
        if (operation == null) {
            throw new IllegalStateException("step without an operation: " + s);
        }
        Map<String, String> capture = new LinkedHashMap<>();
        s.path("capture").fields().forEachRemaining(e -> capture.put(e.getKey(), e.getValue().asText()));
        return new Step(operation, body.isTextual() ? null : body, body.isTextual() ? body.asText() : null,
                s.path("times").asInt(1), capture, s.path("pages").asBoolean(false), s.path("segments").asInt(0),
                s.path("collect").asInt(0),
                strings(s.path("ignore")), strings(s.path("unordered")), s.path("eventual").asBoolean(false),
                s.path("allowError").asBoolean(false));
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static JsonNode required(JsonNode node, String field) {
        if (!node.hasNonNull(field)) {
            throw new IllegalStateException("missing \"" + field + "\"");
        }
        return node.get(field);
    }
}
