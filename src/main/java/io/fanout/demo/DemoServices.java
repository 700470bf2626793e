package io.fanout.demo;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;

import io.fanout.check.DisposableDomains;
import io.fanout.check.EmailRules;
import io.fanout.check.PostalCodes;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/**
 * Plays the external address and email verification APIs over real HTTP, answering from the reference data.
 * Every answer is JSON ({@code Content-Type: application/json}):
 * <ul>
 *   <li>{@code GET /address?postalCode=62704} → 200 {@code {"postalCode":"62704","city":"Springfield","state":"IL"}}
 *       (ZIP+4 is accepted and answered with its 5-digit code); an unknown or blank code →
 *       404 {@code {"error":"unknown postal code","postalCode":"<as given, trimmed>"}}.</li>
 *   <li>{@code GET /email?address=jane@example.com} → 200
 *       {@code {"address":"jane@example.com","domain":"example.com","syntaxValid":true,"disposable":false}}.
 *       The address is a query parameter: a '+' in it must be sent as %2B (a bare '+' decodes to a space).</li>
 *   <li>{@code GET /health} → 200 {@code {"status":"UP"}}.</li>
 *   <li>Another method on these paths → 405; any other path → 404 {@code {"error":"not found","path":...}}.</li>
 * </ul>
 * Each /address and /email answer is delayed by {@link Settings#latencyMs()} and, with probability
 * {@link Settings#failureRate()}, is 503 {@code {"error":"service unavailable (demo failure-rate)"}} instead.
 * The server runs on its own Vert.x instance, created by {@link #start()} and closed by {@link #close()}.
 */
public final class DemoServices implements AutoCloseable {

