package dev.trailflow.job.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trailflow.job.Workflow;
import dev.trailflow.job.records.Rollup;
import dev.trailflow.job.sinks.OpenSearchClients;
import dev.trailflow.udfs.decode.DeadLetter;
import dev.trailflow.udfs.flatten.CloudTrailRecord;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.opensearch.client.Request;
import org.opensearch.client.Response;
import org.opensearch.client.RestClient;
import dev.trailflow.generate.CloudTrailGenerator;
import dev.trailflow.generate.GenerationSummary;
import dev.trailflow.generate.GeneratorConfig;
import dev.trailflow.job.TrailflowJob;
import dev.trailflow.job.options.JobSettings;
import dev.trailflow.job.options.TrailflowOptions;
import dev.trailflow.job.sinks.IndexTemplates;
import dev.trailflow.job.sinks.OpenSearchClients;
import dev.trailflow.job.sinks.RawRecordEmitter;
import dev.trailflow.udfs.decode.CloudTrailDecoder;
import dev.trailflow.udfs.decode.Decoded;
import dev.trailflow.udfs.flatten.EventFlattener;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.http.entity.ContentType;
import org.apache.http.nio.entity.NByteArrayEntity;
import org.apache.http.util.EntityUtils;
import org.opensearch.client.Request;
import org.opensearch.client.RestClient;

/**
 * {@code bin/bench-job}: the job's throughput on generated CloudTrail in one run — (a) rollups only,
 * (b) raw records and rollups into OpenSearch, (c) a bare bulk loader sending the same raw documents
 * to the same OpenSearch with the same bulk size and concurrency — and the peak heap of each.
 */
public final class BenchJob {

    private BenchJob() {}

    public static void main(String[] args) throws Exception {
        try {
            run(args);
        } finally {
            // The cluster's threads would keep the JVM alive after a failed part.
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    private static void run(String[] args) throws Exception {
        long events = 1_000_000;
        String hosts = "http://127.0.0.1:9290";
        Path dir = Paths.get(".local/bench");
        int parallelism = 2;
        String parts = "wabc";
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--parts":
                    parts = args[i + 1];
                    break;
                case "--events":
                    events = Long.parseLong(args[i + 1]);
                    break;
                case "--opensearch":
                    hosts = args[i + 1];
                    break;
                case "--dir":
                    dir = Paths.get(args[i + 1]);
                    break;
                case "--parallelism":
                    parallelism = Integer.parseInt(args[i + 1]);
                    break;
                case "--refresh-interval":
                    refreshInterval = args[i + 1];
                    break;
                case "--max-in-flight":
                    maxInFlight = args[i + 1];
                    break;
                case "--opensearch-pid":
                    Cpu.openSearchPid = Long.parseLong(args[i + 1]);
                    break;
                default:
                    System.err.println("usage: bench-job [--events 1000000] [--parts wpabc] [--opensearch URL] [--dir DIR] "
                            + "[--parallelism 2] [--refresh-interval 30s] [--max-in-flight 2] [--opensearch-pid PID]");
                    System.exit(2);
            }
        }
        boolean fewFiles = System.getProperty("bench.few-files") != null;
        Path data = dir.resolve(events + "-events" + (fewFiles ? "-few-files" : ""));
        if (!Files.exists(data.resolve("done"))) {
            LocalRun.deleteTree(data);
            System.out.printf("generating %,d events into %s ...%n", events, data);
            GeneratorConfig cfg = new GeneratorConfig().events(events).seed(7);
            if (fewFiles) {
                cfg.accounts(1).regions(1).eventsPerFile(1_000_000);
            }
            GenerationSummary s = new CloudTrailGenerator().generate(cfg, data);
            Files.write(data.resolve("done"), String.format(Locale.ROOT, "%.2f GB of JSON", s.uncompressedBytes() / 1e9)
                    .getBytes(StandardCharsets.UTF_8));
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(data.resolve("AWSLogs"))) {
            files = walk.filter(Files::isRegularFile).filter(p -> !p.toString().contains("CloudTrail-Digest"))
                    .sorted().collect(Collectors.toList());
        }
        System.out.printf("%,d events in %,d log files (%s); OpenSearch %s; parallelism %d%n", events, files.size(),
                new String(Files.readAllBytes(data.resolve("done")), StandardCharsets.UTF_8), hosts, parallelism);

        Path logs = data.resolve("AWSLogs");
        if (parts.contains("w")) {
            // Untimed. A fresh JVM spends more CPU compiling than decoding in a run of this length (some
            // 18 s of JIT on 2 cores), and a fresh OpenSearch is slow at first too; a backfill of hours
            // pays both once. The whole pipeline over every file, then raw + rollups for one account.
            runJob(logs, hosts, parallelism, "", "bench-w-rollups", false,
                    "w) warm-up: every file, nothing written", -1);
            Path account = smallestAccount(logs);
            runJob(account, hosts, parallelism, "bench-w-raw-{yyyy.MM.dd}", "bench-w-rollups", true,
                    "w) warm-up: " + data.relativize(account) + " into OpenSearch", -1);
        }
        for (long k = parts.chars().filter(c -> c == 'p').count(); k > 0; k--) {
            runJob(logs, hosts, parallelism, "", "bench-p-rollups", false, "p) decode + windows, nothing written",
                    events);
        }
        double a = parts.contains("a")
                ? runJob(logs, hosts, parallelism, "", "bench-a-rollups", true, "a) rollups only (raw disabled)",
                        events) : 0;
        double b = parts.contains("b") ? runJob(logs, hosts, parallelism, "bench-b-raw-{yyyy.MM.dd}",
                "bench-b-rollups", true, "b) raw + rollups into OpenSearch", events) : 0;
        double c = parts.contains("c") ? bareLoader(files, hosts, parallelism, events) : 0;
        System.out.printf(Locale.ROOT, "%nsummary: (a) %,.0f events/s   (b) %,.0f events/s   (c) %,.0f docs/s   (b)/(c) = %.2f%n",
                a, b, c, b / c);
    }

