package io.mqlengine.config;

import io.mqlengine.json.IsoDuration;
import io.mqlengine.scoring.ModelException;
import io.mqlengine.scoring.ScoringModel;
import io.mqlengine.scoring.ScoringModelLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Reads environment variables once, failing with a message that names the variable. */
public final class Env {
    private final Map<String, String> env;

    public Env(Map<String, String> env) {
        this.env = env;
    }

    public String required(String name, String meaning) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            throw new ConfigException("environment variable " + name + " is not set (" + meaning + ")");
        }
        return v.trim();
    }

    /** A secret key: set, and at least {@code minLength} characters long. */
    public String secret(String name, String meaning, int minLength) {
        String v = required(name, meaning);
        if (v.length() < minLength) {
            throw new ConfigException("environment variable " + name + " must be at least " + minLength + " characters");
        }
        return v;
    }

    /** A variable that must be present but may be empty (an optional feature switched off). */
    public String present(String name, String meaning) {
        String v = env.get(name);
        if (v == null) {
            throw new ConfigException("environment variable " + name + " is not set (" + meaning
                    + "; set it to an empty string to turn the feature off)");
        }
        return v.trim();
    }

    public List<String> list(String name, String meaning) {
        return Arrays.stream(required(name, meaning).split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    public Duration duration(String name, String meaning) {
        String v = required(name, meaning);
        try {
            return IsoDuration.parse(v);
        } catch (DateTimeParseException e) {
            throw new ConfigException("environment variable " + name + " must be an ISO-8601 duration such as P7D, was '"
                    + v + "'", e);
        }
    }

    /** The scoring model from the file named by {@code name}; a bad model fails naming the variable and the field. */
    public ScoringModel scoringModel(String name) {
        String file = required(name, "path of the scoring model document");
        try {
            return ScoringModelLoader.load(Path.of(file));
        } catch (ModelException e) {
            throw new ConfigException("environment variable " + name + ": " + e.getMessage(), e);
        }
    }

    public String get(String name) {
        return env.get(name);
    }
}
