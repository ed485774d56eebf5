package dev.trailflow.job.sinks;

import dev.trailflow.job.options.JobSettings;
import dev.trailflow.udfs.decode.DeadLetter;
import dev.trailflow.udfs.decode.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.base.sink.writer.AsyncSinkWriter;
import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.connector.base.sink.writer.ElementConverter;
import org.apache.flink.connector.base.sink.writer.ResultHandler;
import org.apache.flink.connector.base.sink.writer.config.AsyncSinkWriterConfiguration;
import org.apache.flink.connector.base.sink.writer.strategy.RateLimitingStrategy;
import org.apache.flink.connector.base.sink.writer.strategy.RequestInfo;
import org.apache.flink.connector.base.sink.writer.strategy.ResultInfo;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.http.entity.ContentType;
import org.apache.http.nio.entity.NByteArrayEntity;
import org.apache.http.util.EntityUtils;
import org.opensearch.client.Request;
import org.opensearch.client.Response;
import org.opensearch.client.ResponseException;
import org.opensearch.client.ResponseListener;
import org.opensearch.client.RestClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends buffered documents as {@code _bulk} requests through the low-level client and sees each
 * request through (SPEC §10). A request stays in flight until every one of its documents is written,
 * superseded or a dead letter: whole-request 429/5xx, timeouts and refused connections are retried
 * with capped exponential backoff, as are items answered 429 or 5xx; other refusals of an item
 * become dead letters in the dead-letter index, sent in the same request's next round. Since retries
 * hold their in-flight slot, a cluster in trouble slows the job down (backpressure) instead of failing
 * it. Responses are handled on the client's and the retry timer's threads; Flink's mailbox only
 * hears that a request is done.
 */
public final class OpenSearchSinkWriter<T> extends AsyncSinkWriter<T, BulkItem> {

    private static final Logger LOG = LoggerFactory.getLogger(OpenSearchSinkWriter.class);

    private final RestClient client;
    private final ScheduledExecutorService timer;
    private final String deadLetterIndex;
    private final Backoff backoff;
    /** Null: no limit. */
    private final Duration maxFailing;
    private final long maxBatchBytes;
    private final String label;
    /** For the message when OpenSearch refuses the credentials or a permission. */
    private final JobSettings settings;
    private final BulkMetrics metrics;
    private final InFlightLimit inFlight;
    /** Set when the task ends or fails: requests still out are abandoned; a restore sends their documents again. */
    private volatile boolean closed;

    OpenSearchSinkWriter(ElementConverter<T, BulkItem> converter, WriterInitContext context, int maxBatchSize,
            int maxInFlight, int maxBuffered, long maxBatchBytes, long maxTimeInBuffer, long maxRecordBytes,
            long requestTimeout, Collection<BufferedRequestState<BulkItem>> states, JobSettings settings, String label) {
        this(converter, context, maxBatchBytes, states, settings, label, new InFlightLimit(maxInFlight, maxBatchSize),
                maxBatchSize, maxBuffered, maxTimeInBuffer, maxRecordBytes, requestTimeout);
    }

