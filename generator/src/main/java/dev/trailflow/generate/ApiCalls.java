package dev.trailflow.generate;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The calls generated events are made of, with payloads shaped after real CloudTrail records. Weights
 * are relative popularity: SSM heartbeats, KMS decrypts, role assumptions and S3 object reads dominate
 * real trails, writes to IAM are rare.
 */
final class ApiCalls {

    /** AWS services that appear as {@code AWSService} principals, with the calls each makes. */
    static final String[] INVOKERS = {"lambda.amazonaws.com", "ecs-tasks.amazonaws.com", "ec2.amazonaws.com",
        "cloudformation.amazonaws.com", "s3.amazonaws.com", "dynamodb.amazonaws.com", "config.amazonaws.com",
        "backup.amazonaws.com", "logs.amazonaws.com", "secretsmanager.amazonaws.com"};
    private static final String[][] INVOKER_CALLS = {
        {"AssumeRole"},
        {"AssumeRole"},
        {"AssumeRole", "CreateGrant", "GenerateDataKeyWithoutPlaintext", "Decrypt"},
        {"AssumeRole"},
        {"Decrypt", "GenerateDataKey"},
        {"Decrypt", "GenerateDataKey"},
        {"AssumeRole"},
        {"AssumeRole"},
        {"Decrypt", "GenerateDataKey"},
        {"Decrypt", "AssumeRole"},
    };

    final List<ApiCall> all = new ArrayList<>();
    private final Map<String, ApiCall> byName = new HashMap<>();
    final ApiCall putRolePolicy;
    final ApiCall createTags;
    /** Made now and then rather than ranked in a profile: people sign in a few times a day, not per call. */
    final ApiCall consoleLogin;
    /** Service events happen on AWS's schedule (rotations, backup jobs), rarely next to API traffic. */
    final ApiCall[] serviceEvents;

    ApiCalls() {
        sts();
        ec2();
        iam();
        s3();
        kms();
        lambda();
        others();
        for (int i = 0; i < all.size(); i++) {
            all.get(i).index = i;
        }
        putRolePolicy = byName.get("PutRolePolicy");
        createTags = byName.get("CreateTags");
        consoleLogin = byName.get("ConsoleLogin");
        serviceEvents = new ApiCall[] {byName.get("RotateKey"), byName.get("BackupJobCompleted")};
    }

    private ApiCall add(ApiCall c) {
        all.add(c);
        byName.putIfAbsent(c.name, c);
        return c;
    }

    /** The calls a principal makes, most frequent first; what it is decides what it can call. */
    ApiCall[] profile(World.Principal p, SplittableRandom r) {
        List<ApiCall> out = new ArrayList<>();
        switch (p.kind) {
            case AWS_SERVICE: {
                int k = indexOf(INVOKERS, p.invokedBy);
                for (String name : INVOKER_CALLS[k]) {
                    out.add(byName.get(name));
                }
                return out.toArray(new ApiCall[0]);
            }
            case INSTANCE_ROLE:
                out.add(byName.get("UpdateInstanceInformation"));
                break;
            default:
                break;
        }
        String tag;
        boolean readOnlyOnly = false;
        switch (p.kind) {
            case SSO_HUMAN:
            case HUMAN_USER:
            case ROOT:
            case FEDERATED:
                tag = "H";
                break;
            case CROSS_ACCOUNT:
                tag = "X";
                break;
            case SERVICE_LINKED_ROLE:
                tag = "M";
                readOnlyOnly = true;
                break;
            default:
                tag = "M";
                break;
        }
        List<ApiCall> pool = new ArrayList<>();
        for (ApiCall c : all) {
            if (c.tags.contains(tag) && (!readOnlyOnly || (c.readOnly && !c.data)) && !out.contains(c)) {
                pool.add(c);
            }
        }
        int k = Math.min(pool.size(), 2 + r.nextInt(9));
        for (int i = 0; i < k; i++) {
            double[] w = new double[pool.size()];
            for (int j = 0; j < w.length; j++) {
                w[j] = pool.get(j).weight;
            }
            out.add(pool.remove(Rand.weighted(r, w)));
        }
        return out.toArray(new ApiCall[0]);
    }

    private static int indexOf(String[] a, String s) {
        for (int i = 0; i < a.length; i++) {
            if (a[i].equals(s)) {
                return i;
            }
        }
        throw new IllegalStateException(s);
    }

    private void sts() {
        add(new ApiCall("sts.amazonaws.com", "GetCallerIdentity").readOnly().weight(5).errors(ApiCall.Errors.QUERY));
        add(new ApiCall("sts.amazonaws.com", "AssumeRole").readOnly().weight(10).tags("HMX").errors(ApiCall.Errors.QUERY)
                .shared()
                .prepare(e -> e.role = e.pickRole())
                .request((g, e) -> {
                    g.writeStartObject();
                    g.writeStringField("roleArn", e.roleArn());
                    g.writeStringField("roleSessionName", e.sessionName());
                    if (e.chance(0.4)) {
                        g.writeNumberField("durationSeconds", 3600);
                    }
                    g.writeEndObject();
                })
                .response((g, e) -> {
                    g.writeStartObject();
                    g.writeObjectFieldStart("credentials");
                    g.writeStringField("accessKeyId", "ASIA" + Rand.upperAlnum(e.r, 16));
                    g.writeStringField("sessionToken", "IQoJb3JpZ2luX2VjE" + Rand.base64(e.r, 280));
                    g.writeStringField("expiration", TimeText.awsLong(e.sec + 3600));
                    g.writeEndObject();
                    g.writeObjectFieldStart("assumedRoleUser");
                    String session = e.sessionName();
                    g.writeStringField("assumedRoleId", "AROA" + Rand.upperAlnum(e.r, 17) + ":" + session);
                    g.writeStringField("arn", "arn:aws:sts::" + e.acct.id + ":assumed-role/" + e.role + "/" + session);
                    g.writeEndObject();
                    g.writeEndObject();
                })
                .resources((g, e) -> e.resource(g, "AWS::IAM::Role", e.roleArn())));
    }

