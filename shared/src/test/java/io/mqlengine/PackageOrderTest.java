package io.mqlengine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Holds shared's packages to one line: each package's main code names only packages below it. */
class PackageOrderTest {
    /** Bottom to top; docs/decisions.md says why each sits where it does. */
    static final List<String> ORDER = List.of(
            "model", "json", "archive", "observe", "scoring", "identity", "validation", "store", "queue", "config", "service",
            "journey");

    private static final Path MAIN = Path.of("src/main/java/io/mqlengine");
    private static final Pattern REFERENCE = Pattern.compile("\\bio\\.mqlengine\\.([a-z]+)\\b");

    @Test
    void mainCode_shouldNameOnlyPackagesBelowItsOwn_inTheDeclaredOrder() {
        List<String> upward = new ArrayList<>();
        for (Path file : javaFiles()) {
            String from = MAIN.relativize(file).getName(0).toString();
            for (String to : referencedPackages(file)) {
                if (!to.equals(from) && ORDER.indexOf(to) > ORDER.indexOf(from)) {
                    upward.add(MAIN.relativize(file) + " -> " + to);
                }
            }
        }

        assertThat(upward).as("references that run up the package order %s", ORDER).isEmpty();
    }

    @Test
    void order_shouldPlaceEveryPackageOfTheMainCode() {
        Set<String> packages = javaFiles().stream()
                .map(f -> MAIN.relativize(f).getName(0).toString())
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(ORDER).containsAll(packages);
    }

    private static List<Path> javaFiles() {
        try (Stream<Path> files = Files.walk(MAIN)) {
            List<Path> list = files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
            assertThat(list).as("main sources under %s", MAIN.toAbsolutePath()).isNotEmpty();
            return list;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> referencedPackages(Path file) {
        Set<String> packages = new TreeSet<>();
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith("package ")) {
                    continue;
                }
                Matcher m = REFERENCE.matcher(line);
                while (m.find()) {
                    packages.add(m.group(1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return packages;
    }
}
