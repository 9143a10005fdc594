package io.mqlengine.local.template;

import io.mqlengine.config.AllowedOrigins;
import java.util.Optional;

/**
 * The template's AllowedOrigins parameter, which a deployment must set explicitly (it has no Default). The twin
 * gives it every loopback origin, any port, so that a page served by a local dev server can post, and checks each
 * entry before anything starts, so that a malformed origin is named here rather than answered 403 per request.
 */
final class AllowedOriginsParameter {
    static final String NAME = "AllowedOrigins";
    static final String LOOPBACK = "http://localhost:*,http://127.0.0.1:*,http://[::1]:*";

    private AllowedOriginsParameter() {}

    /** The twin's value when the template has no Default and the command line gives none. */
    static Optional<String> twinDefault(String parameter) {
        return parameter.equals(NAME) ? Optional.of(LOOPBACK) : Optional.empty();
    }

    static void check(String parameter, String path, String value) {
        if (!parameter.equals(NAME)) {
            return;
        }
        try {
            AllowedOrigins.parse(value);
        } catch (IllegalArgumentException bad) {
            throw new TemplateRefusal(path, bad.getMessage());
        }
    }
}
