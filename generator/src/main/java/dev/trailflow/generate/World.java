package dev.trailflow.generate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The accounts, their resources and the principals acting in them: fixed for a run, built from the
 * seed before the first event. Principals are kept in popularity order (index 0 is the busiest) so
 * that one Zipf draw over indices gives the skew real trails show: a few roles make most calls.
 */
final class World {

    static final String[] TYPES = {"AssumedRole", "IAMUser", "AWSService", "FederatedUser", "AWSAccount", "Root"};

    /** How a principal behaves: which calls it makes, from where, with which client. */
    enum Kind { SSO_HUMAN, INSTANCE_ROLE, WORKLOAD_ROLE, CI_ROLE, SERVICE_LINKED_ROLE, WEB_IDENTITY_ROLE,
        HUMAN_USER, SERVICE_USER, ROOT, FEDERATED, CROSS_ACCOUNT, AWS_SERVICE }

    static final class Account {
        final int index;
        final String id;
        final String env;
        final String[] buckets;
        final String[] instances;
        final String[] volumes;
        final String[] securityGroups;
        final String[] functions;
        final String[] keyIds;
        final String[] tables;
        final String[] secrets;
        final String[] parameters;
        final String[] logGroups;
        final String[] stacks;
        final String[] targetGroups;
        final String subnet;
        final String vpc;
        final String vpcEndpoint;
        final List<String> roles = new ArrayList<>();
        final List<String> users = new ArrayList<>();
        /** Role and user ids by name: looked up, never iterated, so the map's order does not matter. */
        final Map<String, String> ids = new HashMap<>();

        Account(int index, String id, String env, SplittableRandom r) {
            this.index = index;
            this.id = id;
            this.env = env;
            String h = Rand.hex(r, 8);
            buckets = new String[] {
                "acme-" + env + "-data-lake", "acme-" + env + "-app-uploads", "cdk-hnb659fds-assets-" + id + "-us-east-1",
                "acme-" + env + "-logs-" + id, "terraform-state-" + id, "acme-" + env + "-exports-" + h,
                "aws-athena-query-results-" + id + "-us-east-1", "acme-" + env + "-backups"};
            instances = new String[8 + r.nextInt(12)];
            for (int i = 0; i < instances.length; i++) {
                instances[i] = "i-0" + Rand.hex(r, 16);
            }
            volumes = new String[instances.length];
            for (int i = 0; i < volumes.length; i++) {
                volumes[i] = "vol-0" + Rand.hex(r, 16);
            }
            securityGroups = new String[5];
            for (int i = 0; i < securityGroups.length; i++) {
                securityGroups[i] = "sg-0" + Rand.hex(r, 16);
            }
            functions = new String[] {env + "-orders-api", env + "-image-resize", env + "-billing-export",
                env + "-slack-notifier", env + "-cost-report", env + "-auth-authorizer", env + "-queue-worker"};
            keyIds = new String[4];
            for (int i = 0; i < keyIds.length; i++) {
                keyIds[i] = Rand.uuid(r);
            }
            tables = new String[] {env + "-orders", env + "-sessions", env + "-customers", "terraform-locks"};
            secrets = new String[] {env + "/db/postgres-" + Rand.alnum(r, 6), env + "/api/stripe-" + Rand.alnum(r, 6),
                env + "/grafana/admin-" + Rand.alnum(r, 6)};
            parameters = new String[] {"/" + env + "/app/db_host", "/" + env + "/app/feature_flags",
                "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64",
                "/" + env + "/app/queue_url", "/cdk-bootstrap/hnb659fds/version"};
            logGroups = new String[functions.length + 2];
            for (int i = 0; i < functions.length; i++) {
                logGroups[i] = "/aws/lambda/" + functions[i];
            }
            logGroups[functions.length] = "/ecs/" + env + "-web";
            logGroups[functions.length + 1] = "/aws/eks/" + env + "-cluster/cluster";
            stacks = new String[] {"CDKToolkit", env + "-network", env + "-app", env + "-data", "StackSet-baseline-" + Rand.uuid(r)};
            targetGroups = new String[] {env + "-web-tg/" + Rand.hex(r, 16), env + "-api-tg/" + Rand.hex(r, 16)};
            subnet = "subnet-0" + Rand.hex(r, 16);
            vpc = "vpc-0" + Rand.hex(r, 16);
            vpcEndpoint = "vpce-0" + Rand.hex(r, 16);
        }
    }

