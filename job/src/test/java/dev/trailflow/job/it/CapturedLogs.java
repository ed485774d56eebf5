package dev.trailflow.job.it;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;

/** Every message logged in this JVM while it is open, with its exception, for tests that look for secrets. */
final class CapturedLogs extends AbstractAppender implements AutoCloseable {

    final List<String> lines = Collections.synchronizedList(new ArrayList<>());

    CapturedLogs() {
        super("captured", null, null, true, Property.EMPTY_ARRAY);
        start();
        LoggerContext logs = (LoggerContext) LogManager.getContext(false);
        logs.getConfiguration().getRootLogger().addAppender(this, Level.ALL, null);
        logs.updateLoggers();
    }

    @Override
    public void append(LogEvent e) {
        lines.add(e.getMessage().getFormattedMessage() + (e.getThrown() == null ? "" : " " + stackOf(e.getThrown())));
    }

    private static String stackOf(Throwable t) {
        java.io.StringWriter w = new java.io.StringWriter();
        t.printStackTrace(new java.io.PrintWriter(w));
        return w.toString();
    }

    boolean anyHolds(String text) {
        synchronized (lines) {
            return lines.stream().anyMatch(l -> l.contains(text));
        }
    }

    @Override
    public void close() {
        LoggerContext logs = (LoggerContext) LogManager.getContext(false);
        logs.getConfiguration().getRootLogger().removeAppender(getName());
        logs.updateLoggers();
        stop();
    }
}
