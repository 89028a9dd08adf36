package dev.motioncontrol.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.motioncontrol.application.port.out.AcceptedClientKeys;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AcceptedClientKeysTest {

    private final AcceptedClientKeys onlyTwo = AcceptedClientKeys.only(Set.of("key-alpha", "key-bravo"));

    @ParameterizedTest
    @ValueSource(strings = {"key-alpha", "key-bravo"})
    void onlyAcceptsEachConfiguredKey(String key) {
        assertThat(onlyTwo.accepts(new ClientKey(key))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"key-charlie", "KEY-ALPHA", "key-alph", "key-alpha ", " key-alpha", "key-alphakey-bravo"})
    void onlyRefusesEveryOtherKey(String key) {
        assertThat(onlyTwo.accepts(new ClientKey(key))).isFalse();
    }

    @Test
    void onlyWithNoKeysAcceptsNobody() {
        assertThat(AcceptedClientKeys.only(Set.of()).accepts(new ClientKey("key-alpha"))).isFalse();
    }

    @Test
    void onlyComparesNonAsciiKeysByTheirExactText() {
        AcceptedClientKeys accepted = AcceptedClientKeys.only(Set.of("clé"));

        assertThat(accepted.accepts(new ClientKey("clé"))).isTrue();
        assertThat(accepted.accepts(new ClientKey("cle"))).isFalse();
    }

    @Test
    void anyAcceptsEveryKey() {
        assertThat(AcceptedClientKeys.any().accepts(new ClientKey("whatever"))).isTrue();
    }
}
