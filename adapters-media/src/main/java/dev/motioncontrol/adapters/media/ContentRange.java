package dev.motioncontrol.adapters.media;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a server's {@code Content-Range} header says of a partial answer (RFC 9110, 14.4): it holds bytes
 * {@code first} to {@code last} (inclusive) of a medium of {@code total} bytes, when the server says the total.
 */
record ContentRange(long first, long last, OptionalLong total) {

    private static final Pattern SATISFIED = Pattern.compile("bytes\\s+(\\d{1,18})-(\\d{1,18})/(\\d{1,18}|\\*)",
        Pattern.CASE_INSENSITIVE);
    private static final Pattern UNSATISFIED = Pattern.compile("bytes\\s+\\*/(\\d{1,18})", Pattern.CASE_INSENSITIVE);

    /** The range a {@code 206} answer's header states; empty when it states none that makes sense. */
    static Optional<ContentRange> parse(String header) {
        Matcher matcher = SATISFIED.matcher(header == null ? "" : header.trim());
        if (!matcher.matches()) {
            return Optional.empty();
        }
        long first = Long.parseLong(matcher.group(1));
        long last = Long.parseLong(matcher.group(2));
        OptionalLong total = matcher.group(3).equals("*") ? OptionalLong.empty()
            : OptionalLong.of(Long.parseLong(matcher.group(3)));
        if (last < first || (total.isPresent() && last >= total.getAsLong())) {
            return Optional.empty();
        }
        return Optional.of(new ContentRange(first, last, total));
    }

    /** The total length a {@code 416 Range Not Satisfiable} answer's header states ({@code bytes *}{@code /1234}). */
    static OptionalLong unsatisfiedTotal(String header) {
        Matcher matcher = UNSATISFIED.matcher(header == null ? "" : header.trim());
        return matcher.matches() ? OptionalLong.of(Long.parseLong(matcher.group(1))) : OptionalLong.empty();
    }

    /** How many bytes it holds. */
    long length() {
        return last - first + 1;
    }
}