    private void ec2() {
        add(new ApiCall("ec2.amazonaws.com", "DescribeInstances").readOnly().weight(6).errors(ApiCall.Errors.EC2)
                .request((g, e) -> {
                    g.writeStartObject();
                    if (e.chance(0.5)) {
                        g.writeObjectFieldStart("instancesSet");
                        g.writeArrayFieldStart("items");
                        g.writeStartObject();
                        g.writeStringField("instanceId", e.pick(e.acct.instances));
                        g.writeEndObject();
                        g.writeEndArray();
                        g.writeEndObject();
                        g.writeObjectFieldStart("filterSet");
                        g.writeEndObject();
                    } else {
                        g.writeObjectFieldStart("instancesSet");
                        g.writeEndObject();
                        e.filterSet(g, "tag:Name", e.acct.env + "-web-*");
                    }
                    g.writeEndObject();
                }));
        add(new ApiCall("ec2.amazonaws.com", "DescribeSecurityGroups").readOnly().weight(2).errors(ApiCall.Errors.EC2)
                .request((g, e) -> {
                    g.writeStartObject();
                    g.writeObjectFieldStart("securityGroupSet");
                    g.writeEndObject();
                    g.writeObjectFieldStart("securityGroupIdSet");
                    g.writeArrayFieldStart("items");
                    g.writeStartObject();
                    g.writeStringField("groupId", e.pick(e.acct.securityGroups));
                    g.writeEndObject();
                    g.writeEndArray();
                    g.writeEndObject();
                    g.writeObjectFieldStart("filterSet");
                    g.writeEndObject();
                    g.writeEndObject();
                }));
        add(new ApiCall("ec2.amazonaws.com", "DescribeVolumes").readOnly().weight(1.5).errors(ApiCall.Errors.EC2)
                .request((g, e) -> {
                    g.writeStartObject();
                    g.writeObjectFieldStart("volumeSet");
                    g.writeEndObject();
                    e.filterSet(g, "attachment.instance-id", e.pick(e.acct.instances));
                    g.writeEndObject();
                }));
        add(new ApiCall("ec2.amazonaws.com", "CreateTags").weight(0.8).errors(ApiCall.Errors.EC2)
                .request((g, e) -> {
                    g.writeStartObject();
                    g.writeObjectFieldStart("resourcesSet");
                    g.writeArrayFieldStart("items");
                    g.writeStartObject();
                    g.writeStringField("resourceId", e.pick(e.acct.instances));
                    g.writeEndObject();
                    g.writeEndArray();
                    g.writeEndObject();
                    g.writeObjectFieldStart("tagSet");
                    g.writeArrayFieldStart("items");
                    e.tag(g, "Name", e.acct.env + "-web-" + e.r.nextInt(40));
                    e.tag(g, "CostCenter", "cc-" + (1000 + e.r.nextInt(20)));
                    g.writeEndArray();
                    g.writeEndObject();
                    g.writeEndObject();
                })
                .response(ApiCalls::ec2Return));
        add(new ApiCall("ec2.amazonaws.com", "RunInstances").weight(0.3).errors(ApiCall.Errors.EC2)
                .prepare(e -> e.instance = "i-0" + Rand.hex(e.r, 16))
                .request(ApiCalls::runInstancesRequest)
                .response(ApiCalls::runInstancesResponse));
        add(new ApiCall("ec2.amazonaws.com", "TerminateInstances").weight(0.3).errors(ApiCall.Errors.EC2)
                .prepare(e -> e.instance = e.pick(e.acct.instances))
                .request((g, e) -> {
                    g.writeStartObject();
                    g.writeObjectFieldStart("instancesSet");
                    g.writeArrayFieldStart("items");
                    g.writeStartObject();
                    g.writeStringField("instanceId", e.instance);
                    g.writeEndObject();
                    g.writeEndArray();
                    g.writeEndObject();
                    g.writeEndObject();
                })
                .response((g, e) -> {
                    g.writeStartObject();
                    g.writeStringField("requestId", e.requestId);
                    g.writeObjectFieldStart("instancesSet");
                    g.writeArrayFieldStart("items");
                    g.writeStartObject();
                    g.writeStringField("instanceId", e.instance);
                    e.state(g, "currentState", 32, "shutting-down");
                    e.state(g, "previousState", 16, "running");
                    g.writeEndObject();
                    g.writeEndArray();
                    g.writeEndObject();
                    g.writeEndObject();
                }));
        add(new ApiCall("ec2.amazonaws.com", "AuthorizeSecurityGroupIngress").weight(0.2).errors(ApiCall.Errors.EC2)
                .prepare(e -> e.instance = e.pick(e.acct.securityGroups))
                .request((g, e) -> {
                    g.writeStartObject();
                    g.writeStringField("groupId", e.instance);
                    g.writeObjectFieldStart("ipPermissions");
                    g.writeArrayFieldStart("items");
                    g.writeStartObject();
                    g.writeStringField("ipProtocol", "tcp");
                    g.writeNumberField("fromPort", 443);
                    g.writeNumberField("toPort", 443);
                    g.writeObjectFieldStart("groups");
                    g.writeEndObject();
                    g.writeObjectFieldStart("ipRanges");
                    g.writeArrayFieldStart("items");
                    g.writeStartObject();
                    g.writeStringField("cidrIp", e.chance(0.3) ? "0.0.0.0/0" : "10.0.0.0/16");
                    g.writeEndObject();
                    g.writeEndArray();
                    g.writeEndObject();
                    g.writeObjectFieldStart("ipv6Ranges");
                    g.writeEndObject();
                    g.writeObjectFieldStart("prefixListIds");
                    g.writeEndObject();
                    g.writeEndObject();
                    g.writeEndArray();
                    g.writeEndObject();
                    g.writeEndObject();
                })
                .response((g, e) -> {
                    g.writeStartObject();
                    g.writeStringField("requestId", e.requestId);
                    g.writeBooleanField("_return", true);
                    g.writeObjectFieldStart("securityGroupRuleSet");
                    g.writeArrayFieldStart("items");
                    g.writeStartObject();
                    g.writeStringField("groupOwnerId", e.acct.id);
                    g.writeStringField("groupId", e.instance);
                    g.writeStringField("securityGroupRuleId", "sgr-0" + Rand.hex(e.r, 16));
                    g.writeBooleanField("isEgress", false);
                    g.writeStringField("ipProtocol", "tcp");
                    g.writeNumberField("fromPort", 443);
                    g.writeNumberField("toPort", 443);
                    g.writeEndObject();
                    g.writeEndArray();
                    g.writeEndObject();
                    g.writeEndObject();
                }));
    }

