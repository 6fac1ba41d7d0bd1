package org.coordination.ledger;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class LedgerApplication {

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("verify")) {
            // the offline verifier: no Spring, no service, straight against the database
            System.exit(org.coordination.ledger.audit.VerifyCommand.run(
                    java.util.Arrays.copyOfRange(args, 1, args.length), System.getenv(), System.out));
        }
        if (args.length > 0 && args[0].equals("keygen")) {
            // a checkpoint signing key, made offline
            System.exit(org.coordination.ledger.transparency.KeygenCommand.run(java.util.Arrays.copyOfRange(args, 1, args.length), System.out));
        }
        // The ledger talks to no outside host; Axon's update checker would try to on every start.
        System.setProperty("axoniq.update-checker.disabled", System.getProperty("axoniq.update-checker.disabled", "true"));
        SpringApplication.run(LedgerApplication.class, args);
    }
}
