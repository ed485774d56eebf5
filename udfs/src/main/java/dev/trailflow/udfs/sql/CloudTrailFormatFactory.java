package dev.trailflow.udfs.sql;

import dev.trailflow.udfs.decode.Decoded;
import dev.trailflow.udfs.files.CloudTrailBulkFormat;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.table.factories.BulkReaderFormatFactory;
import org.apache.flink.connector.file.table.format.BulkDecodingFormat;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.factories.DynamicTableFactory;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.RowType;

/**
 * {@code 'format' = 'cloudtrail'} for the filesystem connector: CloudTrail files (and Firehose
 * deliveries) decoded exactly as the DataStream job decodes them, one row per outcome. A table
 * declares the columns it wants from {@link CloudTrailColumns}, in any order.
 */
public final class CloudTrailFormatFactory implements BulkReaderFormatFactory {

    public static final String IDENTIFIER = "cloudtrail";

    @Override
    public BulkDecodingFormat<RowData> createDecodingFormat(DynamicTableFactory.Context context, ReadableConfig options) {
        return new Format();
    }

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Collections.emptySet();
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Collections.emptySet();
    }

    static final class Format implements BulkDecodingFormat<RowData> {
        @Override
        public BulkFormat<RowData, FileSourceSplit> createRuntimeDecoder(DynamicTableSource.Context context,
                DataType physicalDataType) {
            RowType row = (RowType) physicalDataType.getLogicalType();
            List<String> names = row.getFieldNames();
            CloudTrailColumns[] columns = new CloudTrailColumns[names.size()];
            for (int i = 0; i < columns.length; i++) {
                columns[i] = CloudTrailColumns.named(names.get(i));
                if (columns[i] == null) {
                    throw new ValidationException("format cloudtrail has no column '" + names.get(i) + "'; accepted: "
                            + CloudTrailColumns.accepted());
                }
                if (row.getTypeAt(i).getTypeRoot() != columns[i].type) {
                    throw new ValidationException("format cloudtrail: column '" + names.get(i) + "' must be of type "
                            + columns[i].type + ", not " + row.getTypeAt(i));
                }
            }
            TypeInformation<RowData> type = context.createTypeInformation(physicalDataType);
            return new CloudTrailBulkFormat<>(new ToRow(columns), type, true);
        }

        @Override
        public ChangelogMode getChangelogMode() {
            return ChangelogMode.insertOnly();
        }
    }

    /** One outcome as a row of the declared columns. */
    static final class ToRow implements CloudTrailBulkFormat.Outcome<RowData> {
        private static final long serialVersionUID = 1L;
        private final CloudTrailColumns[] columns;

        ToRow(CloudTrailColumns[] columns) {
            this.columns = columns;
        }

        @Override
        public RowData of(Decoded d) {
            GenericRowData r = new GenericRowData(columns.length);
            for (int i = 0; i < columns.length; i++) {
                r.setField(i, columns[i].value.apply(d));
            }
            return r;
        }
    }
}
