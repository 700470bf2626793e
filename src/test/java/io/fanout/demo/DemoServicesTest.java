package io.fanout.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.fanout.check.DisposableDomains;
import io.fanout.check.PostalCodes;
import io.fanout.demo.DemoServices.Settings;

class DemoServicesTest {

    private static PostalCodes postalCodes;
    private static DisposableDomains disposable;

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private DemoServices services;

    @BeforeAll
    static void loadReferenceData() {
        postalCodes = PostalCodes.load();
        disposable = DisposableDomains.load();
    }

    @AfterEach
    void stop() {
        if (services != null) {
            services.close();
        }
    }

    private DemoServices start(long latencyMs, double failureRate) {
        services = new DemoServices(postalCodes, disposable, new Settings("127.0.0.1", 0, latencyMs, failureRate));
        return services.start();
    }

    private HttpRequest get(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(services.baseUrl() + pathAndQuery))
                .timeout(Duration.ofSeconds(10)).GET().build();
    }

    private HttpResponse<String> send(String pathAndQuery) throws IOException, InterruptedException {
        return http.send(get(pathAndQuery), HttpResponse.BodyHandlers.ofString());
    }

    private static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static void assertJson(HttpResponse<String> response, int status, String body) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(response.body()).isEqualTo(body);
    }

    @Test
    void bindsAFreePortOnLoopback() {
        start(0, 0);
        assertThat(services.port()).isPositive();
        assertThat(services.baseUrl()).isEqualTo("http://127.0.0.1:" + services.port());
    }

    @Test
    void answersAKnownPostalCode() throws Exception {
        start(0, 0);
        assertJson(send("/address?postalCode=62704"), 200,
                "{\"postalCode\":\"62704\",\"city\":\"Springfield\",\"state\":\"IL\"}");
        assertJson(send("/address?postalCode=62704-1234"), 200,
                "{\"postalCode\":\"62704\",\"city\":\"Springfield\",\"state\":\"IL\"}");
    }

    @Test
    void answers404ForAnUnknownOrBlankPostalCode() throws Exception {
        start(0, 0);
        assertJson(send("/address?postalCode=99999"), 404,
                "{\"error\":\"unknown postal code\",\"postalCode\":\"99999\"}");
        assertJson(send("/address?postalCode=" + q(" ")), 404,
                "{\"error\":\"unknown postal code\",\"postalCode\":\"\"}");
        assertJson(send("/address"), 404, "{\"error\":\"unknown postal code\",\"postalCode\":\"\"}");
    }

    @Test
    void answersAboutEmailAddresses() throws Exception {
        start(0, 0);
        assertJson(send("/email?address=" + q("Jane+news@Example.com")), 200,
                "{\"address\":\"Jane+news@Example.com\",\"domain\":\"example.com\","
                        + "\"syntaxValid\":true,\"disposable\":false}");
        assertJson(send("/email?address=" + q("joe@x.mailinator.com")), 200,
                "{\"address\":\"joe@x.mailinator.com\",\"domain\":\"x.mailinator.com\","
                        + "\"syntaxValid\":true,\"disposable\":true}");
        assertJson(send("/email?address=" + q("foo@bar")), 200,
                "{\"address\":\"foo@bar\",\"domain\":\"bar\",\"syntaxValid\":false,\"disposable\":false}");
        assertJson(send("/email"), 200,
                "{\"address\":\"\",\"domain\":\"\",\"syntaxValid\":false,\"disposable\":false}");
    }

    @Test
    void healthAndUnknownPaths() throws Exception {
        start(0, 0);
        assertJson(send("/health"), 200, "{\"status\":\"UP\"}");
        assertJson(send("/nope"), 404, "{\"error\":\"not found\",\"path\":\"/nope\"}");
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(services.baseUrl() + "/address"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).contains("GET");
    }

    @Test
    void failureRateOneMakesEveryAnswer503() throws Exception {
        start(0, 1.0);
        String unavailable = "{\"error\":\"service unavailable (demo failure-rate)\"}";
        for (int i = 0; i < 10; i++) {
            assertJson(send("/address?postalCode=62704"), 503, unavailable);
            assertJson(send("/email?address=" + q("jane@example.com")), 503, unavailable);
        }
        assertJson(send("/health"), 200, "{\"status\":\"UP\"}"); // health is never failed on purpose
    }

    @Test
    void latencyDoesNotBlockAThread() throws Exception {
        long latencyMs = 200;
        int requests = 20;
        start(latencyMs, 0);
        send("/health"); // warm up the connection path; not part of the measurement

        long begin = System.nanoTime();
        List<CompletableFuture<HttpResponse<String>>> inFlight = IntStream.range(0, requests)
                .mapToObj(i -> http.sendAsync(get("/address?postalCode=62704"), HttpResponse.BodyHandlers.ofString()))
                .toList();
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
        long elapsedMs = Duration.ofNanos(System.nanoTime() - begin).toMillis();

        assertThat(inFlight).allSatisfy(f -> assertThat(f.join().statusCode()).isEqualTo(200));
        assertThat(elapsedMs)
                .as("20 requests delayed 200 ms each overlap: serially they would take %d ms", requests * latencyMs)
                .isGreaterThanOrEqualTo(latencyMs)
                .isLessThan(5 * latencyMs);
    }

    @Test
    void countsRequestsByPath() throws Exception {
        start(0, 0);
        assertThat(services.calls("/address")).isZero();
        for (int i = 0; i < 3; i++) {
            send("/address?postalCode=62704");
        }
        send("/email?address=" + q("jane@example.com"));
        send("/address?postalCode=99999");
        assertThat(services.calls("/address")).isEqualTo(4);
        assertThat(services.calls("/email")).isEqualTo(1);
        assertThat(services.calls("/health")).isZero();
    }

    @Test
    void aTakenPortFailsClearly() {
        start(0, 0);
        int taken = services.port();
        try (DemoServices second = new DemoServices(postalCodes, disposable, new Settings("127.0.0.1", taken, 0, 0))) {
            assertThatIllegalStateException().isThrownBy(second::start)
                    .withMessageContaining("cannot listen on 127.0.0.1:" + taken);
        }
    }

    @Test
    void closeIsIdempotentAndStartOnlyOnce() {
        start(0, 0);
        assertThatIllegalStateException().isThrownBy(services::start).withMessageContaining("already started");
        services.close();
        services.close();
        assertThatIllegalStateException().isThrownBy(services::port).withMessageContaining("not started");
    }

    @Test
    void settingsAreValidated() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Settings("127.0.0.1", 0, -1, 0))
                .withMessageContaining(">= 0");
        assertThatIllegalArgumentException().isThrownBy(() -> new Settings("127.0.0.1", 0, 0, 1.5))
                .withMessageContaining("between 0 and 1");
        assertThatIllegalArgumentException().isThrownBy(() -> new Settings("127.0.0.1", 0, 0, -0.1))
                .withMessageContaining("between 0 and 1");
        assertThatIllegalArgumentException().isThrownBy(() -> new Settings("127.0.0.1", 0, 0, Double.NaN))
                .withMessageContaining("between 0 and 1");
        assertThatIllegalArgumentException().isThrownBy(() -> new Settings(" ", 0, 0, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> new Settings("127.0.0.1", 70_000, 0, 0))
                .withMessageContaining("65535");
        assertThat(Settings.loopback()).isEqualTo(new Settings("127.0.0.1", 0, 0, 0.0));
    }
}
