package io.mqlengine.service;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * A request body as its content coding says: as sent, or gunzipped ({@code Content-Encoding: gzip}, RudderStack's
 * default). Decoding stops past a bound, so that a small compressed body cannot expand without limit.
 */
final class RequestBody {

    private RequestBody() {
    }

    /** Why a body cannot be decoded: the status and error code to answer, and what is wrong. */
    static final class Refused extends Exception {
        private final int status;
        private final String code;

        Refused(int status, String code, String message) {
            super(message, null, false, false);
            this.status = status;
            this.code = code;
        }

        int status() {
            return status;
        }

        String code() {
            return code;
        }
    }

    /** {@code body} decoded by {@code contentEncoding} (null or {@code identity}: as is), at most {@code max} bytes. */
    static byte[] decode(String contentEncoding, byte[] body, int max) throws Refused {
        String coding = contentEncoding == null ? "" : contentEncoding.strip().toLowerCase(Locale.ROOT);
        if (coding.isEmpty() || coding.equals("identity")) {
            return body;
        }
        if (!coding.equals("gzip") && !coding.equals("x-gzip")) {
            throw new Refused(415, "unsupported_content_encoding", "Content-Encoding must be gzip or identity, was "
                    + printable(contentEncoding));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(max, body.length * 4 + 64));
        byte[] buffer = new byte[8192];
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body), 8192)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                if (out.size() + n > max) {
                    throw new Refused(413, "payload_too_large", "the gzip body decompresses to more than " + max
                            + " bytes");
                }
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new Refused(400, "invalid_request", "the body is marked Content-Encoding: gzip but is not valid gzip ("
                    + printable(String.valueOf(e.getMessage())) + ")");
        }
        return out.toByteArray();
    }

    private static String printable(String s) {
        String cut = s.length() > 64 ? s.substring(0, 64) + "..." : s;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
