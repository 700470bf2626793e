package io.fanout;

import org.apache.camel.main.Main;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Starts fanout: Camel Main with the routes in routes/ and the beans of {@link io.fanout.config.FanoutConfiguration}. */
public final class Application {

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
        // the default of fanout.routes.reload: route files on disk may be edited while it runs, the jar's copies not
        main.addInitialProperty("fanout.routes.from-files", Boolean.toString(fromRepo));
        main.setPropertyPlaceholderLocations(Files.isRegularFile(Path.of("application.properties"))
                ? "file:application.properties" : "classpath:application.properties");
        overrides.forEach(main::addOverrideProperty);
        return main;
    }
}
