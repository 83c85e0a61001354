package dev.datomickit.example.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SettingsTest {

    @Test
    void withNothingSetTheServiceListensOnPort8080OfEveryInterface() {
        Settings settings = Settings.from(Map.of());

        assertThat(settings).isEqualTo(new Settings("0.0.0.0", 8080));
        assertThat(settings.address().getAddress().isAnyLocalAddress()).isTrue();
    }

    @Test
    void portAndHostComeFromTheirVariables() {
        assertThat(Settings.from(Map.of("PORT", " 9000 ", "HOST", "127.0.0.1"))).isEqualTo(new Settings("127.0.0.1", 9000));
        assertThat(Settings.from(Map.of("PORT", "0")).port()).isZero();
        assertThat(Settings.from(Map.of("PORT", "", "HOST", " "))).isEqualTo(new Settings("0.0.0.0", 8080));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http", "-1", "65536", "80.5", "8080 8081"})
    void aMalformedPortIsRefusedNamingTheVariable(String port) {
        assertThatThrownBy(() -> Settings.from(Map.of("PORT", port)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("PORT must be a number from 0 to 65535 (0 picks a free port), was \"" + port + "\"");
    }
}
