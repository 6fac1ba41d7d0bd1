package org.coordination.ledger;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class LedgerApplication {

    public static void main(String[] args) {
        // The ledger talks to no outside host; Axon's update checker would try to on every start.
        System.setProperty("axoniq.update-checker.disabled", System.getProperty("axoniq.update-checker.disabled", "true"));
        SpringApplication.run(LedgerApplication.class, args);
    }
}
