package io.clientele.jobs.cli;

import io.clientele.jobs.ClienteleApplication;
import java.nio.file.Path;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts the Spring Boot application for one warehouse directory. */
final class BatchApplication {

    private BatchApplication() {}

    static ConfigurableApplicationContext start(Path warehouse, String... properties) {
        // The job repository is opened with AUTO_SERVER=TRUE so that parallel step processes share it: the
        // first process serves it over TCP to the others. Serve on loopback only, never on the machine's address.
        if (System.getProperty("h2.bindAddress") == null) {
            System.setProperty("h2.bindAddress", "127.0.0.1");
        }
        String[] arguments = new String[properties.length + 1];
        // Absolute, because the embedded job repository (H2) refuses paths relative to the working directory.
        // Passed as arguments: they outrank application.yml and the environment.
        arguments[0] = "--clientele.warehouse-dir=" + warehouse.toAbsolutePath().normalize();
        for (int i = 0; i < properties.length; i++) {
            arguments[i + 1] = "--" + properties[i];
        }
        return new SpringApplicationBuilder(ClienteleApplication.class)
                .web(WebApplicationType.NONE)
                .logStartupInfo(false)
                .run(arguments);
    }
}
