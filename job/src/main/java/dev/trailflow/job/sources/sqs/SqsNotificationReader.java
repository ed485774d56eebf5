package dev.trailflow.job.sources.sqs;

import dev.trailflow.job.records.SourceRecord;
import dev.trailflow.job.sources.FileSources;
import dev.trailflow.udfs.decode.CloudTrailDecoder;
import dev.trailflow.udfs.decode.DeadLetter;
import dev.trailflow.udfs.decode.Decoded;
import dev.trailflow.udfs.decode.Reason;
import dev.trailflow.udfs.files.CloudTrailBulkFormat;
import dev.trailflow.udfs.flatten.EventFlattener;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.base.source.reader.synchronization.FutureCompletingBlockingQueue;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchResponse;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;

/**
 * One subtask's share of the queue. A receiving thread takes up to ten messages at a time, reads
 * the files they name in the order they were sent and hands the outcomes over to the task thread,
 * followed by a marker saying the message is done. A message's records are emitted between two
 * checkpoint barriers, never across one. A message whose marker was emitted before a
 * checkpoint is deleted when that checkpoint completes: by then every record of its files has passed
 * the checkpoint barrier and been written. Until then its visibility timeout is renewed, so no other
 * reader takes it, however slow its files or the checkpoint are.
 */
final class SqsNotificationReader implements SourceReader<SourceRecord, Receipts> {

    private static final Logger LOG = LoggerFactory.getLogger(SqsNotificationReader.class);

    /** Hand-over capacity in batches (each up to the bulk format's 256 records or 4 MB). */
    static final int HANDOVER_BATCHES = 8;
    /** Files fetched at once per subtask, each held whole when no larger than this (else streamed). */
    static final int FETCHERS = 8;
    static final int PREFETCH_MAX_BYTES = 8 * 1024 * 1024;
    /** SQS's limit for one receive and for one batch of deletes or visibility changes. */
    static final int SQS_BATCH = 10;

    /** Why a message carried nothing to read, as its metric names it. */
    enum Ignored {
        TEST_EVENT, OTHER_EVENT, SNS_CONTROL, NOT_CLOUDTRAIL;

        String code() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** A received message not yet deleted. */
    static final class Held {
        final String messageId;
        final String receipt;
        final long sentAt;
        volatile long hiddenUntil;

        Held(Message m, long hiddenUntil) {
            this.messageId = m.messageId();
            this.receipt = m.receiptHandle();
            this.sentAt = sent(m);
            this.hiddenUntil = hiddenUntil;
        }
    }

    /** One hand-over: outcomes to emit, or the end of a message. */
    private static final class Item {
        final List<SourceRecord> records;
        final Held done;

        Item(List<SourceRecord> records, Held done) {
            this.records = records;
            this.done = done;
        }
    }

    private final SourceReaderContext context;
    private final SqsSettings settings;
    private final SqsClient sqs;
    private final long visibilityMillis;
    private final FutureCompletingBlockingQueue<Item> handover = new FutureCompletingBlockingQueue<>(HANDOVER_BATCHES);
    private final Map<String, Held> held = new ConcurrentHashMap<>();
    /** Task thread only: messages ended since the last checkpoint, and those waiting for one to complete. */
    private final List<Held> ended = new ArrayList<>();
    private final NavigableMap<Long, List<Held>> awaiting = new TreeMap<>();
    /** Receipts restored from a completed checkpoint, until their deletes were sent. */
    private final Set<String> restored = ConcurrentHashMap.newKeySet();
    private final AtomicInteger filesPending = new AtomicInteger();
    /** The task thread and the receiving thread: the last of them to be done with the client closes it. */
    private final AtomicInteger clientUsers = new AtomicInteger(2);

    private volatile boolean running;
    private volatile Throwable failure;
    private Thread receiver;
    private ScheduledExecutorService control;
    private java.util.concurrent.ExecutorService fetchers;

    private Counter received;
    private Counter deleted;
    private Counter filesRead;
    private Counter filesIgnored;
    private final Map<Ignored, Counter> ignored = new EnumMap<>(Ignored.class);

