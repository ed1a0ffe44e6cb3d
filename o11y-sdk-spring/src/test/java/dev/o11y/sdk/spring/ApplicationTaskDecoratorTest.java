package dev.o11y.sdk.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o11y.sdk.O11y;
import dev.o11y.sdk.spring.asyncapp.DecoratedAsyncApp;
import dev.o11y.sdk.testing.OtlpReceiver;
import dev.o11y.sdk.testing.ReceivedSpan;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * An application's own {@code TaskDecorator} bean (one that copies MDC) used to replace the SDK's:
 * {@code @Async} work then started new root traces while its copied MDC still showed the caller's
 * trace id. Boot composes every decorator bean, so both must run.
 */
class ApplicationTaskDecoratorTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  @Test
  void asyncWorkStaysInTheCallersTraceAndTheApplicationsDecoratorStillRuns() throws Exception {
    try (OtlpReceiver receiver = OtlpReceiver.start();
        ConfigurableApplicationContext app = new SpringApplicationBuilder(DecoratedAsyncApp.class)
            .web(WebApplicationType.NONE)
            .run("--spring.application.name=decorated-async", "--o11y.otlp-endpoint=" + receiver.endpoint(),
                "--otel.bsp.schedule.delay=100")) {
      DecoratedAsyncApp.TenantWork work = app.getBean(DecoratedAsyncApp.TenantWork.class);
      MDC.put("tenant", "acme");
      String tenantOnPool;
      try {
        tenantOnPool = app.getBean(O11y.class).observe("caller",
            () -> work.tenant().get(WAIT.toSeconds(), TimeUnit.SECONDS));
      } finally {
        MDC.remove("tenant");
      }

      ReceivedSpan caller = receiver.awaitSpan("caller", WAIT);
      ReceivedSpan async = receiver.awaitSpan("TenantWork.tenant", WAIT);
      assertThat(async.traceId()).as("the async span's trace").isEqualTo(caller.traceId());
      assertThat(async.parentSpanId()).as("the async span's parent").isEqualTo(caller.spanId());
      assertThat(tenantOnPool).as("MDC the application's decorator copied").isEqualTo("acme");
      assertThat(app.getBean(DecoratedAsyncApp.MdcCopyingDecorator.class).traceIdWhenRun)
          .as("the trace the application's decorator saw on the pool thread").isEqualTo(caller.traceId());
      assertThat(app.getBean(DecoratedAsyncApp.DecoratorUser.class).decorator())
          .as("the one decorator a single-valued injection point gets")
          .isSameAs(app.getBean(DecoratedAsyncApp.MdcCopyingDecorator.class));
    }
  }
}