    /**
     * Where to listen and how the services misbehave.
     *
     * @param port        0 picks a free port ({@link DemoServices#port()} tells which after start)
     * @param latencyMs   delay before every /address and /email answer, &gt;= 0
     * @param failureRate probability, 0 to 1, that an /address or /email request answers 503
     */
    public record Settings(String host, int port, long latencyMs, double failureRate) {
        public Settings {
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("demo host must not be blank");
            }
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("demo port must be 0 (any free port) to 65535, was " + port);
            }
            if (latencyMs < 0) {
                throw new IllegalArgumentException("demo latency must be >= 0 ms, was " + latencyMs);
            }
            if (!(failureRate >= 0.0 && failureRate <= 1.0)) { // also rejects NaN
                throw new IllegalArgumentException("demo failure rate must be between 0 and 1, was " + failureRate);
            }
        }

        /** Loopback, any free port, no latency, no failures. */
        public static Settings loopback() {
            return new Settings("127.0.0.1", 0, 0, 0.0);
        }
    }

    private static final long START_TIMEOUT_SECONDS = 10;
    private static final String JSON = "application/json";

    private final PostalCodes postalCodes;
    private final DisposableDomains disposableDomains;
    private final Settings settings;
    private volatile double failureRate;
    private volatile java.util.function.BiConsumer<String, String> observer = (path, key) -> { };
    private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();
    private final java.util.Set<String> headerNames = ConcurrentHashMap.newKeySet();

    private static final int EVENT_LOOPS = Math.max(2, Runtime.getRuntime().availableProcessors());

    private volatile Vertx vertx; // volatile, not locked: the event loop reads it and must never wait
    private volatile int boundPort = -1;

    public DemoServices(PostalCodes postalCodes, DisposableDomains disposableDomains, Settings settings) {
        this.postalCodes = Objects.requireNonNull(postalCodes, "postalCodes");
        this.disposableDomains = Objects.requireNonNull(disposableDomains, "disposableDomains");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.failureRate = settings.failureRate();
    }

    /** Changes the share of 503 answers while it runs (a drill: the service breaks, then is fixed). */
    public void failureRate(double rate) {
        if (!(rate >= 0.0 && rate <= 1.0)) throw new IllegalArgumentException("demo failure rate must be between 0 and 1, was " + rate);
        this.failureRate = rate;
    }

    /** Tells {@code observer} of every /address and /email request: its path and its postal code or address. */
    public void observe(java.util.function.BiConsumer<String, String> observer) {
        this.observer = Objects.requireNonNull(observer, "observer");
    }

    /**
     * Binds the server and returns once it listens.
     *
     * @throws IllegalStateException if already started, or the server cannot bind (e.g. the port is taken)
     */
    public synchronized DemoServices start() {
        if (vertx != null) {
            throw new IllegalStateException("demo services already started");
        }
        vertx = Vertx.vertx();
        try {
            // one server per event loop, sharing the port (Vert.x: port -1 is a random port the servers share), so
            // that answering thousands of requests a second never queues behind one busy thread
            int port = settings.port() == 0 ? -1 : settings.port();
            for (int i = 0; i < EVENT_LOOPS; i++) {
                HttpServer server = listen(port).get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                boundPort = server.actualPort();
            }
            return this;
        } catch (ExecutionException | TimeoutException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            close();
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("demo services cannot listen on " + settings.host() + ":"
                    + settings.port() + ": " + cause, cause);
        }
    }

    /** A server on an event loop of its own (a verticle's context). */
    private CompletableFuture<HttpServer> listen(int port) {
        CompletableFuture<HttpServer> bound = new CompletableFuture<>();
        HttpServerOptions options = new HttpServerOptions().setHost(settings.host()).setPort(port);
        vertx.deployVerticle(new AbstractVerticle() {
            @Override
            public void start(Promise<Void> started) {
                vertx.createHttpServer(options).requestHandler(DemoServices.this::handle).listen()
                        .onSuccess(server -> {
                            bound.complete(server);
                            started.complete();
                        })
                        .onFailure(failure -> {
                            bound.completeExceptionally(failure);
                            started.fail(failure);
                        });
            }
        });
        return bound;
    }

    /** The port the server listens on. */
    public int port() {
        if (boundPort < 0) {
            throw new IllegalStateException("demo services not started");
        }
        return boundPort;
    }

    /** {@code http://host:port}, for building request URLs. */
    public String baseUrl() {
        return "http://" + settings.host() + ":" + port();
    }

    public Settings settings() {
        return settings;
    }

    /** The names (lower case) of every request header received so far: to show what callers leak. */
    public java.util.Set<String> headerNamesSeen() {
        return java.util.Set.copyOf(headerNames);
    }

    /** How many requests arrived for {@code path} (e.g. "/address"), whatever they were answered. */
    public long calls(String path) {
        LongAdder n = calls.get(path);
        return n == null ? 0 : n.sum();
    }

    /** Stops the server and its Vert.x instance; safe to call more than once. */
    @Override
    public synchronized void close() {
        if (vertx == null) {
            return;
        }
        Vertx v = vertx;
        vertx = null;
        boundPort = -1;
        try {
            v.close().toCompletionStage().toCompletableFuture().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // Best effort: the caller is shutting down and has nothing better to do with the failure.
        }
    }

    // Runs on the event loop: must never block.
    private void handle(HttpServerRequest req) {
        String path = req.path();
        calls.computeIfAbsent(path, p -> new LongAdder()).increment();
        req.headers().names().forEach(name -> headerNames.add(name.toLowerCase(java.util.Locale.ROOT)));
        try {
            switch (path) {
                case "/address", "/email" -> {
                    if (req.method() != HttpMethod.GET) {
                        methodNotAllowed(req);
                    } else {
                        answerLater(req, path);
                    }
                }
                case "/health" -> {
                    if (req.method() != HttpMethod.GET) {
                        methodNotAllowed(req);
                    } else {
                        send(req, 200, new JsonObject().put("status", "UP"));
                    }
                }
                default -> send(req, 404, new JsonObject().put("error", "not found").put("path", path));
            }
        } catch (RuntimeException e) { // e.g. a malformed %-escape in the query
            send(req, 400, new JsonObject().put("error", "bad request: " + e.getMessage()));
        }
    }

    private void answerLater(HttpServerRequest req, String path) {
        // Decide and build the answer now; only sending it waits for the latency.
        JsonObject answer = new JsonObject();
        int status;
        observer.accept(path, req.getParam(path.equals("/address") ? "postalCode" : "address", ""));
        if (ThreadLocalRandom.current().nextDouble() < failureRate) {
            status = 503;
            answer.put("error", "service unavailable (demo failure-rate)");
        } else if (path.equals("/address")) {
            status = address(req.getParam("postalCode", ""), answer);
        } else {
            status = email(req.getParam("address", ""), answer);
        }
        if (settings.latencyMs() == 0) {
            send(req, status, answer);
        } else {
            // A timer, not a sleep: latency costs no thread, so many slow requests overlap.
            Vertx v = vertx;
            if (v != null) { // null only while closing
                v.setTimer(settings.latencyMs(), id -> send(req, status, answer));
            }
        }
    }

    private int address(String postalCode, JsonObject answer) {
        return postalCodes.find(postalCode).map(place -> {
            answer.put("postalCode", place.postalCode()).put("city", place.city()).put("state", place.state());
            return 200;
        }).orElseGet(() -> {
            answer.put("error", "unknown postal code").put("postalCode", postalCode.trim());
            return 404;
        });
    }

    private int email(String address, JsonObject answer) {
        String domain = EmailRules.domain(address);
        answer.put("address", address)
                .put("domain", domain)
                .put("syntaxValid", EmailRules.syntaxValid(address))
                .put("disposable", !domain.isEmpty() && disposableDomains.isDisposable(domain));
        return 200;
    }

    private void methodNotAllowed(HttpServerRequest req) {
        req.response().putHeader("Allow", "GET");
        send(req, 405, new JsonObject().put("error", "method not allowed").put("method", req.method().name()));
    }

    private static void send(HttpServerRequest req, int status, JsonObject body) {
        HttpServerResponse response = req.response();
        if (response.closed() || response.ended()) {
            return; // the client went away while we waited
        }
        response.setStatusCode(status).putHeader("Content-Type", JSON).end(body.encode());
    }
}
