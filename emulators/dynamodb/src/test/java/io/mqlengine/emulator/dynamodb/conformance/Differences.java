package io.mqlengine.emulator.dynamodb.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where two normalised answers differ. Differential comparison is exact, except for fields that only newer
 * DynamoDB releases write (compared where both sides have them: DeletionProtectionEnabled, WarmThroughput,
 * TableClassSummary, OnDemandThroughput, TableThroughputModeSummary, and ReadCapacityUnits/WriteCapacityUnits
 * inside ConsumedCapacity, which AWS adds to some operations and dynalite never writes) and, unless
 * {@code strictMessages}, the message of answers from LocalStack and AWS, whose wording drifts between
 * releases. Pinned expectations match as a subset: every field written must be there and equal, fields not
 * written are not looked at (unless the case says exactBody), {@code "<any>"} matches any value,
 * {@code "<absent>"} requires the field to be missing, {@code "<oneOf:A|B>"} one of the values, and
 * {@code "<regex:...>"} a string matching the pattern.
 */
final class Differences {
    private static final Set<String> NEWER_FIELDS = Set.of("DeletionProtectionEnabled", "WarmThroughput",
            "TableClassSummary", "OnDemandThroughput", "TableThroughputModeSummary");
    private static final Set<String> NEWER_CAPACITY_FIELDS = Set.of("ReadCapacityUnits", "WriteCapacityUnits");

    private Differences() {
    }

    /** Paths at which the answers differ; empty when they are the same answer. */
    static List<String> between(JsonNode subject, JsonNode reference, boolean compareMessages) {
        List<String> out = new ArrayList<>();
        diff(subject, reference, "", false, out, compareMessages);
        return out;
    }

    /** Where a case compares only the start of messages: both must start with it. */
    static List<String> messageStart(JsonNode answer, String start, String backend) {
        String m = answer.path("message").asText("");
        return m.startsWith(start) ? List.of() : List.of("message of " + backend + ": \"" + cut(m) + "\" does not start with \"" + start + "\"");
    }

    private static void diff(JsonNode a, JsonNode b, String path, boolean inCapacity, List<String> out, boolean messages) {
        if (a == null || b == null) {
            if (a != b) {
                out.add(path + (a == null ? " missing from the first answer" : " missing from the second answer"));
            }
            return;
        }
        if (a.isObject() && b.isObject()) {
            Set<String> keys = new LinkedHashSet<>();
            a.fieldNames().forEachRemaining(keys::add);
            b.fieldNames().forEachRemaining(keys::add);
            for (String k : keys) {
                if (path.isEmpty() && k.equals("message") && !messages) {
                    continue;
                }
                boolean optional = NEWER_FIELDS.contains(k) || inCapacity && NEWER_CAPACITY_FIELDS.contains(k);
                if (optional && (!a.has(k) || !b.has(k))) {
                    continue;
                }
                diff(a.get(k), b.get(k), join(path, k), inCapacity || k.equals("ConsumedCapacity"), out, messages);
            }
            return;
        }
        if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) {
                out.add(path + ": " + a.size() + " elements against " + b.size());
                return;
            }
            for (int i = 0; i < a.size(); i++) {
                diff(a.get(i), b.get(i), path + "[" + i + "]", inCapacity, out, messages);
            }
            return;
        }
        if (!a.equals(b)) {
            out.add((path.isEmpty() ? "answer" : path) + ": " + (a.isTextual() && b.isTextual()
                    ? divergence(a.asText(), b.asText()) : abbreviate(a) + " against " + abbreviate(b)));
        }
    }

    /** Where the actual answer does not meet the expectation; empty when it does. */
    static List<String> fromExpectation(JsonNode expected, JsonNode actual, boolean exact) {
        List<String> out = new ArrayList<>();
        match(expected, actual, "", exact, out);
        return out;
    }

    private static void match(JsonNode e, JsonNode a, String path, boolean exact, List<String> out) {
        if (e.isTextual()) {
            String s = e.asText();
            if (s.equals("<any>")) {
                if (a == null || a.isNull()) {
                    out.add(path + ": expected a value, found none");
                }
                return;
            }
            if (s.equals("<absent>")) {
                if (a != null) {
                    out.add(path + ": expected no value, found " + abbreviate(a));
                }
                return;
            }
            if (s.startsWith("<oneOf:") && s.endsWith(">")) {
                List<String> options = List.of(s.substring(7, s.length() - 1).split("\\|"));
                if (a == null || !options.contains(a.asText())) {
                    out.add(path + ": expected one of " + options + ", found " + abbreviate(a));
                }
                return;
            }
            if (s.startsWith("<regex:") && s.endsWith(">")) {
                if (a == null || !Pattern.compile(s.substring(7, s.length() - 1)).matcher(a.asText()).matches()) {
                    out.add(path + ": expected to match " + s.substring(7, s.length() - 1) + ", found " + abbreviate(a));
                }
                return;
            }
        }
        if (a == null) {
            out.add(path + ": expected " + abbreviate(e) + ", found none");
            return;
        }
        if (e.isObject()) {
            if (!a.isObject()) {
                out.add(path + ": expected an object, found " + abbreviate(a));
                return;
            }
            for (Iterator<String> it = e.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                match(e.get(k), a.get(k), join(path, k), exact, out);
            }
            if (exact && !path.isEmpty()) {
                for (Iterator<String> it = a.fieldNames(); it.hasNext(); ) {
                    String k = it.next();
                    if (!e.has(k)) {
                        out.add(join(path, k) + ": not expected, found " + abbreviate(a.get(k)));
                    }
                }
            }
            return;
        }
        if (e.isArray()) {
            if (!a.isArray() || a.size() != e.size()) {
                out.add(path + ": expected " + e.size() + " elements, found " + abbreviate(a));
                return;
            }
            for (int i = 0; i < e.size(); i++) {
                match(e.get(i), a.get(i), path + "[" + i + "]", exact, out);
            }
            return;
        }
        if (!Normalizer.canonical(e).equals(Normalizer.canonical(a))) {
            out.add((path.isEmpty() ? "answer" : path) + ": expected " + abbreviate(e) + ", found " + abbreviate(a));
        }
    }

    /** Two long strings shown from a little before where they part. */
    private static String divergence(String a, String b) {
        int i = 0;
        while (i < a.length() && i < b.length() && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        int from = Math.max(0, i - 40);
        String prefix = from > 0 ? "..." : "";
        return "\"" + prefix + cut(a.substring(from)) + "\" against \"" + prefix + cut(b.substring(from)) + "\"";
    }

    private static String cut(String s) {
        return s.length() > 160 ? s.substring(0, 160) + "..." : s;
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static String abbreviate(JsonNode n) {
        String s = n == null ? "nothing" : n.toString();
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
