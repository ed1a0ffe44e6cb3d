package dev.o11y.sdk.spring.internal;

import dev.o11y.sdk.O11y;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;

/**
 * Traces {@code RestTemplate} and {@code RestClient} beans the application built without Boot's
 * builders ({@code new RestTemplate()}, {@code RestClient.create()}), which Boot's customizers never
 * see. A client that already has the SDK's interceptor, as one from the builders does, is left as it
 * is; a {@code RestClient}, which cannot change, is replaced by a copy with the interceptor.
 *
 * <p>AOP proxies are left alone (a copy would lose their advice), and so is any {@code RestClient}
 * that is not Spring's own (a test double has nothing to copy). The SDK is looked up on the first
 * call, so a client bean never makes it start early.
 */
public final class HttpClientBeansTracing implements BeanPostProcessor {

  private static final String SPRINGS_REST_CLIENT = "org.springframework.web.client.DefaultRestClient";

  private final Supplier<O11y> o11y;

  public HttpClientBeansTracing(ObjectProvider<O11y> o11y) {
    this.o11y = SingletonSupplier.of(o11y::getObject);
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (AopUtils.isAopProxy(bean)) {
      return bean;
    }
    if (bean instanceof RestTemplate template && !traced(template.getInterceptors())) {
      template.getInterceptors().add(new ClientTracingInterceptor(o11y));
    } else if (bean instanceof RestClient client && SPRINGS_REST_CLIENT.equals(bean.getClass().getName())) {
      boolean[] added = {false};
      RestClient.Builder copy = client.mutate().requestInterceptors(interceptors -> {
        if (!traced(interceptors)) {
          interceptors.add(new ClientTracingInterceptor(o11y));
          added[0] = true;
        }
      });
      return added[0] ? copy.build() : client;
    }
    return bean;
  }

  private static boolean traced(List<ClientHttpRequestInterceptor> interceptors) {
    return interceptors.stream().anyMatch(ClientTracingInterceptor.class::isInstance);
  }
}
