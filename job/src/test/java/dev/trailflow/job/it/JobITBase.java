package dev.trailflow.job.it;

import java.io.IOException;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What every job integration test shares: one MiniCluster (parallelism 2) and the real OpenSearch. */
abstract class JobITBase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    static OpenSearchIt os;

    @BeforeAll
    static void connectOpenSearch() {
        os = OpenSearchIt.connect();
    }

    @AfterAll
    static void closeOpenSearch() throws IOException {
        if (os != null) {
            os.close();
        }
    }
}
