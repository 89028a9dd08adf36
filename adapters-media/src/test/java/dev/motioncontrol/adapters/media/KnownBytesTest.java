package dev.motioncontrol.adapters.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class KnownBytesTest {

    @Test
    void aTailThatReachesIntoTheHeadKeepsEveryByte() {
        KnownBytes known = new KnownBytes(OptionalLong.of(10));
        known.add(0, new byte[] {0, 1, 2, 3, 4, 5});
        known.add(4, new byte[] {4, 5, 6, 7, 8, 9});

        byte[] all = new byte[10];
        assertThat(known.read(0, all, 0, 10)).isEqualTo(10);
        assertThat(all).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(known.isWhole()).isTrue();
        assertThat(known.size()).isEqualTo(10);
    }

    @Test
    void aShorterRangeReadAgainAtTheSameOffsetLosesNothing() {
        KnownBytes known = new KnownBytes(OptionalLong.empty());
        known.add(0, new byte[100]);
        known.add(0, new byte[10]);
        known.add(20, new byte[10]);

        assertThat(known.has(0, 100)).isTrue();
        assertThat(known.contiguousFromStart()).isEqualTo(100);
    }

    @Test
    void aRangeOverSeveralKnownOnesFillsOnlyTheGaps() {
        KnownBytes known = new KnownBytes(OptionalLong.empty());
        known.add(10, new byte[] {1, 1});
        known.add(20, new byte[] {2, 2});
        known.add(0, new byte[30]);

        assertThat(known.has(0, 30)).isTrue();
        assertThat(known.size()).isEqualTo(30);
        byte[] middle = new byte[2];
        known.read(20, middle, 0, 2);
        assertThat(middle).containsExactly(2, 2);
    }
}
