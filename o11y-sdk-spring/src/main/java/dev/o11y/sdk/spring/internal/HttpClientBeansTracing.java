package dev.o11y.sdk.spring.internal;

import dev.o11y.sdk.O11y;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;

/**
 * Traces {@code RestTemplate} and {@code RestClient} beans the application built without Boot's
 * builders ({@code new RestTemplate()}, {@code RestClient.create()}), which Boot's customizers never
 * see. A client that already has the SDK's interceptor, as one from the builders does, is left as it
 * is; a {@code RestClient}, which cannot change, is replaced by a copy with the interceptor.
 */
public final class HttpClientBeansTracing implements BeanPostProcessor {

  private final ObjectProvider<O11y> o11y;

  public HttpClientBeansTracing(ObjectProvider<O11y> o11y) {
    this.o11y = o11y;
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (bean instanceof RestTemplate template && !traced(template.getInterceptors())) {
      template.getInterceptors().add(new ClientTracingInterceptor(o11y.getObject()));
    } else if (bean instanceof RestClient client) {
      boolean[] added = {false};
      RestClient.Builder copy = client.mutate().requestInterceptors(interceptors -> {
        if (!traced(interceptors)) {
          interceptors.add(new ClientTracingInterceptor(o11y.getObject()));
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
