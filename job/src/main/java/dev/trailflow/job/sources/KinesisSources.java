package dev.trailflow.job.sources;

import dev.trailflow.job.options.JobSettings;
import dev.trailflow.job.options.TrailflowOptions.InitialPosition;
import dev.trailflow.job.records.KinesisBatch;
import dev.trailflow.job.records.SourceRecord;
import dev.trailflow.udfs.decode.CloudTrailDecoder;
import dev.trailflow.udfs.decode.Decoded;
import dev.trailflow.udfs.flatten.EventFlattener;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.AssignerWithPeriodicWatermarks;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.ChainingStrategy;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.connectors.kinesis.FlinkKinesisConsumer;
import org.apache.flink.streaming.connectors.kinesis.config.AWSConfigConstants;
import org.apache.flink.streaming.connectors.kinesis.config.ConsumerConfigConstants;
import org.apache.flink.streaming.connectors.kinesis.serialization.KinesisDeserializationSchema;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * The Kinesis Data Stream source (SPEC §3/§5): FlinkKinesisConsumer, each record decoded by the udfs
 * decoder, watermarks per shard, and a shard quiet for the idle timeout left out of the watermark.
 */
public final class KinesisSources {

    private KinesisSources() {}

    /** One outcome per element, each with its own event time, as the file source gives them. */
    public static DataStream<SourceRecord> create(StreamExecutionEnvironment env, JobSettings settings) {
        Consumer consumer = new Consumer(settings.kinesisStream, consumerProperties(settings),
                settings.kinesisEndpoint != null && isLoopback(settings.kinesisEndpoint), settings.rawEnabled());
        consumer.setPeriodicWatermarkAssigner(new NewestEventLessDelay(settings.watermarkDelay.toMillis()));
        return env.addSource(consumer, "cloudtrail-kinesis")
                .uid("cloudtrail-kinesis")
                .transform("kinesis-outcomes", TypeInformation.of(SourceRecord.class), new Unbatch())
                .uid("kinesis-outcomes");
    }

    /** The connector's consumer, speaking JSON rather than CBOR to a Kinesis server on this machine. */
    public static final class Consumer extends FlinkKinesisConsumer<KinesisBatch> {
        private static final long serialVersionUID = 1L;
        /** The switch of the AWS SDK inside the connector, which carries the connector's shading prefix. */
        public static final String CBOR_OFF = "org.apache.flink.kinesis.shaded.com.amazonaws.sdk.disableCbor";
        private final boolean json;

        Consumer(String stream, Properties properties, boolean json, boolean documents) {
            super(stream, new RecordDecoder(documents), properties);
            this.json = json;
        }

        @Override
        public void open(OpenContext context) throws Exception {
            // kinesalite cuts CBOR answers that carry binary data short (GetRecords of gzip payloads).
            if (json) {
                System.setProperty(CBOR_OFF, "true");
            }
            super.open(context);
        }
    }

    public static boolean isLoopback(String endpoint) {
        try {
            String host = URI.create(endpoint).getHost();
            return host != null && InetAddress.getByName(host).isLoopbackAddress();
        } catch (Exception e) {
            return false;
        }
    }