    static final class Principal {
        final int index;
        final Kind kind;
        final String type;
        final Account account;
        String principalId;
        String arn;
        /** The identity's own accountId: differs from the recipient for cross-account callers. */
        String identityAccountId;
        String accessKeyId;
        String userName;
        String invokedBy;
        String issuerType;
        String issuerPrincipalId;
        String issuerArn;
        String issuerUserName;
        String webIdentityProvider;
        boolean console;
        boolean mfa;
        boolean ec2Role;
        int sessionOffsetSeconds;
        String[] ips;
        String[] agents;
        String tlsVersion;
        String cipherSuite;
        int homeRegion;
        boolean viaVpcEndpoint;
        double errorRate;
        ApiCall[] calls;
        double[] callCdf;

        Principal(int index, Kind kind, String type, Account account) {
            this.index = index;
            this.kind = kind;
            this.type = type;
            this.account = account;
        }

        String sessionIssuerAccountId() {
            return account.id;
        }
    }

    final Account[] accounts;
    final String[] externalAccounts;
    final String[] regions;
    final Principal[] principals;
    final double[] principalCdf;
    final ApiCalls calls;
    final String trailName;
    final String bucket;
    final String digestKeyFingerprint;

    private boolean consoleUserBuilt;

    World(GeneratorConfig cfg, SplittableRandom r) {
        regions = GeneratorConfig.REGION_NAMES.subList(0, cfg.regions).toArray(new String[0]);
        String[] envs = {"prod", "staging", "dev", "shared", "security", "sandbox", "data", "ml"};
        Set<String> ids = new HashSet<>();
        accounts = new Account[cfg.accounts];
        for (int a = 0; a < accounts.length; a++) {
            String id = uniqueAccountId(r, ids);
            String env = a < envs.length ? envs[a] : envs[a % envs.length] + (a / envs.length);
            accounts[a] = new Account(a, id, env, r);
        }
        externalAccounts = new String[3];
        for (int i = 0; i < externalAccounts.length; i++) {
            externalAccounts[i] = uniqueAccountId(r, ids);
        }
        calls = new ApiCalls();
        trailName = "org-management-trail";
        bucket = "aws-cloudtrail-logs-" + accounts[0].id + "-" + Rand.hex(r, 8);
        digestKeyFingerprint = Rand.hex(r, 32);
        principals = new Principal[cfg.principals];
        String[] types = assignTypes(cfg, r);
        Names names = new Names();
        double[] accountCdf = accountCdf();
        int roots = 0;
        for (int i = 0; i < principals.length; i++) {
            String type = types[i];
            Account acct = type.equals("Root") ? accounts[roots++] : accounts[Rand.sample(r, accountCdf)];
            principals[i] = build(i, type, acct, r, names);
        }
        principalCdf = Rand.zipfCdf(principals.length, 1.2);
    }

    private static String uniqueAccountId(SplittableRandom r, Set<String> taken) {
        while (true) {
            String id = (1 + r.nextInt(9)) + Rand.digits(r, 11);
            if (taken.add(id)) {
                return id;
            }
        }
    }

    /** Busier accounts first: production carries most of an organisation's traffic. */
    private double[] accountCdf() {
        double[] cdf = new double[accounts.length];
        double sum = 0;
        for (int a = 0; a < accounts.length; a++) {
            sum += 1.0 / Math.pow(a + 1, 0.8);
            cdf[a] = sum;
        }
        for (int a = 0; a < accounts.length; a++) {
            cdf[a] /= sum;
        }
        cdf[accounts.length - 1] = 1.0;
        return cdf;
    }

    /**
     * Types in popularity order. Every type gets a place near the top so that even a small run shows
     * each of them, and there is at most one Root per account, as in reality.
     */
    private String[] assignTypes(GeneratorConfig cfg, SplittableRandom r) {
        int n = cfg.principals;
        String[] types = new String[n];
        double[] w = {50, 20, 14, 4, 6, 2};
        for (int i = 0; i < n; i++) {
            types[i] = TYPES[Rand.weighted(r, w)];
        }
        String[] order = {"AssumedRole", "AWSService", "IAMUser", "AWSAccount", "FederatedUser", "Root"};
        int[] slots = {0, 2, 4, 9, 19, 39};
        boolean[] reserved = new boolean[n];
        for (int k = 0; k < order.length; k++) {
            int slot = Math.min(slots[k], n - 1);
            int first = Arrays.asList(types).indexOf(order[k]);
            if (first >= 0 && first <= slot && !reserved[first]) {
                reserved[first] = true;
                continue;
            }
            while (slot > 0 && reserved[slot]) {
                slot--;
            }
            if (reserved[slot]) {
                break;
            }
            reserved[slot] = true;
            types[slot] = order[k];
        }
        int roots = 0;
        for (int i = 0; i < n; i++) {
            if (types[i].equals("Root")) {
                if (roots < cfg.accounts) {
                    roots++;
                } else {
                    types[i] = "AssumedRole";
                }
            }
        }
        return types;
    }

