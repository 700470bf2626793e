package io.fanout.check;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Disposable-mail domains from the classpath resource {@value #RESOURCE} (one domain a line; blank lines and
 * lines starting with '#' are skipped). Immutable and thread-safe.
 */
public final class DisposableDomains {

    public static final String RESOURCE = "reference/disposable-email-domains.txt";

    private final Set<String> domains;

    private DisposableDomains(Set<String> domains) {
        this.domains = domains;
    }

    /** Loads {@value #RESOURCE}; fails with a clear message if it is missing or unreadable. */
    public static DisposableDomains load() {
        InputStream in = DisposableDomains.class.getClassLoader().getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new IllegalStateException("classpath resource " + RESOURCE + " not found");
        }
        Set<String> set = new HashSet<>(256 * 1024);
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                String d = canonical(line);
                if (!d.isEmpty() && !d.startsWith("#")) {
                    set.add(d);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        return new DisposableDomains(set);
    }

    /** A list of the given domains, for tests and small fixtures. */
    public static DisposableDomains of(Collection<String> domains) {
        Set<String> set = new HashSet<>();
        domains.forEach(d -> set.add(canonical(d)));
        return new DisposableDomains(set);
    }

    /**
     * True when {@code domain} is listed or is a subdomain of a listed domain ("x.mailinator.com"), ignoring case.
     * A bare top-level domain is never looked up, so a stray "com" entry cannot mark everything.
     */
    public boolean isDisposable(String domain) {
        String d = canonical(domain);
        while (d.contains(".")) {
            if (domains.contains(d)) {
                return true;
            }
            d = d.substring(d.indexOf('.') + 1);
        }
        return false;
    }

    public int size() {
        return domains.size();
    }

    private static String canonical(String domain) {
        return domain == null ? "" : domain.trim().toLowerCase(Locale.ROOT);
    }
}
