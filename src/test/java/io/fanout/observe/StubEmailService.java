package io.fanout.observe;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for the e-mail service on loopback that answers as told by the address: {@code broken@...} 400 (the
 * check fails at once), {@code flaky@...} 503 on its first call and then a valid answer (one retry),
 * {@code slow...@...} a valid answer after {@code slowMs}; any other address is valid and not disposable.
 */
final class StubEmailService implements AutoCloseable {

    private final HttpServer server;
    private final ScheduledExecutorService later = Executors.newScheduledThreadPool(4);
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final long slowMs;

    StubEmailService(long slowMs) {
        this.slowMs = slowMs;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/email", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/email";
    }

    private void handle(HttpExchange exchange) {
        String query = exchange.getRequestURI().getRawQuery();
        String address = query == null || !query.startsWith("address=") ? ""
                : URLDecoder.decode(query.substring("address=".length()), StandardCharsets.UTF_8);
        int call = calls.computeIfAbsent(address, a -> new AtomicInteger()).incrementAndGet();
        String domain = address.contains("@") ? address.substring(address.indexOf('@') + 1) : "";
        String valid = "{\"address\":\"" + address + "\",\"domain\":\"" + domain + "\",\"syntaxValid\":true,\"disposable\":false}";
        if (address.startsWith("broken@")) {
            answer(exchange, 400, "{\"error\":\"bad request\"}");
        } else if (address.startsWith("flaky@") && call == 1) {
            answer(exchange, 503, "{\"error\":\"unavailable\"}");
        } else if (address.startsWith("slow")) {
            later.schedule(() -> answer(exchange, 200, valid), slowMs, TimeUnit.MILLISECONDS);
        } else {
            answer(exchange, 200, valid);
        }
    }

    private static void answer(HttpExchange exchange, int status, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = exchange.getResponseBody()) {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            out.write(body);
        } catch (IOException e) {
            // the client went away: nothing to answer
        }
    }

    @Override
    public void close() {
        server.stop(0);
        later.shutdownNow();
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
