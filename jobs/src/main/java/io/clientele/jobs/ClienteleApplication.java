package io.clientele.jobs;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The Spring Boot application behind the {@code clientele} launcher (see {@code cli.ClienteleCli}). */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ClienteleApplication {}
