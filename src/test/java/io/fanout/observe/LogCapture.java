package io.fanout.observe;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Captures the log events of this JVM as log4j2.xml lets them through, beside the console, until closed. Each event
 * keeps its MDC and is also formatted with the console's own layout (what an operator reads).
 */
final class LogCapture implements AutoCloseable {

    /** One log line: level, logger, message, MDC, and the line as the console prints it. */
    record Line(Level level, String logger, String message, Map<String, String> mdc, String formatted) {
    }

    private final List<Line> lines = new CopyOnWriteArrayList<>();
    private final Map<String, Level> raised = new java.util.HashMap<>();
    private final AbstractAppender appender;
    private final LoggerContext context = (LoggerContext) LogManager.getContext(false);

    /** {@code debugLoggers}: loggers to let through at DEBUG while capturing. */
    LogCapture(String... debugLoggers) {
        Configuration config = context.getConfiguration();
        var layout = config.getAppender("console").getLayout();
        appender = new AbstractAppender("capture-" + System.nanoTime(), null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                lines.add(new Line(event.getLevel(), event.getLoggerName(), event.getMessage().getFormattedMessage(),
                        Map.copyOf(event.getContextData().toMap()), String.valueOf(layout.toSerializable(event))));
            }
        };
        appender.start();
        config.addAppender(appender);
        // the loggers of log4j2.xml are additive: what they let through reaches the root's appenders
        config.getRootLogger().addAppender(appender, null, null);
        for (String name : debugLoggers) {
            // captured only, not printed: not additive, this appender alone
            LoggerConfig own = new LoggerConfig(name, Level.DEBUG, false);
            own.addAppender(appender, null, null);
            config.addLogger(name, own);
            raised.put(name, Level.DEBUG);
        }
        context.updateLoggers();
    }

    List<Line> lines() {
        return new ArrayList<>(lines);
    }

    @Override
    public void close() {
        Configuration config = context.getConfiguration();
        config.getRootLogger().removeAppender(appender.getName());
        raised.keySet().forEach(config::removeLogger);
        appender.stop();
        context.updateLoggers();
    }
}
