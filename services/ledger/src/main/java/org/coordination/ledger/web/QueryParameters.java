package org.coordination.ledger.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Method;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.coordination.ledger.problem.ApiProblem;
import org.coordination.ledger.readmodel.ReadYourWrites;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * A query parameter the API does not take is refused (400 naming it), not ignored: {@code asof=} for {@code asOf=}, or
 * {@code aggregateid=}, would otherwise answer today's state or the whole timeline as if it were what was asked for.
 * A request's parameters are its handler's {@code @RequestParam}s, and on the reads {@code minPosition} (read your
 * own writes).
 */
@Configuration(proxyBeanMethods = false)
class QueryParameters implements WebMvcConfigurer {

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new Known(Set.of(ReadYourWrites.PARAMETER)))
                .addPathPatterns(ReadYourWrites.READS).excludePathPatterns(ReadYourWrites.NOT_READS);
        registry.addInterceptor(new Known(Set.of())).addPathPatterns(ReadYourWrites.NOT_READS);
    }

    /** Refuses a parameter that is neither one of the handler's nor one of {@code everywhere}. */
    private static final class Known implements HandlerInterceptor {

        private static final ParameterNameDiscoverer NAMES = new DefaultParameterNameDiscoverer();
        /** A handler's parameter names, or null when it takes any (a {@code Map} of them): derived from the code alone. */
        private static final Map<Method, Set<String>> BY_HANDLER = new ConcurrentHashMap<>();
        /** Compared by identity: its own instance, never the shared empty set {@code Set.copyOf} returns. */
        private static final Set<String> ANY = Collections.unmodifiableSet(new TreeSet<>());

        private final Set<String> everywhere;

        Known(Set<String> everywhere) {
            this.everywhere = everywhere;
        }

        @Override
        public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
            if (!(handler instanceof HandlerMethod method) || request.getParameterMap().isEmpty()) {
                return true;
            }
            Set<String> known = BY_HANDLER.computeIfAbsent(method.getMethod(), m -> names(method));
            if (known == ANY) {
                return true;
            }
            for (String name : new TreeSet<>(request.getParameterMap().keySet())) {
                if (!known.contains(name) && !everywhere.contains(name)) {
                    Set<String> taken = new TreeSet<>(known);
                    taken.addAll(everywhere);
                    throw ApiProblem.invalidField(ApiProblem.echo(name), taken.isEmpty() ? "is not a parameter of this request; it takes none"
                            : "is not a parameter of this request; it takes " + String.join(", ", taken));
                }
            }
            return true;
        }

        private static Set<String> names(HandlerMethod method) {
            Set<String> names = new TreeSet<>();
            for (MethodParameter parameter : method.getMethodParameters()) {
                RequestParam annotation = parameter.getParameterAnnotation(RequestParam.class);
                if (annotation == null) {
                    continue;
                }
                if (Map.class.isAssignableFrom(parameter.getParameterType())) {
                    return ANY;
                }
                parameter.initParameterNameDiscovery(NAMES);
                names.add(!annotation.name().isEmpty() ? annotation.name() : parameter.getParameterName());
            }
            return Set.copyOf(names);
        }
    }
}