    private Principal build(int index, String type, Account acct, SplittableRandom r, Names names) {
        Principal p;
        switch (type) {
            case "AssumedRole": {
                Kind kind = new Kind[] {Kind.SSO_HUMAN, Kind.INSTANCE_ROLE, Kind.WORKLOAD_ROLE, Kind.CI_ROLE,
                    Kind.SERVICE_LINKED_ROLE, Kind.WEB_IDENTITY_ROLE}[Rand.weighted(r, new double[] {22, 28, 22, 12, 10, 6})];
                p = new Principal(index, kind, type, acct);
                assumedRole(p, r, names);
                break;
            }
            case "IAMUser": {
                // The busiest IAM user is a person signing in to the console, so that even a small
                // run has console sign-ins.
                boolean first = !consoleUserBuilt;
                consoleUserBuilt = true;
                Kind kind = first || r.nextDouble() < 0.5 ? Kind.HUMAN_USER : Kind.SERVICE_USER;
                p = new Principal(index, kind, type, acct);
                p.userName = names.unique(acct, kind == Kind.HUMAN_USER ? names.person(r) : names.serviceUser(r));
                acct.users.add(p.userName);
                p.principalId = "AIDA" + Rand.upperAlnum(r, 17);
                p.arn = "arn:aws:iam::" + acct.id + ":user/" + p.userName;
                p.identityAccountId = acct.id;
                p.console = first || (kind == Kind.HUMAN_USER && r.nextDouble() < 0.6);
                p.mfa = p.console;
                p.accessKeyId = (p.console ? "ASIA" : "AKIA") + Rand.upperAlnum(r, 16);
                break;
            }
            case "Root":
                p = new Principal(index, Kind.ROOT, type, acct);
                p.principalId = acct.id;
                p.arn = "arn:aws:iam::" + acct.id + ":root";
                p.identityAccountId = acct.id;
                p.accessKeyId = "ASIA" + Rand.upperAlnum(r, 16);
                p.console = true;
                p.mfa = r.nextDouble() < 0.8;
                break;
            case "FederatedUser": {
                p = new Principal(index, Kind.FEDERATED, type, acct);
                String broker = "federation-broker";
                String user = names.person(r);
                p.principalId = acct.id + ":" + user;
                p.arn = "arn:aws:sts::" + acct.id + ":federated-user/" + user;
                p.identityAccountId = acct.id;
                p.accessKeyId = "ASIA" + Rand.upperAlnum(r, 16);
                p.issuerType = "IAMUser";
                p.issuerPrincipalId = acct.ids.computeIfAbsent("user/" + broker, k -> "AIDA" + Rand.upperAlnum(r, 17));
                p.issuerArn = "arn:aws:iam::" + acct.id + ":user/" + broker;
                p.issuerUserName = broker;
                break;
            }
            case "AWSAccount":
                p = new Principal(index, Kind.CROSS_ACCOUNT, type, acct);
                p.identityAccountId = externalAccounts[r.nextInt(externalAccounts.length)];
                p.principalId = r.nextDouble() < 0.5
                        ? "AIDA" + Rand.upperAlnum(r, 17)
                        : "AROA" + Rand.upperAlnum(r, 17) + ":" + names.machineSession(r);
                break;
            default:
                p = new Principal(index, Kind.AWS_SERVICE, type, acct);
                p.invokedBy = Rand.pick(r, ApiCalls.INVOKERS);
                break;
        }
        network(p, r);
        p.homeRegion = r.nextDouble() < 0.6 ? 0 : r.nextInt(regions.length);
        // A few misconfigured principals keep failing; kept out of the busiest ranks so that errors stay
        // a few percent of the traffic rather than following whichever principal happens to lead.
        boolean misconfigured = index >= 10 && r.nextDouble() < 0.06;
        p.errorRate = misconfigured ? 0.2 + 0.2 * r.nextDouble() : 0.005 + 0.025 * r.nextDouble();
        p.calls = calls.profile(p, r);
        p.callCdf = Rand.zipfCdf(p.calls.length, 1.5);
        return p;
    }

