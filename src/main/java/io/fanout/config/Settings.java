package io.fanout.config;

import org.apache.camel.CamelContext;

/** Reads fanout.* properties through Camel's properties component, so -D and environment overrides apply. */
final class Settings {

    private final CamelContext context;

    Settings(CamelContext context) {
        this.context = context;
    }

    String get(String key) {
        return context.getPropertiesComponent().resolveProperty(key).map(String::trim)
                .map(this::resolvePlaceholders)
                .orElseThrow(() -> new IllegalStateException("Missing configuration key " + key + " (see application.properties)"));
    }

    /** The value of {@code key}, if it is set (to anything but blanks). */
    java.util.Optional<String> find(String key) {
        return context.getPropertiesComponent().resolveProperty(key).map(String::trim).filter(v -> !v.isEmpty())
                .map(this::resolvePlaceholders);
    }

    String getOrDefault(String key, String fallback) {
        return context.getPropertiesComponent().resolveProperty(key).map(String::trim).orElse(fallback);
    }

    int positiveInt(String key) {
        String value = get(key);
        try {
            int n = Integer.parseInt(value);
            if (n > 0) return n;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(key + " must be a whole number above 0, not '" + value + "'");
    }

    boolean bool(String key) {
        String value = get(key);
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) return Boolean.parseBoolean(value);
        throw new IllegalArgumentException(key + " must be true or false, not '" + value + "'");
    }

    private String resolvePlaceholders(String value) {
        return value.contains("{{") ? context.resolvePropertyPlaceholders(value) : value;
    }
}
