package org.coordination.ledger.testsupport;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.test.saga.SagaTestFixture;
import org.springframework.test.util.ReflectionTestUtils;

/**
 * Policies receive their command gateway from Spring (@Autowired); the saga fixture only injects
 * javax.inject fields, so fixtures hand the recording gateway over the same way Spring would.
 */
public final class Policies {

    private Policies() {
    }

    public static <T> SagaTestFixture<T> fixture(Class<T> policy) {
        SagaTestFixture<T> fixture = new SagaTestFixture<>(policy);
        CommandGateway gateway = fixture.registerCommandGateway(CommandGateway.class);
        fixture.registerResourceInjector(saga -> ReflectionTestUtils.setField(saga, "commandGateway", gateway));
        return fixture;
    }
}
