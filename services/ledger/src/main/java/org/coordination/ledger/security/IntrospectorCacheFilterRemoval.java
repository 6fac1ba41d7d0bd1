package org.coordination.ledger.security;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.config.ConstructorArgumentValues.ValueHolder;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.security.config.BeanIds;

/**
 * Takes off the filter Spring Security 6.5 puts around its whole chain whenever Spring MVC is present: for every
 * request it looks up the Spring MVC handler in advance ({@code HandlerMappingIntrospector}'s cache filter), so that
 * {@code MvcRequestMatcher}s and a CORS configuration taken from Spring MVC can read the result. This ledger matches
 * paths with {@code PathPatternRequestMatcher} ({@link SecurityConfiguration#requestMatcherBuilder()}) and takes no
 * CORS configuration from Spring MVC, so nothing reads that lookup. It was a second handler lookup per request beside
 * the {@code DispatcherServlet}'s own: 8.5 % of the request threads' CPU samples at 32 clients, the two lookups
 * together 10.6 % before and 8.7 % after (docs/benchmarks.md, change 62).
 * <p>
 * It runs after every bean-definition registry post-processor, so after Spring Security's wrapping, and before any
 * bean is made. It recognises the wrapper by its class and its two parts (the cache filter, then the chain) and
 * puts the chain's own definition back. A wrapper of another shape it leaves as it is, with a warning, and
 * {@code ProdSecurityIT} then fails, so an upgrade that builds the chain differently is noticed.
 */
final class IntrospectorCacheFilterRemoval implements BeanFactoryPostProcessor {

    private static final Logger log = LoggerFactory.getLogger(IntrospectorCacheFilterRemoval.class);
    private static final String CHAIN = BeanIds.SPRING_SECURITY_FILTER_CHAIN;
    private static final String WRAPPER = "org.springframework.security.config.annotation.web.configuration."
            + "WebMvcSecurityConfiguration$CompositeFilterChainProxy";
    private static final String CACHE_FILTER = "org.springframework.security.config.annotation.web.configuration."
            + "WebMvcSecurityConfiguration$HandlerMappingIntrospectorCacheFilterFactoryBean";

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        if (!(beanFactory instanceof BeanDefinitionRegistry registry) || !registry.containsBeanDefinition(CHAIN)) {
            return;
        }
        BeanDefinition wrapper = registry.getBeanDefinition(CHAIN);
        if (!WRAPPER.equals(wrapper.getBeanClassName())) {
            return; // not wrapped: Spring MVC absent, or a Spring Security that no longer wraps
        }
        BeanDefinition chain = chainInside(wrapper);
        if (chain == null) {
            log.warn("Spring Security's filter chain is wrapped in a way this ledger does not know; it is left as it is, "
                    + "with a Spring MVC handler lookup before every request");
            return;
        }
        registry.removeBeanDefinition(CHAIN);
        registry.registerBeanDefinition(CHAIN, chain);
    }

    private static BeanDefinition chainInside(BeanDefinition wrapper) {
        ValueHolder argument = wrapper.getConstructorArgumentValues().getIndexedArgumentValue(0, List.class);
        if (wrapper.getConstructorArgumentValues().getArgumentCount() != 1 || argument == null
                || !(argument.getValue() instanceof List<?> parts) || parts.size() != 2
                || !(parts.get(0) instanceof BeanDefinition cache) || !CACHE_FILTER.equals(cache.getBeanClassName())
                || !(parts.get(1) instanceof BeanDefinition chain)) {
            return null;
        }
        return chain;
    }
}