    private static void ec2Return(JsonGenerator g, EventWriter e) throws IOException {
        g.writeStartObject();
        g.writeStringField("requestId", e.requestId);
        g.writeBooleanField("_return", true);
        g.writeEndObject();
    }

    private static void runInstancesRequest(JsonGenerator g, EventWriter e) throws IOException {
        g.writeStartObject();
        g.writeObjectFieldStart("instancesSet");
        g.writeArrayFieldStart("items");
        g.writeStartObject();
        g.writeStringField("imageId", "ami-0" + Rand.hex(e.r, 16));
        g.writeNumberField("minCount", 1);
        g.writeNumberField("maxCount", 1);
        g.writeEndObject();
        g.writeEndArray();
        g.writeEndObject();
        g.writeStringField("instanceType", Rand.pick(e.r, new String[] {"t3.medium", "m7i.large", "c7g.xlarge", "r6i.2xlarge"}));
        g.writeObjectFieldStart("blockDeviceMapping");
        g.writeEndObject();
        g.writeObjectFieldStart("monitoring");
        g.writeBooleanField("enabled", false);
        g.writeEndObject();
        g.writeBooleanField("disableApiTermination", false);
        g.writeBooleanField("disableApiStop", false);
        g.writeStringField("clientToken", e.uuid());
        g.writeStringField("subnetId", e.acct.subnet);
        g.writeObjectFieldStart("iamInstanceProfile");
        g.writeStringField("arn", "arn:aws:iam::" + e.acct.id + ":instance-profile/ec2-ssm-instance-role");
        g.writeEndObject();
        g.writeObjectFieldStart("metadataOptions");
        g.writeStringField("httpTokens", "required");
        g.writeNumberField("httpPutResponseHopLimit", 2);
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void runInstancesResponse(JsonGenerator g, EventWriter e) throws IOException {
        g.writeStartObject();
        g.writeStringField("requestId", e.requestId);
        g.writeStringField("reservationId", "r-0" + Rand.hex(e.r, 16));
        g.writeStringField("ownerId", e.acct.id);
        g.writeObjectFieldStart("groupSet");
        g.writeEndObject();
        g.writeObjectFieldStart("instancesSet");
        g.writeArrayFieldStart("items");
        g.writeStartObject();
        g.writeStringField("instanceId", e.instance);
        g.writeStringField("imageId", "ami-0" + Rand.hex(e.r, 16));
        g.writeStringField("currentInstanceBootMode", "legacy-bios");
        e.state(g, "instanceState", 0, "pending");
        String ip = "10.0." + e.r.nextInt(256) + "." + (1 + e.r.nextInt(254));
        g.writeStringField("privateDnsName", "ip-" + ip.replace('.', '-') + ".ec2.internal");
        g.writeNumberField("amiLaunchIndex", 0);
        g.writeObjectFieldStart("productCodes");
        g.writeEndObject();
        g.writeStringField("instanceType", "t3.medium");
        g.writeNumberField("launchTime", e.sec * 1000L);
        g.writeObjectFieldStart("placement");
        g.writeStringField("availabilityZone", e.region + "a");
        g.writeStringField("tenancy", "default");
        g.writeEndObject();
        g.writeObjectFieldStart("monitoring");
        g.writeStringField("state", "disabled");
        g.writeEndObject();
        g.writeStringField("subnetId", e.acct.subnet);
        g.writeStringField("vpcId", e.acct.vpc);
        g.writeStringField("privateIpAddress", ip);
        g.writeObjectFieldStart("stateReason");
        g.writeStringField("code", "pending");
        g.writeStringField("message", "pending");
        g.writeEndObject();
        g.writeStringField("architecture", "x86_64");
        g.writeStringField("rootDeviceType", "ebs");
        g.writeStringField("rootDeviceName", "/dev/xvda");
        g.writeObjectFieldStart("blockDeviceMapping");
        g.writeEndObject();
        g.writeStringField("virtualizationType", "hvm");
        g.writeStringField("hypervisor", "xen");
        g.writeObjectFieldStart("groupSet");
        g.writeArrayFieldStart("items");
        g.writeStartObject();
        g.writeStringField("groupId", e.acct.securityGroups[0]);
        g.writeStringField("groupName", "default");
        g.writeEndObject();
        g.writeEndArray();
        g.writeEndObject();
        g.writeBooleanField("sourceDestCheck", true);
        g.writeBooleanField("ebsOptimized", false);
        g.writeBooleanField("enaSupport", true);
        g.writeObjectFieldStart("cpuOptions");
        g.writeNumberField("coreCount", 1);
        g.writeNumberField("threadsPerCore", 2);
        g.writeEndObject();
        g.writeObjectFieldStart("metadataOptions");
        g.writeStringField("state", "pending");
        g.writeStringField("httpTokens", "required");
        g.writeNumberField("httpPutResponseHopLimit", 2);
        g.writeStringField("httpEndpoint", "enabled");
        g.writeEndObject();
        g.writeEndObject();
        g.writeEndArray();
        g.writeEndObject();
        g.writeEndObject();
    }

    private void iam() {
        add(new ApiCall("iam.amazonaws.com", "ListRoles").readOnly().global().weight(1).errors(ApiCall.Errors.IAM)
                .request((g, e) -> {
                    g.writeStartObject();
                    g.writeNumberField("maxItems", 1000);
                    g.writeEndObject();
                }));
        add(new ApiCall("iam.amazonaws.com", "GetRole").readOnly().global().weight(2).errors(ApiCall.Errors.IAM)
                .prepare(e -> e.role = e.pickRole())
                .request((g, e) -> {
                    g.writeStartObject();
                    g.writeStringField("roleName", e.role);
                    g.writeEndObject();
                }));
        add(new ApiCall("iam.amazonaws.com", "ListPolicies").readOnly().global().weight(0.5).errors(ApiCall.Errors.IAM)
                .request((g, e) -> {
                    g.writeStartObject();
                    g.writeStringField("scope", "Local");
                    g.writeBooleanField("onlyAttached", false);
                    g.writeNumberField("maxItems", 100);
                    g.writeEndObject();
                }));
        add(new ApiCall("iam.amazonaws.com", "ListAttachedRolePolicies").readOnly().global().weight(0.8)
                .errors(ApiCall.Errors.IAM)
                .prepare(e -> e.role = e.pickRole())
                .request((g, e) -> {
                    g.writeStartObject();
                    g.writeStringField("roleName", e.role);
                    g.writeEndObject();
                }));
        add(new ApiCall("iam.amazonaws.com", "CreateRole").global().weight(0.15).errors(ApiCall.Errors.IAM)
                .prepare(e -> e.role = e.acct.env + "-app-role-" + Rand.alnum(e.r, 6))
                .request((g, e) -> {
                    g.writeStartObject();
                    g.writeStringField("roleName", e.role);
                    g.writeStringField("assumeRolePolicyDocument", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":"
                            + "\"Allow\",\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}");
                    g.writeStringField("description", "Execution role for " + e.acct.env + " workloads");
                    g.writeEndObject();
                })
                .response((g, e) -> {
                    g.writeStartObject();
                    g.writeObjectFieldStart("role");
                    g.writeStringField("path", "/");
                    g.writeStringField("roleName", e.role);
                    g.writeStringField("roleId", "AROA" + Rand.upperAlnum(e.r, 17));
                    g.writeStringField("arn", e.roleArn());
                    g.writeStringField("createDate", TimeText.awsShort(e.sec));
                    g.writeStringField("assumeRolePolicyDocument", "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22"
                            + "%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Principal%22%3A%7B%22Service%22%3A%22lambda.amazonaws"
                            + ".com%22%7D%2C%22Action%22%3A%22sts%3AAssumeRole%22%7D%5D%7D");
                    g.writeEndObject();
                    g.writeEndObject();
                }));
        add(new ApiCall("iam.amazonaws.com", "PutRolePolicy").global().weight(0.2).errors(ApiCall.Errors.IAM)
                .prepare(e -> e.role = e.pickRole())
                .request((g, e) -> {
                    g.writeStartObject();
                    g.writeStringField("roleName", e.role);
                    g.writeStringField("policyName", "inline-s3-access");
                    g.writeStringField("policyDocument", EventWriter.policyDocument(e.pick(e.acct.buckets), 1));
                    g.writeEndObject();
                }));
        add(new ApiCall("iam.amazonaws.com", "AttachRolePolicy").global().weight(0.2).errors(ApiCall.Errors.IAM)
                .prepare(e -> e.role = e.pickRole())
                .request((g, e) -> {
                    g.writeStartObject();
                    g.writeStringField("roleName", e.role);
                    g.writeStringField("policyArn", "arn:aws:iam::aws:policy/" + Rand.pick(e.r,
                            new String[] {"ReadOnlyAccess", "AmazonS3ReadOnlyAccess", "AdministratorAccess",
                                "CloudWatchAgentServerPolicy"}));
                    g.writeEndObject();
                }));
        add(new ApiCall("iam.amazonaws.com", "CreateAccessKey").global().weight(0.05).tags("H").errors(ApiCall.Errors.IAM)
                .prepare(e -> e.role = e.pickUser())
                .request((g, e) -> {
                    g.writeStartObject();
                    g.writeStringField("userName", e.role);
                    g.writeEndObject();
                })
                .response((g, e) -> {
                    g.writeStartObject();
                    g.writeObjectFieldStart("accessKey");
                    g.writeStringField("userName", e.role);
                    g.writeStringField("accessKeyId", "AKIA" + Rand.upperAlnum(e.r, 16));
                    g.writeStringField("status", "Active");
                    g.writeStringField("createDate", TimeText.awsShort(e.sec));
                    g.writeEndObject();
                    g.writeEndObject();
                }));
    }

    private void s3() {
        add(new ApiCall("s3.amazonaws.com", "ListBuckets").readOnly().global().weight(2).tags("HM").version("1.10")
                .errors(ApiCall.Errors.S3)
                .request((g, e) -> {
                    g.writeStartObject();
                    g.writeStringField("Host", "s3.amazonaws.com");
                    g.writeEndObject();
                })
                .additional((g, e) -> e.s3Additional(g, 0, 0)));
        add(bucketCall("GetBucketAcl", 2, "acl"));
        add(bucketCall("GetBucketLocation", 2, "location"));
        add(bucketCall("GetBucketPolicy", 1, "policy"));
        add(new ApiCall("s3.amazonaws.com", "PutBucketPolicy").weight(0.1).version("1.10").errors(ApiCall.Errors.S3)
                .prepare(e -> e.bucket = e.pick(e.acct.buckets))
                .request((g, e) -> {
                    g.writeStartObject();
                    g.writeStringField("bucketPolicy", EventWriter.policyDocument(e.bucket, 1));
                    g.writeStringField("bucketName", e.bucket);
                    g.writeStringField("Host", e.bucket + ".s3.amazonaws.com");
                    g.writeStringField("policy", "");
                    g.writeEndObject();
                })
                .additional((g, e) -> e.s3Additional(g, 512, 0))
                .resources((g, e) -> e.resource(g, "AWS::S3::Bucket", "arn:aws:s3:::" + e.bucket)));
        add(objectCall("GetObject", 10, true).additional((g, e) -> e.s3Additional(g, 0, 200 + e.r.nextInt(5_000_000))));
        add(objectCall("PutObject", 6, false)
                .additional((g, e) -> e.s3Additional(g, 200 + e.r.nextInt(2_000_000), 0))
                .response((g, e) -> {
                    g.writeStartObject();
                    if (e.chance(0.5)) {
                        g.writeStringField("x-amz-server-side-encryption", "aws:kms");
                        g.writeStringField("x-amz-server-side-encryption-aws-kms-key-id",
                                "arn:aws:kms:" + e.region + ":" + e.acct.id + ":key/" + e.acct.keyIds[0]);
                        g.writeStringField("x-amz-server-side-encryption-bucket-key-enabled", "true");
                    } else {
                        g.writeStringField("x-amz-server-side-encryption", "AES256");
                        g.writeStringField("x-amz-version-id", Rand.alnum(e.r, 32));
                    }
                    g.writeEndObject();
                }));
        add(objectCall("HeadObject", 3, true).additional((g, e) -> e.s3Additional(g, 0, 0)));
        add(objectCall("DeleteObject", 0.5, false).additional((g, e) -> e.s3Additional(g, 0, 0)));
        add(new ApiCall("s3.amazonaws.com", "ListObjects").readOnly().data().weight(3).tags("HMX").version("1.10")
                .errors(ApiCall.Errors.S3)
                .prepare(e -> e.bucket = e.pick(e.acct.buckets))
                .request((g, e) -> {
                    g.writeStartObject();
                    g.writeStringField("list-type", "2");
                    g.writeStringField("bucketName", e.bucket);
                    g.writeStringField("encoding-type", "url");
                    g.writeStringField("prefix", Rand.pick(e.r, new String[] {"logs/", "exports/", "uploads/", ""}));
                    g.writeStringField("delimiter", "/");
                    g.writeStringField("Host", e.s3Host());
                    g.writeEndObject();
                })
                .additional((g, e) -> e.s3Additional(g, 0, 0))
                .resources((g, e) -> e.resource(g, "AWS::S3::Bucket", "arn:aws:s3:::" + e.bucket)));
    }

    private static ApiCall bucketCall(String name, double weight, String subresource) {
        return new ApiCall("s3.amazonaws.com", name).readOnly().weight(weight).version("1.10").errors(ApiCall.Errors.S3)
                .prepare(e -> e.bucket = e.pick(e.acct.buckets))
                .request((g, e) -> {
                    g.writeStartObject();
                    g.writeStringField("bucketName", e.bucket);
                    g.writeStringField("Host", e.bucket + ".s3.amazonaws.com");
                    g.writeStringField(subresource, "");
                    g.writeEndObject();
                })
                .additional((g, e) -> e.s3Additional(g, 0, 0))
                .resources((g, e) -> e.resource(g, "AWS::S3::Bucket", "arn:aws:s3:::" + e.bucket));
    }

    private static ApiCall objectCall(String name, double weight, boolean readOnly) {
        ApiCall c = new ApiCall("s3.amazonaws.com", name).data().weight(weight).tags("HMX").version("1.10")
                .errors(ApiCall.Errors.S3)
                .prepare(e -> {
                    e.bucket = e.pick(e.acct.buckets);
                    e.objectKey = e.s3Key();
                })
                .request((g, e) -> {
                    g.writeStartObject();
                    g.writeStringField("bucketName", e.bucket);
                    g.writeStringField("Host", e.s3Host());
                    g.writeStringField("key", e.objectKey);
                    g.writeEndObject();
                })
                .resources((g, e) -> {
                    g.writeStartObject();
                    g.writeStringField("type", "AWS::S3::Object");
                    g.writeStringField("ARN", "arn:aws:s3:::" + e.bucket + "/" + e.objectKey);
                    g.writeEndObject();
                    e.resource(g, "AWS::S3::Bucket", "arn:aws:s3:::" + e.bucket);
                });
        return readOnly ? c.readOnly() : c;
    }

    private void kms() {
        add(new ApiCall("kms.amazonaws.com", "Decrypt").readOnly().weight(9).tags("HMX")
                .prepare(e -> e.keyId = e.pick(e.acct.keyIds))
                .request((g, e) -> {
                    g.writeStartObject();
                    e.encryptionContext(g);
                    g.writeStringField("encryptionAlgorithm", "SYMMETRIC_DEFAULT");
                    g.writeEndObject();
                })
                .resources((g, e) -> e.resource(g, "AWS::KMS::Key", e.keyArn())));
        add(new ApiCall("kms.amazonaws.com", "GenerateDataKey").readOnly().weight(5).tags("MX")
                .prepare(e -> e.keyId = e.pick(e.acct.keyIds))
                .request((g, e) -> {
                    g.writeStartObject();
                    g.writeStringField("keyId", e.chance(0.5) ? e.keyArn() : "alias/aws/s3");
                    e.encryptionContext(g);
                    g.writeStringField("keySpec", "AES_256");
                    g.writeEndObject();
                })
                .resources((g, e) -> e.resource(g, "AWS::KMS::Key", e.keyArn())));
        add(new ApiCall("kms.amazonaws.com", "Encrypt").readOnly().weight(1).tags("M")
                .prepare(e -> e.keyId = e.pick(e.acct.keyIds))
                .request((g, e) -> {
                    g.writeStartObject();
                    g.writeStringField("keyId", e.keyArn());
                    e.encryptionContext(g);
                    g.writeStringField("encryptionAlgorithm", "SYMMETRIC_DEFAULT");
                    g.writeEndObject();
                })
                .resources((g, e) -> e.resource(g, "AWS::KMS::Key", e.keyArn())));
        add(new ApiCall("kms.amazonaws.com", "DescribeKey").readOnly().weight(1)
                .prepare(e -> e.keyId = e.pick(e.acct.keyIds))
                .request((g, e) -> {
                    g.writeStartObject();
                    g.writeStringField("keyId", e.chance(0.5) ? "alias/aws/ebs" : e.keyId);
                    g.writeEndObject();
                })
                .resources((g, e) -> e.resource(g, "AWS::KMS::Key", e.keyArn())));
        add(new ApiCall("kms.amazonaws.com", "CreateGrant").tags("")
                .prepare(e -> e.keyId = e.pick(e.acct.keyIds))
                .request((g, e) -> {
                    g.writeStartObject();
                    g.writeStringField("keyId", e.keyArn());
                    g.writeObjectFieldStart("constraints");
                    g.writeObjectFieldStart("encryptionContextSubset");
                    g.writeStringField("aws:ebs:id", e.pick(e.acct.volumes));
                    g.writeEndObject();
                    g.writeEndObject();
                    g.writeStringField("granteePrincipal", e.region + ".ec2.amazonaws.com");
                    g.writeStringField("retiringPrincipal", "ec2." + e.region + ".amazonaws.com");
                    g.writeArrayFieldStart("operations");
                    g.writeString("Decrypt");
                    g.writeString("GenerateDataKeyWithoutPlaintext");
                    g.writeString("ReEncryptFrom");
                    g.writeString("ReEncryptTo");
                    g.writeString("CreateGrant");
                    g.writeEndArray();
                    g.writeEndObject();
                })
                .response((g, e) -> {
                    g.writeStartObject();
                    g.writeStringField("grantId", Rand.hex(e.r, 64));
                    g.writeStringField("keyId", e.keyArn());
                    g.writeEndObject();
                })
                .resources((g, e) -> e.resource(g, "AWS::KMS::Key", e.keyArn())));
        add(new ApiCall("kms.amazonaws.com", "GenerateDataKeyWithoutPlaintext").readOnly().tags("")
                .prepare(e -> e.keyId = e.pick(e.acct.keyIds))
                .request((g, e) -> {
                    g.writeStartObject();
                    g.writeStringField("keyId", e.keyArn());
                    g.writeObjectFieldStart("encryptionContext");
                    g.writeStringField("aws:ebs:id", e.pick(e.acct.volumes));
                    g.writeEndObject();
                    g.writeNumberField("numberOfBytes", 64);
                    g.writeEndObject();
                })
                .resources((g, e) -> e.resource(g, "AWS::KMS::Key", e.keyArn())));
        add(new ApiCall("kms.amazonaws.com", "RotateKey")
                .serviceEvent("AWS Internal", (g, e) -> {
                    g.writeStartObject();
                    g.writeStringField("keyId", e.keyId);
                    g.writeEndObject();
                })
                .prepare(e -> e.keyId = e.pick(e.acct.keyIds))
                .resources((g, e) -> e.resource(g, "AWS::KMS::Key", e.keyArn())));
    }

    private void lambda() {
        add(new ApiCall("lambda.amazonaws.com", "ListFunctions20150331").readOnly().weight(1));
        add(new ApiCall("lambda.amazonaws.com", "GetFunction20150331v2").readOnly().weight(1)
                .prepare(e -> e.function = e.pick(e.acct.functions))
                .request((g, e) -> {
                    g.writeStartObject();
                    g.writeStringField("functionName", e.function);
                    g.writeEndObject();
                }));
        add(new ApiCall("lambda.amazonaws.com", "UpdateFunctionCode20150331v2").weight(0.3)
                .prepare(e -> e.function = e.pick(e.acct.functions))
                .request((g, e) -> {
                    g.writeStartObject();
                    g.writeStringField("functionName", e.function);
                    g.writeBooleanField("publish", false);
                    g.writeBooleanField("dryRun", false);
                    g.writeStringField("s3Bucket", e.acct.buckets[2]);
                    g.writeStringField("s3Key", Rand.hex(e.r, 64) + ".zip");
                    g.writeEndObject();
                })
                .response((g, e) -> {
                    g.writeStartObject();
                    g.writeStringField("functionName", e.function);
                    g.writeStringField("functionArn", e.functionArn());
                    g.writeStringField("runtime", "python3.12");
                    g.writeStringField("role", "arn:aws:iam::" + e.acct.id + ":role/orders-api-lambda-role-" + e.acct.env);
                    g.writeStringField("handler", "app.handler");
                    g.writeNumberField("codeSize", 10_000 + e.r.nextInt(5_000_000));
                    g.writeStringField("description", "");
                    g.writeNumberField("timeout", 30);
                    g.writeNumberField("memorySize", 256);
                    g.writeStringField("lastModified", e.isoSeconds(e.sec).replace("Z", ".000+0000"));
                    g.writeStringField("codeSha256", Rand.base64(e.r, 43) + "=");
                    g.writeStringField("version", "$LATEST");
                    g.writeObjectFieldStart("tracingConfig");
                    g.writeStringField("mode", "PassThrough");
                    g.writeEndObject();
                    g.writeStringField("revisionId", e.uuid());
                    g.writeStringField("state", "Active");
                    g.writeStringField("lastUpdateStatus", "InProgress");
                    g.writeStringField("lastUpdateStatusReason", "The function is being created.");
                    g.writeStringField("lastUpdateStatusReasonCode", "Creating");
                    g.writeStringField("packageType", "Zip");
                    g.writeArrayFieldStart("architectures");
                    g.writeString("x86_64");
                    g.writeEndArray();
                    g.writeObjectFieldStart("ephemeralStorage");
                    g.writeNumberField("size", 512);
                    g.writeEndObject();
                    g.writeObjectFieldStart("loggingConfig");
                    g.writeStringField("logFormat", "Text");
                    g.writeStringField("logGroup", "/aws/lambda/" + e.function);
                    g.writeEndObject();
                    g.writeEndObject();
                }));
        add(new ApiCall("lambda.amazonaws.com", "Invoke").data().weight(4).tags("MX")
                .prepare(e -> e.function = e.pick(e.acct.functions))
                .request((g, e) -> {
                    g.writeStartObject();
                    g.writeStringField("functionName", e.functionArn());
                    if (e.chance(0.3)) {
                        g.writeStringField("invocationType", "Event");
                    }
                    g.writeEndObject();
                })
                .additional((g, e) -> {
                    g.writeStartObject();
                    g.writeStringField("functionVersion", e.functionArn() + ":$LATEST");
                    g.writeEndObject();
                })
                .resources((g, e) -> e.resource(g, "AWS::Lambda::Function", e.functionArn())));
    }

    private void others() {
        add(new ApiCall("ssm.amazonaws.com", "UpdateInstanceInformation").weight(0).tags("")
                .request((g, e) -> {
                    g.writeStartObject();
                    g.writeStringField("instanceId", e.p.ec2Role ? e.sessionName() : e.pick(e.acct.instances));
                    g.writeStringField("agentVersion", "3.3.808.0");
                    g.writeStringField("agentStatus", "Active");
                    g.writeStringField("platformType", "Linux");
                    g.writeStringField("platformName", "Amazon Linux");
                    g.writeStringField("platformVersion", "2023");
                    g.writeStringField("iPAddress", "10.0." + (e.p.index % 256) + "." + (1 + e.p.index % 250));
                    g.writeStringField("computerName", "ip-10-0-" + (e.p.index % 256) + "-" + (1 + e.p.index % 250)
                            + ".ec2.internal");
                    g.writeStringField("agentName", "amazon-ssm-agent");
                    g.writeStringField("availabilityZone", e.region + "a");
                    g.writeObjectFieldStart("sSMConnectionChannel");
                    g.writeEndObject();
                    g.writeEndObject();
                }));
        add(new ApiCall("ssm.amazonaws.com", "GetParameter").readOnly().weight(3)
                .request((g, e) -> {
                    g.writeStartObject();
                    g.writeStringField("name", e.pick(e.acct.parameters));
                    g.writeBooleanField("withDecryption", e.chance(0.6));
                    g.writeEndObject();
                }));
        add(new ApiCall("ssm.amazonaws.com", "GetParameters").readOnly().weight(1)
                .request((g, e) -> {
                    g.writeStartObject();
                    g.writeArrayFieldStart("names");
                    g.writeString(e.acct.parameters[0]);
                    g.writeString(e.acct.parameters[1]);
                    g.writeEndArray();
                    g.writeBooleanField("withDecryption", false);
                    g.writeEndObject();
                }));
        add(new ApiCall("secretsmanager.amazonaws.com", "GetSecretValue").readOnly().weight(3)
                .request((g, e) -> {
                    g.writeStartObject();
                    String secret = e.pick(e.acct.secrets);
                    g.writeStringField("secretId", e.chance(0.5) ? secret
                            : "arn:aws:secretsmanager:" + e.region + ":" + e.acct.id + ":secret:" + secret);
                    g.writeEndObject();
                }));
        add(new ApiCall("logs.amazonaws.com", "CreateLogStream").weight(3).tags("M")
                .request((g, e) -> {
                    g.writeStartObject();
                    g.writeStringField("logGroupName", e.pick(e.acct.logGroups));
                    g.writeStringField("logStreamName", e.isoSeconds(e.sec).substring(0, 10).replace('-', '/')
                            + "/[$LATEST]" + Rand.hex(e.r, 32));
                    g.writeEndObject();
                }));
        add(new ApiCall("logs.amazonaws.com", "DescribeLogGroups").readOnly().weight(1)
                .request((g, e) -> {
                    g.writeStartObject();
                    g.writeStringField("logGroupNamePrefix", "/aws/lambda/");
                    g.writeEndObject();
                }));
        add(new ApiCall("monitoring.amazonaws.com", "GetMetricData").readOnly().weight(3).errors(ApiCall.Errors.QUERY)
                .request((g, e) -> {
                    g.writeStartObject();
                    g.writeArrayFieldStart("metricDataQueries");
                    g.writeStartObject();
                    g.writeStringField("id", "m1");
                    g.writeObjectFieldStart("metricStat");
                    g.writeObjectFieldStart("metric");
                    g.writeStringField("namespace", "AWS/EC2");
                    g.writeStringField("metricName", "CPUUtilization");
                    g.writeArrayFieldStart("dimensions");
                    g.writeStartObject();
                    g.writeStringField("name", "InstanceId");
                    g.writeStringField("value", e.pick(e.acct.instances));
                    g.writeEndObject();
                    g.writeEndArray();
                    g.writeEndObject();
                    g.writeNumberField("period", 300);
                    g.writeStringField("stat", "Average");
                    g.writeEndObject();
                    g.writeBooleanField("returnData", true);
                    g.writeEndObject();
                    g.writeEndArray();
                    g.writeStringField("startTime", TimeText.awsLong(e.sec - 3600));
                    g.writeStringField("endTime", TimeText.awsLong(e.sec));
                    g.writeEndObject();
                }));
        add(new ApiCall("monitoring.amazonaws.com", "PutMetricAlarm").weight(0.3).errors(ApiCall.Errors.QUERY)
                .request((g, e) -> {
                    g.writeStartObject();
                    g.writeStringField("alarmName", e.acct.env + "-high-cpu-" + e.pick(e.acct.instances));
                    g.writeStringField("metricName", "CPUUtilization");
                    g.writeStringField("namespace", "AWS/EC2");
                    g.writeStringField("statistic", "Average");
                    g.writeNumberField("period", 300);
                    g.writeNumberField("evaluationPeriods", 3);
                    g.writeNumberField("threshold", 80.0);
                    g.writeStringField("comparisonOperator", "GreaterThanThreshold");
                    g.writeEndObject();
                }));
        add(new ApiCall("dynamodb.amazonaws.com", "DescribeTable").readOnly().weight(1.5)
                .prepare(e -> e.table = e.pick(e.acct.tables))
                .request((g, e) -> {
                    g.writeStartObject();
                    g.writeStringField("tableName", e.table);
                    g.writeEndObject();
                })
                .resources((g, e) -> e.resource(g, "AWS::DynamoDB::Table", e.tableArn())));
        add(new ApiCall("dynamodb.amazonaws.com", "GetItem").readOnly().data().weight(2).tags("M")
                .prepare(e -> e.table = e.pick(e.acct.tables))
                .request((g, e) -> {
                    g.writeStartObject();
                    g.writeStringField("tableName", e.table);
                    g.writeObjectFieldStart("key");
                    g.writeStringField("pk", "ORDER#" + e.r.nextInt(1_000_000));
                    g.writeEndObject();
                    g.writeBooleanField("consistentRead", false);
                    g.writeEndObject();
                })
                .resources((g, e) -> e.resource(g, "AWS::DynamoDB::Table", e.tableArn())));
        add(new ApiCall("ecr.amazonaws.com", "GetAuthorizationToken").readOnly().weight(2).tags("M"));
        add(new ApiCall("elasticloadbalancing.amazonaws.com", "DescribeTargetHealth").readOnly().weight(2)
                .errors(ApiCall.Errors.QUERY)
                .request((g, e) -> {
                    g.writeStartObject();
                    g.writeStringField("targetGroupArn", "arn:aws:elasticloadbalancing:" + e.region + ":" + e.acct.id
                            + ":targetgroup/" + e.pick(e.acct.targetGroups));
                    g.writeEndObject();
                }));
        add(new ApiCall("cloudformation.amazonaws.com", "DescribeStacks").readOnly().weight(1).errors(ApiCall.Errors.QUERY)
                .request((g, e) -> {
                    g.writeStartObject();
                    g.writeStringField("stackName", e.pick(e.acct.stacks));
                    g.writeEndObject();
                }));
        add(new ApiCall("cloudtrail.amazonaws.com", "LookupEvents").readOnly().weight(0.5).tags("H")
                .request((g, e) -> {
                    g.writeStartObject();
                    g.writeNumberField("maxResults", 50);
                    g.writeArrayFieldStart("lookupAttributes");
                    g.writeStartObject();
                    g.writeStringField("attributeKey", "EventName");
                    g.writeStringField("attributeValue", Rand.pick(e.r, new String[] {"ConsoleLogin", "RunInstances",
                        "DeleteBucket", "PutBucketPolicy"}));
                    g.writeEndObject();
                    g.writeEndArray();
                    g.writeEndObject();
                }));
        add(new ApiCall("cloudtrail.amazonaws.com", "DescribeTrails").readOnly().weight(0.5)
                .request((g, e) -> {
                    g.writeStartObject();
                    g.writeArrayFieldStart("trailNameList");
                    g.writeEndArray();
                    g.writeBooleanField("includeShadowTrails", true);
                    g.writeEndObject();
                }));
        ApiCall login = new ApiCall("signin.amazonaws.com", "ConsoleLogin").global().weight(0).tags("")
                .errors(ApiCall.Errors.CONSOLE)
                .additional((g, e) -> {
                    g.writeStartObject();
                    g.writeStringField("LoginTo", "https://console.aws.amazon.com/console/home?hashArgs=%23&isauthcode=true"
                            + "&state=hashArgsFromTB_" + e.region + "_" + Rand.hex(e.r, 16));
                    g.writeStringField("MobileVersion", "No");
                    g.writeStringField("MFAUsed", e.p.mfa ? "Yes" : "No");
                    g.writeEndObject();
                });
        login.eventType = "AwsConsoleSignIn";
        add(login);
        add(new ApiCall("backup.amazonaws.com", "BackupJobCompleted")
                .serviceEvent("backup.amazonaws.com", (g, e) -> {
                    g.writeStartObject();
                    g.writeStringField("backupJobId", e.uuid().toUpperCase(java.util.Locale.ROOT));
                    g.writeStringField("backupVaultName", "Default");
                    g.writeStringField("backupVaultArn", "arn:aws:backup:" + e.region + ":" + e.acct.id
                            + ":backup-vault:Default");
                    g.writeStringField("recoveryPointArn", "arn:aws:ec2:" + e.region + "::snapshot/snap-0" + Rand.hex(e.r, 16));
                    g.writeStringField("resourceArn", "arn:aws:ec2:" + e.region + ":" + e.acct.id + ":volume/"
                            + e.pick(e.acct.volumes));
                    g.writeStringField("creationDate", TimeText.awsLong(e.sec - 1800));
                    g.writeStringField("completionDate", TimeText.awsLong(e.sec));
                    g.writeStringField("state", "COMPLETED");
                    g.writeNumberField("percentDone", 100.0);
                    g.writeNumberField("backupSizeInBytes", 8_589_934_592L);
                    g.writeStringField("iamRoleArn", "arn:aws:iam::" + e.acct.id
                            + ":role/service-role/AWSBackupDefaultServiceRole");
                    g.writeStringField("resourceType", "EBS");
                    g.writeEndObject();
                }));
    }
}
