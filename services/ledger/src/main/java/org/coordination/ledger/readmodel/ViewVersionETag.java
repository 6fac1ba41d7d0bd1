package org.coordination.ledger.readmodel;

import org.springframework.core.MethodParameter;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Every read of an aggregate's view answers with {@code ETag: "<version>"}, the version of the
 * aggregate it shows (the same number a command's answer gives), so that a client that did not issue the
 * last command can send {@code If-Match}. The first document a read requires is the one it addresses
 * (the consent board, for instance, reads the force and then its registers).
 */
@ControllerAdvice
class ViewVersionETag implements ResponseBodyAdvice<Object> {

    private static final String ATTRIBUTE = ViewVersionETag.class.getName() + ".version";

    static void remember(long version) {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        if (request != null && version >= 0 && request.getAttribute(ATTRIBUTE, RequestAttributes.SCOPE_REQUEST) == null) {
            request.setAttribute(ATTRIBUTE, version, RequestAttributes.SCOPE_REQUEST);
        }
    }

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType contentType,
                                  Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request,
                                  ServerHttpResponse response) {
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        Object version = attributes == null ? null : attributes.getAttribute(ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
        // HEAD is answered as GET, headers and all, without the body
        if (version != null && (HttpMethod.GET.equals(request.getMethod()) || HttpMethod.HEAD.equals(request.getMethod()))
                && response.getHeaders().getETag() == null) {
            response.getHeaders().setETag("\"" + version + "\"");
        }
        return body;
    }
}
