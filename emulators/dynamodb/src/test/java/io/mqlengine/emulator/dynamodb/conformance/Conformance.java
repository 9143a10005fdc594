package io.mqlengine.emulator.dynamodb.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs a case on every backend taking part and judges the answers. A differential case passes when our
 * emulator's answers equal each reference's (dynalite, LocalStack, AWS; see {@link Differences} for what
 * "equal" leaves out); a pinned case passes when every backend but dynalite meets the expectation taken from
 * AWS's documentation. On the references the case's stated outcome is checked too, so a case that no longer
 * tests what its name says fails there.
 */
final class Conformance {
    private final Backends backends;
    private final boolean strictMessages;
    private final String runPrefix;

    Conformance(Backends backends, boolean strictMessages) {
        this.backends = backends;
        this.strictMessages = strictMessages;
        SecureRandom random = new SecureRandom();
        StringBuilder id = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            id.append("abcdefghijklmnopqrstuvwxyz0123456789".charAt(random.nextInt(36)));
        }
        this.runPrefix = "mqlconf" + id + "_";
    }

    void check(CaseFile file, int fileNo, Case c, int caseNo) {
        Map<String, String> names = tableNames(file, fileNo, c, caseNo);
        List<Backend> taking = new ArrayList<>();
        List<String> absent = new ArrayList<>();
        for (Backend b : backends.running()) {
            if (c.isPinned() && b.name().equals(Backend.DYNALITE)) {
                continue;
            }
            if (c.skip().containsKey(b.name())) {
                absent.add(b.name() + ": " + c.skip().get(b.name()));
                continue;
            }
            taking.add(b);
        }
        Backend subject = taking.stream().filter(b -> !b.isReference()).findFirst().orElse(null);
        List<Backend> references = taking.stream().filter(Backend::isReference).toList();
        Assumptions.assumeFalse(taking.isEmpty(), () -> "no backend can run " + c.displayName() + ": "
                + String.join("; ", backends.unavailable()) + "; " + String.join("; ", absent));
        Assumptions.assumeTrue(c.isPinned() || !references.isEmpty(), () -> "differential case skipped, no reference "
                + "implementation is running: " + String.join("; ", backends.unavailable()));

        Map<String, CaseRunner.Outcome> outcomes = new LinkedHashMap<>();
        for (Backend b : taking) {
            outcomes.put(b.name(), new CaseRunner(b, file, c, names).run());
        }
        if (Boolean.getBoolean("conformance.print")) {
            // for writing cases: shows what each backend answered
            outcomes.forEach((b, o) -> System.out.println("[conformance] " + c.displayName() + " on " + b + ": "
                    + (o.failure() != null ? o.failure() : o.answers())));
        }

        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, CaseRunner.Outcome> o : outcomes.entrySet()) {
            if (o.getValue().failure() != null) {
                failures.add("on " + o.getKey() + ": " + o.getValue().failure());
            }
        }
        for (Backend r : references) {
            CaseRunner.Outcome o = outcomes.get(r.name());
            if (o.failure() == null && c.outcome() != null) {
                for (int i = 0; i < c.outcome().size(); i++) {
                    String intended = c.outcome().get(i);
                    String got = o.answers().get(i).path("status").asInt() == 200 ? "ok"
                            : o.answers().get(i).path("type").asText("HTTP " + o.answers().get(i).path("status").asInt());
                    if (!intended.equals(got)) {
                        failures.add("the case is about " + intended + " but " + r.name() + " answered request "
                                + (i + 1) + " with " + got + ": " + o.answers().get(i));
                    }
                }
            }
        }
        if (c.messageStartsWith() != null) {
            for (Map.Entry<String, CaseRunner.Outcome> o : outcomes.entrySet()) {
                if (o.getValue().failure() == null) {
                    for (ObjectNode answer : o.getValue().answers()) {
                        if (answer.has("message")) {
                            failures.addAll(Differences.messageStart(answer, c.messageStartsWith(), o.getKey()));
                        }
                    }
                }
            }
        }
        if (c.isPinned()) {
            for (Backend b : taking) {
                CaseRunner.Outcome o = outcomes.get(b.name());
                if (o.failure() != null) {
                    continue;
                }
                for (int i = 0; i < c.requests().size(); i++) {
                    Step step = c.requests().get(i);
                    JsonNode expected = Normalizer.expectation(c.expect().get(i), step);
                    ObjectNode actual = o.answers().get(i);
                    if ((b.isReference() && !strictMessages || !c.compareMessage()) && expected instanceof ObjectNode e) {
                        e.remove("message");
                    }
                    List<String> diffs = Differences.fromExpectation(expected, actual, c.exactBody());
                    if (!diffs.isEmpty()) {
                        failures.add(report(c, i, step, b.name() + " differs from AWS's documented answer (" + c.pinned() + ")",
                                diffs, b.name(), actual, "expected", expected));
                    }
                }
            }
        } else if (subject != null && outcomes.get(subject.name()).failure() == null) {
            List<ObjectNode> ours = outcomes.get(subject.name()).answers();
            for (Backend r : references) {
                CaseRunner.Outcome o = outcomes.get(r.name());
                if (o.failure() != null) {
                    continue;
                }
                boolean messages = c.compareMessage() && (strictMessages || r.name().equals(Backend.DYNALITE));
                for (int i = 0; i < c.requests().size(); i++) {
                    List<String> diffs = Differences.between(ours.get(i), o.answers().get(i), messages);
                    if (!diffs.isEmpty()) {
                        failures.add(report(c, i, c.requests().get(i), subject.name() + " vs " + r.name(), diffs,
                                subject.name(), ours.get(i), r.name(), o.answers().get(i)));
                    }
                }
            }
        }
        if (!failures.isEmpty()) {
            Assertions.fail(c.displayName() + (c.why() == null ? "" : " (" + c.why() + ")") + "\n"
                    + String.join("\n", failures));
        }
    }

    private static String report(Case c, int i, Step step, String title, List<String> diffs, String leftName,
                                 JsonNode left, String rightName, JsonNode right) {
        return "mismatch in " + c.file() + ", case " + c.name() + ", request " + (i + 1) + " of " + c.requests().size()
                + " (" + step.operation() + "): " + title + "\n  - " + String.join("\n  - ", diffs) + "\n"
                + SideBySide.render(leftName, left, rightName, right);
    }

    /** The same names on every backend: shared tables per file, the case's own tables per case. */
    private Map<String, String> tableNames(CaseFile file, int fileNo, Case c, int caseNo) {
        Map<String, String> names = new LinkedHashMap<>();
        for (String t : file.tables().keySet()) {
            names.put(t, runPrefix + String.format(Locale.ROOT, "f%02d_", fileNo) + t);
        }
        for (String t : CaseRunner.tablesUsed(c)) {
            names.putIfAbsent(t, runPrefix + String.format(Locale.ROOT, "%04d_", caseNo) + t);
        }
        return names;
    }
}