    SqsNotificationReader(SourceReaderContext context, SqsSettings settings, SqsClient sqs) {
        this.context = context;
        this.settings = settings;
        this.sqs = sqs;
        this.visibilityMillis = settings.visibilityTimeout.toMillis();
    }

    @Override
    public void start() {
        MetricGroup group = context.metricGroup().addGroup("trailflow").addGroup("sqs");
        received = group.counter("messagesReceived");
        deleted = group.counter("messagesDeleted");
        filesRead = group.counter("filesRead");
        filesIgnored = group.counter("filesIgnored");
        for (Ignored kind : Ignored.values()) {
            ignored.put(kind, group.addGroup("messagesIgnored", kind.code()).counter("count"));
        }
        group.gauge("filesPending", filesPending::get);
        group.gauge("oldestPendingAgeSeconds", this::oldestAgeSeconds);

        int subtask = context.getIndexOfSubtask();
        running = true;
        control = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "sqs-control-" + subtask));
        long renewEvery = Math.max(1_000, visibilityMillis / 4);
        control.scheduleWithFixedDelay(this::renewVisibility, renewEvery, renewEvery, TimeUnit.MILLISECONDS);
        if (!restored.isEmpty()) {
            control.execute(this::deleteRestored);
        }
        AtomicInteger fetcher = new AtomicInteger();
        fetchers = Executors.newFixedThreadPool(FETCHERS, r -> daemon(r, "sqs-fetch-" + subtask + "-" + fetcher.incrementAndGet()));
        receiver = daemon(this::receiveLoop, "sqs-receive-" + subtask);
        receiver.start();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public InputStatus pollNext(ReaderOutput<SourceRecord> output) throws Exception {
        Item item = handover.poll();
        if (item == null) {
            if (failure != null) {
                throw new IOException("reading a file announced on " + settings.queueUrl + " failed", failure);
            }
            return InputStatus.NOTHING_AVAILABLE;
        }
        // Once a message's first records are out, the rest of them follow in this same call: a checkpoint
        // barrier between two records of one message would let the restore read the message again from
        // its start (its receipt is only kept once it is done), and the windows would count the records
        // emitted before the barrier twice.
        while (item.records != null) {
            for (SourceRecord r : item.records) {
                output.collect(r);
            }
            item = nextOfMessage();
        }
        ended.add(item.done);
        return handover.isEmpty() ? InputStatus.NOTHING_AVAILABLE : InputStatus.MORE_AVAILABLE;
    }

