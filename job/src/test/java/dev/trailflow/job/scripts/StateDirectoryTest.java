package dev.trailflow.job.scripts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where bin/ keeps the local servers' state (state_root in bin/lib/common.sh): in the project, unless
 * OpenSearch's system user could not reach it there and nobody said where.
 */
class StateDirectoryTest {

    @TempDir
    Path tmp;

    /** What state_root prints for a project at {@code home} (holding bin/lib/common.sh only). */
    private static String stateRoot(Path home, Map<String, String> env) throws IOException, InterruptedException {
        Path script = home.resolve("bin/lib/common.sh");
        if (!Files.exists(script)) {
            Files.createDirectories(script.getParent());
            Files.copy(Paths.get("..", "bin", "lib", "common.sh"), script);
        }
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "source \"$1\" && state_root", "-", script.toString())
                .redirectErrorStream(true);
        pb.environment().remove("TRAILFLOW_STATE");
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    private static boolean runningAsRoot() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("id", "-u").start();
        String uid = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return "0".equals(uid);
    }

    @Test
    void aProjectOtherUsersCanReachKeepsItsStateInside() throws Exception {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path home = tmp.resolve("open-checkout");
        assertEquals(home + "/.local", stateRoot(home, Map.of()));
    }

    @Test
    void aProjectInAFolderClosedToOtherUsersKeepsItsStateWhereTheServerUserCanGo() throws Exception {
        // As a mktemp -d folder or a home directory is.
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx------"));
        Path home = tmp.resolve("closed-checkout");
        String root = stateRoot(home, Map.of());
        if (runningAsRoot()) {
            assertTrue(root.matches("/var/tmp/trailflow-state/closed-checkout-[0-9a-f]{12}"), root);
            assertEquals(root, stateRoot(home, Map.of()), "the same checkout finds its servers again");
            Path twin = Files.createDirectories(tmp.resolve("elsewhere")).resolve("closed-checkout");
            assertTrue(!root.equals(stateRoot(twin, Map.of())), "another checkout of the same name has its own");
        } else {
            // OpenSearch runs as the user who runs bin/, and reaches the project.
            assertEquals(home + "/.local", root);
        }
    }

    @Test
    void trailflowStateIsWhereTheUserSaid() throws Exception {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx------"));
        assertEquals("/srv/trailflow-state", stateRoot(tmp.resolve("p"), Map.of("TRAILFLOW_STATE", "/srv/trailflow-state")));
    }
}
