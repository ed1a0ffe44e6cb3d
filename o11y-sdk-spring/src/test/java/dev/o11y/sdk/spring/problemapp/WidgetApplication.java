package dev.o11y.sdk.spring.problemapp;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** An application with no exception handling of its own. */
@SpringBootApplication(excludeName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
public class WidgetApplication {

  @RestController
  static class Widgets {
    @GetMapping("/widgets/{id}")
    String widget(@PathVariable long id) {
      return "widget " + id;
    }

    @GetMapping("/explode")
    String explode() {
      throw new IllegalStateException("boom");
    }
  }
}
