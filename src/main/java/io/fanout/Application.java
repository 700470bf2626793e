package io.fanout;

import io.fanout.config.Deployment;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.spi.PropertiesComponent;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Starts fanout: Camel Main with the routes in routes/ and the beans of {@link io.fanout.config.FanoutConfiguration}. */
public final class Application {

    /** The route files a worker loads: it verifies records and nothing else (no intake, API, fan-in or dashboard). */
    static final List<String> WORKER_ROUTES = List.of("work-queue.yaml", "verify-record.xml", "error-handling.yaml", "checks/*.yaml", "checks/*.xml");
    /** The route files a worker reloads when edited (Camel matches file names only: checks are named check-NAME). */
    static final String WORKER_RELOAD_PATTERN = "work-queue.yaml,verify-record.xml,error-handling.yaml,check-*.yaml,check-*.xml";

    private Application() {
    }

    public static void main(String[] args) throws Exception {
        create(Map.of()).run(args);
    }

    /**
     * A configured, unstarted application. Routes come from routes/ in the working directory when it exists
     * (so edits there take effect, while it runs too: fanout.routes.reload), else from the copy in the jar;
     * {@code overrides} win over every other setting.
     */
    public static Main create(Map<String, String> overrides) {
        Main main = new Main(Application.class);
        boolean fromRepo = Files.isDirectory(Path.of("routes"));
        // inside a jar Camel resolves "**" to the wrong path, so the jar's two folders are named
        String routes = fromRepo ? "file:routes/**/*.yaml,file:routes/**/*.xml"
                : "classpath:routes/*.yaml,classpath:routes/*.xml,classpath:routes/checks/*.yaml,classpath:routes/checks/*.xml";
        main.configure().withRoutesIncludePattern(routes);
        main.addMainListener(new RoleSetup());
        // the default of fanout.routes.reload: route files on disk may be edited while it runs, the jar's copies not
        main.addInitialProperty("fanout.routes.from-files", Boolean.toString(fromRepo));
        main.setPropertyPlaceholderLocations(Files.isRegularFile(Path.of("application.properties"))
                ? "file:application.properties" : "classpath:application.properties");
        overrides.forEach(main::addOverrideProperty);
        return main;
    }

    /**
     * Reads fanout.role and fanout.transport before Camel configures itself (and refuses Camel's virtual threads): a worker starts no HTTP server and loads
     * (and, when edited, reloads) only {@link #WORKER_ROUTES}; the routes of the broker transport start only where their role runs (their
     * autoStartup reads the fanout.deployment.* keys set here).
     */
    private static final class RoleSetup extends MainListenerSupport {

        @Override
        public void beforeConfigure(BaseMainSupport main) {
            // a JVM system property, read by Camel on Java 21+ only
            Deployment.refuseVirtualThreads(Runtime.version().feature() >= 21 && Boolean.getBoolean("camel.threads.virtual.enabled"));
            PropertiesComponent properties = main.getCamelContext().getPropertiesComponent();
            Deployment deployment = Deployment.of(properties.resolveProperty("fanout.role").orElse("all"),
                    properties.resolveProperty("fanout.transport").orElse("local"));
            properties.addOverrideProperty("fanout.deployment.work-queue", Boolean.toString(deployment.consumesWorkQueue()));
            properties.addOverrideProperty("fanout.deployment.verdict-queue", Boolean.toString(deployment.consumesVerdicts()));
            if (!deployment.coordinates()) {
                properties.addOverrideProperty("camel.server.enabled", "false");
                String location = routesFolder(properties.resolveProperty("camel.main.routes-include-pattern")
                        .orElse(main.configure().getRoutesIncludePattern()));
                properties.addOverrideProperty("camel.main.routes-include-pattern",
                        WORKER_ROUTES.stream().map(location::concat).collect(Collectors.joining(",")));
                properties.addOverrideProperty("camel.main.routes-reload-pattern", WORKER_RELOAD_PATTERN);
            }
        }

        /** The folder the routes are loaded from: "classpath:routes/" of "classpath:routes/*.yaml,classpath:routes/*.xml". */
        static String routesFolder(String includePattern) {
            String first = includePattern.split(",")[0].trim();
            return first.substring(0, first.lastIndexOf('/', first.indexOf('*')) + 1);
        }
    }
}
