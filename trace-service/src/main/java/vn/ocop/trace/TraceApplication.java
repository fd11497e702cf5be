package vn.ocop.trace;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Batches and their origin, trace events, packages, QR codes and the GS1 Digital Link resolver. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class TraceApplication {

    public static void main(String[] args) {
        SpringApplication.run(TraceApplication.class, args);
    }
}
