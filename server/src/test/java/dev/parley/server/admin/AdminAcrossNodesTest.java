package dev.parley.server.admin;

import dev.parley.server.support.DeviceSocketClient;
import dev.parley.server.support.ParleyClient;
import dev.parley.server.support.ParleyClient.Account;
import dev.parley.server.support.ParleyClient.Session;
import dev.parley.server.support.TestCluster;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** An admin command given to one node takes effect on every node of the server. */
class AdminAcrossNodesTest {

    @Test
    void aRegistrationModeSetOnOneNodeAppliesOnTheOtherAtOnce() {
        try (TestCluster cluster = TestCluster.start(2)) {
            cluster.node(0).adminOk("registration", "closed");

            ParleyClient.Response refused = cluster.client(1).post("/api/v1/accounts", null, Map.of(
                    "username", ParleyClient.uniqueUsername("late"), "displayName", "Late",
                    "password", ParleyClient.PASSWORD));

            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.errorCode()).isEqualTo("registration_closed");
        }
    }

    @Test
    void aDeviceRevokedOnOneNodeLosesItsSocketOnTheOther() {
        try (TestCluster cluster = TestCluster.start(2)) {
            Account kim = cluster.client(0).register("kim");
            Session phone = cluster.client(1).login(kim, "phone");
            try (DeviceSocketClient socket = cluster.client(1).connect(phone)) {
                AdminResult result = cluster.node(0).admin(null, "revoke-device", kim.username(),
                        phone.deviceId().toString());

                assertThat(result.exitCode()).as(result.output()).isZero();
                assertThat(socket.awaitClose()).isEqualTo(1008);
            }
        }
    }
}
