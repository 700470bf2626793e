package io.fanout.api;

/** A request the jobs API refuses: the HTTP status, a short error and a detail for the client. */
public final class ApiException extends RuntimeException {

    private final int status;
    private final String error;

    public ApiException(int status, String error, String detail) {
        super(detail, null, false, false);  // no stack trace: it is an answer, not a fault
        this.status = status;
        this.error = error;
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    public String detail() {
        return getMessage();
    }

    public static ApiException notFound(String detail) {
        return new ApiException(404, "not found", detail);
    }
}
