package dev.datomickit.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

/** Docker's --publish syntax, as Kamal passes port and options.publish through. */
class PortBindingTest {

    @Test
    void readsEveryPublishForm() {
        assertThat(PortBinding.parse("127.0.0.1:5433:5432"))
                .isEqualTo(new PortBinding("127.0.0.1", 5433, 5432, "tcp", "127.0.0.1:5433:5432"));
        assertThat(PortBinding.parse("5433:5432")).isEqualTo(new PortBinding(null, 5433, 5432, "tcp", "5433:5432"));
        assertThat(PortBinding.parse("5432")).isEqualTo(new PortBinding(null, null, 5432, "tcp", "5432"));
        assertThat(PortBinding.parse("127.0.0.1::5432").hostPort()).isNull();
        assertThat(PortBinding.parse("[::1]:11211:11211/udp"))
                .isEqualTo(new PortBinding("::1", 11211, 11211, "udp", "[::1]:11211:11211/udp"));
    }

    @Test
    void onlyLoopbackAddressesKeepAPortPrivate() {
        assertThat(PortBinding.parse("127.0.0.1:5432:5432").loopbackOnly()).isTrue();
        assertThat(PortBinding.parse("127.0.0.2:5432:5432").loopbackOnly()).isTrue();
        assertThat(PortBinding.parse("[::1]:5432:5432").loopbackOnly()).isTrue();
        assertThat(PortBinding.parse("5432:5432").loopbackOnly()).isFalse();
        assertThat(PortBinding.parse("0.0.0.0:5432:5432").loopbackOnly()).isFalse();
        assertThat(PortBinding.parse("10.0.0.5:5432:5432").loopbackOnly()).isFalse();
        assertThat(PortBinding.parse("5432").loopbackOnly()).isFalse();
    }

    @Test
    void aHostPortClashesOnTheSameAddressOrAWildcardAndProtocol() {
        PortBinding loopback = PortBinding.parse("127.0.0.1:5432:5432");

        assertThat(loopback.clashesWith(PortBinding.parse("127.0.0.1:5432:5433"))).isTrue();
        assertThat(loopback.clashesWith(PortBinding.parse("5432:5432"))).isTrue();
        assertThat(loopback.clashesWith(PortBinding.parse("0.0.0.0:5432:5432"))).isTrue();
        assertThat(loopback.clashesWith(PortBinding.parse("127.0.0.2:5432:5432"))).isFalse();
        assertThat(loopback.clashesWith(PortBinding.parse("127.0.0.1:5433:5432"))).isFalse();
        assertThat(loopback.clashesWith(PortBinding.parse("127.0.0.1:5432:5432/udp"))).isFalse();
        assertThat(PortBinding.parse("127.0.0.1::5432").clashesWith(PortBinding.parse("127.0.0.1::5432"))).isFalse();
    }

    @Test
    void suggestionsKeepTheAddressAndProtocol() {
        assertThat(PortBinding.parse("5432:5432").onLoopback()).isEqualTo("127.0.0.1:5432:5432");
        assertThat(PortBinding.parse("5432").onLoopback()).isEqualTo("127.0.0.1:5432:5432");
        assertThat(PortBinding.parse("[::1]:5433:5433/udp").withPorts(5434, 5432)).isEqualTo("[::1]:5434:5432/udp");
    }

    @Test
    void refusesWhatItCannotRead() {
        assertThatIllegalArgumentException().isThrownBy(() -> PortBinding.parse("::1:5432:5432"))
                .withMessageContaining("brackets");
        assertThatIllegalArgumentException().isThrownBy(() -> PortBinding.parse("5000-5010:5000-5010"))
                .withMessageContaining("ranges");
        assertThatIllegalArgumentException().isThrownBy(() -> PortBinding.parse("127.0.0.1:5432:99999"))
                .withMessageContaining("not a port number");
        assertThatIllegalArgumentException().isThrownBy(() -> PortBinding.parse("5432/http"))
                .withMessageContaining("unknown protocol");
        assertThatIllegalArgumentException().isThrownBy(() -> PortBinding.parse(":5432:5432"))
                .withMessageContaining("bind address");
    }
}
