package org.coordination.ledger.web;

import java.lang.reflect.Method;
import java.util.Map;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.stereotype.Component;
import org.springframework.util.ReflectionUtils;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Each known command's own path, {@code /api/v1/commands/<name>}, mapped to {@link CommandController#issueKnown}
 * with the conditions of {@code POST /api/v1/commands/{command}} (method, media types produced).
 * <p>
 * Spring MVC looks a request's path up directly among the mappings' literal paths; only when none matches
 * does it try the request against every mapping, pattern by pattern. Every command came under the pattern, so
 * each was tried against all of them: 32 of 563 request-thread CPU samples at 32 clients (5.7 %), 12 of 490 after
 * (docs/benchmarks.md, change 63). The pattern stays for names that are not commands: they are answered as
 * before, 400 naming the known commands.
 */
@Component
@ConditionalOnWebApplication
class CommandPaths implements SmartInitializingSingleton {

    static final String PREFIX = "/api/v1/commands/";

    private final RequestMappingHandlerMapping mapping;
    private final CommandController controller;

    CommandPaths(@Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mapping, CommandController controller) {
        this.mapping = mapping;
        this.controller = controller;
    }

    /** The command a path registered here names. */
    static String commandOf(String path) {
        return path.substring(PREFIX.length());
    }

    @Override
    public void afterSingletonsInstantiated() {
        RequestMappingInfo pattern = null;
        for (Map.Entry<RequestMappingInfo, HandlerMethod> registered : mapping.getHandlerMethods().entrySet()) {
            if (registered.getValue().getMethod().getName().equals("issue")
                    && registered.getValue().getBeanType() == CommandController.class) {
                pattern = registered.getKey();
            }
        }
        if (pattern == null) {
            throw new IllegalStateException("POST " + PREFIX + "{command} is not mapped");
        }
        Method issueKnown = ReflectionUtils.findMethod(CommandController.class, "issueKnown", (Class<?>[]) null);
        for (String name : CommandCatalog.names()) {
            mapping.registerMapping(pattern.mutate().paths(PREFIX + name).options(mapping.getBuilderConfiguration()).build(),
                    controller, issueKnown);
        }
    }
}
