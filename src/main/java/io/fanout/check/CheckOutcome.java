package io.fanout.check;

import java.util.Objects;

/**
 * What one check said about one record: PASS, FLAG with a reason, or ERROR when the check could not be completed.
 * {@code attempts} counts the calls made (1 when the first call answered); {@code elapsedMs} is the check's own time.
 */
public record CheckOutcome(String check, Result result, String reason, int attempts, long elapsedMs) {

    public enum Result { PASS, FLAG, ERROR }

    public CheckOutcome {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(result, "result");
        reason = reason == null ? "" : reason;
    }

    public static CheckOutcome pass(String check) {
        return new CheckOutcome(check, Result.PASS, "", 1, 0);
    }

    public static CheckOutcome flag(String check, String reason) {
        return new CheckOutcome(check, Result.FLAG, reason, 1, 0);
    }

    /** A check that could not be completed: {@code error} says why, after {@code attempts} calls. */
    public static CheckOutcome error(String check, String error, int attempts) {
        return new CheckOutcome(check, Result.ERROR, error, attempts, 0);
    }

    public CheckOutcome withAttempts(int attempts) {
        return new CheckOutcome(check, result, reason, attempts, elapsedMs);
    }

    public CheckOutcome withElapsedMs(long elapsedMs) {
        return new CheckOutcome(check, result, reason, attempts, elapsedMs);
    }
}
