package io.fanout;

import org.apache.camel.main.Main;

public final class Application {
    public static void main(String[] args) throws Exception {
        new Main(Application.class).run(args);
    }
}
