package io.mqlengine.local.http;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** One request as it arrived: method, target, protocol, header fields in order (names as sent), body, and both ends. */
record ApiRequest(String method, URI uri, String protocol, List<Map.Entry<String, String>> headers, byte[] body,
        InetSocketAddress remote, InetSocketAddress local) {

    /** The first value of a header field, by case-insensitive name, or null. */
    String header(String name) {
        for (Map.Entry<String, String> h : headers) {
            if (h.getKey().equalsIgnoreCase(name)) {
                return h.getValue();
            }
        }
        return null;
    }

    /** Every field by lower-case name, repeated fields' values in order. */
    Map<String, List<String>> headersByName() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        headers.forEach(h -> out.computeIfAbsent(h.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                .add(h.getValue()));
        return out;
    }

    /** HTTP/1.1 keeps the connection unless the client says close; HTTP/1.0 only when it asks for keep-alive. */
    boolean keepAlive() {
        String connection = String.join(",", headersByName().getOrDefault("connection", List.of()));
        String tokens = "," + connection.toLowerCase(Locale.ROOT).replace(" ", "") + ",";
        return protocol.equals("HTTP/1.1") ? !tokens.contains(",close,") : tokens.contains(",keep-alive,");
    }
}
