package io.fanout.resilience;

/** A check service refused the request itself (HTTP 4xx other than 429): asking again cannot help. */
public final class RejectedCallException extends RuntimeException {

    private final int status;

    public RejectedCallException(int status, String statusText) {
        super(("HTTP " + status + " " + (statusText == null ? "" : statusText)).trim(), null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
