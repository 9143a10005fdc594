package io.mqlengine.local.template;

/** The twin cannot honour something the template asks for; the message names where. */
public final class TemplateRefusal extends RuntimeException {
    private final String path;

    public TemplateRefusal(String path, String reason) {
        super(path + ": " + reason);
        this.path = path;
    }

    public TemplateRefusal(String path, String reason, Throwable cause) {
        super(path + ": " + reason, cause);
        this.path = path;
    }

    /** Where in the template, e.g. {@code Resources.ScoreFunction.Properties.Handler}. */
    public String path() {
        return path;
    }
}
