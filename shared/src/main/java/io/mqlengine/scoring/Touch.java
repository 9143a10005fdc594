package io.mqlengine.scoring;

import io.mqlengine.model.TrackingEvent;
import java.net.URI;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * A marketing touch: an event that came from a campaign (UTM {@code context.campaign}: source, medium and campaign
 * name) or from another site ({@code context.page.referrer}, or Segment's {@code context.referrer.url}, on another
 * host than the page). Only the referrer's host is kept: a full URL may carry a person's search or ids. Each part is
 * cut to {@link #MAX_LENGTH} characters so that two touches keep a lead item near one write unit.
 */
public record Touch(String source, String medium, String campaign, String referrerHost, Instant at) {
    /** The longest part kept, in characters. */
    public static final int MAX_LENGTH = 64;

    /** The touch {@code e} makes, or null when it carries no campaign and no external referrer. */
    public static Touch of(TrackingEvent e) {
        Map<?, ?> utm = e.context().get("campaign") instanceof Map<?, ?> m ? m : Map.of();
        String source = text(utm.get("source"));
        String medium = text(utm.get("medium"));
        String campaign = text(utm.get("name"));
        String referrer = externalReferrerHost(e);
        if (source == null && medium == null && campaign == null && referrer == null) {
            return null;
        }
        return new Touch(source, medium, campaign, referrer, e.timestamp());
    }

    /** The earlier of two first touches (either may be null); the one held wins a tie. */
    public static Touch first(Touch held, Touch seen) {
        if (held == null) {
            return seen;
        }
        return seen != null && seen.at.isBefore(held.at) ? seen : held;
    }

    /** The later of two last touches (either may be null); the one seen wins a tie: it arrived last. */
    public static Touch last(Touch held, Touch seen) {
        if (held == null) {
            return seen;
        }
        return seen != null && !seen.at.isBefore(held.at) ? seen : held;
    }

    private static String externalReferrerHost(TrackingEvent e) {
        Map<?, ?> page = e.context().get("page") instanceof Map<?, ?> m ? m : Map.of();
        Object referrer = page.get("referrer");
        if (referrer == null && e.context().get("referrer") instanceof Map<?, ?> r) {
            referrer = r.get("url");
        }
        String host = host(referrer);
        if (host == null) {
            return null;
        }
        String pageHost = host(page.get("url"));
        // a page whose own address is unknown (a server SDK's event) cannot tell a link within the site: count it
        return pageHost != null && site(pageHost).equals(site(host)) ? null : cut(host);
    }

    /** The lower-case host of a URL, or null when {@code url} is not one with a host. */
    static String host(Object url) {
        if (!(url instanceof String s) || s.isBlank()) {
            return null;
        }
        try {
            String h = URI.create(s.trim()).getHost();
            return h == null || h.isEmpty() ? null : h.toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException notAUrl) {
            return null;
        }
    }

    /** {@code www.example.com} and {@code example.com} are one site. */
    private static String site(String host) {
        return host.startsWith("www.") ? host.substring(4) : host;
    }

    private static String text(Object v) {
        if (v == null) {
            return null;
        }
        String s = v.toString().trim();
        return s.isEmpty() ? null : cut(s);
    }

    private static String cut(String s) {
        if (s.length() <= MAX_LENGTH) {
            return s;
        }
        int end = Character.isHighSurrogate(s.charAt(MAX_LENGTH - 1)) ? MAX_LENGTH - 1 : MAX_LENGTH;
        return s.substring(0, end);
    }
}