    /** The consumer's configuration. Credentials are never set here: the default AWS chain finds them. */
    public static Properties consumerProperties(JobSettings settings) {
        Properties p = new Properties();
        p.setProperty(AWSConfigConstants.AWS_REGION, settings.kinesisRegion);
        if (settings.kinesisEndpoint != null) {
            p.setProperty(AWSConfigConstants.AWS_ENDPOINT, settings.kinesisEndpoint);
        }
        p.setProperty(AWSConfigConstants.AWS_CREDENTIALS_PROVIDER, "AUTO");
        p.setProperty(ConsumerConfigConstants.STREAM_INITIAL_POSITION, settings.kinesisInitialPosition.name());
        if (settings.kinesisInitialPosition == InitialPosition.AT_TIMESTAMP) {
            // Seconds since the epoch: the consumer's other accepted form depends on a date pattern.
            p.setProperty(ConsumerConfigConstants.STREAM_INITIAL_TIMESTAMP, String.format(Locale.ROOT, "%d.%03d",
                    settings.kinesisInitialTimestamp.getEpochSecond(),
                    settings.kinesisInitialTimestamp.getNano() / 1_000_000));
        }
        if (settings.kinesisEfoConsumer != null) {
            p.setProperty(ConsumerConfigConstants.RECORD_PUBLISHER_TYPE, "EFO");
            p.setProperty(ConsumerConfigConstants.EFO_CONSUMER_NAME, settings.kinesisEfoConsumer);
        }
        // Without it a shard that receives nothing keeps its subtask's watermark at its last value forever.
        p.setProperty(ConsumerConfigConstants.SHARD_IDLE_INTERVAL_MILLIS, Long.toString(settings.idleTimeout.toMillis()));
        return p;
    }

    /** Decodes one Kinesis record: a CloudWatch Logs envelope, an EventBridge event or plain events, maybe gzip. */
    public static final class RecordDecoder implements KinesisDeserializationSchema<KinesisBatch> {
        private static final long serialVersionUID = 1L;
        private final boolean documents;
        private transient EventFlattener flattener;

        /** @param documents whether events carry their raw document (only when raw records are written) */
        public RecordDecoder(boolean documents) {
            this.documents = documents;
        }

        @Override
        public KinesisBatch deserialize(byte[] value, String partitionKey, String sequenceNumber,
                long approximateArrivalTimestamp, String stream, String shardId) throws IOException {
            if (flattener == null) {
                flattener = EventFlattener.of(documents);
            }
            // Dead letters name the exact record: a sequence number is unique within its shard.
            String source = "kinesis://" + stream + "/" + shardId + "/" + sequenceNumber;
            List<SourceRecord> out = new ArrayList<>();
            long newest = Long.MIN_VALUE;
            try (CloudTrailDecoder decoder = CloudTrailDecoder.open(new ByteArrayInputStream(value), source, flattener)) {
                for (Decoded d = decoder.next(); d != null; d = decoder.next()) {
                    SourceRecord r = SourceRecord.of(d);
                    newest = Math.max(newest, r.timestamp());
                    out.add(r);
                }
            }
            return new KinesisBatch(out.toArray(new SourceRecord[0]), newest);
        }

        @Override
        public TypeInformation<KinesisBatch> getProducedType() {
            return TypeInformation.of(KinesisBatch.class);
        }
    }

    /**
     * Bounded out-of-orderness over a record's newest event; the consumer keeps one per shard and
     * emits the lowest over its active shards.
     */
    static final class NewestEventLessDelay implements AssignerWithPeriodicWatermarks<KinesisBatch> {
        private static final long serialVersionUID = 1L;
        private final long delayMillis;
        private long newest = Long.MIN_VALUE;

        NewestEventLessDelay(long delayMillis) {
            this.delayMillis = delayMillis;
        }

        @Override
        public long extractTimestamp(KinesisBatch batch, long previous) {
            newest = Math.max(newest, batch.newestEventTime);
            return batch.newestEventTime;
        }

        @Override
        public Watermark getCurrentWatermark() {
            return new Watermark(newest == Long.MIN_VALUE ? Long.MIN_VALUE : newest - delayMillis - 1);
        }
    }

    /** Emits a record's outcomes one by one, each stamped with its own event time; watermarks pass through. */
    static final class Unbatch extends AbstractStreamOperator<SourceRecord>
            implements OneInputStreamOperator<KinesisBatch, SourceRecord> {
        private static final long serialVersionUID = 1L;

        Unbatch() {
            // Chained to the consumer, so outcomes are handed on without being serialized.
            setChainingStrategy(ChainingStrategy.ALWAYS);
        }

        @Override
        public void processElement(StreamRecord<KinesisBatch> element) {
            for (SourceRecord r : element.getValue().outcomes) {
                output.collect(new StreamRecord<>(r, r.timestamp()));
            }
        }
    }
}
