package dev.o11y.sdk.spring.otelapp;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts {@link OtelPropertiesApp} with the given arguments and prints what {@code /actuator/o11y}
 * answers as one {@code PROBE} line, for tests that need a JVM of their own (one where the profiler
 * cannot load, say).
 */
public final class SelfCheckProbe {

  private SelfCheckProbe() {}

  public static void main(String[] args) throws Exception {
    try (ConfigurableApplicationContext app = new SpringApplicationBuilder(OtelPropertiesApp.class).run(args)) {
      int port = app.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
      HttpResponse<String> response = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/o11y")).build(),
          HttpResponse.BodyHandlers.ofString());
      System.out.println("PROBE " + response.body());
    }
  }
}
