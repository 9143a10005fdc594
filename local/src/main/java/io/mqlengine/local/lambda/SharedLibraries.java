package io.mqlengine.local.lambda;

import java.io.IOException;
import java.net.URL;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The library classes of a CodeUri (the AWS SDK, Jackson, Reactive Streams), loaded once for all of a twin's
 * functions built from that CodeUri instead of once per function. On Lambda each function is its own JVM; in the twin
 * a copy per function was loaded, and compiled by the JIT, once per function (measured: 22,780 classes loaded at
 * start instead of 12,810, and a slower benchmark load; docs/decisions.md). The functions' own classes, and so their
 * static state, stay per function. The shared loader reads the same CodeUri and falls back to the JDK only, so a library the CodeUri does
 * not carry is still missing.
 */
public final class SharedLibraries {
    static final List<String> PREFIXES = List.of("software.amazon.awssdk.", "com.fasterxml.jackson.", "org.reactivestreams.");
    private final ClassLoader twin;
    private final Map<List<URL>, Shared> loaders = new HashMap<>();

    public SharedLibraries(ClassLoader twin) {
        this.twin = twin;
    }

    /** True for a class that comes from the shared library loader rather than the function's own. */
    static boolean library(String className) {
        return FunctionClassLoader.startsWithAny(className, PREFIXES);
    }

    /** The library loader of this class path; each call must be matched by one {@link #release}. */
    synchronized ClassLoader acquire(URL[] classPath) {
        Shared shared = loaders.computeIfAbsent(List.of(classPath), k -> new Shared(
                new FunctionClassLoader("libraries-" + (loaders.size() + 1), classPath, twin, null)));
        shared.users++;
        return shared.loader;
    }

    /** Closes a library loader once no function uses it. */
    synchronized void release(URL[] classPath) throws IOException {
        List<URL> key = Arrays.asList(classPath);
        Shared shared = loaders.get(key);
        if (shared != null && --shared.users == 0) {
            loaders.remove(key);
            shared.loader.close();
        }
    }

    private static final class Shared {
        final FunctionClassLoader loader;
        int users;

        Shared(FunctionClassLoader loader) {
            this.loader = loader;
        }
    }
}
