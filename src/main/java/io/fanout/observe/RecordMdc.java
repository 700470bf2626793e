package io.fanout.observe;

import io.fanout.camel.CheckPlan;
import io.fanout.camel.JobSteps;
import io.fanout.job.Verdict;
import io.fanout.record.InputItem;
import io.fanout.record.Record;
import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.impl.engine.DefaultUnitOfWork;
import org.apache.camel.impl.engine.MDCUnitOfWork;
import org.apache.camel.spi.InflightRepository;
import org.apache.camel.spi.UnitOfWork;
import org.apache.camel.spi.UnitOfWorkFactory;
import org.slf4j.MDC;

/**
 * With {@code camel.main.use-mdc-logging = true}, every log line written while Camel routes an exchange of a job
 * carries the job id and, for a record, its line, in the MDC keys {@value #JOB} and {@value #LINE} (log4j2.xml
 * shows them), and Camel's camel.routeId (Camel's other keys are left out, see {@link RecordUnitOfWork}). They are
 * read from the exchange before every step: property fanoutJob, and the line of property fanoutRecord or of the
 * item being routed.
 */
final class RecordMdc implements UnitOfWorkFactory {

    public static final String JOB = "job";
    public static final String LINE = "line";
    /** Camel's key, put as an exchange enters and leaves a route. */
    static final String ROUTE = "camel.routeId";

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
                MDC.get(JOB), MDC.get(LINE), MDC.get(ROUTE))
                : new DefaultUnitOfWork(exchange, inflightRepository, allowUseOriginalMessage, useBreadcrumb);
    }

    /**
     * Camel's MDC unit of work, reduced to the job, the line and Camel's route id: Camel's own version puts eight keys
     * (exchange and message ids, ...) before every step and takes them back after it, and that alone was a fifth of the
     * CPU of a busy job (docs/performance.md). Like Camel's, it puts the keys back as they were when the exchange is
     * done, and again on a thread where routing goes on asynchronously.
     */
    static final class RecordUnitOfWork extends MDCUnitOfWork {

        private final InflightRepository inflight;
        private final String pattern;
        private final boolean originalMessage;
        private final boolean breadcrumb;
        private final String originalJob;
        private final String originalLine;
        private final String originalRoute;

        /** The original values are read before Camel's constructor puts this exchange's. */
        RecordUnitOfWork(Exchange exchange, InflightRepository inflight, String pattern, boolean allowUseOriginalMessage,
                         boolean useBreadcrumb, String originalJob, String originalLine, String originalRoute) {
            super(exchange, inflight, pattern, allowUseOriginalMessage, useBreadcrumb);
            this.inflight = inflight;
            this.pattern = pattern;
            this.originalMessage = allowUseOriginalMessage;
            this.breadcrumb = useBreadcrumb;
            this.originalJob = originalJob;
            this.originalLine = originalLine;
            this.originalRoute = originalRoute;
        }

        /** The unit of work of a child exchange (split, recipient list): the same, remembering the MDC as it is now. */
        @Override
        public UnitOfWork newInstance(Exchange exchange) {
            return new RecordUnitOfWork(exchange, inflight, pattern, originalMessage, breadcrumb, MDC.get(JOB), MDC.get(LINE), MDC.get(ROUTE));
        }

        /** The job and line of this exchange (the route id is Camel's, as it enters and leaves a route). */
        @Override
        protected void prepareMDC(Exchange exchange) {
            // set, or removed: a thread that handed an exchange on asynchronously may still hold another's values
            set(JOB, exchange.getProperty(JobSteps.JOB, String.class));
            long line = line(exchange);
            set(LINE, line > 0 ? Long.toString(line) : null);
        }

        @Override
        public AsyncCallback beforeProcess(Processor processor, Exchange exchange, AsyncCallback callback) {
            prepareMDC(exchange);
            String job = MDC.get(JOB), line = MDC.get(LINE), route = MDC.get(ROUTE);
            return doneSync -> {
                if (!doneSync) {
                    // routing goes on here, on the thread that finished the step: with this exchange's keys
                    set(JOB, job);
                    set(LINE, line);
                    set(ROUTE, route);
                }
                callback.done(doneSync);
                afterProcess(processor, exchange, callback, doneSync);
            };
        }

        @Override
        public void afterProcess(Processor processor, Exchange exchange, AsyncCallback callback, boolean doneSync) {
            clear();
        }

        /** The keys as they were when this unit of work began. */
        @Override
        public void clear() {
            set(JOB, originalJob);
            set(LINE, originalLine);
            set(ROUTE, originalRoute);
        }

        /** Puts or removes the key, only when that changes it: most steps leave the MDC as it is. */
        private static void set(String key, String value) {
            String now = MDC.get(key);
            if (value == null) {
                if (now != null) MDC.remove(key);
            } else if (!value.equals(now)) {
                MDC.put(key, value);
            }
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
