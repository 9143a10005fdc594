package io.mqlengine.config;

/** Configuration is missing or wrong; the message names the variable. Thrown at start-up. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
