package io.mqlengine.json;

/**
 * One thing wrong with an input, at a JSON path such as {@code $.events[2].timestamp}. A path that names a field
 * holding characters no answer can carry has them escaped; a very long one is cut.
 */
public record Problem(String path, String message) {
    /** A path longer than this (deep nesting of long field names) is cut, so that an answer stays small. */
    static final int MAX_PATH = 256;

    public Problem {
        path = QueueableText.escaped(path);
        if (path.length() > MAX_PATH) {
            path = path.substring(0, MAX_PATH - 3) + "...";
        }
    }

    @Override
    public String toString() {
        return path + ": " + message;
    }
}