    /** The next hand-over of the message being emitted, waiting for the receiving thread if need be. */
    private Item nextOfMessage() throws Exception {
        while (true) {
            Item item = handover.poll();
            if (item != null) {
                return item;
            }
            if (failure != null) {
                throw new IOException("reading a file announced on " + settings.queueUrl + " failed", failure);
            }
            try {
                handover.getAvailabilityFuture().get(100, java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException stillReading) {
                // The receiving thread is fetching or decoding the rest of the message.
            }
        }
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
        return handover.getAvailabilityFuture();
    }

    @Override
    public List<Receipts> snapshotState(long checkpointId) {
        if (!ended.isEmpty()) {
            awaiting.put(checkpointId, new ArrayList<>(ended));
            ended.clear();
        }
        List<String> handles = new ArrayList<>(restored);
        for (List<Held> hs : awaiting.values()) {
            for (Held h : hs) {
                handles.add(h.receipt);
            }
        }
        return Collections.singletonList(new Receipts("sqs-receipts-" + context.getIndexOfSubtask(), handles));
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        NavigableMap<Long, List<Held>> covered = awaiting.headMap(checkpointId, true);
        if (covered.isEmpty()) {
            return;
        }
        List<Held> done = new ArrayList<>();
        covered.values().forEach(done::addAll);
        covered.clear();
        control.execute(() -> delete(done));
    }

    /** Restored receipts: the checkpoint they come from completed, so their files are written. */
    @Override
    public void addSplits(List<Receipts> splits) {
        for (Receipts r : splits) {
            restored.addAll(r.handles);
        }
        if (control != null && !restored.isEmpty()) {
            control.execute(this::deleteRestored);
        }
    }

    @Override
    public void notifyNoMoreSplits() {}

    /**
     * Messages not deleted go back to the queue at once, for this job's next attempt or another
     * reader: waiting out their visibility timeout would only delay them.
     */
    @Override
    public void close() throws Exception {
        running = false;
        if (receiver == null) {
            sqs.close();
            return;
        }
        handover.wakeUpPuttingThread(0);
        receiver.interrupt();
        receiver.join(1_000);
        control.shutdownNow();
        fetchers.shutdownNow();
        control.awaitTermination(5, TimeUnit.SECONDS);
        List<Held> back = new ArrayList<>(held.values());
        held.clear();
        release(back);
        // A receiver still in a long poll releases what that brings, then closes the client if last.
        doneWithClient();
    }

    private void doneWithClient() {
        if (clientUsers.decrementAndGet() == 0) {
            sqs.close();
        }
    }

    // ---- the receiving thread ----

    private void receiveLoop() {
        long backoff = 1_000;
        try {
            while (running) {
                List<Message> messages;
                try {
                    messages = sqs.receiveMessage(ReceiveMessageRequest.builder()
                            .queueUrl(settings.queueUrl)
                            .maxNumberOfMessages(SQS_BATCH)
                            .waitTimeSeconds(SqsSettings.WAIT_SECONDS)
                            .visibilityTimeout((int) settings.visibilityTimeout.getSeconds())
                            .messageSystemAttributeNames(MessageSystemAttributeName.SENT_TIMESTAMP)
                            .build()).messages();
                    backoff = 1_000;
                } catch (SdkException e) {
                    if (!running) {
                        break;
                    }
                    // The queue being away must delay the job, not fail it: nothing was taken from it.
                    LOG.warn("receiving from {} failed ({}); trying again in {} ms", settings.queueUrl, e.getMessage(),
                            backoff);
                    Thread.sleep(backoff);
                    backoff = Math.min(backoff * 2, 30_000);
                    continue;
                }
                long now = System.currentTimeMillis();
                List<Held> batch = new ArrayList<>();
                List<Message> ordered = new ArrayList<>(messages);
                ordered.sort(Comparator.comparingLong(SqsNotificationReader::sent));
                for (Message m : ordered) {
                    Held h = new Held(m, now + visibilityMillis);
                    held.put(h.messageId, h);
                    batch.add(h);
                }
                received.inc(ordered.size());
                if (!running) {
                    held.values().removeAll(batch);
                    release(batch);
                    break;
                }
                // Every file of the batch is fetched at once, and read in order as its turn comes: one
                // request at a time left each subtask waiting on S3 for most of a small file's read.
                List<Notification> parsed = new ArrayList<>();
                List<List<Fetch>> fetches = new ArrayList<>();
                for (Message m : ordered) {
                    Notification n = Notification.parse(m.body());
                    parsed.add(n);
                    fetches.add(n.kind == Notification.Kind.FILES ? fetch(n) : Collections.emptyList());
                }
                try {
                    for (int i = 0; i < ordered.size() && running; i++) {
                        handle(batch.get(i), ordered.get(i).body(), parsed.get(i), fetches.get(i));
                    }
                } finally {
                    fetches.forEach(fs -> fs.forEach(f -> f.bytes.cancel(true)));
                }
            }
        } catch (InterruptedException e) {
            // Closing.
        } catch (Throwable t) {
            if (running) {
                failure = t;
                handover.notifyAvailable();
            }
        } finally {
            doneWithClient();
        }
    }

    /** A file to read and, started at once, its content; null content when it is too large to hold. */
    private static final class Fetch {
        final Path path;
        final CompletableFuture<byte[]> bytes;

        Fetch(Path path, CompletableFuture<byte[]> bytes) {
            this.path = path;
            this.bytes = bytes;
        }
    }

    /** The message's files that are CloudTrail log files under a source path; the others are counted. */
    private List<Fetch> fetch(Notification n) {
        List<Fetch> out = new ArrayList<>();
        for (Notification.S3Object o : n.files) {
            Path p = settings.path(o.bucket, o.key);
            if (p == null || !FileSources.accept(p)) {
                filesIgnored.inc();
                continue;
            }
            CompletableFuture<byte[]> bytes = o.size > PREFETCH_MAX_BYTES ? CompletableFuture.completedFuture(null)
                    : CompletableFuture.supplyAsync(() -> {
                        try {
                            return readAtMost(p, PREFETCH_MAX_BYTES);
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }, fetchers);
            out.add(new Fetch(p, bytes));
        }
        filesPending.addAndGet(out.size());
        return out;
    }

    /** The whole file, or null when it is longer than {@code max} (it is then streamed instead). */
    private static byte[] readAtMost(Path p, int max) throws IOException {
        try (java.io.InputStream in = p.getFileSystem().open(p)) {
            byte[] b = in.readNBytes(max + 1);
            return b.length > max ? null : b;
        }
    }

    private void handle(Held h, String body, Notification n, List<Fetch> files) throws IOException, InterruptedException {
        switch (n.kind) {
            case FILES:
                if (files.isEmpty()) {
                    ignored.get(Ignored.NOT_CLOUDTRAIL).inc();
                }
                for (Fetch f : files) {
                    read(f, h);
                    filesPending.decrementAndGet();
                    filesRead.inc();
                }
                break;
            case INVALID:
                hand(Collections.singletonList(deadLetter(DeadLetter.ofText(Reason.SQS_NOT_A_NOTIFICATION,
                        n.reason, settings.queueUrl, "message " + h.messageId, body))));
                break;
            case TEST_EVENT:
                ignored.get(Ignored.TEST_EVENT).inc();
                break;
            case OTHER_EVENT:
                ignored.get(Ignored.OTHER_EVENT).inc();
                break;
            default:
                ignored.get(Ignored.SNS_CONTROL).inc();
        }
        handover(new Item(null, h));
    }

    /** Batches as the bulk format makes them, so a file of large events does not become one huge hand-over. */
    private void read(Fetch f, Held h) throws IOException, InterruptedException {
        Path path = f.path;
        CloudTrailDecoder decoder;
        try {
            byte[] bytes;
            try {
                bytes = f.bytes.get();
            } catch (java.util.concurrent.ExecutionException e) {
                Throwable cause = e.getCause() instanceof java.io.UncheckedIOException ? e.getCause().getCause() : e.getCause();
                if (cause instanceof IOException) {
                    throw (IOException) cause;
                }
                throw new IOException("fetching " + path + " failed", cause);
            }
            java.io.InputStream in = bytes != null ? new java.io.ByteArrayInputStream(bytes) : path.getFileSystem().open(path);
            decoder = CloudTrailDecoder.open(in, path.toString(), EventFlattener.of(settings.documents));
        } catch (FileNotFoundException e) {
            hand(Collections.singletonList(deadLetter(DeadLetter.ofText(Reason.FILE_MISSING,
                    "announced by message " + h.messageId + " but not found", path.toString(), null, null))));
            return;
        }
        try {
            List<SourceRecord> batch = new ArrayList<>();
            long bytes = 0;
            Decoded d;
            while ((d = decoder.next()) != null) {
                batch.add(SourceRecord.of(d));
                bytes += d.kind() == Decoded.Kind.EVENT && d.record().document != null ? d.record().document.length : 1024;
                if (batch.size() >= CloudTrailBulkFormat.BATCH_RECORDS || bytes >= CloudTrailBulkFormat.BATCH_BYTES) {
                    hand(batch);
                    batch = new ArrayList<>();
                    bytes = 0;
                }
            }
            if (!batch.isEmpty()) {
                hand(batch);
            }
        } finally {
            decoder.close();
        }
    }

    private void hand(List<SourceRecord> records) throws InterruptedException {
        handover(new Item(records, null));
    }

    private void handover(Item item) throws InterruptedException {
        if (!handover.put(0, item)) {
            throw new InterruptedException("closing");
        }
    }

    private static SourceRecord deadLetter(DeadLetter d) {
        SourceRecord r = new SourceRecord();
        r.deadLetter = d;
        return r;
    }

    static long sent(Message m) {
        String t = m.attributes().get(MessageSystemAttributeName.SENT_TIMESTAMP);
        try {
            return t == null ? 0 : Long.parseLong(t);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private long oldestAgeSeconds() {
        long oldest = Long.MAX_VALUE;
        for (Held h : held.values()) {
            oldest = Math.min(oldest, h.sentAt);
        }
        return oldest == Long.MAX_VALUE ? 0 : Math.max(0, (System.currentTimeMillis() - oldest) / 1000);
    }

    // ---- the control thread: deletes and visibility ----

    private void delete(List<Held> done) {
        for (int from = 0; from < done.size(); from += SQS_BATCH) {
            List<Held> part = done.subList(from, Math.min(done.size(), from + SQS_BATCH));
            List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < part.size(); i++) {
                entries.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(i))
                        .receiptHandle(part.get(i).receipt).build());
            }
            // No longer renewed whatever the answer: a message not deleted reappears and is read again.
            part.forEach(h -> held.remove(h.messageId));
            try {
                DeleteMessageBatchResponse r = sqs.deleteMessageBatch(b -> b.queueUrl(settings.queueUrl).entries(entries));
                deleted.inc(r.successful().size());
                warnFailed("delete", r.failed());
            } catch (SdkException e) {
                LOG.warn("deleting {} messages from {} failed ({}); they will be read again after their visibility "
                        + "timeout", part.size(), settings.queueUrl, e.getMessage());
            }
        }
    }

    private void deleteRestored() {
        List<String> handles = new ArrayList<>(restored);
        for (int from = 0; from < handles.size(); from += SQS_BATCH) {
            List<String> part = handles.subList(from, Math.min(handles.size(), from + SQS_BATCH));
            List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < part.size(); i++) {
                entries.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(i)).receiptHandle(part.get(i))
                        .build());
            }
            try {
                DeleteMessageBatchResponse r = sqs.deleteMessageBatch(b -> b.queueUrl(settings.queueUrl).entries(entries));
                deleted.inc(r.successful().size());
                // A restore can follow the deletes of the same checkpoint: a handle already used is expected.
                if (!r.failed().isEmpty()) {
                    LOG.info("{} restored receipts were no longer valid (already deleted, or received again)",
                            r.failed().size());
                }
            } catch (SdkException e) {
                LOG.warn("deleting {} restored messages from {} failed ({}); they will be read again", part.size(),
                        settings.queueUrl, e.getMessage());
            }
            restored.removeAll(part);
        }
    }

    /** Renews the messages whose visibility ends within half a timeout. */
    private void renewVisibility() {
        long now = System.currentTimeMillis();
        List<Held> due = new ArrayList<>();
        for (Held h : held.values()) {
            if (h.hiddenUntil - now < visibilityMillis / 2) {
                due.add(h);
            }
        }
        changeVisibility(due, (int) settings.visibilityTimeout.getSeconds(), now + visibilityMillis);
    }

    private void release(List<Held> back) {
        if (!back.isEmpty()) {
            changeVisibility(back, 0, 0);
            LOG.info("handed {} messages back to {}", back.size(), settings.queueUrl);
        }
    }

    private void changeVisibility(List<Held> hs, int seconds, long hiddenUntil) {
        for (int from = 0; from < hs.size(); from += SQS_BATCH) {
            List<Held> part = hs.subList(from, Math.min(hs.size(), from + SQS_BATCH));
            List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < part.size(); i++) {
                entries.add(ChangeMessageVisibilityBatchRequestEntry.builder().id(Integer.toString(i))
                        .receiptHandle(part.get(i).receipt).visibilityTimeout(seconds).build());
            }
            try {
                ChangeMessageVisibilityBatchResponse r = sqs.changeMessageVisibilityBatch(
                        b -> b.queueUrl(settings.queueUrl).entries(entries));
                r.successful().forEach(ok -> part.get(Integer.parseInt(ok.id())).hiddenUntil = hiddenUntil);
                warnFailed("change the visibility of", r.failed());
            } catch (SdkException e) {
                LOG.warn("changing the visibility of {} messages on {} failed ({})", part.size(), settings.queueUrl,
                        e.getMessage());
            }
        }
    }

    private void warnFailed(String what, List<BatchResultErrorEntry> failed) {
        for (BatchResultErrorEntry f : failed) {
            LOG.warn("could not {} a message on {}: {} {}", what, settings.queueUrl, f.code(), f.message());
        }
    }
}
