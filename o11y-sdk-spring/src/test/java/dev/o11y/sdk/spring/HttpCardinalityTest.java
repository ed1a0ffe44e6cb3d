package dev.o11y.sdk.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o11y.sdk.spring.internal.HttpServerTracingFilter;
import dev.o11y.sdk.testing.PrometheusScrape;
import dev.o11y.sdk.testing.ReceivedSpan;
import dev.o11y.sdk.testing.RetainedHeap;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.servlet.HandlerMapping;

/**
 * A million distinct paths and user ids must not become a million series nor grow the heap. Real
 * HTTP is too slow for a million requests, so they go in-process through the SDK's own filter, in
 * front of a stand-in for Spring MVC that sets the matched route template the way its handler
 * mappings do; a few thousand real requests then land in the very same series, proving both take
 * one path. (Not the real DispatcherServlet: in-process it retains ~500 bytes per distinct path
 * itself, SDK or not, which would drown what this test measures.)
 */
class HttpCardinalityTest extends ShopAppTest {

  private static final String METRIC = "http_server_request_duration_seconds_count";
  private static final Map<String, String> PRICE_ROUTE = Map.of("http_route", "/catalog/{sku}/price",
      "http_request_method", "GET", "http_response_status_code", "200");

  @Autowired
  FilterRegistrationBean<HttpServerTracingFilter> sdkFilter;