    private void assumedRole(Principal p, SplittableRandom r, Names names) {
        Account acct = p.account;
        String role;
        String session;
        switch (p.kind) {
            case SSO_HUMAN:
                String set = Rand.pick(r, Names.SSO_SETS);
                role = "AWSReservedSSO_" + set + "_" + acct.ids.computeIfAbsent("sso/" + set, k -> Rand.hex(r, 16));
                session = names.person(r) + "@acme-corp.example";
                p.console = r.nextDouble() < 0.7;
                break;
            case INSTANCE_ROLE:
                role = Rand.pick(r, Names.INSTANCE_ROLES);
                session = acct.instances[r.nextInt(acct.instances.length)];
                p.ec2Role = true;
                break;
            case SERVICE_LINKED_ROLE: {
                int k = r.nextInt(Names.SERVICE_LINKED.length);
                role = Names.SERVICE_LINKED[k][0];
                p.invokedBy = Names.SERVICE_LINKED[k][1];
                session = Names.SERVICE_LINKED[k][2];
                break;
            }
            case WEB_IDENTITY_ROLE:
                role = Rand.pick(r, Names.IRSA_ROLES);
                session = Long.toString(1_727_000_000_000_000_000L + (r.nextLong() & 0xFFFFFFFFFFFFL));
                p.webIdentityProvider = "arn:aws:iam::" + acct.id + ":oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/"
                        + Rand.hex(r, 32).toUpperCase(java.util.Locale.ROOT);
                break;
            case CI_ROLE:
                role = Rand.pick(r, Names.CI_ROLES);
                session = Rand.pick(r, new String[] {"GitHubActions", "terraform-plan", "atlantis-" + Rand.hex(r, 8),
                    "botocore-session-" + (1_727_300_000 + r.nextInt(100_000))});
                break;
            default:
                role = Rand.pick(r, Names.WORKLOAD_ROLES) + "-" + acct.env;
                session = names.machineSession(r);
                break;
        }
        // Several principals may share a role (people behind one SSO permission set, instances behind
        // one instance profile): the issuer, which the rollups group by, then repeats across them.
        if (!acct.roles.contains(role)) {
            acct.roles.add(role);
        }
        String roleId = acct.ids.computeIfAbsent("role/" + role, k -> "AROA" + Rand.upperAlnum(r, 17));
        p.principalId = roleId + ":" + session;
        p.arn = "arn:aws:sts::" + acct.id + ":assumed-role/" + role + "/" + session;
        p.identityAccountId = acct.id;
        p.accessKeyId = "ASIA" + Rand.upperAlnum(r, 16);
        p.issuerType = "Role";
        p.issuerPrincipalId = roleId;
        p.issuerArn = "arn:aws:iam::" + acct.id + ":role/"
                + (p.kind == Kind.SERVICE_LINKED_ROLE ? "aws-service-role/" + p.invokedBy + "/" : "")
                + (p.kind == Kind.SSO_HUMAN ? "aws-reserved/sso.amazonaws.com/" : "") + role;
        p.issuerUserName = role;
        p.sessionOffsetSeconds = r.nextInt(3600);
    }

