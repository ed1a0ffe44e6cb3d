package dev.o11y.sdk.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o11y.sdk.internal.SecretMasker;
import dev.o11y.sdk.spring.app.RequestThreadProbe;
import dev.o11y.sdk.spring.http.HeaderFuzz;
import dev.o11y.sdk.spring.http.HeaderFuzz.Input;
import dev.o11y.sdk.spring.http.RawHttpConnection;
import dev.o11y.sdk.testing.CapturedLogs;
import dev.o11y.sdk.testing.PrometheusScrape;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * 100,000 requests over real keep-alive connections to the real Tomcat, four at a time, with
 * fuzzed {@code traceparent}/{@code tracestate}/{@code baggage}/{@code X-Request-ID}: the server
 * never fails, every response carries its own request's ids, and no request thread carries state
 * from one request into the next.
 */
class HostileHttpInputTest extends ShopAppTest {

  private static final int REQUESTS = 100_000;
  private static final int CONNECTIONS = 4;
  private static final Pattern SAFE_REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
  private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  @Autowired
  RequestThreadProbe probe;

  /** What every response said, shared by the connections: a repeat means one request saw another's state. */
  private final Set<String> traceIds = ConcurrentHashMap.newKeySet();
  private final Set<String> generatedRequestIds = ConcurrentHashMap.newKeySet();
  private final AtomicLong answered = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();

  @AfterEach
  void forgetTheFlood() {
    receiver.clear(); // later tests search the receiver's spans; 100,000 of ours would only slow them
  }

  @Test
  void oneHundredThousandFuzzedRequestsNeverFailNeverMixUpIdsAndLeaveRequestThreadsClean() throws Exception {
    long probedBefore = probe.requests();
    List<JsonNode> sdkComplaints;
    try (CapturedLogs logs = CapturedLogs.start()) {
      ExecutorService clients = Executors.newFixedThreadPool(CONNECTIONS);
      List<Future<?>> done = new ArrayList<>();
      for (int c = 0; c < CONNECTIONS; c++) {
        int connection = c;
        done.add(clients.submit(() -> {
          sendShare(connection);
          return null;
        }));
      }
      for (Future<?> future : done) {
        future.get(5, TimeUnit.MINUTES);
      }
      clients.shutdown();
      sdkComplaints = logs.lines().stream().map(CapturedLogs::parse)
          .filter(l -> l.path("logger_name").asString().startsWith("dev.o11y")
              || l.path("logger_name").asString().startsWith("io.opentelemetry")
              || l.has("stack_trace") && l.path("stack_trace").asString().contains("dev.o11y"))
          .filter(l -> !l.path("level").asString().equals("INFO"))
          .toList();
    }

    assertThat(answered.get() + refused.get()).isEqualTo(REQUESTS);
    assertThat(answered.get()).as("requests the application answered").isGreaterThan(REQUESTS * 6L / 10);
    assertThat(probe.requests() - probedBefore).as("requests that reached the servlet filters")
        .isGreaterThanOrEqualTo(answered.get());
    assertThat(probe.dirtyOnEntry()).as("requests that started on a thread carrying MDC or a span").isZero();
    assertThat(probe.dirtyOnExit()).as("requests that left MDC or a span on their thread").isZero();
    assertThat(PrometheusScrape.parse(o11y.scrape()).value("o11y_sdk_internal_errors_total", Map.of()))
        .as("failures inside the SDK").isZero();
    assertThat(sdkComplaints).as("warnings or errors logged by the SDK or OpenTelemetry").isEmpty();
    System.out.printf("hostile HTTP input: %d answered by the application, %d refused by Tomcat%n",
        answered.get(), refused.get());
  }

  private void sendShare(int connection) throws IOException {
    Random random = new Random(connection);
    try (RawHttpConnection http = new RawHttpConnection("127.0.0.1", port)) {
      for (int i = connection; i < REQUESTS; i += CONNECTIONS) {
        Input input = HeaderFuzz.input(random, i);
        RawHttpConnection.Response response;
        try {
          response = http.get("/whoami", input.headers());
        } catch (IOException dropped) {
          // Tomcat may reset a connection mid-way through an oversized header instead of answering
          assertThat(input.kind()).as("request %d dropped: %s", i, dropped).isEqualTo(HeaderFuzz.Kind.OVER_LIMIT);
          refused.incrementAndGet();
          continue;
        }
        check(i, input, response);
      }
    }
  }

  private void check(int i, Input input, RawHttpConnection.Response response) {
    String what = "request " + i + " (" + input.kind() + ")";
    if (response.status() != 200) {
      assertThat(input.kind().mayBeRefused()).as("%s refused with %s: %s", what, response.status(), response.body())
          .isTrue();
      assertThat(response.status()).as(what).isIn(400, 431);
      assertThat(response.body()).as("%s: no stack trace in the body", what)
          .doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("dev.o11y");
      refused.incrementAndGet();
      return;
    }
    String echoedTrace = response.header("traceparent").split("-")[1];
    String[] seen = response.body().split(" ");
    assertThat(seen[0]).as("%s: MDC trace id is this request's", what).isEqualTo(echoedTrace);
    assertThat(seen[1]).as("%s: current span is this request's", what).isEqualTo(echoedTrace);
    assertThat(seen[2]).as("%s: MDC request id is this request's", what).isEqualTo(response.header("X-Request-ID"));
    if (input.traceId() != null) {
      assertThat(echoedTrace).as("%s continues the incoming trace", what).isEqualTo(input.traceId());
    }
    assertThat(echoedTrace).as(what).matches("[0-9a-f]{32}").isNotEqualTo("0".repeat(32));
    assertThat(traceIds.add(echoedTrace)).as("%s: trace %s was already another request's", what, echoedTrace).isTrue();
    String requestId = response.header("X-Request-ID");
    if (input.requestId() != null && SAFE_REQUEST_ID.matcher(input.requestId()).matches()
        && SecretMasker.mask(input.requestId()).equals(input.requestId())) {
      assertThat(requestId).as("%s: its own X-Request-ID comes back", what).isEqualTo(input.requestId());
    } else {
      assertThat(requestId).as("%s: a generated X-Request-ID", what).matches(UUID);
      assertThat(generatedRequestIds.add(requestId)).as("%s: generated id %s reused", what, requestId).isTrue();
    }
    answered.incrementAndGet();
  }
}
