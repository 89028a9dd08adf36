package dev.motioncontrol.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class TaskIdTest {

    @ParameterizedTest
    @ValueSource(strings = {"0b0a4a1e-7a8d-4c39-9d43-0d7c1b2f6a55", "0B0A4A1E-7A8D-4C39-9D43-0D7C1B2F6A55", "task_1", "a"})
    void acceptsWellFormedIds(String value) {
        assertThat(new TaskId(value).value()).isEqualTo(value);
    }

    @Test
    void acceptsAnIdOfExactly128Characters() {
        assertThat(TaskId.isWellFormed("a".repeat(128))).isTrue();
    }

    @Test
    void rejectsAnIdOf129Characters() {
        assertThatIllegalArgumentException().isThrownBy(() -> new TaskId("a".repeat(129)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "abc def", "a/b", "..", "../etc/passwd", "a.b", "a%2Fb", "tâche", "٣", "a\u0000b",
        "a?b", "a#b"})
    void rejectsIdsThatCouldNotBeAPathSegmentAsIs(String value) {
        assertThatIllegalArgumentException().isThrownBy(() -> new TaskId(value));
    }

    @Test
    void aRandomIdIsWellFormedAndFresh() {
        TaskId first = TaskId.random();

        assertThat(TaskId.isWellFormed(first.value())).isTrue();
        assertThat(first).isNotEqualTo(TaskId.random());
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "a/b", "..", "tâche"})
    void isWellFormedAnswersFalseInsteadOfThrowing(String text) {
        assertThat(TaskId.isWellFormed(text)).isFalse();
    }

    @Test
    void isWellFormedAnswersTrueForAUuid() {
        assertThat(TaskId.isWellFormed("0b0a4a1e-7a8d-4c39-9d43-0d7c1b2f6a55")).isTrue();
    }

    @Test
    void printsAsItsValue() {
        assertThat(new TaskId("abc-123")).hasToString("abc-123");
    }
}
