package io.mqlengine.validation;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A page view's {@code context.page} from its properties. Server-side SDKs ({@code page()} in analytics-node,
 * RudderStack) put the path and URL in {@code properties}, where the rules, which read {@code context.page.path},
 * would never see them; what {@code context.page} already holds wins.
 */
final class PageFromProperties {

    private PageFromProperties() {
    }

    /** {@code context} with {@code page.path} and {@code page.url} filled from {@code properties} where missing. */
    static Map<String, Object> fill(Map<String, Object> context, Map<String, Object> properties) {
        Object existing = context.get("page");
        if (existing != null && !(existing instanceof Map<?, ?>)) {
            return context;
        }
        Map<?, ?> page = existing == null ? Map.of() : (Map<?, ?>) existing;
        String url = text(page.get("url"));
        if (url == null) {
            url = text(properties.get("url"));
        }
        String path = text(page.get("path"));
        if (path == null) {
            String fromProperties = text(properties.get("path"));
            path = fromProperties != null && fromProperties.startsWith("/") ? fromProperties : pathOf(url);
        }
        boolean adds = page.get("path") == null && path != null || page.get("url") == null && url != null;
        if (!adds) {
            return context;
        }
        Map<String, Object> filled = new LinkedHashMap<>();
        page.forEach((k, v) -> filled.put((String) k, v));
        if (path != null) {
            filled.put("path", path);
        }
        if (url != null) {
            filled.put("url", url);
        }
        Map<String, Object> out = new LinkedHashMap<>(context);
        out.put("page", Collections.unmodifiableMap(filled));
        return Collections.unmodifiableMap(out);
    }

    private static String text(Object value) {
        return value instanceof String s && !s.isEmpty() ? s : null;
    }

    /** The path of an absolute URL ({@code /} for none), or null. */
    private static String pathOf(String url) {
        if (url == null) {
            return null;
        }
        try {
            URI uri = new URI(url);
            if (!uri.isAbsolute() || uri.getHost() == null) {
                return null;
            }
            String path = uri.getRawPath();
            return path == null || path.isEmpty() ? "/" : path;
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
