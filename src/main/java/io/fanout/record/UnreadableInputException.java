package io.fanout.record;

import java.io.IOException;

/**
 * The whole input cannot be read: nothing in it can be turned into records. The message says why in plain
 * words (for example "the file is empty" or "the header names column \"id\" twice (columns 1 and 3)"); it does
 * not name the file, which the caller knows.
 */
public class UnreadableInputException extends IOException {

    private static final long serialVersionUID = 1L;

    public UnreadableInputException(String message) {
        super(message);
    }

    public UnreadableInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
