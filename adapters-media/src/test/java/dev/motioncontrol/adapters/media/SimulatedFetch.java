package dev.motioncontrol.adapters.media;

import dev.motioncontrol.domain.MediaFormat;
import java.util.Arrays;
import java.util.OptionalLong;

/**
 * A fetcher in miniature: gives the reader a head of a file, then each range it needs, as a server answering range
 * requests would, until it reads something or the rounds run out; counts the bytes it transferred.
 */
final class SimulatedFetch {

    final KnownBytes known;
    Reading reading;
    int rounds;
    long bytesTransferred;
    /** Every range asked for, in turn. */
    final java.util.List<Reading.Needs> asked = new java.util.ArrayList<>();
    /** Whether the reader asked for a range whose bytes were all known (it must not: that would never end). */
    boolean askedForKnownBytes;
    /** Whether the reader asked for a range reaching past the end after it was told the total length. */
    boolean askedPastTheEnd;

    private SimulatedFetch(KnownBytes known) {
        this.known = known;
    }

    /**
     * Reads {@code file} as {@code kind} from its first {@code head} bytes, the total length told up front when
     * {@code lengthTold}, with at most {@code maxRounds} further ranges; {@code strict} lets a parsing error through.
     */
    static SimulatedFetch read(byte[] file, int head, boolean lengthTold, MediaFormat.Kind kind, int maxRounds,
            boolean strict) {
        SimulatedFetch fetch = new SimulatedFetch(new KnownBytes(
                lengthTold ? OptionalLong.of(file.length) : OptionalLong.empty()));
        fetch.transfer(file, 0, Math.min(head, file.length));
        if (head >= file.length) {
            fetch.known.readToTheEnd();
        }
        ContainerReader reader = new ContainerReader();
        fetch.reading = strict ? reader.readOrThrow(fetch.known, kind) : reader.read(fetch.known, kind);
        while (fetch.reading instanceof Reading.Needs needs && fetch.rounds < maxRounds) {
            fetch.rounds++;
            fetch.asked.add(needs);
            fetch.askedForKnownBytes |= needs.offset() >= 0 && fetch.known.has(needs.offset(), needs.length())
                    || needs.length() <= 0;
            fetch.askedPastTheEnd |= fetch.known.totalLength().isPresent()
                    && needs.offset() + needs.length() > fetch.known.totalLength().getAsLong();
            if (needs.offset() < 0) {
                fetch.transfer(file, Math.max(0, file.length + needs.offset()), file.length);
            } else {
                fetch.transfer(file, needs.offset(), Math.min(file.length, needs.offset() + needs.length()));
            }
            // A range answer (206, or 416 past the end) tells the total length in its Content-Range.
            fetch.known.totalLength(file.length);
            fetch.reading = strict ? reader.readOrThrow(fetch.known, kind) : reader.read(fetch.known, kind);
        }
        return fetch;
    }

    /** As {@link #read}, strictly, with the total length told and three rounds. */
    static SimulatedFetch read(byte[] file, int head, MediaFormat.Kind kind) {
        return read(file, head, true, kind, 3, true);
    }

    private void transfer(byte[] file, long from, long to) {
        if (from < to) {
            known.add(from, Arrays.copyOfRange(file, (int) from, (int) to));
            bytesTransferred += to - from;
        }
    }
}
