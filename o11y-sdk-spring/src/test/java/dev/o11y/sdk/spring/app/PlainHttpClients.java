package dev.o11y.sdk.spring.app;

import java.time.Duration;
import org.mockito.Mockito;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;

/** HTTP clients made without Boot's builders, as plenty of applications make them. */
@Configuration(proxyBeanMethods = false)
public class PlainHttpClients {

  @Bean
  RestTemplate plainRestTemplate() {
    return new RestTemplate();
  }

  @Bean
  RestClient plainRestClient() {
    return RestClient.create();
  }

  /**
   * A {@code new RestTemplate()} on the JDK's {@code HttpURLConnection} that gives up on a silent
   * server after 300 ms: with a request body, the answer is first read when the status is asked for.
   */
  @Bean
  RestTemplate impatientRestTemplate() {
    return new RestTemplate(impatientRequests());
  }

  @Bean
  RestClient impatientRestClient() {
    return RestClient.builder().requestFactory(impatientRequests()).build();
  }

  private static SimpleClientHttpRequestFactory impatientRequests() {
    SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
    requests.setReadTimeout(Duration.ofMillis(300));
    return requests;
  }

  /** A test double: not Spring's client, so there is nothing to copy. */
  @Bean
  RestClient mockedRestClient() {
    return Mockito.mock(RestClient.class);
  }

  /** From Boot's builder, so already traced: it must not be traced twice. */
  @Bean
  RestTemplate builtRestTemplate(RestTemplateBuilder builder) {
    return builder.build();
  }
}