  /** Matches routes the way Spring MVC's handler mappings do; unmatched paths get no template. */
  private final HttpServlet routing = new HttpServlet() {
    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) {
      String path = request.getRequestURI();
      if (path.startsWith("/catalog/")) {
        request.setAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, "/catalog/{sku}/price");
      } else if (path.equals("/whoami")) {
        request.setAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, "/whoami");
      } else {
        response.setStatus(404);
      }
    }
  };

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void aMillionDistinctPathsAndUsersStayAFewSeriesInBoundedMemory() throws Exception {
    // spans are not what this test is about: the collector swallows them so the test's own receiver
    // does not hold a million of them in this heap; the SDK counts them as dropped
    receiver.blackHole(true);
    try {
      inProcess(0, 10_000); // every series and cache exists before the baseline
      double pricedBefore = priced();
      long before = RetainedHeap.bytes();
      inProcess(10_000, 1_000_000);
      long grown = RetainedHeap.bytes() - before;

      PrometheusScrape scrape = PrometheusScrape.parse(o11y.scrape());
      Set<String> routes = scrape.samples(METRIC).stream().map(s -> s.labels().get("http_route"))
          .collect(Collectors.toSet());
      System.out.printf("1,000,000 distinct paths: %d series, routes %s, heap growth %d bytes%n",
          scrape.series(METRIC).size(), routes, grown);
      assertThat(scrape.series(METRIC)).as("series").hasSizeLessThanOrEqualTo(20);
      assertThat(routes).allSatisfy(route -> assertThat(route).doesNotContain("sku-", "/no/such", "u-"));
      assertThat(routes).contains("/catalog/{sku}/price", "/whoami", "unmatched");
      assertThat(priced() - pricedBefore).isEqualTo(495_000);
      assertThat(scrape.samples("o11y_sdk_cardinality_overflow_total",
          Map.of("metric", "http_server_request_duration_seconds")))
          .as("folding into _other_ was never needed: routes are templates").isEmpty();
      assertThat(grown).as("retained heap growth after 990,000 distinct requests, bytes")
          .isLessThan(16L * 1024 * 1024);
    } finally {
      receiver.healthy();
    }

    double pricedBeforeRealRequests = priced();
    for (int i = 0; i < 2_000; i++) {
      assertThat(get("/catalog/real-sku-" + i + "/price?user=u-" + i).statusCode()).isEqualTo(200);
      assertThat(get("/no/such/real/" + i).statusCode()).isEqualTo(404);
    }
    assertThat(priced() - pricedBeforeRealRequests).as("real requests count in the same series").isEqualTo(2_000);
    assertThat(o11y.scrape()).doesNotContain("real-sku-", "/no/such/real");
  }

  /**
   * Through real Spring MVC an unknown path is "matched" by the static-resource handler's {@code
   * /**} pattern, so 404s are labelled {@code http_route="/**"} instead of {@code unmatched}.
   */
  @Test
  void unmatchedPathsAreLabelledUnmatchedOverRealHttp() throws Exception {
    Map<String, String> unmatched = Map.of("http_response_status_code", "404", "http_route", "unmatched");
    double before = count(PrometheusScrape.parse(o11y.scrape()), unmatched);
    assertThat(get("/no/such/route/42").statusCode()).isEqualTo(404);
    PrometheusScrape scrape = PrometheusScrape.parse(o11y.scrape());
    assertThat(count(scrape, unmatched) - before).isEqualTo(1.0);
    // a 404 from a handler that matched (an unknown order id) rightly keeps its route
    assertThat(scrape.samples(METRIC, Map.of("http_response_status_code", "404")))
        .noneSatisfy(s -> assertThat(s.labels()).containsEntry("http_route", "/**"));
  }

  /**
   * A method is any token a client makes up: outside the nine standard ones it is one series,
   * {@code _OTHER}, and the span is named {@code HTTP} with the method it sent kept beside it.
   */
  @Test
  void anUnknownMethodIsOneSeriesAndKeepsWhatWasSentOnTheSpan() throws Exception {
    Map<String, String> other = Map.of("http_request_method", "_OTHER");
    double before = count(PrometheusScrape.parse(o11y.scrape()), other);
    String hostile = "PURGE" + "X".repeat(200);
    for (String method : new String[] {"PURGE", "PROPFIND", hostile}) {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
          + "/products/2")).method(method, HttpRequest.BodyPublishers.noBody()).build(),
          HttpResponse.BodyHandlers.ofString());
      String traceId = traceIdOf(response);
      ReceivedSpan server = receiver.awaitSpans(spans -> spans.stream().anyMatch(s -> isServer(s, traceId)),
          Duration.ofSeconds(30)).stream().filter(s -> isServer(s, traceId)).findFirst().orElseThrow();
      assertThat(server.name()).isEqualTo("HTTP");
      assertThat(server.attr("http.request.method")).isEqualTo("_OTHER");
      assertThat(server.attr("http.request.method_original")).isEqualTo(method.substring(0, Math.min(64, method.length())));
    }
    PrometheusScrape scrape = PrometheusScrape.parse(o11y.scrape());
    assertThat(count(scrape, other) - before).isEqualTo(3.0);
    assertThat(scrape.samples(METRIC, Map.of())).noneSatisfy(
        s -> assertThat(s.labels().get("http_request_method")).isIn("PURGE", "PROPFIND", hostile));
  }

  private static boolean isServer(ReceivedSpan span, String traceId) {
    return span.traceId().equals(traceId) && span.kind() == ReceivedSpan.Kind.SERVER;
  }

  /** Requests {@code from..to}: half priced (matched route), a quarter /whoami, a quarter unmatched. */
  private void inProcess(int from, int to) throws Exception {
    for (int i = from; i < to; i++) {
      String path = switch (i % 4) {
        case 0, 1 -> "/catalog/sku-" + i + "/price";
        case 2 -> "/whoami";
        default -> "/no/such/path/" + i;
      };
      MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
      request.setQueryString("user=u-" + i);
      request.addParameter("user", "u-" + i);
      request.addHeader("X-User-Id", "u-" + i);
      new MockFilterChain(routing, sdkFilter.getFilter()).doFilter(request, new MockHttpServletResponse());
    }
  }

  private static double count(PrometheusScrape scrape, Map<String, String> labels) {
    return scrape.samples(METRIC, labels).stream().mapToDouble(PrometheusScrape.Sample::value).sum();
  }

  private double priced() {
    return PrometheusScrape.parse(o11y.scrape()).value(METRIC, PRICE_ROUTE);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
