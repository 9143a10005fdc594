package io.mqlengine.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The twin's packages form a line: no package of local's main code reaches one that reaches it back, and the twin
 * knows nothing of the commands built on it (the demo, the benchmark, explain and the entry point).
 */
class LocalPackagesTest {
    private static final Path MAIN = Path.of("src/main/java");
    private static final String LOCAL = "io.mqlengine.local";
    private static final Set<String> ABOVE_THE_TWIN = Set.of(LOCAL + ".main", LOCAL + ".bench", LOCAL + ".demo",
            LOCAL + ".explain");
    // an import, a static import or an inline qualified name of a type in one of local's packages
    private static final Pattern REFERENCE = Pattern.compile("\\b(io\\.mqlengine\\.local(?:\\.[a-z][a-z0-9_]*)*)\\.[A-Z]");
    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
    // comments, and the literals first so that a "/*" or "//" inside one starts no comment
    private static final Pattern NOT_CODE = Pattern.compile(
            "'(?:\\\\.|[^'\\\\\\n])'|\"(?:\\\\.|[^\"\\\\\\n])*\"|/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);

    @Test
    void mainPackages_shouldFormNoCycle_whenTheirReferencesAreFollowed() throws IOException {
        Map<String, Set<String>> uses = dependencies();

        List<String> cycles = new ArrayList<>();
        for (Set<String> component : stronglyConnected(uses)) {
            if (component.size() > 1) {
                cycles.add(String.join(" <-> ", component));
            }
        }
        assertThat(uses).as("the scan found local's packages").containsKeys(LOCAL, LOCAL + ".bench", LOCAL + ".http");
        assertThat(cycles).as("packages that reach each other, with what each uses: " + uses).isEmpty();
    }

    @Test
    void twinPackages_shouldReachNoneOfTheCommands_whenTheirReferencesAreFollowed() throws IOException {
        Map<String, Set<String>> uses = dependencies();

        Map<String, Set<String>> reached = new TreeMap<>();
        for (String from : uses.keySet()) {
            if (!ABOVE_THE_TWIN.contains(from)) {
                Set<String> commands = new TreeSet<>(reachable(uses, from));
                commands.retainAll(ABOVE_THE_TWIN);
                if (!commands.isEmpty()) {
                    reached.put(from, commands);
                }
            }
        }
        assertThat(uses.get(LOCAL + ".main")).as("the entry point uses the commands").containsAll(
                Set.of(LOCAL, LOCAL + ".bench", LOCAL + ".demo", LOCAL + ".explain"));
        assertThat(reached).as("twin packages that reach the demo, the benchmark, explain or the entry point").isEmpty();
    }

    /** Each package of local's main code and the other local packages its sources name. */
    private static Map<String, Set<String>> dependencies() throws IOException {
        Map<String, Set<String>> uses = new TreeMap<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String code = NOT_CODE.matcher(Files.readString(file)).replaceAll(" ");
                Matcher pkg = PACKAGE.matcher(code);
                if (!pkg.find()) {
                    throw new IllegalStateException(file + " has no package declaration");
                }
                Set<String> used = uses.computeIfAbsent(pkg.group(1), k -> new TreeSet<>());
                Matcher reference = REFERENCE.matcher(code);
                while (reference.find()) {
                    if (!reference.group(1).equals(pkg.group(1))) {
                        used.add(reference.group(1));
                    }
                }
            }
        }
        return uses;
    }

    private static Set<String> reachable(Map<String, Set<String>> uses, String from) {
        Set<String> seen = new TreeSet<>();
        Deque<String> next = new ArrayDeque<>(uses.getOrDefault(from, Set.of()));
        while (!next.isEmpty()) {
            String p = next.pop();
            if (seen.add(p)) {
                next.addAll(uses.getOrDefault(p, Set.of()));
            }
        }
        return seen;
    }

    /** The packages that reach each other, grouped: a group of more than one is a cycle. */
    private static List<Set<String>> stronglyConnected(Map<String, Set<String>> uses) {
        List<Set<String>> groups = new ArrayList<>();
        Set<String> placed = new TreeSet<>();
        for (String p : uses.keySet()) {
            if (placed.add(p)) {
                Set<String> group = new TreeSet<>(Set.of(p));
                for (String q : reachable(uses, p)) {
                    if (!q.equals(p) && reachable(uses, q).contains(p)) {
                        group.add(q);
                        placed.add(q);
                    }
                }
                groups.add(group);
            }
        }
        return groups;
    }
}
