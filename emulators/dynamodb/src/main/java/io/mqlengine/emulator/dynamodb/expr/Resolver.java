package io.mqlengine.emulator.dynamodb.expr;

import io.mqlengine.emulator.dynamodb.expr.Node.Part;
import io.mqlengine.emulator.dynamodb.expr.Node.PathNode;
import io.mqlengine.emulator.dynamodb.expr.Problems.Kind;
import io.mqlengine.emulator.dynamodb.value.Value;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Resolves the names and values of one expression through the request's placeholders, noting reserved
 * words, undefined placeholders and overlapping document paths as problems.
 */
final class Resolver {
    private final Placeholders placeholders;
    private final Problems problems;
    private final Kind undefinedName;
    private final Kind undefinedValue;
    private final Set<String> nestedHeads = new LinkedHashSet<>();
    private final Set<String> heads = new LinkedHashSet<>();
    private final List<Path> written = new ArrayList<>();

    /** {@code undefinedName} and {@code undefinedValue}: the kind each grammar files those problems under. */
    Resolver(Placeholders placeholders, Problems problems, Kind undefinedName, Kind undefinedValue) {
        this.placeholders = placeholders;
        this.problems = problems;
        this.undefinedName = undefinedName;
        this.undefinedValue = undefinedValue;
    }

    Path path(PathNode node) {
        List<Object> elements = new ArrayList<>();
        for (Part part : node.parts()) {
            switch (part.kind()) {
                case NUMBER:
                    elements.add(Integer.valueOf(part.text()));
                    break;
                case NAME:
                    String name = placeholders.name(part.text());
                    if (name == null) {
                        problems.add(undefinedName,
                                "An expression attribute name used in the document path is not defined; attribute name: "
                                        + part.text());
                        name = part.text();
                    }
                    elements.add(name);
                    break;
                default:
                    if (ReservedWords.contains(part.text())) {
                        problems.add(Kind.RESERVED, "Attribute name is a reserved keyword; reserved keyword: " + part.text());
                    }
                    elements.add(part.text());
            }
        }
        Path path = new Path(elements);
        heads.add(path.top());
        if (path.nested()) {
            nestedHeads.add(path.top());
        }
        return path;
    }

    /** The value of a placeholder, or null (with a problem noted) when it is not defined. */
    Value value(String placeholder) {
        Value v = placeholders.value(placeholder);
        if (v == null) {
            problems.add(undefinedValue,
                    "An expression attribute value used in expression is not defined; attribute value: " + placeholder);
        }
        return v;
    }

    Set<String> nestedHeads() {
        return nestedHeads;
    }

    /** The top-level attribute of every path resolved. */
    Set<String> heads() {
        return heads;
    }

    /**
     * Notes a path the expression writes (or projects): no two may overlap (one contains the other) or
     * conflict (one steps into a map where the other steps into a list).
     */
    void written(Path path) {
        if (problems.has(Kind.OVERLAP)) {
            return;
        }
        for (Path earlier : written) {
            if (clash(earlier, path)) {
                return;
            }
        }
        written.add(path);
    }

    private boolean clash(Path one, Path two) {
        List<Object> a = one.elements();
        List<Object> b = two.elements();
        for (int i = 0; i < a.size() && i < b.size(); i++) {
            if (a.get(i).getClass() != b.get(i).getClass()) {
                problems.replace(Kind.CONFLICT, "Two document paths conflict with each other; "
                        + "must remove or rewrite one of these paths; path one: " + one.bracketed()
                        + ", path two: " + two.bracketed());
                return false;
            }
            if (!a.get(i).equals(b.get(i))) {
                return false;
            }
        }
        problems.add(Kind.OVERLAP, "Two document paths overlap with each other; "
                + "must remove or rewrite one of these paths; path one: " + one.bracketed()
                + ", path two: " + two.bracketed());
        return true;
    }
}
