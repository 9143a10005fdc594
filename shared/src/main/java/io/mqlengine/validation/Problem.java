package io.mqlengine.validation;

/** One thing wrong with an input, at a JSON path such as {@code $.events[2].timestamp}. */
public record Problem(String path, String message) {
    @Override
    public String toString() {
        return path + ": " + message;
    }
}
