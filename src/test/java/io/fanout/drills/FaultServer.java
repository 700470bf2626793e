package io.fanout.drills;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A stand-in for the address and e-mail services that misbehaves on purpose: a small HTTP/1.1 server on loopback,
 * written on plain sockets so that it can also hang a call or reset a connection mid-answer. A drill decides each
 * answer through {@link Behaviour}. Every address is Springfield, IL 62704; every e-mail is valid.
 */
final class FaultServer implements AutoCloseable {

    /** What to do with one request: answer normally after the latency, or one of the faults. */
    enum Fault { NONE, STATUS_503, STATUS_400, STATUS_429, HANG, RESET }

    interface Behaviour {
        Fault decide(String path, String query, FaultServer server);
    }

    private final ServerSocket listener;
    private final ExecutorService connections = Executors.newCachedThreadPool();
    private final long startNanos = System.nanoTime();
    private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> callsPerSecond = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile Behaviour behaviour = (path, query, server) -> Fault.NONE;
    private volatile long latencyMs;

    FaultServer() throws IOException {
        listener = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        connections.execute(this::accept);
    }

    FaultServer behaving(Behaviour behaviour, long latencyMs) {
        this.behaviour = behaviour;
        this.latencyMs = latencyMs;
        return this;
    }

    String url(String path) {
        return "http://127.0.0.1:" + listener.getLocalPort() + path;
    }

    long calls(String path) {
        return calls.getOrDefault(path, new AtomicLong()).get();
    }

    double uptimeSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** Calls being answered now. */
    int inFlight() {
        return inFlight.get();
    }

    /** The most calls to {@code path} that arrived in any one second (whole seconds since start). */
    int busiestSecond(String path) {
        return callsPerSecond.entrySet().stream().filter(e -> e.getKey().startsWith(path + "@"))
                .mapToInt(e -> e.getValue().get()).max().orElse(0);
    }

    /** Calls to {@code path} that arrived so far in the current whole second. */
    int callsThisSecond(String path) {
        return callsPerSecond.computeIfAbsent(path + "@" + currentSecond(), s -> new AtomicInteger()).get();
    }

    static boolean chance(double p) {
        return ThreadLocalRandom.current().nextDouble() < p;
    }

    private long currentSecond() {
        return (System.nanoTime() - startNanos) / 1_000_000_000L;
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket socket = listener.accept();
                connections.execute(() -> serve(socket));
            } catch (IOException closed) {
                return;
            }
        }
    }

    /** One keep-alive connection: requests one after another until the caller closes it or a fault ends it. */
    private void serve(Socket socket) {
        try (socket) {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            OutputStream out = socket.getOutputStream();
            for (String requestLine = in.readLine(); requestLine != null && !requestLine.isEmpty(); requestLine = in.readLine()) {
                while (!in.readLine().isEmpty()) {
                    // skip the headers: GET requests have no body
                }
                String target = requestLine.split(" ")[1];
                String path = target.contains("?") ? target.substring(0, target.indexOf('?')) : target;
                String query = target.contains("?") ? URLDecoder.decode(target.substring(target.indexOf('?') + 1), StandardCharsets.UTF_8) : "";
                calls.computeIfAbsent(path, p -> new AtomicLong()).incrementAndGet();
                callsPerSecond.computeIfAbsent(path + "@" + currentSecond(), s -> new AtomicInteger()).incrementAndGet();
                inFlight.incrementAndGet();
                try {
                    Fault fault = behaviour.decide(path, query, this);
                    if (fault == Fault.HANG) {
                        in.read();  // never answer: wait until the caller gives up and closes the connection
                        return;
                    }
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(latencyMs));  // the service's own latency
                    if (fault == Fault.RESET) {
                        out.write(head(200, 100, null));
                        out.write("{\"postalCode\":\"627".getBytes(StandardCharsets.UTF_8));
                        out.flush();
                        socket.setSoLinger(true, 0);  // close with a TCP reset, the answer cut off
                        return;
                    }
                    String body = switch (fault) {
                        case STATUS_503 -> "{\"error\":\"unavailable\"}";
                        case STATUS_400 -> "{\"error\":\"bad request\"}";
                        case STATUS_429 -> "{\"error\":\"slow down\"}";
                        default -> path.startsWith("/address")
                                ? "{\"postalCode\":\"62704\",\"city\":\"Springfield\",\"state\":\"IL\"}"
                                : "{\"address\":\"x\",\"domain\":\"example.com\",\"syntaxValid\":true,\"disposable\":false}";
                    };
                    int status = switch (fault) {
                        case STATUS_503 -> 503;
                        case STATUS_400 -> 400;
                        case STATUS_429 -> 429;
                        default -> 200;
                    };
                    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                    out.write(head(status, bytes.length, fault == Fault.STATUS_429 ? "1" : null));
                    out.write(bytes);
                    out.flush();
                } finally {
                    inFlight.decrementAndGet();
                }
            }
        } catch (IOException gone) {
            // the caller closed the connection
        }
    }

    private static byte[] head(int status, int length, String retryAfter) {
        String reason = switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 429 -> "Too Many Requests";
            default -> "Service Unavailable";
        };
        return ("HTTP/1.1 " + status + " " + reason + "\r\nContent-Type: application/json\r\nContent-Length: " + length + "\r\n"
                + (retryAfter == null ? "" : "Retry-After: " + retryAfter + "\r\n") + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        connections.shutdownNow();
    }
}