    /** A stable handful of addresses and clients per principal, so rollup groups repeat. */
    private void network(Principal p, SplittableRandom r) {
        boolean human = p.kind == Kind.SSO_HUMAN || p.kind == Kind.HUMAN_USER || p.kind == Kind.ROOT
                || p.kind == Kind.FEDERATED;
        if (p.kind == Kind.AWS_SERVICE) {
            p.ips = p.invokedBy.startsWith("kms") || r.nextDouble() < 0.2
                    ? new String[] {p.invokedBy, "AWS Internal"} : new String[] {p.invokedBy};
            p.agents = new String[] {p.invokedBy};
            return;
        }
        if (p.kind == Kind.SERVICE_LINKED_ROLE) {
            p.ips = new String[] {p.invokedBy};
            p.agents = new String[] {p.invokedBy};
            return;
        }
        int n = 1 + r.nextInt(human ? 3 : 2);
        p.ips = new String[n];
        p.viaVpcEndpoint = !human && r.nextDouble() < 0.15;
        for (int i = 0; i < n; i++) {
            if (p.viaVpcEndpoint) {
                p.ips[i] = "10." + r.nextInt(256) + "." + r.nextInt(256) + "." + (1 + r.nextInt(254));
            } else if (r.nextDouble() < 0.07) {
                p.ips[i] = Rand.ipv6(r, human);
            } else {
                p.ips[i] = Rand.ipv4(r, human);
            }
        }
        if (human && p.console && r.nextDouble() < 0.5) {
            p.ips = Arrays.copyOf(p.ips, n + 1);
            p.ips[n] = "AWS Internal";
        }
        if (human) {
            p.agents = p.console
                    ? new String[] {Rand.pick(r, Names.BROWSERS), "AWS Internal", Rand.pick(r, Names.CONSOLE_AGENTS)}
                    : new String[] {Rand.pick(r, Names.CLI_AGENTS), Rand.pick(r, Names.SDK_AGENTS)};
        } else if (p.ec2Role) {
            p.agents = new String[] {Names.SSM_AGENT, Rand.pick(r, Names.SDK_AGENTS)};
        } else {
            p.agents = new String[] {Rand.pick(r, Names.SDK_AGENTS), Rand.pick(r, Names.SDK_AGENTS)};
        }
        boolean tls13 = r.nextDouble() < 0.75;
        p.tlsVersion = tls13 ? "TLSv1.3" : "TLSv1.2";
        p.cipherSuite = tls13
                ? (r.nextDouble() < 0.8 ? "TLS_AES_128_GCM_SHA256" : "TLS_AES_256_GCM_SHA384")
                : "ECDHE-RSA-AES128-GCM-SHA256";
    }

