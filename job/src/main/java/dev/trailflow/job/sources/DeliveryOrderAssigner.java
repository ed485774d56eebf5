package dev.trailflow.job.sources;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.assigners.FileSplitAssigner;

/**
 * Hands out files oldest delivery first — the stamp in CloudTrail's file name
 * ({@code _20240927T2105Z_}), else the modification time — so that a streaming run sees event time
 * move forward as CloudTrail delivered it and the watermark stays meaningful.
 */
public final class DeliveryOrderAssigner implements FileSplitAssigner {

    private static final Pattern STAMP = Pattern.compile("_(\\d{4})(\\d{2})(\\d{2})T(\\d{2})(\\d{2})(\\d{2})?Z[_.]");

    private static final Comparator<FileSourceSplit> ORDER = Comparator
            .comparingLong(DeliveryOrderAssigner::deliveredAt)
            .thenComparing(s -> s.path().toString());

    private final PriorityQueue<FileSourceSplit> queue = new PriorityQueue<>(ORDER);

    public DeliveryOrderAssigner(Collection<FileSourceSplit> splits) {
        queue.addAll(splits);
    }

    public static Provider provider() {
        return DeliveryOrderAssigner::new;
    }

    @Override
    public synchronized Optional<FileSourceSplit> getNext(String hostname) {
        return Optional.ofNullable(queue.poll());
    }

    @Override
    public synchronized void addSplits(Collection<FileSourceSplit> splits) {
        queue.addAll(splits);
    }

    public synchronized int size() {
        return queue.size();
    }

    /** When the oldest file waiting was delivered, epoch millis; Long.MAX_VALUE when none waits. */
    public synchronized long oldestDelivery() {
        FileSourceSplit head = queue.peek();
        return head == null ? Long.MAX_VALUE : deliveredAt(head);
    }

    @Override
    public synchronized Collection<FileSourceSplit> remainingSplits() {
        return new ArrayList<>(queue);
    }

    static long deliveredAt(FileSourceSplit split) {
        return delivery(split.path().getName(), split.fileModificationTime());
    }

    /** Epoch millis of delivery: from the file name when it has CloudTrail's stamp, else its modification time. */
    static long delivery(String fileName, long modificationTime) {
        long stamp = stampMillis(fileName);
        return stamp != Long.MIN_VALUE ? stamp : modificationTime;
    }

    /** The delivery stamp in a CloudTrail file name, epoch millis; Long.MIN_VALUE when it has none. */
    public static long stampMillis(String fileName) {
        Matcher m = STAMP.matcher(fileName);
        if (!m.find()) {
            return Long.MIN_VALUE;
        }
        String text = m.group(1) + "-" + m.group(2) + "-" + m.group(3) + "T" + m.group(4) + ":" + m.group(5) + ":"
                + (m.group(6) == null ? "00" : m.group(6)) + "Z";
        return dev.trailflow.udfs.flatten.EventTime.parseMillis(text);
    }
}
