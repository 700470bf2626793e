package io.fanout.observe;

import io.fanout.app.RunningApp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The management port of a running application over real HTTP: /observe/metrics and /observe/health*. */
final class Management {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    Management(RunningApp app) {
        this.base = "http://127.0.0.1:" + app.context().resolvePropertyPlaceholders("{{camel.management.port}}");
    }

    HttpResponse<String> get(String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).GET().build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The metrics as scraped now. */
    Metrics metrics() {
        HttpResponse<String> response = get("/observe/metrics");
        if (response.statusCode() != 200) throw new AssertionError("GET /observe/metrics answered " + response.statusCode() + ": " + response.body());
        return Metrics.parse(response.body());
    }

    /** One scrape, in Prometheus text format: each sample by its name and labels. */
    record Metrics(String text, Map<String, Double> samples) {

        static Metrics parse(String text) {
            Map<String, Double> samples = new HashMap<>();
            for (String line : text.split("\n")) {
                if (line.isBlank() || line.startsWith("#")) continue;
                Matcher m = SAMPLE.matcher(line.strip());
                if (!m.matches()) throw new AssertionError("not a Prometheus sample line: " + line);
                Map<String, String> labels = new TreeMap<>();
                if (m.group(3) != null) {
                    Matcher l = LABEL.matcher(m.group(3));
                    while (l.find()) labels.put(l.group(1), l.group(2));
                }
                samples.put(key(m.group(1), labels), Double.parseDouble(m.group(4)));
            }
            return new Metrics(text, samples);
        }

        /** The value of series {@code name} with these labels (name, value, name, value...); null if absent. */
        Double value(String name, String... labels) {
            Map<String, String> wanted = new TreeMap<>();
            for (int i = 0; i < labels.length; i += 2) wanted.put(labels[i], labels[i + 1]);
            return samples.get(key(name, wanted));
        }

        /** Like {@link #value} but the series must exist. */
        double of(String name, String... labels) {
            Double v = value(name, labels);
            if (v == null) throw new AssertionError("no series " + key(name, labelMap(labels)) + " in:\n" + text);
            return v;
        }

        /** Whether a sample of series {@code name} exists (with any labels). */
        boolean has(String name) {
            return samples.keySet().stream().anyMatch(k -> k.equals(name) || k.startsWith(name + "{"));
        }

        private static Map<String, String> labelMap(String... labels) {
            Map<String, String> map = new TreeMap<>();
            for (int i = 0; i < labels.length; i += 2) map.put(labels[i], labels[i + 1]);
            return map;
        }

        private static String key(String name, Map<String, String> labels) {
            return labels.isEmpty() ? name : name + labels;
        }
    }
}
