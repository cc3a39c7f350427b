package dev.parley.protocol;

import dev.parley.protocol.rest.RegisterRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ValidationTest {
    private static final String GRIN = "😀"; // one code point, two UTF-16 chars

    @Test
    void textIsCountedInCodePointsUpTo100000() {
        assertThat(Validation.messageText(GRIN.repeat(100_000))).hasSize(200_000);
        assertThat(Validation.messageText("a".repeat(100_000))).hasSize(100_000);
        assertThatThrownBy(() -> Validation.messageText(GRIN.repeat(100_001)))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo("text_too_long"));
        assertThatThrownBy(() -> Validation.messageText("a".repeat(100_001)))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo("text_too_long"));
    }

    @Test
    void textMustNotBeEmptyOrHoldAnUnpairedSurrogate() {
        assertThatThrownBy(() -> Validation.messageText("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> Validation.messageText("bad \uD800 half"))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo("invalid_text"));
        assertThatThrownBy(() -> Validation.messageText("\uDC00"))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo("invalid_text"));
    }

    @Test
    void passwordsAre8To128CodePointsTakenExactly() {
        assertThat(Validation.password(GRIN.repeat(128), "password")).isEqualTo(GRIN.repeat(128));
        assertThat(Validation.password("  spaced  ", "password")).isEqualTo("  spaced  ");
        assertThatThrownBy(() -> Validation.password("a".repeat(7), "password")).isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> Validation.password(GRIN.repeat(129), "password")).isInstanceOf(ProtocolException.class);
    }

    @Test
    void usernamesAreFoldedToLowerCase() {
        assertThat(new RegisterRequest(" Alice.B_2 ", "Alice", null, "password1", null).username()).isEqualTo("alice.b_2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ab", "1abc", "_abc", "has space", "émile", "thirty-three-characters-long-name", "a-b"})
    void badUsernamesAreRefused(String username) {
        assertThatThrownBy(() -> Validation.username(username))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo("invalid_username"));
    }
}
