package dev.o11y.sdk.spring.asyncapp;

import dev.o11y.sdk.Monitored;
import io.opentelemetry.api.trace.Span;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.MDC;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.task.TaskDecorator;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;

/**
 * A Boot application with its own {@link TaskDecorator}, the common one that copies the
 * submitter's MDC onto the pool thread, and an {@code @Async @Monitored} method. In a package of its
 * own so no other test bean is scanned.
 */
@SpringBootConfiguration
@EnableAutoConfiguration(excludeName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@EnableAsync
public class DecoratedAsyncApp {

  @Bean
  MdcCopyingDecorator mdcCopyingDecorator() {
    return new MdcCopyingDecorator();
  }

  /** Takes its one {@code TaskDecorator} by type, as an application's own executor setup might. */
  @Bean
  DecoratorUser decoratorUser(TaskDecorator decorator) {
    return new DecoratorUser(decorator);
  }

  @Bean
  TenantWork tenantWork() {
    return new TenantWork();
  }

  public record DecoratorUser(TaskDecorator decorator) {}

  public static class MdcCopyingDecorator implements TaskDecorator {

    /** The trace id current when this decorator's wrapper started running, on the pool thread. */
    public volatile String traceIdWhenRun;

    @Override
    public Runnable decorate(Runnable runnable) {
      Map<String, String> submitter = MDC.getCopyOfContextMap();
      return () -> {
        traceIdWhenRun = Span.current().getSpanContext().getTraceId();
        if (submitter != null) {
          MDC.setContextMap(submitter);
        }
        try {
          runnable.run();
        } finally {
          MDC.clear();
        }
      };
    }
  }

  public static class TenantWork {

    /** The tenant the pool thread's MDC carries (only the application's decorator copies it). */
    @Async
    @Monitored
    public CompletableFuture<String> tenant() {
      return CompletableFuture.completedFuture(MDC.get("tenant"));
    }
  }
}
