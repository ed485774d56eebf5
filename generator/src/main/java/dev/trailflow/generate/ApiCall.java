package dev.trailflow.generate;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/** One kind of CloudTrail event: which API, how it is classified, and how its payloads look. */
final class ApiCall {

    /** Writes one JSON value (an object, or the elements of {@code resources}). */
    @FunctionalInterface
    interface Part {
        void write(JsonGenerator g, EventWriter e) throws IOException;
    }

    /** Chooses the resources an event is about before its payloads refer to them. */
    @FunctionalInterface
    interface Prepare {
        void run(EventWriter e);
    }

    enum Errors { QUERY, JSON, EC2, S3, IAM, CONSOLE, NONE }

    final String source;
    final String name;
    /** The IAM action prefix, for AccessDenied messages ({@code monitoring} is {@code cloudwatch}). */
    final String service;
    /** The IAM action ({@code ListFunctions20150331} is {@code ListFunctions}). */
    final String action;
    int index;
    String version;
    boolean readOnly;
    boolean data;
    /** Recorded in us-east-1 whatever the caller's region (IAM, sign-in, bucket listing). */
    boolean global;
    String eventType = "AwsApiCall";
    /** For service events: the {@code invokedBy} of the typeless identity AWS writes for them. */
    String serviceInvoker;
    /** H: people, M: workloads, X: other accounts; none: only AWS services make it. */
    String tags = "HM";
    double weight = 1;
    Errors errors = Errors.JSON;
    Prepare prepare;
    Part request;
    Part response;
    Part additional;
    Part resources;
    Part serviceDetails;
    boolean sharedEvent;

    ApiCall(String source, String name) {
        this.source = source;
        this.name = name;
        String prefix = source.substring(0, source.indexOf('.'));
        this.service = prefix.equals("monitoring") ? "cloudwatch" : prefix;
        this.action = name.replaceAll("20\\d{6}(v\\d)?$", "");
        // Services move to newer record versions at their own pace.
        this.version = prefix.equals("s3") ? "1.10" : prefix.equals("ec2") || prefix.equals("ssm") ? "1.09" : "1.08";
    }

    ApiCall version(String v) {
        version = v;
        return this;
    }

    ApiCall readOnly() {
        readOnly = true;
        return this;
    }

    ApiCall data() {
        data = true;
        return this;
    }

    ApiCall global() {
        global = true;
        return this;
    }

    ApiCall weight(double w) {
        weight = w;
        return this;
    }

    ApiCall tags(String t) {
        tags = t;
        return this;
    }

    ApiCall errors(Errors e) {
        errors = e;
        return this;
    }

    ApiCall prepare(Prepare p) {
        prepare = p;
        return this;
    }

    ApiCall request(Part p) {
        request = p;
        return this;
    }

    ApiCall response(Part p) {
        response = p;
        return this;
    }

    ApiCall additional(Part p) {
        additional = p;
        return this;
    }

    ApiCall resources(Part p) {
        resources = p;
        return this;
    }

    ApiCall shared() {
        sharedEvent = true;
        return this;
    }

    ApiCall serviceEvent(String invoker, Part details) {
        eventType = "AwsServiceEvent";
        serviceInvoker = invoker;
        serviceDetails = details;
        tags = "";
        errors = Errors.NONE;
        return this;
    }

    boolean consoleSignIn() {
        return eventType.equals("AwsConsoleSignIn");
    }

    @Override
    public String toString() {
        return source + " " + name;
    }
}