    private OpenSearchSinkWriter(ElementConverter<T, BulkItem> converter, WriterInitContext context, long maxBatchBytes,
            Collection<BufferedRequestState<BulkItem>> states, JobSettings settings, String label, InFlightLimit limit,
            int maxBatchSize, int maxBuffered, long maxTimeInBuffer, long maxRecordBytes, long requestTimeout) {
        super(converter, context, AsyncSinkWriterConfiguration.builder()
                .setMaxBatchSize(maxBatchSize)
                .setMaxBatchSizeInBytes(maxBatchBytes)
                .setMaxInFlightRequests(limit.max)
                .setMaxBufferedRequests(maxBuffered)
                .setMaxTimeInBufferMS(maxTimeInBuffer)
                .setMaxRecordSizeInBytes(maxRecordBytes)
                .setRequestTimeoutMS(requestTimeout)
                .setFailOnTimeout(false)
                .setRateLimitingStrategy(limit)
                .build(), states);
        this.inFlight = limit;
        this.maxBatchBytes = maxBatchBytes;
        this.deadLetterIndex = settings.deadLetterIndex;
        this.backoff = new Backoff(settings.retryMaxBackoff, () -> ThreadLocalRandom.current().nextDouble());
        this.maxFailing = settings.retryMaxDuration;
        this.label = label;
        this.settings = settings;
        this.metrics = new BulkMetrics(context.metricGroup(), limit::inFlight);
        this.client = OpenSearchClients.restClient(settings);
        ThreadFactory named = r -> {
            Thread th = new Thread(r, "opensearch-" + label + "-retry");
            th.setDaemon(true);
            return th;
        };
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, named);
        t.setRemoveOnCancelPolicy(true);
        this.timer = t;
    }

    @Override
    protected void submitRequestEntries(List<BulkItem> items, ResultHandler<BulkItem> handler) {
        new BulkRequest(items, handler).send();
    }

    /**
     * A document larger than a bulk request's byte limit counts as exactly that limit, so that it
     * goes alone in its request instead of being refused by Flink's buffer; OpenSearch's own limit
     * (http.max_content_length, 100 MB by default) is far above any event the decoder lets through.
     */
    @Override
    protected long getSizeInBytes(BulkItem item) {
        return Math.min(item.sizeInBytes(), maxBatchBytes);
    }

    @Override
    public void close() {
        closed = true;
        super.close();
        timer.shutdownNow();
        try {
            client.close();
        } catch (IOException e) {
            LOG.debug("closing the OpenSearch client", e);
        }
    }

    /** One request of the writer, from its first send until all its documents have a place. */
    private final class BulkRequest implements ResponseListener {
        private final ResultHandler<BulkItem> handler;
        /** What is left to send; a request split for being too large waits here in parts. */
        private final Deque<List<BulkItem>> parts = new ArrayDeque<>();
        private int retries;
        /** When the current run of failures began (reset when a round writes anything); -1 when none. */
        private long failingSince = -1;
        private long sentAt;

        BulkRequest(List<BulkItem> items, ResultHandler<BulkItem> handler) {
            this.handler = handler;
            parts.add(items);
        }

        void send() {
            if (closed) {
                return;
            }
            List<BulkItem> items = parts.peek();
            byte[] body = BulkBody.of(items);
            Request r = new Request("POST", BulkBody.PATH);
            r.setEntity(new NByteArrayEntity(body, ContentType.create("application/x-ndjson", StandardCharsets.UTF_8)));
            sentAt = System.nanoTime();
            metrics.sent(items.size(), body.length);
            client.performRequestAsync(r, this);
        }

        @Override
        public void onSuccess(Response response) {
            metrics.latency((System.nanoTime() - sentAt) / 1_000_000);
            List<BulkItem> items = parts.peek();
            BulkResponses.Items answer;
            try {
                answer = BulkResponses.parse(EntityUtils.toByteArray(response.getEntity()));
            } catch (IOException e) {
                retry("an unreadable answer (" + e.getMessage() + ")", "unreadable");
                return;
            }
            if (!answer.errors) {
                nextPart();
                return;
            }
            if (answer.status.size() != items.size()) {
                retry("an answer for " + answer.status.size() + " of " + items.size() + " documents", "unreadable");
                return;
            }
            List<BulkItem> again = new ArrayList<>();
            List<BulkItem> deadLetters = new ArrayList<>();
            int retryStatus = 0;
            boolean progress = false;
            for (int i = 0; i < items.size(); i++) {
                BulkItem item = items.get(i);
                int status = answer.status.get(i);
                switch (BulkResponses.ofItem(status, item.versioned())) {
                    case WRITTEN:
                        progress = true;
                        break;
                    case SUPERSEDED:
                        progress = true;
                        metrics.superseded();
                        break;
                    case RETRY:
                        again.add(item);
                        retryStatus = status;
                        break;
                    case DENIED:
                        denied(status, answer.error.get(i), item.index);
                        return;
                    default:
                        if (deadLetterIndex.equals(item.index)) {
                            fail(new IOException("OpenSearch refused a dead letter (" + item.id + ") with status " + status
                                    + ": " + answer.error.get(i) + "; check the mapping of " + deadLetterIndex));
                            return;
                        }
                        progress = true;
                        deadLetters.add(deadLetter(item, status, answer.error.get(i)));
                }
            }
            if (!deadLetters.isEmpty()) {
                metrics.refused(deadLetters.size());
                LOG.warn("{} of {} documents refused by OpenSearch for {} go to {} (first: {})", deadLetters.size(),
                        items.size(), label, deadLetterIndex, deadLetters.get(0).id);
            }
            if (progress) {
                failingSince = -1;
            }
            parts.poll();
            if (!again.isEmpty()) {
                // Dead letters go first: they need no wait.
                again.addAll(0, deadLetters);
                parts.addFirst(again);
                retry(again.size() - deadLetters.size() + " of " + items.size() + " documents answered " + retryStatus,
                        String.valueOf(retryStatus));
            } else {
                if (!deadLetters.isEmpty()) {
                    parts.addFirst(deadLetters);
                }
                next();
            }
        }

        @Override
        public void onFailure(Exception e) {
            if (closed) {
                return;
            }
            metrics.latency((System.nanoTime() - sentAt) / 1_000_000);
            if (!(e instanceof ResponseException)) {
                if (e instanceof IOException) {
                    retry(e.toString(), "io");
                } else {
                    fail(e);
                }
                return;
            }
            Response r = ((ResponseException) e).getResponse();
            int status = r.getStatusLine().getStatusCode();
            List<BulkItem> items = parts.peek();
            switch (BulkResponses.ofRequestStatus(status)) {
                case RETRY:
                    retry("status " + status, String.valueOf(status));
                    return;
                case SPLIT:
                    parts.poll();
                    if (items.size() == 1) {
                        metrics.refused(1);
                        LOG.warn("a document for {} is larger than OpenSearch takes in one request (413); it goes to {}",
                                label, deadLetterIndex);
                        parts.addFirst(List.of(deadLetter(items.get(0), 413, "request too large")));
                    } else {
                        parts.addFirst(new ArrayList<>(items.subList(items.size() / 2, items.size())));
                        parts.addFirst(new ArrayList<>(items.subList(0, items.size() / 2)));
                    }
                    next();
                    return;
                case DENIED:
                    denied(status, OpenSearchClients.body((ResponseException) e), null);
                    return;
                default:
                    String body = OpenSearchClients.body((ResponseException) e);
                    fail(new IOException("OpenSearch refused a bulk request of " + items.size() + " documents for "
                            + label + " with status " + status + ": " + BulkResponses.preview(
                                    body.getBytes(StandardCharsets.UTF_8)), e));
            }
        }

        private void nextPart() {
            failingSince = -1;
            parts.poll();
            next();
        }

        private void next() {
            if (parts.isEmpty()) {
                handler.complete();
            } else {
                send();
            }
        }

        private void retry(String what, String statusKey) {
            long now = System.currentTimeMillis();
            if (failingSince < 0) {
                failingSince = now;
            }
            if (maxFailing != null && now - failingSince > maxFailing.toMillis()) {
                fail(new IOException("OpenSearch has failed a bulk request for " + label + " for "
                        + Duration.ofMillis(now - failingSince).toSeconds() + " s, longer than opensearch.retry.max-duration ("
                        + maxFailing + "); last: " + what));
                return;
            }
            retries++;
            long wait = backoff.millis(retries);
            metrics.retry(statusKey);
            LOG.warn("OpenSearch bulk of {} documents for {}: {}; retry {} in {} ms", parts.peek().size(), label, what,
                    retries, wait);
            try {
                timer.schedule(this::send, wait, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                LOG.debug("writer closed while a request waited for its retry");
            }
        }

        private void fail(Exception e) {
            handler.completeExceptionally(e);
        }

        /**
         * The credentials or a permission were refused: the job stops for good, as a restart would
         * be refused the same way, again and again.
         */
        private void denied(int status, String answer, String index) {
            OpenSearchAccessException refused = OpenSearchAccessException.refused(settings, status, answer,
                    "writing the " + label + " output", index, null);
            LOG.error("{}", refused.getMessage());
            fail(new SuppressRestartsException(refused));
        }
    }

    /** The dead letter of a document OpenSearch refused (SPEC §4): its reason and its text. */
    static BulkItem deadLetter(BulkItem refused, int status, String error, String deadLetterIndex) {
        DeadLetter d = DeadLetter.ofText(Reason.OPENSEARCH_REJECTED, "status " + status + ": " + error,
                "opensearch:" + refused.index, "_id " + refused.id, new String(refused.document, StandardCharsets.UTF_8));
        return new DeadLetterEmitter(deadLetterIndex).item(d, System.currentTimeMillis());
    }

    private BulkItem deadLetter(BulkItem refused, int status, String error) {
        return deadLetter(refused, status, error, deadLetterIndex);
    }

    /** At most {@code max} requests in flight, batches of a fixed size: OpenSearch says when it is busy. */
    static final class InFlightLimit implements RateLimitingStrategy {
        final int max;
        private final int batchSize;
        private volatile int inFlight;

        InFlightLimit(int max, int batchSize) {
            this.max = max;
            this.batchSize = batchSize;
        }

        int inFlight() {
            return inFlight;
        }

        @Override
        public void registerInFlightRequest(RequestInfo request) {
            inFlight++;
        }

        @Override
        public void registerCompletedRequest(ResultInfo result) {
            inFlight--;
        }

        @Override
        public boolean shouldBlock(RequestInfo request) {
            return inFlight >= max;
        }

        @Override
        public int getMaxBatchSize() {
            return batchSize;
        }
    }
}
