package io.fanout.observe;

import io.fanout.camel.CheckPlan;
import io.fanout.camel.JobSteps;
import io.fanout.job.Verdict;
import io.fanout.record.InputItem;
import io.fanout.record.Record;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.engine.DefaultUnitOfWork;
import org.apache.camel.impl.engine.MDCUnitOfWork;
import org.apache.camel.spi.InflightRepository;
import org.apache.camel.spi.UnitOfWork;
import org.apache.camel.spi.UnitOfWorkFactory;
import org.slf4j.MDC;

/**
 * With {@code camel.main.use-mdc-logging = true}, every log line written while Camel routes an exchange of a job
 * carries the job id and, for a record, its line, in the MDC keys {@value #JOB} and {@value #LINE} (log4j2.xml
 * shows them), besides Camel's own keys (camel.exchangeId, camel.routeId, ...). They are read from the exchange
 * before every step: property fanoutJob, and the line of property fanoutRecord or of the item being routed.
 */
final class RecordMdc implements UnitOfWorkFactory {

    public static final String JOB = "job";
    public static final String LINE = "line";

    private InflightRepository inflightRepository;
    private boolean mdc;
    private String keysPattern;
    private boolean allowUseOriginalMessage;
    private boolean useBreadcrumb;

    @Override
    public void afterPropertiesConfigured(CamelContext context) {
        inflightRepository = context.getInflightRepository();
        mdc = Boolean.TRUE.equals(context.isUseMDCLogging());
        keysPattern = context.getMDCLoggingKeysPattern();
        allowUseOriginalMessage = Boolean.TRUE.equals(context.isAllowUseOriginalMessage());
        useBreadcrumb = Boolean.TRUE.equals(context.isUseBreadcrumb());
    }

    @Override
    public UnitOfWork createUnitOfWork(Exchange exchange) {
        if (inflightRepository == null) afterPropertiesConfigured(exchange.getContext());
        return mdc ? new RecordUnitOfWork(exchange, inflightRepository, keysPattern, allowUseOriginalMessage, useBreadcrumb,
                MDC.get(JOB), MDC.get(LINE))
                : new DefaultUnitOfWork(exchange, inflightRepository, allowUseOriginalMessage, useBreadcrumb);
    }

    /** Camel's MDC unit of work, plus the job and line; like Camel's keys, they are put back as they were when done. */
    static final class RecordUnitOfWork extends MDCUnitOfWork {

        private final InflightRepository inflight;
        private final String pattern;
        private final boolean originalMessage;
        private final boolean breadcrumb;
        private final String originalJob;
        private final String originalLine;

        RecordUnitOfWork(Exchange exchange, InflightRepository inflight, String pattern, boolean allowUseOriginalMessage,
                         boolean useBreadcrumb, String originalJob, String originalLine) {
            super(exchange, inflight, pattern, allowUseOriginalMessage, useBreadcrumb);
            this.inflight = inflight;
            this.pattern = pattern;
            this.originalMessage = allowUseOriginalMessage;
            this.breadcrumb = useBreadcrumb;
            this.originalJob = originalJob;
            this.originalLine = originalLine;
        }

        /** The unit of work of a child exchange (split, recipient list): the same, remembering the MDC as it is now. */
        @Override
        public UnitOfWork newInstance(Exchange exchange) {
            return new RecordUnitOfWork(exchange, inflight, pattern, originalMessage, breadcrumb, MDC.get(JOB), MDC.get(LINE));
        }

        @Override
        protected void prepareMDC(Exchange exchange) {
            super.prepareMDC(exchange);
            // set, or removed: a thread that handed an exchange on asynchronously may still hold another's values
            String job = exchange.getProperty(JobSteps.JOB, String.class);
            if (job != null) MDC.put(JOB, job);
            else MDC.remove(JOB);
            long line = line(exchange);
            if (line > 0) MDC.put(LINE, Long.toString(line));
            else MDC.remove(LINE);
        }

        @Override
        public void clear() {
            super.clear();
            restore(JOB, originalJob);
            restore(LINE, originalLine);
        }

        private static void restore(String key, String value) {
            if (value != null) MDC.put(key, value);
            else MDC.remove(key);
        }

        /** The line of the record being verified, or of the item being routed; 0 when there is none. */
        static long line(Exchange exchange) {
            Object record = exchange.getProperty(CheckPlan.RECORD);
            if (record instanceof Record r) return r.line();
            Object body = exchange.getMessage().getBody();
            if (body instanceof InputItem item) return item.line();
            if (body instanceof Verdict verdict) return verdict.line();
            return 0;
        }
    }
}