    /** The write path's settings under test: the raw template's refresh interval, requests in flight. */
    private static String refreshInterval = TrailflowOptions.OPENSEARCH_REFRESH_INTERVAL.defaultValue();
    private static String maxInFlight = String.valueOf(TrailflowOptions.OPENSEARCH_BULK_MAX_IN_FLIGHT.defaultValue());

    private static JobSettings settings(Path input, String hosts, int parallelism, String raw, String rollups) {
        return JobSettings.fromArgs(new String[] {"--source.paths", input.toString(),
            "--opensearch.hosts", hosts, "--opensearch.raw-index", raw, "--opensearch.rollup-index", rollups,
            "--opensearch.deadletter-index", "bench-dead", "--parallelism", Integer.toString(parallelism),
            "--opensearch.refresh-interval", refreshInterval, "--opensearch.bulk.max-in-flight", maxInFlight});
    }

    /** The account directory with the fewest files. */
    private static Path smallestAccount(Path logs) throws IOException {
        try (Stream<Path> accounts = Files.list(logs)) {
            return accounts.min(java.util.Comparator.comparingLong(BenchJob::fileCount))
                    .orElseThrow(() -> new IOException("no account directory under " + logs));
        }
    }

    private static long fileCount(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).count();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * @param write false to drop every output instead of writing to OpenSearch
     * @param events how many events {@code input} holds, or -1 for a run that is not measured
     */
    private static double runJob(Path input, String hosts, int parallelism, String raw, String rollups,
            boolean write, String label, long events) throws Exception {
        JobSettings s = settings(input, hosts, parallelism, raw, rollups);
        LocalRun.clear(s);
        StreamExecutionEnvironment env = cluster(parallelism);
        HeapPeak heap = HeapPeak.start();
        Cpu cpu = Cpu.start();
        long t0 = System.nanoTime();
        if (!write) {
            // The job's own cost: the same pipeline with every output dropped, so OpenSearch's indexing
            // (which shares the 2 cores) is left out.
            TrailflowJob.prepare(env, s, new Discard());
            env.execute("bench p");
        } else {
            TrailflowJob.run(env, s);
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        long peak = heap.stop();
        double rate = events / secs;
        if (events < 0) {
            System.out.printf(Locale.ROOT, "%-40s %8.1f s  (not measured)%n", label, secs);
            settle(s);
            return 0;
        }
        String used = cpu.stop();
        System.out.printf(Locale.ROOT, "%-40s %8.1f s  %,10.0f events/s  peak heap %,5d MB%s%n%44s%s%n", label, secs,
                rate, peak >> 20, write ? String.format(Locale.ROOT, "  (%,d rollup documents)", count(s, rollups)) : "",
                "", used);
        settle(s);
        return rate;
    }

    private static MiniCluster cluster;

    /**
     * One embedded cluster for every part, as a deployed job finds its cluster running. A local
     * environment would start a cluster per job, and each start loads Flink's RPC system in a new class
     * loader, so the JIT compiles all of it again while the job runs (some 10 s of a core per part).
     */
    private static StreamExecutionEnvironment cluster(int parallelism) throws Exception {
        if (cluster == null) {
            Configuration conf = LocalRun.localConfig();
            conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
            conf.set(RestOptions.PORT, 0);
            cluster = new MiniCluster(new MiniClusterConfiguration.Builder().setConfiguration(conf)
                    .setNumTaskManagers(1).setNumSlotsPerTaskManager(parallelism).build());
            cluster.start();
        }
        java.net.URI rest = cluster.getRestAddress().get();
        Configuration client = new Configuration();
        client.set(DeploymentOptions.ATTACHED, true);
        // The job's classes are on this JVM's class path, which the cluster's tasks load from.
        return StreamExecutionEnvironment.createRemoteEnvironment(rest.getHost(), rest.getPort(), client);
    }

    /**
     * Deletes what a part wrote once it is counted: OpenSearch goes on merging an index's segments after
     * a load, on the same 2 cores, and would slow the next part down (by a third, seen on (c) after (b)).
     */
    private static void settle(JobSettings s) throws IOException {
        LocalRun.clear(s);
    }

    private static long count(JobSettings s, String index) throws IOException {
        try (RestClient client = OpenSearchClients.restClient(s)) {
            client.performRequest(new Request("POST", "/" + index + "/_refresh"));
            Response r = client.performRequest(new Request("GET", "/" + index + "/_count"));
            return new ObjectMapper().readTree(r.getEntity().getContent()).path("count").asLong();
        }
    }

    /** Every output dropped. */
    static final class Discard implements Workflow.Sinks {
        private static final long serialVersionUID = 1L;

        @Override
        public void raw(DataStream<CloudTrailRecord> records) {
            records.sinkTo(new DiscardingSink<>()).name("discard-raw").uid("discard-raw");
        }

        @Override
        public void rollups(DataStream<Rollup> rollups) {
            rollups.sinkTo(new DiscardingSink<>()).name("discard-rollups").uid("discard-rollups");
        }

        @Override
        public void insights(DataStream<CloudTrailRecord> insights) {
            insights.sinkTo(new DiscardingSink<>()).name("discard-insights").uid("discard-insights");
        }

        @Override
        public void deadLetters(DataStream<DeadLetter> deadLetters) {
            deadLetters.sinkTo(new DiscardingSink<>()).name("discard-dead").uid("discard-dead");
        }
    }

    private static double bareLoader(List<Path> files, String hosts, int threads, long events) throws Exception {
        JobSettings s = settings(Paths.get("."), hosts, threads, "bench-c-raw-{yyyy.MM.dd}", "bench-c-rollups");
        LocalRun.deleteIndices(s, "bench-c-raw-*");
        IndexTemplates.install(s);
        RawRecordEmitter emitter = new RawRecordEmitter(s.rawIndex);
        ConcurrentLinkedQueue<Path> queue = new ConcurrentLinkedQueue<>(files);
        AtomicLong sent = new AtomicLong();
        HeapPeak heap = HeapPeak.start();
        Cpu cpu = Cpu.start();
        long t0 = System.nanoTime();
        Thread[] workers = new Thread[threads];
        Exception[] failure = new Exception[1];
        for (int w = 0; w < threads; w++) {
            workers[w] = new Thread(() -> {
                try (RestClient client = OpenSearchClients.restClient(s)) {
                    EventFlattener flattener = new EventFlattener();
                    ByteArrayOutputStream body = new ByteArrayOutputStream(6 << 20);
                    int docs = 0;
                    for (Path f = queue.poll(); f != null; f = queue.poll()) {
                        try (InputStream in = Files.newInputStream(f);
                                CloudTrailDecoder d = CloudTrailDecoder.open(in, f.toString(), flattener)) {
                            for (Decoded x = d.next(); x != null; x = d.next()) {
                                if (x.kind() != Decoded.Kind.EVENT) {
                                    continue;
                                }
                                body.write(("{\"index\":{\"_index\":\"" + emitter.index(x.record()) + "\",\"_id\":\""
                                        + x.record().documentId + "\"}}\n").getBytes(StandardCharsets.UTF_8));
                                body.write(x.record().document);
                                body.write('\n');
                                if (++docs == s.bulkMaxActions || body.size() >= s.bulkMaxSize.getBytes()) {
                                    bulk(client, body);
                                    sent.addAndGet(docs);
                                    docs = 0;
                                }
                            }
                        }
                    }
                    if (docs > 0) {
                        bulk(client, body);
                        sent.addAndGet(docs);
                    }
                } catch (Exception e) {
                    failure[0] = e;
                }
            }, "bulk-loader-" + w);
            workers[w].start();
        }
        for (Thread t : workers) {
            t.join();
        }
        if (failure[0] != null) {
            throw failure[0];
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        double rate = sent.get() / secs;
        String used = cpu.stop();
        System.out.printf(Locale.ROOT, "%-40s %8.1f s  %,10.0f docs/s    peak heap %,5d MB%n%44s%s%n",
                "c) bare bulk loader, same documents", secs, rate, heap.stop() >> 20, "", used);
        settle(s);
        return rate;
    }

    private static void bulk(RestClient client, ByteArrayOutputStream body) throws IOException {
        Request r = new Request("POST", "/_bulk");
        r.setEntity(new NByteArrayEntity(body.toByteArray(), ContentType.create("application/x-ndjson")));
        String answer = EntityUtils.toString(client.performRequest(r).getEntity());
        if (answer.contains("\"errors\":true")) {
            throw new IOException("bulk had errors: " + answer.substring(0, Math.min(500, answer.length())));
        }
        body.reset();
    }

    /**
     * CPU-seconds of a part: this JVM's (the job, or the bare loader), and OpenSearch's when its pid
     * is known (from /proc, in clock ticks of 10 ms), since the two share the machine's cores.
     */
    static final class Cpu {
        static long openSearchPid = -1;
        private final long jvm0 = jvmNanos();
        private final long os0 = openSearchTicks();

        static Cpu start() {
            return new Cpu();
        }

        String stop() {
            double jvm = (jvmNanos() - jvm0) / 1e9;
            long ticks = openSearchTicks();
            return String.format(Locale.ROOT, "CPU: this JVM %.1f s", jvm)
                    + (ticks < 0 ? "" : String.format(Locale.ROOT, ", OpenSearch %.1f s", (ticks - os0) / 100.0));
        }

        private static long jvmNanos() {
            return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
        }

        /** utime + stime of OpenSearch; -1 when unknown. */
        private static long openSearchTicks() {
            if (openSearchPid < 0) {
                return -1;
            }
            try {
                String stat = new String(Files.readAllBytes(Paths.get("/proc/" + openSearchPid + "/stat")),
                        StandardCharsets.US_ASCII);
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return Long.parseLong(f[11]) + Long.parseLong(f[12]);
            } catch (IOException | RuntimeException e) {
                return -1;
            }
        }
    }

    /** Samples the used heap after GCs would have run, every 200 ms, keeping the largest. */
    static final class HeapPeak {
        private volatile boolean running = true;
        private volatile long peak;
        private Thread thread;

        static HeapPeak start() {
            HeapPeak h = new HeapPeak();
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    pool.resetPeakUsage();
                }
            }
            System.gc();
            h.thread = new Thread(() -> {
                while (h.running) {
                    long used = 0;
                    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                        if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
                            used += pool.getCollectionUsage().getUsed();
                        }
                    }
                    h.peak = Math.max(h.peak, used);
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "heap-peak");
            h.thread.setDaemon(true);
            h.thread.start();
            return h;
        }

        long stop() throws InterruptedException {
            running = false;
            thread.join();
            return peak;
        }
    }
}
