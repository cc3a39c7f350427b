package dev.parley.protocol;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ParleyVersionTest {
    @Test
    void isTheBuildsProjectVersion() {
        // The build passes its own version in; an unfiltered or missing file would not match it.
        assertThat(ParleyVersion.current()).isEqualTo(System.getProperty("parley.expectedVersion"));
    }
}
