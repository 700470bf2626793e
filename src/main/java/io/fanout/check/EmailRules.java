package io.fanout.check;

import java.util.Locale;

/** Syntax rules for an email address. Pure; deliberately simpler than RFC 5322 (no quoted local parts). */
public final class EmailRules {

    private EmailRules() {
    }

    /**
     * True when {@code address} has exactly one '@', a non-empty local part, and a domain that contains a dot
     * and has no empty labels (no leading or trailing dot, no ".."), with no whitespace anywhere.
     */
    public static boolean syntaxValid(String address) {
        if (address == null || address.isEmpty() || address.chars().anyMatch(Character::isWhitespace)) {
            return false;
        }
        int at = address.indexOf('@');
        if (at <= 0 || at != address.lastIndexOf('@')) {
            return false;
        }
        String domain = address.substring(at + 1);
        if (!domain.contains(".")) {
            return false;
        }
        for (String label : domain.split("\\.", -1)) {
            if (label.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** The lower-cased, trimmed part after the (last) '@'; "" when there is no '@' or {@code address} is null. */
    public static String domain(String address) {
        if (address == null) {
            return "";
        }
        int at = address.lastIndexOf('@');
        return at < 0 ? "" : address.substring(at + 1).trim().toLowerCase(Locale.ROOT);
    }
}
