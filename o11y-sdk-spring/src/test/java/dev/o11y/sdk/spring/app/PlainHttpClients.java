package dev.o11y.sdk.spring.app;

import org.mockito.Mockito;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
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