    /** Name pools. Duplicates within an account get a numeric suffix. */
    static final class Names {
        static final String[] FIRST = {"alice", "bruno", "carmen", "deepak", "elena", "farid", "grace", "hiro", "ines",
            "jamal", "kofi", "lena", "mateo", "nadia", "oscar", "priya", "quinn", "rafael", "sofia", "tomas", "uma",
            "victor", "wen", "ximena", "yusuf", "zoe"};
        static final String[] LAST = {"nguyen", "schmidt", "okafor", "tanaka", "garcia", "kowalski", "haddad", "silva",
            "johansson", "mensah", "rossi", "patel", "dubois", "kim", "novak", "oconnor"};
        static final String[] SSO_SETS = {"AdministratorAccess", "ReadOnlyAccess", "PowerUserAccess", "Billing",
            "DeveloperAccess", "SecurityAudit"};
        static final String[] INSTANCE_ROLES = {"ec2-ssm-instance-role", "eks-node-group-role", "AmazonSSMRoleForInstancesQuickSetup",
            "bastion-host-role", "batch-compute-instance-role", "jenkins-agent-role"};
        static final String[] WORKLOAD_ROLES = {"orders-api-lambda-role", "image-resize-lambda-role", "ecs-task-billing",
            "ecs-task-web", "queue-worker-role", "glue-etl-role", "step-functions-exec-role", "datadog-integration-role"};
        static final String[] CI_ROLES = {"github-actions-deploy", "terraform-ci", "OrganizationAccountAccessRole",
            "cloud-custodian", "aws-controltower-AdministratorExecutionRole", "cdk-hnb659fds-deploy-role"};
        static final String[] IRSA_ROLES = {"karpenter-controller", "external-dns", "aws-load-balancer-controller",
            "ebs-csi-driver", "cluster-autoscaler", "fluent-bit"};
        static final String[][] SERVICE_LINKED = {
            {"AWSServiceRoleForConfig", "config.amazonaws.com", "AWSConfig-Describe"},
            {"AWSServiceRoleForAutoScaling", "autoscaling.amazonaws.com", "AutoScaling"},
            {"AWSServiceRoleForECS", "ecs.amazonaws.com", "ECS"},
            {"AWSServiceRoleForAmazonGuardDuty", "guardduty.amazonaws.com", "GuardDuty"},
            {"AWSServiceRoleForSecurityHub", "securityhub.amazonaws.com", "securityhub"},
            {"AWSServiceRoleForTrustedAdvisor", "trustedadvisor.amazonaws.com", "TrustedAdvisor_" + "refresh"},
        };
        static final String[] SERVICE_USERS = {"svc-backup", "ci-deployer", "grafana-reader", "legacy-etl",
            "splunk-ingest", "s3-sync", "monitoring-exporter", "vendor-integration"};
        static final String[] BROWSERS = {
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 Safari/537.36",
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Safari/537.36 Edg/129.0.0.0",
            "Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.0",
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Safari/605.1.15"};
        static final String[] CONSOLE_AGENTS = {
            "[S3Console/0.4, aws-internal/3 aws-sdk-java/1.12.750 Linux/5.10.223-190.873.amzn2int.x86_64 OpenJDK_64-Bit_Server_VM/25.412-b09 java/1.8.0_412 vendor/Oracle_Corporation cfg/retry-mode/standard]",
            "console.amazonaws.com", "signin.amazonaws.com", "console.ec2.amazonaws.com"};
        static final String[] CLI_AGENTS = {
            "aws-cli/2.17.50 md/awscrt#0.21.2 ua/2.0 os/macos#23.6.0 md/arch#arm64 lang/python#3.11.9 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/prompt#off md/command#s3.ls",
            "aws-cli/2.17.37 md/awscrt#0.21.2 ua/2.0 os/linux#6.1.0-25-amd64 md/arch#x86_64 lang/python#3.11.9 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/distrib#debian.12 md/prompt#off md/command#ec2.describe-instances",
            "aws-cli/1.33.22 md/Botocore#1.34.140 ua/2.0 os/linux#5.15.0-119-generic md/arch#x86_64 lang/python#3.10.12 md/pyimpl#CPython cfg/retry-mode#legacy botocore/1.34.140",
            "aws-cli/2.18.0 md/awscrt#0.21.5 ua/2.0 os/windows#10 md/arch#amd64 lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/prompt#off md/command#sts.get-caller-identity"};
        static final String[] SDK_AGENTS = {
            "Boto3/1.35.10 md/Botocore#1.35.10 ua/2.0 os/linux#5.10.223-211.872.amzn2.x86_64 md/arch#x86_64 lang/python#3.12.5 md/pyimpl#CPython exec-env/AWS_Lambda_python3.12 cfg/retry-mode#legacy Botocore/1.35.10",
            "aws-sdk-java/2.27.9 Linux/5.10.224-212.876.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/17.0.12+7-LTS Java/17.0.12 vendor/Amazon.com_Inc. md/internal exec-env/AWS_ECS_FARGATE io/sync http/Apache cfg/retry-mode/legacy",
            "aws-sdk-go-v2/1.30.3 os/linux lang/go#1.22.5 md/GOOS#linux md/GOARCH#amd64 api/sts#1.30.3",
            "APN/1.0 HashiCorp/1.0 Terraform/1.9.5 (+https://www.terraform.io) terraform-provider-aws/5.64.0 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.30.4 ua/2.0 os/linux lang/go#1.22.6 md/GOOS#linux md/GOARCH#amd64 api/ec2#1.177.0",
            "aws-sdk-js/3.645.0 ua/2.1 os/linux#5.10.224-234.876.amzn2.x86_64 lang/js md/nodejs#20.17.0 api/dynamodb#3.645.0 exec-env/AWS_Lambda_nodejs20.x",
            "Datadog/AWS-Integration aws-sdk-go/1.55.5 (go1.22.6; linux; amd64)",
            "Grafana/11.2.0 aws-sdk-go/1.55.5 (go1.22.6; linux; amd64)",
            "aws-sdk-go/1.55.5 (go1.22.6; linux; amd64) exec-env/AWS_ECS_EC2 kubernetes/v1.30.4-eks-a737599"};
        static final String SSM_AGENT = "aws-sdk-go/1.54.19 (go1.22.5; linux; amd64) amazon-ssm-agent/3.3.808.0";

        private final Set<String> taken = new HashSet<>();

        String person(SplittableRandom r) {
            return Rand.pick(r, FIRST) + "." + Rand.pick(r, LAST);
        }

        String serviceUser(SplittableRandom r) {
            return Rand.pick(r, SERVICE_USERS);
        }

        String machineSession(SplittableRandom r) {
            switch (r.nextInt(3)) {
                case 0:
                    return "botocore-session-" + (1_727_300_000 + r.nextInt(100_000));
                case 1:
                    return "aws-go-sdk-" + (1_727_300_000_000_000_000L + (r.nextLong() & 0xFFFFFFFFFFFFL));
                default:
                    return Rand.hex(r, 32);
            }
        }

        String unique(Account acct, String name) {
            String candidate = name;
            for (int n = 2; !taken.add(acct.id + "/" + candidate); n++) {
                candidate = name + "-" + n;
            }
            return candidate;
        }
    }
}
