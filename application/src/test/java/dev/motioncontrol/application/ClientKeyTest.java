package dev.motioncontrol.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClientKeyTest {

    @Test
    void toStringNeverRevealsTheKey() {
        String secret = "fpk-0123456789abcdef";

        assertThat(new ClientKey(secret).toString()).doesNotContain(secret).doesNotContain("0123456789");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t"})
    void rejectsABlankKey(String value) {
        assertThatIllegalArgumentException().isThrownBy(() -> new ClientKey(value));
    }

    @Test
    void rejectsAMissingKey() {
        assertThatNullPointerException().isThrownBy(() -> new ClientKey(null));
    }

    @Test
    void keysWithTheSameValueAreTheSameClient() {
        assertThat(new ClientKey("key-a")).isEqualTo(new ClientKey("key-a")).isNotEqualTo(new ClientKey("key-b"));
    }
}
