-- The CloudTrail rollup as Flink SQL: the same documents as the DataStream job, in the shape of the
-- OpenSearch Flint view aws_cloudtrail_agg_mv_0. Run it with bin/trailflow-sql sql/rollup.sql, or print
-- it with --print for a Managed Flink Studio notebook or the SQL client (the trailflow-udfs jar and
-- the OpenSearch connector on the classpath). ${key} takes the job's options (README, Options).

-- A backfill over the files there now; for a stream of new files set 'streaming' and add
-- 'source.monitor-interval' = '30 s' to the cloudtrail table below.
SET 'execution.runtime-mode' = 'batch';
SET 'table.local-time-zone' = 'UTC';
SET 'pipeline.name' = 'trailflow sql rollup';

CREATE TEMPORARY FUNCTION ROLLUP_ID AS 'dev.trailflow.udfs.sql.RollupId';
CREATE TEMPORARY FUNCTION ROLLUP_TIME AS 'dev.trailflow.udfs.sql.RollupTime';

-- One row per decoding outcome: kind is 'event', 'insight' (a CloudTrail Insights event: never a
-- rollup, and this script writes no raw records), 'dead_letter' or 'skip' (digests, control messages).
CREATE TEMPORARY TABLE cloudtrail (
  kind STRING,
  event_id STRING,
  event_time TIMESTAMP_LTZ(3),
  user_identity_type STRING,
  user_identity_account_id STRING,
  session_issuer_user_name STRING,
  session_issuer_arn STRING,
  session_issuer_type STRING,
  aws_region STRING,
  source_ip_address STRING,
  event_source STRING,
  event_name STRING,
  event_category STRING,
  reason_code STRING,
  reason_message STRING,
  source_uri STRING,
  source_position STRING,
  payload STRING,
  payload_truncated BOOLEAN,
  WATERMARK FOR event_time AS event_time - ${window.watermark-delay}
) WITH (
  'connector' = 'filesystem',
  'path' = '${source.paths}',
  'format' = 'cloudtrail'
);

-- The rollup documents; rollup_id is also the document _id (the connector writes its key as a field).
CREATE TEMPORARY TABLE rollups (
  rollup_id STRING,
  start_time STRING,
  end_time STRING,
  `aws.cloudtrail.userIdentity.type` STRING,
  `aws.cloudtrail.userIdentity.accountId` STRING,
  `aws.cloudtrail.userIdentity.sessionContext.sessionIssuer.userName` STRING,
  `aws.cloudtrail.userIdentity.sessionContext.sessionIssuer.arn` STRING,
  `aws.cloudtrail.userIdentity.sessionContext.sessionIssuer.type` STRING,
  `aws.cloudtrail.awsRegion` STRING,
  `aws.cloudtrail.sourceIPAddress` STRING,
  `aws.cloudtrail.eventSource` STRING,
  `aws.cloudtrail.eventName` STRING,
  `aws.cloudtrail.eventCategory` STRING,
  `aws.cloudtrail.event_count` BIGINT,
  PRIMARY KEY (rollup_id) NOT ENFORCED
) WITH (
  'connector' = 'opensearch-2',
  'hosts' = '${opensearch.hosts}',
  'index' = '${opensearch.rollup-index}',
  'json.encode.ignore-null-fields' = 'true'
);

CREATE TEMPORARY TABLE dead_letters (
  `@timestamp` TIMESTAMP_LTZ(3),
  reason ROW<code STRING, message STRING>,
  source ROW<uri STRING, `position` STRING>,
  payload STRING,
  payload_truncated BOOLEAN
) WITH (
  'connector' = 'opensearch-2',
  'hosts' = '${opensearch.hosts}',
  'index' = '${opensearch.deadletter-index}',
  'json.timestamp-format.standard' = 'ISO-8601'
);

EXECUTE STATEMENT SET
BEGIN

INSERT INTO rollups
SELECT
  ROLLUP_ID(window_start, user_identity_type, user_identity_account_id, session_issuer_user_name,
            session_issuer_arn, session_issuer_type, aws_region, source_ip_address, event_source,
            event_name, event_category),
  ROLLUP_TIME(window_start),
  ROLLUP_TIME(window_end),
  user_identity_type, user_identity_account_id, session_issuer_user_name, session_issuer_arn,
  session_issuer_type, aws_region, source_ip_address, event_source, event_name, event_category,
  COUNT(*)
FROM TABLE(TUMBLE(TABLE cloudtrail, DESCRIPTOR(event_time), ${window.size}))
WHERE kind = 'event'
GROUP BY window_start, window_end,
  user_identity_type, user_identity_account_id, session_issuer_user_name, session_issuer_arn,
  session_issuer_type, aws_region, source_ip_address, event_source, event_name, event_category;

INSERT INTO dead_letters
SELECT CURRENT_TIMESTAMP, ROW(reason_code, reason_message), ROW(source_uri, source_position), payload,
  payload_truncated
FROM cloudtrail
WHERE kind = 'dead_letter';

END;
