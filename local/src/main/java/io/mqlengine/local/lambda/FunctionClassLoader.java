package io.mqlengine.local.lambda;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * One function's class loader, child-first over its CodeUri (and layer jars). Only the JDK's
 * {@code java.}/{@code javax.} packages and the Lambda runtime interfaces and event types
 * ({@code com.amazonaws.services.lambda.runtime.}, plus {@code org.joda.time.} which the event types
 * expose) come from the twin, so the twin can hand a function an SQSEvent it understands. Anything
 * else the function's code does not carry falls back to the JDK's platform loader only — never to
 * the twin's own libraries — so a missing dependency fails here as it would on Lambda. Given a library loader
 * ({@link SharedLibraries}), the SDK, Jackson and Reactive Streams classes come from it instead of this loader.
 */
final class FunctionClassLoader extends URLClassLoader {
    static final List<String> SHARED = List.of("java.", "javax.", "com.amazonaws.services.lambda.runtime.", "org.joda.time.");
    private final ClassLoader twin;
    private final ClassLoader libraries;

    /** {@code libraries} is null for a loader that loads its libraries itself (the shared library loader). */
    FunctionClassLoader(String name, URL[] urls, ClassLoader twin, ClassLoader libraries) {
        super(name, urls, ClassLoader.getPlatformClassLoader());
        this.twin = twin;
        this.libraries = libraries;
    }

    static boolean shared(String className) {
        return startsWithAny(className, SHARED);
    }

    static boolean startsWithAny(String className, List<String> prefixes) {
        for (String prefix : prefixes) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                if (shared(name)) {
                    c = twin.loadClass(name);
                } else if (libraries != null && SharedLibraries.library(name)) {
                    c = libraries.loadClass(name);
                } else {
                    try {
                        c = findClass(name);
                    } catch (ClassNotFoundException notMine) {
                        c = getParent().loadClass(name);
                    }
                }
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    @Override
    public URL getResource(String name) {
        if (shared(name.replace('/', '.'))) {
            return twin.getResource(name);
        }
        URL mine = findResource(name);
        return mine != null ? mine : getParent().getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        List<URL> all = new ArrayList<>(Collections.list(findResources(name)));
        all.addAll(Collections.list(getParent().getResources(name)));
        return Collections.enumeration(all);
    }
}
