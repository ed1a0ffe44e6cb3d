package dev.o11y.examples.spring;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.stereotype.Component;

/**
 * {@code --load.seconds=N}: calls the shop over loopback for N seconds (about 10% of requests ask
 * for a product that does not exist), prints a status summary, then stops the application.
 */
@Component
@ConditionalOnProperty(name = "load.seconds")
public class LoadGenerator implements ApplicationRunner {

  private static final Logger log = LoggerFactory.getLogger(LoadGenerator.class);

  private final WebServerApplicationContext server;
  private final long seconds;

  public LoadGenerator(WebServerApplicationContext server, @Value("${load.seconds}") long seconds) {
    this.server = server;
    this.seconds = seconds;
  }

  @Override
  public void run(ApplicationArguments args) throws Exception {
    String base = "http://127.0.0.1:" + server.getWebServer().getPort();
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    Map<Integer, Integer> statuses = new TreeMap<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    while (System.nanoTime() < deadline) {
      int id = ThreadLocalRandom.current().nextInt(1, 4 + 1 + (ThreadLocalRandom.current().nextInt(10) == 0 ? 5 : 0));
      HttpResponse<Void> response = http.send(
          HttpRequest.newBuilder(URI.create(base + "/products/" + id)).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.discarding());
      statuses.merge(response.statusCode(), 1, Integer::sum);
    }
    log.info("load finished after {}s: responses by status {}; metrics: {}/actuator/prometheus, self-check: {}/actuator/o11y",
        seconds, statuses, base, base);
    if (!args.containsOption("load.keep-running")) {
      ((ConfigurableApplicationContext) server).close();
    }
  }
}
