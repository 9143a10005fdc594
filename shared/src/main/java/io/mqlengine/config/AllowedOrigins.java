package io.mqlengine.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The browser origins allowed to post events, parsed from a comma-separated list: exact origins
 * ({@code https://www.example.com}), a subdomain wildcard ({@code https://*.example.com}), a port wildcard
 * ({@code http://localhost:*}), a whole scheme ({@code https://*}), or {@code *} alone for every origin.
 *
 * <p>The ingest function checks origins with it, and the local twin's gateway answers CORS with it, so a page the
 * twin lets post is one the function lets post.
 */
public final class AllowedOrigins {
    private static final int ANY_PORT = -2;
    private static final int DEFAULT_PORT = -1;

    private final String list;
    private final boolean everyOrigin;
    private final List<Entry> entries;

    private AllowedOrigins(String list, boolean everyOrigin, List<Entry> entries) {
        this.list = list;
        this.everyOrigin = everyOrigin;
        this.entries = entries;
    }

    /** One allowed origin or pattern; {@code host} is a name, {@code *.suffix} or {@code *}. */
    private record Entry(String scheme, String host, int port) {
    }

    /**
     * Parses and checks every entry.
     *
     * @throws IllegalArgumentException naming the first bad entry and what is wrong with it
     */
    public static AllowedOrigins parse(String list) {
        if (list.isEmpty()) {
            throw new IllegalArgumentException("names no origin; list your site's origins, e.g. https://www.example.com");
        }
        return of(List.of(list.split(",", -1)));
    }

    /** Checks every entry of a list already split (a template's AllowOrigins); the same rules as {@link #parse}. */
    public static AllowedOrigins of(List<String> parts) {
        String list = String.join(",", parts);
        List<Entry> entries = new ArrayList<>();
        boolean every = false;
        for (String part : parts) {
            if (part.isEmpty()) {
                throw new IllegalArgumentException("'" + list + "' has an empty entry (two commas in a row, or a comma "
                        + "at either end)");
            }
            if (part.equals("*")) {
                if (parts.size() > 1) {
                    throw new IllegalArgumentException("'*' allows every origin and cannot be combined with other "
                            + "entries; give * alone or list the origins");
                }
                every = true;
            } else {
                entries.add(entry(part));
            }
        }
        return new AllowedOrigins(list, every, List.copyOf(entries));
    }

    /** True when a browser page at {@code origin} (an Origin header's value) may post. */
    public boolean allows(String origin) {
        if (origin == null) {
            return false;
        }
        if (everyOrigin) {
            return true;
        }
        Entry actual;
        try {
            actual = origin(origin);
        } catch (IllegalArgumentException notAnOrigin) {
            return false;
        }
        for (Entry allowed : entries) {
            if (allowed.scheme().equals(actual.scheme()) && hostMatches(allowed.host(), actual.host())
                    && (allowed.host().equals("*") || portMatches(allowed, actual))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return list;
    }

    private static boolean hostMatches(String allowed, String actual) {
        if (allowed.equals("*")) {
            return true;
        }
        if (allowed.startsWith("*.")) {
            return actual.endsWith(allowed.substring(1));
        }
        return allowed.equals(actual);
    }

    private static boolean portMatches(Entry allowed, Entry actual) {
        return allowed.port() == ANY_PORT || effectivePort(allowed) == effectivePort(actual);
    }

    private static int effectivePort(Entry e) {
        if (e.port() != DEFAULT_PORT) {
            return e.port();
        }
        return e.scheme().equals("https") ? 443 : 80;
    }

    /** An Origin header: scheme://host[:port] with no wildcard. */
    private static Entry origin(String value) {
        Entry e = entry(value);
        if (e.host().contains("*") || e.port() == ANY_PORT) {
            throw new IllegalArgumentException("an origin has no wildcard");
        }
        return e;
    }

    private static Entry entry(String e) {
        for (int i = 0; i < e.length(); i++) {
            if (Character.isWhitespace(e.charAt(i))) {
                throw bad(e, "contains whitespace; separate origins with commas only, no spaces");
            }
        }
        int colon = e.indexOf("://");
        if (colon < 0 && e.matches("(?i)https?:.*")) {
            throw bad(e, "is not of the form scheme://host[:port]");
        }
        if (colon < 0) {
            throw bad(e, "has no scheme; write it as https://" + e.replaceFirst("^/+", "") + " (or http:// for a "
                    + "page without TLS)");
        }
        String scheme = e.substring(0, colon);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw bad(e, "has the scheme '" + scheme + "'; a browser origin here starts with http:// or https://");
        }
        String rest = e.substring(colon + 3);
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            String without = scheme + "://" + rest.substring(0, slash);
            throw bad(e, slash == rest.length() - 1
                    ? "ends with a slash; an origin has no path: " + without
                    : "has a path (" + rest.substring(slash) + "); an origin is scheme://host[:port] only: " + without);
        }
        for (char c : new char[] {'?', '#', '@'}) {
            if (rest.indexOf(c) >= 0) {
                throw bad(e, "contains '" + c + "'; an origin is scheme://host[:port] only, with no query, fragment or "
                        + "user name");
            }
        }
        String host;
        String port = null;
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            if (close < 0) {
                throw bad(e, "has an IPv6 address without its closing ]");
            }
            host = rest.substring(0, close + 1);
            String after = rest.substring(close + 1);
            if (!after.isEmpty()) {
                if (!after.startsWith(":")) {
                    throw bad(e, "has text after the IPv6 address; only :port may follow it");
                }
                port = after.substring(1);
            }
            if (!host.substring(1, host.length() - 1).matches("[0-9A-Fa-f:.]+")) {
                throw bad(e, "has an invalid IPv6 address " + host);
            }
        } else {
            int lastColon = rest.lastIndexOf(':');
            host = lastColon < 0 ? rest : rest.substring(0, lastColon);
            port = lastColon < 0 ? null : rest.substring(lastColon + 1);
            checkHost(e, host);
        }
        return new Entry(scheme, host.toLowerCase(Locale.ROOT), port(e, host, port));
    }

    private static void checkHost(String e, String host) {
        if (host.isEmpty()) {
            throw bad(e, "has no host");
        }
        if (host.equals("*")) {
            return;
        }
        String name = host.startsWith("*.") ? host.substring(2) : host;
        if (name.contains("*")) {
            throw bad(e, "has a * inside the host; a wildcard may only be the first label (https://*.example.com), "
                    + "the port (:*), the whole host (https://*), or the whole list (*)");
        }
        if (name.length() > 253) {
            throw bad(e, "has a host longer than 253 characters");
        }
        for (String label : name.split("\\.", -1)) {
            if (!label.matches("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?")) {
                throw bad(e, "has an invalid host '" + host + "' (letters, digits, hyphens and dots; write an "
                        + "internationalised name in its xn-- form)");
            }
        }
    }

    private static int port(String e, String host, String port) {
        if (port == null) {
            return DEFAULT_PORT;
        }
        if (host.equals("*")) {
            throw bad(e, "gives a port with the wildcard host; " + e.substring(0, e.indexOf("://") + 4)
                    + " already matches every host and port");
        }
        if (port.equals("*")) {
            return ANY_PORT;
        }
        if (port.matches("[0-9]{1,5}")) {
            int number = Integer.parseInt(port);
            if (number >= 1 && number <= 65535) {
                return number;
            }
        }
        throw bad(e, "has the port '" + port + "'; give a number from 1 to 65535, or * for any port");
    }

    private static IllegalArgumentException bad(String entry, String problem) {
        return new IllegalArgumentException("'" + entry + "' " + problem);
    }
}
