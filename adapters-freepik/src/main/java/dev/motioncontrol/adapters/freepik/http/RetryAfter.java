package dev.motioncontrol.adapters.freepik.http;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** The {@code Retry-After} header of a 429 or 503: a number of seconds or an HTTP date. */
final class RetryAfter {

    /** The longest wait taken as it is; a longer one is read as this. */
    static final Duration MAX = Duration.ofDays(1);

    private RetryAfter() {
    }

    /** {@link #parse(String, Instant)} against the system clock. */
    static Optional<Duration> parse(String header) {
        return parse(header, Instant.now());
    }

    /**
     * The wait the header asks for, if present and readable; never negative, and never more than {@link #MAX} (a
     * longer one, however many digits it has, is read as that). A date in the past is no wait at all.
     */
    static Optional<Duration> parse(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String value = header.strip();
        if (value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            // Compared as text first: a number of any length is a wait, not an overflow.
            String digits = value.replaceFirst("^0+(?=.)", "");
            String max = String.valueOf(MAX.toSeconds());
            boolean tooLong = digits.length() > max.length()
                    || (digits.length() == max.length() && digits.compareTo(max) > 0);
            return Optional.of(tooLong ? MAX : Duration.ofSeconds(Long.parseLong(digits)));
        }
        try {
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration until = Duration.between(now, at);
            return Optional.of(until.isNegative() ? Duration.ZERO : until.compareTo(MAX) > 0 ? MAX : until);
        } catch (DateTimeParseException | ArithmeticException notADate) {
            return Optional.empty();
        }
    }
}
